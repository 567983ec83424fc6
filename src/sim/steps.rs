//! Running a task's program: one step per action, blocks (`repeat`, `timeout`, `try`) and failures.
//!
//! A step that can complete at once completes and the task goes on (in a new action, so other
//! lanes can interleave at the same instant). A step that must wait puts the task in the
//! primitive's FIFO queue; whoever later makes the step possible completes it on the waiter's
//! behalf (direct hand-off), so a woken task simply continues after the step.

use super::timers::timeout_depth;
use super::world::{Frame, Status, Wait, World};
use crate::model::TaskKind;
use crate::rules::fmt_dur;
use crate::rules::program::Op;
use crate::rules::resources;
use crate::trace::{EndHow, EventKind, TaskId, TimerId, TimerWhat, WaitFor};

/// What the lane does after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Flow {
    /// The task goes on at the same instant, in a new action.
    Next,
    /// The task computes for this long (on its lane, needing a core when cores are limited).
    Compute(u64),
    /// The task left its lane: it waits, yielded, or ended.
    Left,
    /// The lane was already handed to the core queue (a thread's `yield`).
    Parked,
}

impl World {
    /// Cancellation, an expired `timeout`, or a failure delivered while waiting.
    pub(super) fn check_pending(&mut self, t: TaskId) -> Option<Flow> {
        if self.task(t).cancel_pending {
            self.task_mut(t).cancel_pending = false;
            self.finish(t, EndHow::Cancelled);
            return Some(Flow::Left);
        }
        if let Some(id) = self.task_mut(t).timeout_pending.take() {
            return Some(self.expire_timeout(t, id));
        }
        if let Some(msg) = self.task_mut(t).resume_err.take() {
            return Some(self.raise(t, msg));
        }
        None
    }

    /// An async task stops at its next await: the step about to suspend ends it instead.
    pub(super) fn cancel_point(&mut self, t: TaskId) -> Option<Flow> {
        if self.task(t).cancel_pending {
            self.task_mut(t).cancel_pending = false;
            self.finish(t, EndHow::Cancelled);
            return Some(Flow::Left);
        }
        None
    }

    /// The task waits: writes `Blocked` and leaves its lane.
    pub(super) fn block(&mut self, t: TaskId, wait: Wait, on: WaitFor) -> Flow {
        self.task_mut(t).status = Status::Waiting(wait);
        self.emit(EventKind::Blocked { task: t, on });
        self.leave_lane(t);
        Flow::Left
    }

    /// Runs the task's next step (and the silent block ends around it).
    pub(super) fn run_step(&mut self, t: TaskId) -> Flow {
        if !self.advance_control(t) {
            return self.complete(t);
        }
        let (decl, pc) = (self.task(t).decl, self.task(t).pc as usize);
        let op = self.progs[decl].ops[pc];
        let text = self.progs[decl].texts[pc].clone();
        self.emit(EventKind::Step { task: t, text });
        self.task_mut(t).pc += 1;
        self.work += 1;
        let flow = self.exec(t, op, pc as u32);
        if flow == Flow::Next && !self.advance_control(t) {
            return self.complete(t);
        }
        flow
    }

    /// Runs control ops up to the next step; false when the program has ended.
    fn advance_control(&mut self, t: TaskId) -> bool {
        loop {
            let decl = self.task(t).decl;
            let pc = self.task(t).pc as usize;
            let Some(&op) = self.progs[decl].ops.get(pc) else {
                return false;
            };
            if !op.is_control() {
                return true;
            }
            self.work += 1;
            let task = self.task_mut(t);
            match op {
                Op::RepeatEnd { start } => match task.frames.last_mut() {
                    Some(Frame::Repeat { left, .. }) if *left > 1 => {
                        *left -= 1;
                        task.pc = start + 1;
                    }
                    _ => {
                        task.frames.pop();
                        task.pc += 1;
                    }
                },
                Op::TimeoutEnd => {
                    task.pc += 1;
                    if let Some(Frame::Timeout { timer }) = task.frames.last().copied() {
                        task.frames.pop();
                        self.cancel_timer(timer);
                    }
                }
                Op::TryEnd { end } => {
                    task.frames.pop();
                    task.pc = end;
                }
                _ => return true,
            }
        }
    }

