//! Trace events: the append-only facts both runners write and every view reads.

use crate::model::{Micros, ResourceKind, TaskKind};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Index of a task (after replication) in [`Trace::tasks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TaskId(pub u32);

/// Index of a lane (the event loop, a pool worker, a dedicated thread) in [`Trace::lanes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LaneId(pub u32);

/// Index of a declared resource in [`Trace::resources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ResId(pub u32);

/// Index of a timer, unique within one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TimerId(pub u32);

/// One task after replication (`d#2` is its own task).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInfo {
    /// Display name: `NAME` or `NAME#i`.
    pub name: String,
    pub kind: TaskKind,
    /// Index of its declaration in `Scenario::tasks`.
    pub decl: u32,
}

/// What a lane stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneKind {
    /// The one event loop that runs every async task.
    EventLoop,
    /// Pool worker number `n` (0-based).
    PoolWorker(u32),
    /// The dedicated thread of a `thread` task.
    Thread(TaskId),
    /// The process of a `process` task.
    Process(TaskId),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneInfo {
    pub name: String,
    pub kind: LaneKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResInfo {
    pub name: String,
    pub kind: ResourceKind,
}

/// What a blocked task waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitFor {
    Lock(ResId),
    Read(ResId),
    Write(ResId),
    Permits(ResId, u32),
    Notify(ResId),
    /// Room in a channel (a send).
    Send(ResId),
    /// A message in a channel (a recv).
    Recv(ResId),
    /// The end of these tasks.
    Join(Vec<TaskId>),
    /// A free pool worker (a queued job).
    Worker,
    /// A free core (a runnable thread when cores are limited).
    Core,
}

impl WaitFor {
    /// The resource the wait is queued on, if it is queued on one.
    pub fn res(&self) -> Option<ResId> {
        match self {
            WaitFor::Lock(r)
            | WaitFor::Read(r)
            | WaitFor::Write(r)
            | WaitFor::Permits(r, _)
            | WaitFor::Notify(r)
            | WaitFor::Send(r)
            | WaitFor::Recv(r) => Some(*r),
            WaitFor::Join(_) | WaitFor::Worker | WaitFor::Core => None,
        }
    }
}

/// Why a task was woken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WakeCause {
    /// Its timer came due (sleep, `at`, `after`).
    Timer,
    Unlock(ResId),
    Release(ResId),
    Notify(ResId),
    Send(ResId),
    Recv(ResId),
    Close(ResId),
    /// A task it joined ended.
    Join(TaskId),
    /// It was spawned.
    Spawn,
    /// Cancellation reached it while it waited.
    Cancel,
    /// Its `timeout` block expired.
    Timeout,
}

/// What a timer will do when it fires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimerWhat {
    /// Wake the owner from `sleep`.
    Sleep,
    /// Start this task (`at DUR` or `after DUR spawn`).
    Start(TaskId),
    /// Expire the owner's `timeout` block.
    Timeout,
}

/// How a task ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndHow {
    Completed,
    Failed(String),
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// The task was created (`by` spawned it, if anyone). A thread or process then pays its
    /// start cost before its first `Ready`.
    Spawned {
        task: TaskId,
        by: Option<TaskId>,
    },
    /// The task joined a queue: the event loop's ready queue, the pool queue or a core's run queue.
    Ready {
        task: TaskId,
    },
    /// The task started running on a lane (and on `core`, when cores are limited).
    PollStart {
        task: TaskId,
        lane: LaneId,
        core: Option<u32>,
    },
    /// The task stopped running on a lane.
    PollEnd {
        task: TaskId,
        lane: LaneId,
    },
    /// The task began a step; `text` is the step's canonical text (e.g. `lock m`).
    Step {
        task: TaskId,
        text: Rc<str>,
    },
    Blocked {
        task: TaskId,
        on: WaitFor,
    },
    Sleeping {
        task: TaskId,
        until: Micros,
    },
    Woken {
        task: TaskId,
        by: Option<TaskId>,
        cause: WakeCause,
    },
    /// The task now holds `res` (shared for an rwlock read; `n` permits for a semaphore).
    Acquired {
        task: TaskId,
        res: ResId,
        n: u32,
        shared: bool,
    },
    /// The task gave `res` back; `on_exit` marks a release made because the task ended.
    Released {
        task: TaskId,
        res: ResId,
        n: u32,
        on_exit: bool,
    },
    Sent {
        task: TaskId,
        ch: ResId,
        value: i64,
    },
    Received {
        task: TaskId,
        ch: ResId,
        value: i64,
    },
    Closed {
        task: TaskId,
        ch: ResId,
    },
    Loaded {
        task: TaskId,
        var: ResId,
        value: i64,
    },
    VarWritten {
        task: TaskId,
        var: ResId,
        value: i64,
    },
    Log {
        task: TaskId,
        text: String,
    },
    TimerSet {
        timer: TimerId,
        owner: TaskId,
        due: Micros,
        what: TimerWhat,
    },
    TimerFired {
        timer: TimerId,
    },
    TimerCancelled {
        timer: TimerId,
    },
    CancelRequested {
        task: TaskId,
        by: TaskId,
    },
    Ended {
        task: TaskId,
        how: EndHow,
    },
}

/// One fact, stamped with the time it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub t: Micros,
    pub kind: EventKind,
}

/// The whole log of a run plus the tables its ids point into.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub tasks: Vec<TaskInfo>,
    pub lanes: Vec<LaneInfo>,
    pub resources: Vec<ResInfo>,
    pub events: Vec<Event>,
}
