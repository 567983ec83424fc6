//! Task life: start (`spawn`, `at`, `after`), wake, `join`, `cancel`, end, and variables.
//!
//! An ending task releases what it still holds (each release marked "released on exit"),
//! cancels the deadlines of its open `timeout` blocks, and wakes its joiners: with a failure
//! when it failed or was cancelled, or normally once every task they join has ended.

use super::chooser::Candidate;
use super::steps::Flow;
use super::world::{LaneState, Res, Status, Wait, World};
use crate::model::TaskKind;
use crate::trace::{EndHow, EventKind, ResId, TaskId, WaitFor, WakeCause};

impl World {
    /// Starts a task now: queues it on the loop or in the pool, or starts its thread.
    pub(super) fn start(&mut self, t: TaskId, by: Option<TaskId>) {
        if let Some(timer) = self.task_mut(t).start_timer.take() {
            self.cancel_timer(timer);
        }
        let now = self.now;
        self.task_mut(t).start_us = Some(now);
        self.emit(EventKind::Spawned { task: t, by });
        match self.task(t).kind {
            TaskKind::Async => {
                self.task_mut(t).status = Status::Ready;
                self.emit(EventKind::Ready { task: t });
                self.ready.push(Candidate::Task(t));
                self.loop_notify();
            }
            TaskKind::Job => {
                self.task_mut(t).status = Status::Queued;
                self.emit(EventKind::Ready { task: t });
                self.pool.push(Candidate::Task(t));
                self.pool_notify();
            }
            TaskKind::Thread | TaskKind::Process => {
                let Some(l) = self.task(t).lane else {
                    return;
                };
                self.lane_mut(l).task = Some(t);
                let cost = match self.task(t).kind {
                    TaskKind::Process => self.cfg.process_start,
                    _ => self.cfg.thread_start,
                };
                if cost > 0 {
                    self.task_mut(t).status = Status::Starting;
                    self.lane_mut(l).state = LaneState::Starting;
                    self.wake_lane_at(l, now.saturating_add(cost));
                } else {
                    self.task_mut(t).status = Status::Running;
                    self.emit(EventKind::Ready { task: t });
                    self.make_runnable(l);
                }
            }
        }
    }

    /// `spawn`: all or nothing; a task that already started fails the spawner.
    pub(super) fn op_spawn(&mut self, t: TaskId, list: u32) -> Result<(), String> {
        let targets = self.progs[self.task(t).decl].lists[list as usize].clone();
        for &x in &targets {
            match self.task(x).status {
                Status::NotStarted => {}
                Status::Ended(EndHow::Cancelled) if self.task(x).start_us.is_none() => {
                    return Err(format!(
                        "task {} was cancelled before it started",
                        self.name(x)
                    ));
                }
                _ => return Err(format!("task {} already started", self.name(x))),
            }
        }
        for x in targets {
            self.start(x, Some(t));
        }
        Ok(())
    }