    /// The program ran out. A task whose cancellation was requested but never reached an await
    /// still ends cancelled (as an asyncio task does when its coroutine returns).
    fn complete(&mut self, t: TaskId) -> Flow {
        let how = match self.task(t).cancel_pending {
            true => EndHow::Cancelled,
            false => EndHow::Completed,
        };
        self.finish(t, how);
        Flow::Left
    }

    /// Raises a failure: unwinds to the innermost `try` (running its `catch`), else fails the task.
    pub(super) fn raise(&mut self, t: TaskId, msg: String) -> Flow {
        while let Some(frame) = self.task_mut(t).frames.pop() {
            match frame {
                Frame::Repeat { .. } => {}
                Frame::Timeout { timer } => self.cancel_timer(timer),
                Frame::Try { catch } => {
                    self.task_mut(t).pc = catch;
                    let text = "catch".into();
                    self.emit(EventKind::Step { task: t, text });
                    return Flow::Next;
                }
            }
        }
        self.finish(t, EndHow::Failed(msg));
        Flow::Left
    }

    /// Cancels the expired `timeout` block (inner `try`s do not catch the cancellation) and
    /// raises `timed out after DUR` where the block was.
    fn expire_timeout(&mut self, t: TaskId, id: TimerId) -> Flow {
        let Some(depth) = timeout_depth(&self.task(t).frames, id) else {
            return Flow::Next;
        };
        while self.task(t).frames.len() > depth + 1 {
            if let Some(Frame::Timeout { timer }) = self.task_mut(t).frames.pop() {
                self.cancel_timer(timer);
            }
        }
        self.task_mut(t).frames.pop();
        let dur = self.timers[id.0 as usize].dur;
        self.raise(t, format!("timed out after {}", fmt_dur(dur)))
    }

