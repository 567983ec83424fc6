//! Scheduling choices: the one interface through which every scheduling decision of the simulator goes.
//!
//! The simulator asks a [`Chooser`] whenever two or more things could happen next: which entry
//! of the event loop's ready queue runs, which thread gets a free core, which of several
//! same-instant actions goes first, and which queued job gets a free pool worker. The
//! [`DefaultChooser`] follows the scenario's runtime policies; a schedule explorer can
//! enumerate and replay choices through the same interface.

pub use super::candidate::Candidate;
use super::checkpoint::Checkpoint;
use super::world::World;
use crate::model::{limits, Micros, Policy, PoolQueue, Scenario};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// Which kind of decision a [`ChoicePoint`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChoiceKind {
    /// Which of the current round's ready-queue entries the event loop runs next.
    NextReadyTask,
    /// Which thread waiting for a core gets the core that just became free.
    NextThreadForCore,
    /// Which of several actions due at the same virtual instant happens first.
    SameInstantOrder,
    /// Which queued job gets the pool worker that just became free.
    NextPoolJob,
}

/// A decision the simulator needs: what kind, when, and the options in their default order.
#[derive(Clone, Copy, Debug)]
pub struct ChoicePoint<'a> {
    pub kind: ChoiceKind,
    /// The virtual time of the decision.
    pub now: Micros,
    /// At least two options. Index 0 is the default (front of the queue, or first scheduled).
    pub candidates: &'a [Candidate],
    /// A fingerprint of the whole simulator state at this point, present only when the chooser
    /// asked for it ([`Chooser::wants_state`]); equal states give equal fingerprints whatever
    /// path led to them (see `sim/fingerprint.rs` for what counts as state).
    pub state: Option<u64>,
}

/// Picks one candidate at every choice point; returns its index (out of range means the last).
pub trait Chooser {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize;

    /// Whether the next choice point should carry a state fingerprint. Computing one walks the
    /// whole state, so only a schedule explorer says yes, and only where it prunes.
    fn wants_state(&self) -> bool {
        false
    }

    /// Asked before every action: `true` stops the run there, with outcome `limit` and limit
    /// `stopped` (an explorer abandons a run that reached a state it has already explored).
    fn halt(&self) -> bool {
        false
    }

    /// Whether the run should save its state before its next choice among same-instant
    /// actions ([`Chooser::checkpoint`]). Only a depth-first explorer says yes: it resumes later
    /// runs from there instead of replaying their prefix. Saving copies the state, so it
    /// says yes only where it will use it.
    fn wants_checkpoint(&self) -> bool {
        false
    }

    /// The run's state, saved where [`Chooser::wants_checkpoint`] said yes, just before the
    /// choice point it asked about.
    fn checkpoint(&mut self, _saved: Checkpoint) {}
}

/// Asks `chooser` when there are two or more candidates; clamps its answer.
pub(super) fn pick(
    chooser: &mut dyn Chooser,
    world: &World,
    kind: ChoiceKind,
    candidates: &[Candidate],
) -> usize {
    if candidates.len() < 2 {
        return 0;
    }
    let state = chooser
        .wants_state()
        .then(|| world.state_hash(kind, candidates));
    let i = chooser.choose(&ChoicePoint {
        kind,
        now: world.now,
        candidates,
        state,
    });
    i.min(candidates.len() - 1)
}

/// The runtime's own policies: `policy` for the ready queue, `pool_queue` for the pool,
/// round-robin for cores and scheduling order for same-instant actions.
#[derive(Clone, Debug)]
pub struct DefaultChooser {
    policy: Policy,
    pool_queue: PoolQueue,
    /// Priority of every task after replication, by task id.
    priorities: Vec<i64>,
    rng: ChaCha8Rng,
}

impl DefaultChooser {
    /// A chooser for this scenario's policies; `seed` drives the `random` policy.
    pub fn new(scenario: &Scenario, seed: u64) -> Self {
        let mut priorities = Vec::new();
        let total: u64 = scenario
            .tasks
            .iter()
            .map(|d| u64::from(d.replicas.unwrap_or(1).max(1)))
            .sum();
        // An over-limit scenario is never simulated; do not allocate for it either.
        if total <= limits::MAX_TASKS as u64 {
            for decl in &scenario.tasks {
                for _ in 0..decl.replicas.unwrap_or(1).max(1) {
                    priorities.push(decl.priority);
                }
            }
        }
        DefaultChooser {
            policy: scenario.runtime.policy(),
            pool_queue: scenario.runtime.pool_queue(),
            priorities,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn priority(&self, c: &Candidate) -> i64 {
        c.task()
            .and_then(|t| self.priorities.get(t.0 as usize).copied())
            .unwrap_or(0)
    }

    /// The first candidate with the highest priority (ties keep queue order).
    fn highest(&self, candidates: &[Candidate]) -> usize {
        let mut best = 0;
        for (i, c) in candidates.iter().enumerate() {
            if self.priority(c) > self.priority(&candidates[best]) {
                best = i;
            }
        }
        best
    }
}

impl Chooser for DefaultChooser {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        let n = point.candidates.len();
        match point.kind {
            ChoiceKind::NextReadyTask => match self.policy {
                Policy::Fifo => 0,
                Policy::Lifo => n - 1,
                // A modulo draw: its tiny bias does not matter, its determinism does.
                Policy::Random => (self.rng.next_u64() % n as u64) as usize,
                Policy::Priority => self.highest(point.candidates),
            },
            ChoiceKind::NextPoolJob => match self.pool_queue {
                PoolQueue::Fifo => 0,
                PoolQueue::Lifo => n - 1,
                PoolQueue::Priority => self.highest(point.candidates),
            },
            ChoiceKind::NextThreadForCore | ChoiceKind::SameInstantOrder => 0,
        }
    }
}
