//! The coordinator's side of the shared resource semantics in [`crate::rules::resources`].
//!
//! The coordinator is the [`Host`]: a woken waiter gets the final reply to the request it waits
//! on (a `recv` with its value, a closed channel's failure), and its worker writes `Ready`.

use super::records::{Res, Status, Wait};
use super::request::Step;
use super::Coordinator;
use crate::live::proto::{Reply, ReqId};
use crate::rules::resources::{self, Answer, Host, Kind, ResWait, Resume};
use crate::trace::{EventKind, ResId, TaskId, WakeCause};

impl Host for Coordinator {
    fn resources(&mut self) -> &mut [Res] {
        &mut self.res
    }

    fn record(&mut self, kind: EventKind) {
        self.emit(kind);
    }

    fn may_hold(&mut self, t: TaskId, r: ResId) {
        let holds = &mut self.tasks[t.0 as usize].holds;
        if !holds.contains(&r) {
            holds.push(r);
        }
    }

    fn wakes(&mut self, t: TaskId, by: Option<TaskId>, cause: WakeCause) {
        self.woken(t, by, cause);
    }

    fn proceeds(&mut self, t: TaskId, how: Resume) {
        let reply = match how {
            Resume::Done => Reply::Done(None),
            Resume::Value(v) => Reply::Done(Some(v)),
            Resume::Fail(msg) => Reply::Fail(msg),
        };
        self.resume(t, reply);
    }

    fn waits_again(&mut self, t: TaskId, on: ResWait) {
        self.tasks[t.0 as usize].status = Status::Waiting(on.into());
    }

    fn task_name(&self, t: TaskId) -> &str {
        self.name(t)
    }

    fn resource_name(&self, r: ResId) -> &str {
        self.res_name(r.0)
    }
}

impl Coordinator {
    /// Runs a resource operation for request `req` of `t` and turns its answer into the reply.
    /// A step that must wait is first a cancellation point (a pending cancel answers instead).
    pub(super) fn res_op(
        &mut self,
        t: TaskId,
        req: ReqId,
        op: impl FnOnce(&mut Coordinator) -> Answer,
    ) -> Step {
        match op(self) {
            Answer::Done(value) => Step::Done(value),
            Answer::Fail(msg) => Step::Fail(msg),
            Answer::NotA(r, Kind::Channel) => {
                Step::Fail(format!("{} is not a channel", self.res_name(r.0)))
            }
            Answer::NotA(r, kind) => self.wrong(r.0, kind.word()),
            Answer::Wait(pending) => {
                if self.cancel_point(t, req) {
                    return Step::Replied;
                }
                let wait = resources::enqueue(self, t, pending);
                self.wait_on(t, req, wait.into(), wait.on())
            }
        }
    }

    /// Takes a waiting task out of the queue it waits in (cancelled, timed out, or its worker died).
    pub(super) fn remove_wait(&mut self, t: TaskId) {
        let Status::Waiting(wait) = self.tasks[t.0 as usize].status.clone() else {
            return;
        };
        self.tasks[t.0 as usize].status = Status::Running;
        let Wait::Res(queue) = wait else {
            return;
        };
        resources::leave(self, t, queue);
    }

    /// Releases everything an ending task still holds, each marked "released on exit".
    pub(super) fn release_on_exit(&mut self, t: TaskId) {
        let holds = std::mem::take(&mut self.tasks[t.0 as usize].holds);
        resources::release_all(self, t, holds);
    }

    pub(super) fn woken(&mut self, t: TaskId, by: Option<TaskId>, cause: WakeCause) {
        self.emit(EventKind::Woken { task: t, by, cause });
    }
}