    fn exec(&mut self, t: TaskId, op: Op, pc: u32) -> Flow {
        let decl = self.task(t).decl;
        let flow = match op {
            Op::Compute(0) => Ok(()),
            Op::Compute(d) => {
                if self.is_async(t) {
                    self.note_loop_blocked(d);
                }
                return Flow::Compute(d);
            }
            Op::Sleep(d) => return self.op_sleep(t, d),
            Op::Yield => return self.op_yield(t),
            Op::Lock(m) => return self.res_op(t, |w| resources::lock(w, t, m)),
            Op::Unlock(r) => return self.res_op(t, |w| resources::unlock(w, t, r)),
            Op::Read(r) => return self.res_op(t, |w| resources::rw(w, t, r, false)),
            Op::Write(r) => return self.res_op(t, |w| resources::rw(w, t, r, true)),
            Op::Acquire(s, n) => return self.res_op(t, |w| resources::acquire(w, t, s, n)),
            Op::Release(s, n) => return self.res_op(t, |w| resources::release(w, t, s, n)),
            Op::Wait { cv, mutex } => return self.res_op(t, |w| resources::wait(w, t, cv, mutex)),
            Op::Notify(cv) => return self.res_op(t, |w| resources::notify(w, t, cv, false)),
            Op::NotifyAll(cv) => return self.res_op(t, |w| resources::notify(w, t, cv, true)),
            Op::Send(ch, v) => return self.res_op(t, |w| resources::send(w, t, ch, v)),
            Op::Recv(ch) => return self.res_op(t, |w| resources::recv(w, t, ch)),
            Op::Close(ch) => return self.res_op(t, |w| resources::close(w, t, ch)),
            Op::Spawn(i) => self.op_spawn(t, i),
            Op::Join(i) => return self.op_join(t, i),
            Op::Gather(i) => match self.op_spawn(t, i) {
                Ok(()) => return self.op_join(t, i),
                Err(msg) => Err(msg),
            },
            Op::Cancel(i) => {
                for x in self.progs[decl].lists[i as usize].clone() {
                    self.cancel(x, t);
                }
                Ok(())
            }
            Op::After(delay, i) => {
                let due = self.now.saturating_add(delay);
                let on_loop = self.is_async(t);
                for x in self.progs[decl].lists[i as usize].clone() {
                    self.set_timer(t, due, TimerWhat::Start(x), Some(t), on_loop, 0);
                }
                Ok(())
            }
            Op::Load(v) => {
                let value = self.var(v);
                self.task_mut(t).reg = value;
                self.emit(EventKind::Loaded {
                    task: t,
                    var: v,
                    value,
                });
                Ok(())
            }
            Op::Store(v, sop) => {
                let reg = self.task(t).reg;
                let value = match sop {
                    crate::model::StoreOp::Add(n) => reg.wrapping_add(n),
                    crate::model::StoreOp::Sub(n) => reg.wrapping_sub(n),
                    crate::model::StoreOp::Set(n) => n,
                };
                self.set_var(t, v, value);
                Ok(())
            }
            Op::Incr(v) => {
                let value = self.var(v).wrapping_add(1);
                self.set_var(t, v, value);
                Ok(())
            }
            Op::Fail(i) | Op::Invalid(i) => Err(self.progs[decl].strs[i as usize].clone()),
            Op::Log(i) => {
                let text = self.progs[decl].strs[i as usize].clone();
                self.emit(EventKind::Log { task: t, text });
                Ok(())
            }
            Op::RepeatStart { count } => {
                let start = pc;
                self.task_mut(t)
                    .frames
                    .push(Frame::Repeat { left: count, start });
                Ok(())
            }
            Op::TimeoutStart { dur } => {
                let due = self.now.saturating_add(dur);
                let on_loop = self.is_async(t);
                let timer = self.set_timer(t, due, TimerWhat::Timeout, None, on_loop, dur);
                self.task_mut(t).frames.push(Frame::Timeout { timer });
                Ok(())
            }
            Op::TryStart { catch } => {
                self.task_mut(t).frames.push(Frame::Try { catch });
                Ok(())
            }
            Op::RepeatEnd { .. } | Op::TimeoutEnd | Op::TryEnd { .. } => Ok(()),
        };
        match flow {
            Ok(()) => Flow::Next,
            Err(msg) => self.raise(t, msg),
        }
    }

    fn op_sleep(&mut self, t: TaskId, d: u64) -> Flow {
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        let until = self.now.saturating_add(d);
        let on_loop = self.is_async(t);
        let timer = self.set_timer(t, until, TimerWhat::Sleep, None, on_loop, 0);
        self.task_mut(t).status = Status::Waiting(Wait::Sleep(timer));
        self.emit(EventKind::Sleeping { task: t, until });
        self.leave_lane(t);
        Flow::Left
    }

    fn op_yield(&mut self, t: TaskId) -> Flow {
        if self.task(t).kind == TaskKind::Async {
            if let Some(f) = self.cancel_point(t) {
                return f;
            }
            self.leave_lane(t);
            self.task_mut(t).status = Status::Ready;
            self.emit(EventKind::Ready { task: t });
            self.ready.push(super::chooser::Candidate::Task(t));
            return Flow::Left;
        }
        if self.someone_waits_for_core(t) {
            if let Some(l) = self.task(t).lane {
                self.leave_lane(t);
                self.emit(EventKind::Ready { task: t });
                self.park_for_core(l);
                return Flow::Parked;
            }
        }
        Flow::Next
    }

    fn note_loop_blocked(&mut self, d: u64) {
        let end = self.now.saturating_add(d);
        let others =
            !self.ready.is_empty() || self.loop_timers.first().is_some_and(|&(due, _)| due < end);
        if others && self.loop_blocked.is_none_or(|b| b < d) {
            self.loop_blocked = Some(d);
        }
    }
}
