//! Task lifecycle, written once for the simulator and live mode's coordinator: `spawn`'s
//! all-or-nothing check, `join`'s first failure, `cancel` by where the task stands, and the
//! waking of joiners when a task ends (docs/LANGUAGE.md §6, "Task life").
//!
//! As with [`super::resources`], the rules decide and a [`LifeHost`] (the runner) acts: it
//! says where each task stands and carries out what the rule asks for (ending a task, taking
//! it out of a queue, waking a joiner), each in its own way (a simulated lane, or a message to
//! a worker).

use super::resources::Host;
use crate::trace::{EndHow, EventKind, TaskId};

/// Where a task stands in its life, as the rules need to tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase<'a> {
    NotStarted,
    /// A thread or process that is still starting.
    Starting,
    /// A job in the pool queue, waiting for a worker.
    Queued,
    /// In a wait queue, a join or a sleep.
    Waiting,
    /// Ready or running: it may take its next step.
    Runnable,
    Ended(&'a EndHow),
}

/// A runner's side of the lifecycle rules; it names tasks and records events as a
/// [`Host`] of the resource rules does.
pub trait LifeHost: Host {
    fn phase(&self, t: TaskId) -> Phase<'_>;
    /// It started once (a task cancelled before it started never did).
    fn ever_started(&self, t: TaskId) -> bool;
    /// The order in which it ended, to tell which of several failures came first.
    fn end_order(&self, t: TaskId) -> u64;
    /// Ends `t` as `how`: releases what it holds, writes `Ended` and calls [`wake_joiners`].
    fn end(&mut self, t: TaskId, how: EndHow);
    /// Drops the pending `at` timer of a task that has not started.
    fn cancel_start_timer(&mut self, t: TaskId);
    /// Takes a job out of the pool queue.
    fn dequeue_job(&mut self, t: TaskId);
    /// Takes `t` out of its wait (records `Woken` by `by`, cause cancel) and lets the
    /// cancellation take effect: the task ends, or unwinds at its await.
    fn interrupt_wait(&mut self, t: TaskId, by: TaskId);
    /// Asks a runnable task to stop at its next await (async) or step boundary (thread-side).
    fn ask_to_stop(&mut self, t: TaskId, by: TaskId);
    /// The tasks blocked in a `join` that includes `t`, taken.
    fn take_joiners(&mut self, t: TaskId) -> Vec<TaskId>;
    /// The tasks `j`'s `join` still waits for, if `j` waits in a join.
    fn join_wait_mut(&mut self, j: TaskId) -> Option<&mut Vec<TaskId>>;
    /// Ends `j`'s join: woken by `by`, going on, or failing with `failure`.
    fn wake_joiner(&mut self, j: TaskId, by: TaskId, failure: Option<String>);
}

/// What `join` comes to right away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinNow {
    /// Every task ended well.
    Done,
    /// A task failed or was cancelled: the joiner fails with this message.
    Fail(String),
    /// These tasks have not ended yet.
    Wait(Vec<TaskId>),
}

/// `spawn` is all or nothing: every task named must not have started, else the spawner fails
/// and none is started.
pub fn check_spawn<H: LifeHost>(h: &H, list: &[TaskId]) -> Result<(), String> {
    for &x in list {
        match h.phase(x) {
            Phase::NotStarted => {}
            Phase::Ended(EndHow::Cancelled) if !h.ever_started(x) => {
                return Err(format!(
                    "task {} was cancelled before it started",
                    h.task_name(x)
                ));
            }
            _ => return Err(format!("task {} already started", h.task_name(x))),
        }
    }
    Ok(())
}

/// `join` goes on if every task ended well, fails on the failure that came *first* (in end
/// order) among those that ended badly, and otherwise waits for the ones still going.
pub fn join<H: LifeHost>(h: &H, list: &[TaskId]) -> JoinNow {
    let mut first_bad: Option<TaskId> = None;
    let mut pending = Vec::new();
    for &x in list {
        match h.phase(x) {
            Phase::Ended(EndHow::Completed) => {}
            Phase::Ended(_) => {
                if first_bad.is_none_or(|b| h.end_order(x) < h.end_order(b)) {
                    first_bad = Some(x);
                }
            }
            _ => pending.push(x),
        }
    }
    match (first_bad, pending.is_empty()) {
        (Some(x), _) => JoinNow::Fail(join_failure(h, x)),
        (None, true) => JoinNow::Done,
        (None, false) => JoinNow::Wait(pending),
    }
}

/// The message a joiner fails with when `x` ended badly.
fn join_failure<H: LifeHost>(h: &H, x: TaskId) -> String {
    match h.phase(x) {
        Phase::Ended(EndHow::Failed(msg)) => format!("task {} failed: {msg}", h.task_name(x)),
        _ => format!("task {} was cancelled", h.task_name(x)),
    }
}

/// `cancel x`: a task that has not started, or a job still queued, ends at once; a waiting
/// task is taken out of its wait; a runnable one is asked to stop at its next await or step.
/// Cancelling a task that has ended does nothing.
pub fn cancel<H: LifeHost>(h: &mut H, x: TaskId, by: TaskId) {
    let phase = match h.phase(x) {
        Phase::Ended(_) => return,
        other => Stand::of(other),
    };
    h.record(EventKind::CancelRequested { task: x, by });
    match phase {
        Stand::NotStarted => {
            h.cancel_start_timer(x);
            h.end(x, EndHow::Cancelled);
        }
        Stand::Queued => {
            h.dequeue_job(x);
            h.end(x, EndHow::Cancelled);
        }
        Stand::Waiting => h.interrupt_wait(x, by),
        Stand::Going => h.ask_to_stop(x, by),
    }
}

/// A `Phase` without the borrow, so the host can be changed while acting on it.
enum Stand {
    NotStarted,
    Queued,
    Waiting,
    Going,
}

impl Stand {
    fn of(phase: Phase<'_>) -> Stand {
        match phase {
            Phase::NotStarted => Stand::NotStarted,
            Phase::Queued => Stand::Queued,
            Phase::Waiting => Stand::Waiting,
            _ => Stand::Going,
        }
    }
}

/// After `t` ended as `how`: each task joining it fails at once if `t` ended badly, or goes
/// on once every task of its join has ended.
pub fn wake_joiners<H: LifeHost>(h: &mut H, t: TaskId, how: &EndHow) {
    let failure = match how {
        EndHow::Completed => None,
        _ => Some(join_failure(h, t)),
    };
    for j in h.take_joiners(t) {
        let Some(list) = h.join_wait_mut(j) else {
            continue;
        };
        if !list.contains(&t) {
            continue;
        }
        if failure.is_none() {
            list.retain(|x| *x != t);
            if !list.is_empty() {
                continue;
            }
        }
        h.wake_joiner(j, t, failure.clone());
    }
}
