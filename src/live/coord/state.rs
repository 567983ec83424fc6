//! The coordinator's records: tasks as it knows them, resources with FIFO waiter queues, timers.

use crate::model::{Micros, ResourceKind, TaskKind};
use crate::trace::{EndHow, ResId, WaitFor};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A worker of the run, as the page addresses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Dest {
    /// The event-loop worker.
    Loop,
    /// Pool worker `n` (0-based).
    Pool(u32),
    /// The dedicated worker of this thread or process task.
    Thread(u32),
}

/// What a task waits for in the coordinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Wait {
    Lock(u32),
    Read(u32),
    Write(u32),
    Permits(u32, u32),
    Notify(u32),
    Send(u32),
    Recv(u32),
    /// The tasks of a `join` that have not ended yet.
    Join(Vec<u32>),
}

impl Wait {
    /// The trace's form of the wait.
    pub(super) fn on(&self) -> WaitFor {
        let r = |x: &u32| ResId(*x);
        match self {
            Wait::Lock(x) => WaitFor::Lock(r(x)),
            Wait::Read(x) => WaitFor::Read(r(x)),
            Wait::Write(x) => WaitFor::Write(r(x)),
            Wait::Permits(x, n) => WaitFor::Permits(r(x), *n),
            Wait::Notify(x) => WaitFor::Notify(r(x)),
            Wait::Send(x) => WaitFor::Send(r(x)),
            Wait::Recv(x) => WaitFor::Recv(r(x)),
            Wait::Join(list) => {
                WaitFor::Join(list.iter().map(|t| crate::trace::TaskId(*t)).collect())
            }
        }
    }
}

/// A task's life as the coordinator knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Status {
    NotStarted,
    /// A thread or process whose worker is being created.
    Starting,
    /// A job in the pool queue.
    Queued,
    /// On its worker: running, ready, sleeping, or with a request on its way here.
    Running,
    /// In a waiter queue (or a join) of the coordinator.
    Waiting(Wait),
    Ended(EndHow),
}

/// One task after replication.
#[derive(Clone, Debug)]
pub(super) struct CTask {
    pub kind: TaskKind,
    pub priority: i64,
    pub status: Status,
    /// The worker it runs on, once started.
    pub dest: Option<super::Dest>,
    /// The request it waits on, while `Waiting`.
    pub req: Option<u32>,
    /// It waits inside a `timeout` block (its own timer may end the wait).
    pub deadline: bool,
    /// Resources it may hold, for release on exit.
    pub holds: Vec<u32>,
    /// Tasks blocked in a `join` that includes this one.
    pub joiners: Vec<u32>,
    pub cancel_pending: bool,
    /// The pending timer of `at DUR`.
    pub start_timer: Option<u32>,
    pub start_us: Option<Micros>,
    pub end_us: Option<Micros>,
    /// Order of ending, to tell which of several failed joins failed first.
    pub end_seq: u64,
}

impl CTask {
    pub(super) fn new(kind: TaskKind, priority: i64) -> CTask {
        CTask {
            kind,
            priority,
            status: Status::NotStarted,
            dest: None,
            req: None,
            deadline: false,
            holds: Vec::new(),
            joiners: Vec::new(),
            cancel_pending: false,
            start_timer: None,
            start_us: None,
            end_us: None,
            end_seq: 0,
        }
    }
}

/// A page timer that starts a task (`at DUR`, `after DUR spawn T`).
#[derive(Clone, Debug)]
pub(super) struct CTimer {
    pub task: u32,
    /// The task that set an `after` timer.
    pub by: Option<u32>,
    pub trace_id: u32,
    /// Fired or cancelled.
    pub done: bool,
}

/// A resource's state; every wait queue is FIFO.
#[derive(Clone, Debug)]
pub(super) enum Res {
    Mutex {
        holder: Option<u32>,
        waiters: VecDeque<u32>,
    },
    RwLock {
        writer: Option<u32>,
        readers: Vec<u32>,
        /// `true` for a writer.
        waiters: VecDeque<(u32, bool)>,
    },
    Sem {
        avail: u32,
        held: Vec<(u32, u32)>,
        waiters: VecDeque<(u32, u32)>,
    },
    Chan {
        cap: Option<u32>,
        buf: VecDeque<i64>,
        closed: bool,
        senders: VecDeque<(u32, i64)>,
        receivers: VecDeque<u32>,
    },
    Cv {
        /// Each waiter with the mutex it re-locks.
        waiters: VecDeque<(u32, u32)>,
    },
    Var {
        value: i64,
    },
}

impl Res {
    pub(super) fn new(kind: ResourceKind) -> Res {
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

    /// The tasks holding a lock or permits.
    pub(super) fn holders(&self) -> Vec<u32> {
        match self {
            Res::Mutex { holder, .. } => holder.iter().copied().collect(),
            Res::RwLock {
                writer, readers, ..
            } => {
                let mut v: Vec<u32> = writer.iter().copied().collect();
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

pub(super) fn add_held(held: &mut Vec<(u32, u32)>, t: u32, n: u32) {
    match held.iter_mut().find(|(x, _)| *x == t) {
        Some(h) => h.1 = h.1.saturating_add(n),
        None => held.push((t, n)),
    }
}

pub(super) fn sub_held(held: &mut Vec<(u32, u32)>, t: u32, n: u32) {
    if let Some(i) = held.iter().position(|(x, _)| *x == t) {
        held[i].1 = held[i].1.saturating_sub(n);
        if held[i].1 == 0 {
            held.remove(i);
        }
    }
}
