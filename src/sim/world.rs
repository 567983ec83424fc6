//! The simulator's state: tasks, lanes, resources, timers and queues, all in vectors and ordered maps.
//!
//! Everything lives in `Vec`s reached by typed ids and in `BTreeMap`/`BTreeSet`s, never in a
//! hash map, so iteration order is deterministic and the schedule explorer (`explore`) can
//! fingerprint and compare states (`fingerprint.rs`).

use super::candidate::Candidate;
use super::queue::Queue;
use crate::model::{Micros, TaskKind};
use crate::rules::program::Program;
pub(super) use crate::rules::resources::Res;
pub(super) use crate::rules::Wait;
use crate::trace::{EndHow, Event, EventKind, LaneId, ResId, TaskId, TimerId, TimerWhat, Trace};
use std::collections::BTreeSet;
use std::rc::Rc;

/// The event loop is always lane 0.
pub(super) const LOOP: LaneId = LaneId(0);

/// Runtime settings with every default filled in and every value made safe to run.
#[derive(Clone, Debug)]
pub(super) struct Config {
    /// `None` when cores are unlimited.
    pub cores: Option<u32>,
    pub quantum: Micros,
    pub thread_start: Micros,
    pub process_start: Micros,
    pub max_time: Micros,
    pub max_events: usize,
    /// Ops and lane actions allowed before the run counts as past the event limit; a safety
    /// net for work that makes no events (it cannot happen, but a hang must be impossible).
    pub max_work: u64,
}

/// Where a task is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Status {
    NotStarted,
    /// A thread or process paying its start cost.
    Starting,
    /// A job in the pool queue, waiting for a worker.
    Queued,
    /// An async task in the event loop's ready queue.
    Ready,
    /// Runnable or running on its lane (threads and jobs also while they wait for a core).
    Running,
    Waiting(Wait),
    Ended(EndHow),
}

/// An open block of a running task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Frame {
    Repeat { left: u64, start: u32 },
    Timeout { timer: TimerId },
    Try { catch: u32 },
}

/// One task after replication.
#[derive(Clone, Debug)]
pub(super) struct Task {
    /// Index of its declaration (and of its program).
    pub decl: usize,
    pub kind: TaskKind,
    pub status: Status,
    /// The next op to run.
    pub pc: u32,
    pub frames: Vec<Frame>,
    /// The private register that `load` and `recv` fill and `store` reads.
    pub reg: i64,
    /// Its lane: its own thread or process lane, the worker running the job, or the loop while polled.
    pub lane: Option<LaneId>,
    /// Between `PollStart` and `PollEnd`.
    pub on_cpu: bool,
    /// Resources it may hold (checked against the resources' own state at exit).
    pub holds: Vec<ResId>,
    /// A failure to raise when it next runs (e.g. its channel was closed while it waited).
    pub resume_err: Option<String>,
    pub cancel_pending: bool,
    /// A `timeout` block whose timer fired; raised at the task's next chance.
    pub timeout_pending: Option<TimerId>,
    /// Tasks blocked in a `join` that includes this one (checked lazily when it ends).
    pub joiners: Vec<TaskId>,
    /// The pending timer of `at DUR`.
    pub start_timer: Option<TimerId>,
    pub start_us: Option<Micros>,
    pub end_us: Option<Micros>,
    /// Order of ending, to tell which of several failed joins failed first.
    pub end_seq: u64,
}

/// What a lane is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum LaneState {
    /// Nothing to do: an idle loop or worker, a thread not started or ended.
    Idle,
    /// A thread or process paying its start cost (a wake is scheduled).
    Starting,
    /// Has work at the current instant; an action is queued (or it waits in `core_queue`).
    Run,
    /// Inside a `compute`; a wake is scheduled at its end or at its quantum's end.
    Busy,
    /// Its task waits (blocked or sleeping); a job keeps its worker meanwhile.
    Wait,
    /// Runnable, waiting in the core queue.
    WaitCore,
}

#[derive(Clone, Debug)]
pub(super) struct Lane {
    pub task: Option<TaskId>,
    pub state: LaneState,
    pub core: Option<u32>,
    /// When it last got its core; quantum boundaries are counted from here.
    pub slice_start: Micros,
    /// The quantum boundary at which it may be preempted (`MAX` when nobody waits for a core).
    pub slice_end: Micros,
    /// Compute time still to do.
    pub compute_left: Micros,
    pub compute_since: Micros,
    pub wake_at: Micros,
    /// Bumped whenever its wake moves, so the old agenda entry is ignored.
    pub gen: u64,
    /// It has an action in `now_q`.
    pub queued: bool,
}

