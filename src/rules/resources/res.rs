//! The state of one shared resource (lock, rwlock, semaphore, channel, condvar, variable).
//!
//! Every wait queue is a FIFO `VecDeque`; holders live in `Vec`s, so iteration order is
//! deterministic and the simulator can hash a state for the schedule explorer.

use crate::model::ResourceKind;
use crate::trace::{ResId, TaskId};
use std::collections::VecDeque;

/// A resource's state; every wait queue is FIFO.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Res {
    Mutex {
        holder: Option<TaskId>,
        waiters: VecDeque<TaskId>,
    },
    RwLock {
        writer: Option<TaskId>,
        readers: Vec<TaskId>,
        /// `true` for a writer.
        waiters: VecDeque<(TaskId, bool)>,
    },
    Sem {
        avail: u32,
        /// Each holder with the permits it holds (never 0).
        held: Vec<(TaskId, u32)>,
        /// Each waiter with the permits it asks for.
        waiters: VecDeque<(TaskId, u32)>,
    },
    Chan {
        /// `None` when unbounded; `Some(0)` is a rendezvous channel.
        cap: Option<u32>,
        buf: VecDeque<i64>,
        closed: bool,
        /// Each blocked sender with the value it sends.
        senders: VecDeque<(TaskId, i64)>,
        receivers: VecDeque<TaskId>,
    },
    Cv {
        /// Each waiter with the mutex it re-locks.
        waiters: VecDeque<(TaskId, ResId)>,
    },
    Var {
        value: i64,
    },
}

impl Res {
    /// A resource of `kind` as a run starts: free, empty, open, with its initial value.
    pub fn new(kind: ResourceKind) -> Res {
        match kind {
            ResourceKind::Mutex => Res::Mutex {
                holder: None,
                waiters: VecDeque::new(),
            },
            ResourceKind::RwLock => Res::RwLock {
                writer: None,
                readers: Vec::new(),
                waiters: VecDeque::new(),
            },
            ResourceKind::Semaphore { permits } => Res::Sem {
                avail: permits,
                held: Vec::new(),
                waiters: VecDeque::new(),
            },
            ResourceKind::Channel { capacity } => Res::Chan {
                cap: capacity,
                buf: VecDeque::new(),
                closed: false,
                senders: VecDeque::new(),
                receivers: VecDeque::new(),
            },
            ResourceKind::Condvar => Res::Cv {
                waiters: VecDeque::new(),
            },
            ResourceKind::Var { init } => Res::Var { value: init },
        }
    }

    /// The tasks holding a lock or permits (the writer first), each once; empty for the others.
    pub fn holders(&self) -> Vec<TaskId> {
        match self {
            Res::Mutex { holder, .. } => holder.iter().copied().collect(),
            Res::RwLock {
                writer, readers, ..
            } => {
                let mut v: Vec<TaskId> = writer.iter().copied().collect();
                for x in readers {
                    if !v.contains(x) {
                        v.push(*x);
                    }
                }
                v
            }
            Res::Sem { held, .. } => held.iter().map(|(t, _)| *t).collect(),
            _ => Vec::new(),
        }
    }
}

/// The permits `t` holds of a semaphore's `held` list.
pub(super) fn permits_of(held: &[(TaskId, u32)], t: TaskId) -> u32 {
    held.iter().find(|(x, _)| *x == t).map_or(0, |h| h.1)
}

/// Adds `n` permits to `t`'s entry of a semaphore's `held` list.
pub fn add_held(held: &mut Vec<(TaskId, u32)>, t: TaskId, n: u32) {
    match held.iter_mut().find(|(x, _)| *x == t) {
        Some(h) => h.1 = h.1.saturating_add(n),
        None => held.push((t, n)),
    }
}

/// Takes `n` of `t`'s permits off the list, dropping its entry when none are left.
pub fn sub_held(held: &mut Vec<(TaskId, u32)>, t: TaskId, n: u32) {
    if let Some(i) = held.iter().position(|(x, _)| *x == t) {
        held[i].1 = held[i].1.saturating_sub(n);
        if held[i].1 == 0 {
            held.remove(i);
        }
    }
}
