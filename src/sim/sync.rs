//! The simulator's side of the shared resource semantics in [`crate::rules::resources`].
//!
//! The world is the [`Host`]: a woken waiter goes back to the ready queue or its lane, a `recv`
//! fills the task's register, and a failure delivered to a waiter is raised when it next runs.

use super::steps::Flow;
use super::world::{Res, Status, Wait, World};
use crate::rules::resources::{self, Answer, Host, ResWait, Resume};
use crate::trace::{EventKind, ResId, TaskId, WakeCause};

impl Host for World {
    #[inline]
    fn resources(&mut self) -> &mut [Res] {
        &mut self.res
    }

    #[inline]
    fn record(&mut self, kind: EventKind) {
        self.emit(kind);
    }

    fn may_hold(&mut self, t: TaskId, r: ResId) {
        let holds = &mut self.task_mut(t).holds;
        if !holds.contains(&r) {
            holds.push(r);
        }
    }

    fn wakes(&mut self, t: TaskId, by: Option<TaskId>, cause: WakeCause) {
        self.woken(t, by, cause);
    }

    fn proceeds(&mut self, t: TaskId, how: Resume) {
        match how {
            Resume::Done => {}
            Resume::Value(v) => self.task_mut(t).reg = v,
            Resume::Fail(msg) => self.task_mut(t).resume_err = Some(msg),
        }
        self.resume(t);
    }

    fn waits_again(&mut self, t: TaskId, on: ResWait) {
        self.task_mut(t).status = Status::Waiting(on.into());
    }

    fn task_name(&self, t: TaskId) -> &str {
        self.name(t)
    }

    fn resource_name(&self, r: ResId) -> &str {
        self.res_name(r)
    }
}

impl World {
    /// Runs a resource operation for `t` and turns its answer into the lane's next move. A step
    /// that must wait is first a cancellation point (a pending cancel ends the task instead).
    #[inline]
    pub(super) fn res_op(&mut self, t: TaskId, op: impl FnOnce(&mut World) -> Answer) -> Flow {
        match op(self) {
            Answer::Done(value) => {
                if let Some(v) = value {
                    self.task_mut(t).reg = v;
                }
                Flow::Next
            }
            Answer::Fail(msg) => self.raise(t, msg),
            // Programs are compiled against the resources' kinds, so this cannot happen.
            Answer::NotA(..) => Flow::Next,
            Answer::Wait(pending) => {
                if let Some(f) = self.cancel_point(t) {
                    return f;
                }
                let wait = resources::enqueue(self, t, pending);
                self.block(t, wait.into(), wait.on())
            }
        }
    }

    /// Takes a waiting task out of the queue it waits in (it was cancelled or timed out).
    pub(super) fn remove_wait(&mut self, t: TaskId) {
        let Status::Waiting(wait) = self.task(t).status.clone() else {
            return;
        };
        self.task_mut(t).status = Status::Running;
        let queue = match wait {
            Wait::Res(queue) => queue,
            Wait::Join(_) => return,
            Wait::Sleep(timer) => return self.cancel_timer(timer),
        };
        resources::leave(self, t, queue);
    }

    /// Releases everything an ending task still holds, each marked "released on exit".
    pub(super) fn release_on_exit(&mut self, t: TaskId) {
        let holds = std::mem::take(&mut self.task_mut(t).holds);
        resources::release_all(self, t, holds);
    }
}
