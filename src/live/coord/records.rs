//! The coordinator's records: tasks as it knows them, what they wait for, and page timers.

use crate::model::{Micros, TaskKind};
pub(super) use crate::rules::resources::Res;
pub(super) use crate::rules::Wait;
use crate::trace::{EndHow, ResId, TaskId};
use serde::{Deserialize, Serialize};

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
    pub holds: Vec<ResId>,
    /// Tasks blocked in a `join` that includes this one.
    pub joiners: Vec<TaskId>,
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
    pub task: TaskId,
    /// The task that set an `after` timer.
    pub by: Option<TaskId>,
    pub trace_id: u32,
    /// The run time it is due.
    pub due: Micros,
    /// Fired or cancelled.
    pub done: bool,
}
