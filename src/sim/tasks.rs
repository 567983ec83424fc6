//! Task life: start (`spawn`, `at`, `after`), wake, `join`, `cancel`, end, and variables.
//!
//! An ending task releases what it still holds (each release marked "released on exit"),
//! cancels the deadlines of its open `timeout` blocks, and wakes its joiners: with a failure
//! when it failed or was cancelled, or normally once every task they join has ended.

use super::candidate::Candidate;
use super::steps::Flow;
use super::world::{LaneState, Res, Status, Wait, World};
use crate::model::TaskKind;
use crate::rules::lifecycle::{self, JoinNow, LifeHost, Phase};
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

    /// `spawn`: all or nothing (the rules' [`lifecycle::check_spawn`]).
    pub(super) fn op_spawn(&mut self, t: TaskId, list: u32) -> Result<(), String> {
        let targets = self.progs[self.task(t).decl].lists[list as usize].clone();
        lifecycle::check_spawn(self, &targets)?;
        for x in targets {
            self.start(x, Some(t));
        }
        Ok(())
    }

    /// `join`: goes on, fails, or waits, as [`lifecycle::join`] decides.
    pub(super) fn op_join(&mut self, t: TaskId, list: u32) -> Flow {
        let targets = &self.progs[self.task(t).decl].lists[list as usize];
        let pending = match lifecycle::join(self, targets) {
            JoinNow::Done => return Flow::Next,
            JoinNow::Fail(msg) => return self.raise(t, msg),
            JoinNow::Wait(pending) => pending,
        };
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        for &x in &pending {
            self.task_mut(x).joiners.push(t);
        }
        self.block(t, Wait::Join(pending.clone()), WaitFor::Join(pending))
    }

    /// `cancel` (the rules' [`lifecycle::cancel`]): an async task stops at its next await (at
    /// once if it waits); a thread-side task at its next step boundary (at once if it waits or
    /// has not run yet).
    pub(super) fn cancel(&mut self, x: TaskId, by: TaskId) {
        lifecycle::cancel(self, x, by);
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
        self.emit(EventKind::Ended {
            task: t,
            how: how.clone(),
        });
        lifecycle::wake_joiners(self, t, &how);
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

// ===== impl LifeHost for World =====

impl LifeHost for World {
    fn phase(&self, t: TaskId) -> Phase<'_> {
        match &self.task(t).status {
            Status::NotStarted => Phase::NotStarted,
            Status::Starting => Phase::Starting,
            Status::Queued => Phase::Queued,
            Status::Waiting(_) => Phase::Waiting,
            Status::Ready | Status::Running => Phase::Runnable,
            Status::Ended(how) => Phase::Ended(how),
        }
    }

    fn ever_started(&self, t: TaskId) -> bool {
        self.task(t).start_us.is_some()
    }

    fn end_order(&self, t: TaskId) -> u64 {
        self.task(t).end_seq
    }

    fn end(&mut self, t: TaskId, how: EndHow) {
        self.finish(t, how);
    }

    fn cancel_start_timer(&mut self, t: TaskId) {
        if let Some(timer) = self.task_mut(t).start_timer.take() {
            self.cancel_timer(timer);
        }
    }

    fn dequeue_job(&mut self, t: TaskId) {
        self.pool.remove_item(Candidate::Task(t));
    }

    fn interrupt_wait(&mut self, t: TaskId, by: TaskId) {
        self.remove_wait(t);
        self.woken(t, Some(by), WakeCause::Cancel);
        if self.is_async(t) {
            // It unwinds at the await it was waiting in.
            self.task_mut(t).cancel_pending = true;
            self.resume(t);
        } else {
            self.finish(t, EndHow::Cancelled);
            self.lane_after_external_end(t);
        }
    }

    fn ask_to_stop(&mut self, t: TaskId, _by: TaskId) {
        self.task_mut(t).cancel_pending = true;
    }

    fn take_joiners(&mut self, t: TaskId) -> Vec<TaskId> {
        std::mem::take(&mut self.task_mut(t).joiners)
    }

    fn join_wait_mut(&mut self, j: TaskId) -> Option<&mut Vec<TaskId>> {
        match &mut self.task_mut(j).status {
            Status::Waiting(Wait::Join(list)) => Some(list),
            _ => None,
        }
    }

    fn wake_joiner(&mut self, j: TaskId, by: TaskId, failure: Option<String>) {
        self.wake(j, Some(by), WakeCause::Join(by), failure);
    }
}
