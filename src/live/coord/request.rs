//! Requests from tasks: the dispatcher, the answers (`Done`, `Fail`, `Wait` then a final
//! reply), cancellation at the point of waiting, a `timeout` that abandons a wait, variables.

use super::records::{Res, Status, Wait};
use super::Coordinator;
use crate::live::proto::{Reply, ReqId, ReqOp, Request};
use crate::rules::resources;
use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};

/// What a request came to.
pub(super) enum Step {
    Done(Option<i64>),
    Fail(String),
    /// The op already replied (it waits, or it was cancelled at the wait).
    Replied,
}

impl Coordinator {
    /// Handles one request of a running task; anything else is ignored.
    pub(super) fn request(&mut self, r: Request) {
        // A worker names tasks by index; from here on they are `TaskId`s.
        let t = TaskId(r.task);
        if self.tasks.get(t.0 as usize).map(|x| &x.status) != Some(&Status::Running) {
            return;
        }
        self.tasks[t.0 as usize].deadline = r.deadline;
        let req = r.req;
        let task = t;
        let step = match r.op {
            ReqOp::Lock(m) => self.res_op(t, req, |c| resources::lock(c, task, ResId(m))),
            ReqOp::Unlock(x) => self.res_op(t, req, |c| resources::unlock(c, task, ResId(x))),
            ReqOp::Read(x) => self.res_op(t, req, |c| resources::rw(c, task, ResId(x), false)),
            ReqOp::Write(x) => self.res_op(t, req, |c| resources::rw(c, task, ResId(x), true)),
            ReqOp::Acquire(s, n) => {
                self.res_op(t, req, |c| resources::acquire(c, task, ResId(s), n))
            }
            ReqOp::Release(s, n) => {
                self.res_op(t, req, |c| resources::release(c, task, ResId(s), n))
            }
            ReqOp::Wait { cv, mutex } => self.res_op(t, req, |c| {
                resources::wait(c, task, ResId(cv), ResId(mutex))
            }),
            ReqOp::Notify(cv) => {
                self.res_op(t, req, |c| resources::notify(c, task, ResId(cv), false))
            }
            ReqOp::NotifyAll(cv) => {
                self.res_op(t, req, |c| resources::notify(c, task, ResId(cv), true))
            }
            ReqOp::Send(ch, v) => self.res_op(t, req, |c| resources::send(c, task, ResId(ch), v)),
            ReqOp::Recv(ch) => self.res_op(t, req, |c| resources::recv(c, task, ResId(ch))),
            ReqOp::Close(ch) => self.res_op(t, req, |c| resources::close(c, task, ResId(ch))),
            ReqOp::Spawn(list) => self.op_spawn(t, &list),
            ReqOp::Join(list) => self.op_join(t, req, &list),
            ReqOp::Gather(list) => match self.op_spawn(t, &list) {
                Step::Done(_) => self.op_join(t, req, &list),
                other => other,
            },
            ReqOp::Cancel(list) => {
                let n = self.tasks.len();
                for x in list.into_iter().filter(|x| (*x as usize) < n) {
                    self.cancel(TaskId(x), t);
                }
                Step::Done(None)
            }
            ReqOp::After(delay, list) => {
                let due = self.now.saturating_add(delay);
                let n = self.tasks.len();
                for x in list.into_iter().filter(|x| (*x as usize) < n) {
                    self.set_timer(t, TaskId(x), Some(t), due);
                }
                Step::Done(None)
            }
            ReqOp::Load(v) => self.op_load(t, v),
            ReqOp::Store(v, value) => self.op_store(t, v, Some(value)),
            ReqOp::Incr(v) => self.op_store(t, v, None),
        };
        match step {
            Step::Done(v) => self.reply(t, req, Reply::Done(v)),
            Step::Fail(msg) => self.reply(t, req, Reply::Fail(msg)),
            Step::Replied => {}
        }
    }

    /// The task's `timeout` expired while it waited for `req`: take it out of the wait.
    pub(super) fn abort(&mut self, t: TaskId, req: ReqId) {
        let Some(task) = self.tasks.get(t.0 as usize) else {
            return;
        };
        if !matches!(task.status, Status::Waiting(_)) || task.req != Some(req) {
            // Already answered: the worker raises the timeout at the task's next chance.
            return;
        }
        self.remove_wait(t);
        self.emit(EventKind::Woken {
            task: t,
            by: None,
            cause: WakeCause::Timeout,
        });
        self.reply(t, req, Reply::Interrupted);
    }

    /// A task about to wait that was asked to cancel ends instead (asyncio's next await).
    pub(super) fn cancel_point(&mut self, t: TaskId, req: ReqId) -> bool {
        if !self.tasks[t.0 as usize].cancel_pending {
            return false;
        }
        self.reply(t, req, Reply::Cancelled);
        true
    }

    /// The task waits (it is already in the primitive's queue): writes `Blocked`, replies `Wait`.
    pub(super) fn wait_on(&mut self, t: TaskId, req: ReqId, wait: Wait, on: WaitFor) -> Step {
        let task = &mut self.tasks[t.0 as usize];
        task.status = Status::Waiting(wait);
        task.req = Some(req);
        self.emit(EventKind::Blocked { task: t, on });
        self.reply(t, req, Reply::Wait);
        Step::Replied
    }

    /// A waiting task's wait is over: it continues with `reply` (and the worker writes `Ready`).
    pub(super) fn resume(&mut self, t: TaskId, reply: Reply) {
        let task = &mut self.tasks[t.0 as usize];
        let Some(req) = task.req.take() else {
            return;
        };
        task.status = Status::Running;
        self.reply(t, req, reply);
    }

    pub(super) fn wrong(&self, r: u32, want: &str) -> Step {
        Step::Fail(format!(
            "resource {r} ({}) is not a {want}",
            self.res_name(r)
        ))
    }

    fn op_load(&mut self, t: TaskId, v: u32) -> Step {
        let Some(Res::Var { value }) = self.res.get(v as usize) else {
            return self.wrong(v, "var");
        };
        let value = *value;
        self.emit(EventKind::Loaded {
            task: t,
            var: ResId(v),
            value,
        });
        Step::Done(Some(value))
    }

    /// `store` (the worker computed the value from its register) or, with `None`, `incr`.
    fn op_store(&mut self, t: TaskId, v: u32, value: Option<i64>) -> Step {
        let Some(Res::Var { value: slot }) = self.res.get_mut(v as usize) else {
            return self.wrong(v, "var");
        };
        let value = value.unwrap_or_else(|| slot.wrapping_add(1));
        *slot = value;
        self.emit(EventKind::VarWritten {
            task: t,
            var: ResId(v),
            value,
        });
        Step::Done(None)
    }
}
