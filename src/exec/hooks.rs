//! Instrumentation hooks named after the task lifecycle, and a recorder for tests.

use super::arena::TaskId;
use super::clock::Micros;
use std::cell::RefCell;
use std::rc::Rc;

/// How a task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndKind {
    /// Its future returned `Ready`.
    Completed,
    /// Its future was dropped after `JoinHandle::cancel`.
    Cancelled,
}

/// Callbacks the executor makes as tasks move through their lives (embassy-style).
///
/// Every method has a no-op default; `now` is the executor clock's time. Hooks run on the
/// executor's thread between polls and must not call back into the executor.
#[allow(unused_variables)]
pub trait ExecHooks {
    /// A round begins with `entries` entries (tasks and due timers) to run.
    fn round_start(&mut self, entries: usize, now: Micros) {}
    /// A task was created; `by` is the task that spawned it (`None` from outside).
    fn spawned(&mut self, task: TaskId, by: Option<TaskId>, now: Micros) {}
    /// A task joined the back of the ready queue.
    fn ready(&mut self, task: TaskId, now: Micros) {}
    /// A poll of `task` begins.
    fn poll_start(&mut self, task: TaskId, now: Micros) {}
    /// A poll of `task` ended.
    fn poll_end(&mut self, task: TaskId, now: Micros) {}
    /// The poll returned `Pending` with no wake-up pending: the task waits for something.
    fn blocked(&mut self, task: TaskId, now: Micros) {}
    /// A waiting (or running, for a yield) task was woken and is about to be queued; `by` is
    /// the task being polled at the time of the wake, `None` for a timer or a wake from
    /// outside the executor. Reported when the wake happens, so a wake made during a poll
    /// comes between that poll's `poll_start` and `poll_end`. Wakes of a task that is already
    /// queued, or has ended, are not reported.
    fn woken(&mut self, task: TaskId, by: Option<TaskId>, now: Micros) {}
    /// A task set a timer for `deadline`.
    fn timer_set(&mut self, owner: Option<TaskId>, deadline: Micros, now: Micros) {}
    /// A due timer's entry ran; it wakes `owner`'s sleep.
    fn timer_fired(&mut self, owner: Option<TaskId>, now: Micros) {}
    /// A task ended.
    fn ended(&mut self, task: TaskId, how: EndKind, now: Micros) {}
}

/// Hooks that do nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoHooks;

impl ExecHooks for NoHooks {}

/// One recorded hook call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecEvent {
    Round {
        entries: usize,
    },
    Spawned {
        task: TaskId,
        by: Option<TaskId>,
    },
    Ready(TaskId),
    PollStart(TaskId),
    PollEnd(TaskId),
    Blocked(TaskId),
    Woken {
        task: TaskId,
        by: Option<TaskId>,
    },
    TimerSet {
        owner: Option<TaskId>,
        deadline: Micros,
    },
    TimerFired {
        owner: Option<TaskId>,
    },
    Ended {
        task: TaskId,
        how: EndKind,
    },
}

/// Hooks that append every call to a shared list; clone it to keep a handle for reading.
#[derive(Clone, Debug, Default)]
pub struct RecordingHooks {
    /// The events with the time they happened.
    events: Rc<RefCell<Vec<(Micros, ExecEvent)>>>,
}

// ===== impl RecordingHooks =====

impl RecordingHooks {
    pub fn new() -> Self {
        Self::default()
    }

    /// The events so far, without times.
    pub fn events(&self) -> Vec<ExecEvent> {
        self.events.borrow().iter().map(|(_, e)| *e).collect()
    }

    /// The events so far with the time of each.
    pub fn timed_events(&self) -> Vec<(Micros, ExecEvent)> {
        self.events.borrow().clone()
    }

    /// Removes and returns the events so far, without times.
    pub fn take(&self) -> Vec<ExecEvent> {
        self.events.borrow_mut().drain(..).map(|(_, e)| e).collect()
    }

    fn push(&self, now: Micros, event: ExecEvent) {
        self.events.borrow_mut().push((now, event));
    }
}

impl ExecHooks for RecordingHooks {
    fn round_start(&mut self, entries: usize, now: Micros) {
        self.push(now, ExecEvent::Round { entries });
    }
    fn spawned(&mut self, task: TaskId, by: Option<TaskId>, now: Micros) {
        self.push(now, ExecEvent::Spawned { task, by });
    }
    fn ready(&mut self, task: TaskId, now: Micros) {
        self.push(now, ExecEvent::Ready(task));
    }
    fn poll_start(&mut self, task: TaskId, now: Micros) {
        self.push(now, ExecEvent::PollStart(task));
    }
    fn poll_end(&mut self, task: TaskId, now: Micros) {
        self.push(now, ExecEvent::PollEnd(task));
    }
    fn blocked(&mut self, task: TaskId, now: Micros) {
        self.push(now, ExecEvent::Blocked(task));
    }
    fn woken(&mut self, task: TaskId, by: Option<TaskId>, now: Micros) {
        self.push(now, ExecEvent::Woken { task, by });
    }
    fn timer_set(&mut self, owner: Option<TaskId>, deadline: Micros, now: Micros) {
        self.push(now, ExecEvent::TimerSet { owner, deadline });
    }
    fn timer_fired(&mut self, owner: Option<TaskId>, now: Micros) {
        self.push(now, ExecEvent::TimerFired { owner });
    }
    fn ended(&mut self, task: TaskId, how: EndKind, now: Micros) {
        self.push(now, ExecEvent::Ended { task, how });
    }
}