    /// `join`: goes on if all ended well, fails on the first failure (by time), else waits.
    pub(super) fn op_join(&mut self, t: TaskId, list: u32) -> Flow {
        let targets = self.progs[self.task(t).decl].lists[list as usize].clone();
        let mut first_bad: Option<TaskId> = None;
        let mut pending = Vec::new();
        for &x in &targets {
            match self.task(x).status {
                Status::Ended(EndHow::Completed) => {}
                Status::Ended(_) => {
                    if first_bad.is_none_or(|b| self.task(x).end_seq < self.task(b).end_seq) {
                        first_bad = Some(x);
                    }
                }
                _ => pending.push(x),
            }
        }
        if let Some(x) = first_bad {
            let msg = self.join_failure(x);
            return self.raise(t, msg);
        }
        if pending.is_empty() {
            return Flow::Next;
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        for &x in &pending {
            self.task_mut(x).joiners.push(t);
        }
        self.block(t, Wait::Join(pending.clone()), WaitFor::Join(pending))
    }

    fn join_failure(&self, x: TaskId) -> String {
        match &self.task(x).status {
            Status::Ended(EndHow::Failed(msg)) => format!("task {} failed: {msg}", self.name(x)),
            _ => format!("task {} was cancelled", self.name(x)),
        }
    }

    /// `cancel`: an async task stops at its next await (at once if it waits); a thread-side task
    /// at its next step boundary (at once if it waits or has not run yet).
    pub(super) fn cancel(&mut self, x: TaskId, by: TaskId) {
        if matches!(self.task(x).status, Status::Ended(_)) {
            return;
        }
        self.emit(EventKind::CancelRequested { task: x, by });
        match self.task(x).status.clone() {
            Status::NotStarted => {
                if let Some(timer) = self.task_mut(x).start_timer.take() {
                    self.cancel_timer(timer);
                }
                self.finish(x, EndHow::Cancelled);
            }
            Status::Queued => {
                self.pool.remove_item(Candidate::Task(x));
                self.finish(x, EndHow::Cancelled);
            }
            Status::Waiting(_) => {
                self.remove_wait(x);
                self.woken(x, Some(by), WakeCause::Cancel);
                if self.is_async(x) {
                    self.task_mut(x).cancel_pending = true;
                    self.resume(x);
                } else {
                    self.finish(x, EndHow::Cancelled);
                    self.lane_after_external_end(x);
                }
            }
            _ => self.task_mut(x).cancel_pending = true,
        }
    }

    /// Ends a task: releases on exit, writes `PollEnd` and `Ended`, wakes joiners.
    pub(super) fn finish(&mut self, t: TaskId, how: EndHow) {
        for frame in std::mem::take(&mut self.task_mut(t).frames)
            .into_iter()
            .rev()
        {
            if let super::world::Frame::Timeout { timer } = frame {
                self.cancel_timer(timer);
            }
        }
        self.release_on_exit(t);
        self.leave_lane(t);
        self.end_seq += 1;
        let (now, seq) = (self.now, self.end_seq);
        let task = self.task_mut(t);
        task.status = Status::Ended(how.clone());
        task.end_us = Some(now);
        task.end_seq = seq;
        task.cancel_pending = false;
        task.timeout_pending = None;
        task.resume_err = None;
        let bad = !matches!(how, EndHow::Completed);
        self.emit(EventKind::Ended { task: t, how });
        for j in std::mem::take(&mut self.task_mut(t).joiners) {
            let Status::Waiting(Wait::Join(list)) = &mut self.task_mut(j).status else {
                continue;
            };
            if !list.contains(&t) {
                continue;
            }
            if bad {
                let msg = self.join_failure(t);
                self.wake(j, Some(t), WakeCause::Join(t), Some(msg));
            } else {
                list.retain(|x| *x != t);
                if list.is_empty() {
                    self.wake(j, Some(t), WakeCause::Join(t), None);
                }
            }
        }
    }

    /// Writes `Woken` (the task's wait is over; the caller completes its step).
    pub(super) fn woken(&mut self, t: TaskId, by: Option<TaskId>, cause: WakeCause) {
        self.task_mut(t).status = Status::Running;
        self.emit(EventKind::Woken { task: t, by, cause });
    }

    /// Makes a woken task runnable: the back of the ready queue, or its lane.
    pub(super) fn resume(&mut self, t: TaskId) {
        self.emit(EventKind::Ready { task: t });
        if self.is_async(t) {
            self.task_mut(t).status = Status::Ready;
            self.ready.push(Candidate::Task(t));
            self.loop_notify();
        } else if let Some(l) = self.task(t).lane {
            self.task_mut(t).status = Status::Running;
            self.make_runnable(l);
        }
    }

    /// `woken` + `resume`, delivering `err` as a failure when the task runs.
    pub(super) fn wake(
        &mut self,
        t: TaskId,
        by: Option<TaskId>,
        cause: WakeCause,
        err: Option<String>,
    ) {
        self.woken(t, by, cause);
        self.task_mut(t).resume_err = err;
        self.resume(t);
    }

    pub(super) fn var(&self, v: ResId) -> i64 {
        match self.res[v.0 as usize] {
            Res::Var { value } => value,
            _ => 0,
        }
    }

    pub(super) fn set_var(&mut self, t: TaskId, v: ResId, value: i64) {
        if let Res::Var { value: slot } = &mut self.res[v.0 as usize] {
            *slot = value;
        }
        self.emit(EventKind::VarWritten {
            task: t,
            var: v,
            value,
        });
    }
}
