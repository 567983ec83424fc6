//! The ready queue: entries (tasks and due timers) run in asyncio-style rounds under a policy.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use std::collections::VecDeque;

/// The order in which a round's entries run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Policy {
    /// Front to back: the order in which entries joined the queue (asyncio's order).
    #[default]
    Fifo,
    /// Back to front: the newest entry of the round first.
    Lifo,
    /// A uniformly random remaining entry each time, from a ChaCha8 generator seeded here.
    Random {
        /// The seed: the same seed gives the same order.
        seed: u64,
    },
    /// Highest priority first; among equal priorities, front to back.
    Priority,
}

/// What an entry runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Poll the task in this arena slot (of this generation).
    Task(u32, u32),
    /// Fire the timer in this timer slot (of this generation): wake its task.
    Timer(u32, u32),
}

/// One ready-queue entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// What to run.
    pub target: Target,
    /// Its priority under `Policy::Priority`, fixed when it joined the queue.
    pub priority: i32,
}

/// The ready queue, split into the round being run and the entries for the next round.
pub(crate) struct ReadyQueue {
    /// How entries of a round are picked.
    policy: Policy,
    /// Present under `Policy::Random`.
    rng: Option<ChaCha8Rng>,
    /// Entries of the round in progress that have not run yet.
    round: VecDeque<Entry>,
    /// Entries that joined during this round; they wait for the next.
    next: VecDeque<Entry>,
}

// ===== impl ReadyQueue =====

impl ReadyQueue {
    pub fn new(policy: Policy) -> Self {
        let rng = match policy {
            Policy::Random { seed } => Some(ChaCha8Rng::seed_from_u64(seed)),
            _ => None,
        };
        Self {
            policy,
            rng,
            round: VecDeque::new(),
            next: VecDeque::new(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// Appends an entry at the back; it runs in the next round.
    #[inline]
    pub fn push(&mut self, entry: Entry) {
        self.next.push_back(entry);
    }

    /// Starts a round: the entries queued so far become the round. Returns how many there are.
    ///
    /// Entries left over from an unfinished round (a caller stopped mid-round) stay in front.
    pub fn begin_round(&mut self) -> usize {
        if self.round.is_empty() {
            std::mem::swap(&mut self.round, &mut self.next);
        } else {
            self.round.extend(self.next.drain(..));
        }
        if self.policy == Policy::Priority {
            // A stable sort keeps FIFO order among equal priorities.
            self.round
                .make_contiguous()
                .sort_by_key(|e| std::cmp::Reverse(e.priority));
        }
        self.round.len()
    }

    /// The next entry of the current round, chosen by the policy.
    #[inline]
    pub fn pop(&mut self) -> Option<Entry> {
        match self.policy {
            Policy::Fifo | Policy::Priority => self.round.pop_front(),
            Policy::Lifo => self.round.pop_back(),
            Policy::Random { .. } => {
                let len = self.round.len();
                if len == 0 {
                    return None;
                }
                let rng = self.rng.as_mut().expect("a random policy has a generator");
                let index = below(rng, len);
                self.round.swap_remove_back(index)
            }
        }
    }

    /// Entries waiting in this round and the next.
    pub fn len(&self) -> usize {
        self.round.len() + self.next.len()
    }

    /// Forgets every entry (used when the executor shuts down).
    pub fn clear(&mut self) {
        self.round.clear();
        self.next.clear();
    }
}

/// A uniform integer in `0..n` (n > 0), without the bias of a plain modulo.
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let n = n as u64;
    // Rejection sampling on the top of the u64 range: values past the last full multiple
    // of n would favour small results, so they are drawn again.
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return (x % n) as usize;
        }
    }
}