#[derive(Clone, Debug)]
pub(super) struct Timer {
    pub due: Micros,
    pub owner: TaskId,
    pub what: TimerWhat,
    /// The task that set an `after` timer.
    pub by: Option<TaskId>,
    /// An event-loop timer (goes through the ready queue) rather than a thread-side one.
    pub on_loop: bool,
    /// The `timeout` duration, for its message.
    pub dur: Micros,
    pub cancelled: bool,
    pub fired: bool,
}

impl Timer {
    /// The task this timer concerns.
    pub(super) fn concerns(&self) -> TaskId {
        match self.what {
            TimerWhat::Start(t) => t,
            _ => self.owner,
        }
    }
}

/// Something scheduled at a future instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Occ {
    /// A lane's compute ends or its quantum ends or its start cost is paid (if `gen` still matches).
    Lane(LaneId, u64),
    /// A thread-side timer comes due.
    Timer(TimerId),
    /// The idle event loop's next timer comes due.
    LoopWake,
}

/// The whole simulator state.
#[derive(Clone, Debug)]
pub(super) struct World {
    pub cfg: Config,
    /// The compiled task bodies; never changed by a run, so a [`super::Checkpoint`] shares them.
    pub progs: Rc<[Program]>,
    pub tasks: Vec<Task>,
    pub lanes: Vec<Lane>,
    pub res: Vec<Res>,
    pub timers: Vec<Timer>,
    /// The event loop's ready queue: task and timer entries.
    pub ready: Queue,
    /// Entries of the current round still to run (they are the front of `ready`).
    pub round_left: usize,
    /// Event-loop timers not yet moved to the ready queue, by (deadline, set order).
    pub loop_timers: BTreeSet<(Micros, TimerId)>,
    /// Jobs waiting for a pool worker.
    pub pool: Queue,
    /// Lanes waiting for a core.
    pub core_queue: Queue,
    pub free_cores: BTreeSet<u32>,
    pub core_owner: Vec<Option<LaneId>>,
    /// Actions due at the current instant, in the order they were scheduled.
    pub now_q: Queue,
    /// Future occurrences by (time, scheduling order).
    pub agenda: BTreeSet<(Micros, u64, Occ)>,
    pub seq: u64,
    pub now: Micros,
    pub trace: Trace,
    pub end_seq: u64,
    /// The longest async `compute` that ran while other event-loop work waited.
    pub loop_blocked: Option<Micros>,
    pub work: u64,
}

impl World {
    // ===== small helpers =====

    pub(super) fn emit(&mut self, kind: EventKind) {
        self.trace.events.push(Event { t: self.now, kind });
    }

    pub(super) fn task(&self, t: TaskId) -> &Task {
        &self.tasks[t.0 as usize]
    }

    pub(super) fn task_mut(&mut self, t: TaskId) -> &mut Task {
        &mut self.tasks[t.0 as usize]
    }

    pub(super) fn lane_mut(&mut self, l: LaneId) -> &mut Lane {
        &mut self.lanes[l.0 as usize]
    }

    pub(super) fn name(&self, t: TaskId) -> &str {
        &self.trace.tasks[t.0 as usize].name
    }

    pub(super) fn res_name(&self, r: ResId) -> &str {
        &self.trace.resources[r.0 as usize].name
    }

    pub(super) fn is_async(&self, t: TaskId) -> bool {
        self.task(t).kind == TaskKind::Async
    }

    /// Schedules `occ` at `at` (after everything already scheduled for that instant).
    pub(super) fn schedule(&mut self, at: Micros, occ: Occ) {
        self.seq += 1;
        self.agenda.insert((at, self.seq, occ));
    }

    /// Queues an action of lane `l` at the current instant (once).
    pub(super) fn push_lane(&mut self, l: LaneId) {
        let lane = &mut self.lanes[l.0 as usize];
        if !lane.queued {
            lane.queued = true;
            let task = lane.task;
            self.now_q.push(Candidate::Lane { lane: l, task });
        }
    }
}
