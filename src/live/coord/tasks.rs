//! Task lives in the coordinator: start (on the loop, in the pool queue, or on a new thread
//! worker), `spawn`, `join`, `cancel`, the pool queue's order, and the end of a task.

use super::records::{Dest, Status, Wait};
use super::request::Step;
use super::{Coordinator, Effect};
use crate::live::proto::{Reply, ReqId, ToWorker};
use crate::model::{PoolQueue, TaskKind};
use crate::rules::lifecycle::{self, JoinNow, LifeHost, Phase};
use crate::trace::{EndHow, EventKind, TaskId, WaitFor, WakeCause};

impl Coordinator {
    /// Starts a task now: on the event loop, in the pool queue, or on a thread worker of its own.
    pub(super) fn start(&mut self, t: TaskId, by: Option<TaskId>) {
        if let Some(timer) = self.tasks[t.0 as usize].start_timer.take() {
            self.cancel_timer(timer);
        }
        let now = self.now;
        self.tasks[t.0 as usize].start_us = Some(now);
        self.emit(EventKind::Spawned { task: t, by });
        match self.tasks[t.0 as usize].kind {
            TaskKind::Async => {
                let task = &mut self.tasks[t.0 as usize];
                task.status = Status::Running;
                task.dest = Some(Dest::Loop);
                let msg = ToWorker::Start {
                    run: self.run,
                    task: t.0,
                };
                self.effects.push(Effect::Send(Dest::Loop, msg));
            }
            TaskKind::Job => {
                self.tasks[t.0 as usize].status = Status::Queued;
                self.emit(EventKind::Ready { task: t });
                self.pool.push_back(t);
                self.dispatch_pool();
            }
            TaskKind::Thread | TaskKind::Process => {
                let task = &mut self.tasks[t.0 as usize];
                task.status = Status::Starting;
                task.dest = Some(Dest::Thread(t.0));
                self.effects.push(Effect::NewThread(t.0));
            }
        }
    }

    /// The page created the thread's worker and started the task on it.
    /// `t` is the index the page got in [`Effect::NewThread`].
    pub fn thread_started(&mut self, t: u32) {
        if let Some(task) = self.tasks.get_mut(t as usize) {
            if task.status == Status::Starting {
                task.status = Status::Running;
            }
        }
    }

    /// Gives free pool workers the next jobs, in the `pool_queue` order.
    pub(super) fn dispatch_pool(&mut self) {
        while let Some(w) = self.workers.iter().position(Option::is_none) {
            let Some(i) = self.next_job() else {
                return;
            };
            let Some(t) = self.pool.remove(i) else {
                return;
            };
            self.workers[w] = Some(t);
            let task = &mut self.tasks[t.0 as usize];
            task.status = Status::Running;
            task.dest = Some(Dest::Pool(w as u32));
            let msg = ToWorker::Start {
                run: self.run,
                task: t.0,
            };
            self.effects.push(Effect::Send(Dest::Pool(w as u32), msg));
        }
    }

    /// The index in the pool queue of the job that gets the next free worker.
    fn next_job(&self) -> Option<usize> {
        if self.pool.is_empty() {
            return None;
        }
        Some(match self.scenario.runtime.pool_queue() {
            PoolQueue::Fifo => 0,
            PoolQueue::Lifo => self.pool.len() - 1,
            PoolQueue::Priority => {
                let mut best = 0;
                for (i, t) in self.pool.iter().enumerate() {
                    let p = self.tasks[t.0 as usize].priority;
                    if p > self.tasks[self.pool[best].0 as usize].priority {
                        best = i;
                    }
                }
                best
            }
        })
    }

    /// `spawn`: all or nothing (the rules' [`lifecycle::check_spawn`]).
    pub(super) fn op_spawn(&mut self, t: TaskId, list: &[u32]) -> Step {
        let targets = match self.known(list) {
            Ok(targets) => targets,
            Err(msg) => return Step::Fail(msg),
        };
        if let Err(msg) = lifecycle::check_spawn(self, &targets) {
            return Step::Fail(msg);
        }
        for x in targets {
            self.start(x, Some(t));
        }
        Step::Done(None)
    }

    /// `join`: goes on, fails, or waits, as [`lifecycle::join`] decides.
    pub(super) fn op_join(&mut self, t: TaskId, req: ReqId, list: &[u32]) -> Step {
        let targets = match self.known(list) {
            Ok(targets) => targets,
            Err(msg) => return Step::Fail(msg),
        };
        let pending = match lifecycle::join(self, &targets) {
            JoinNow::Done => return Step::Done(None),
            JoinNow::Fail(msg) => return Step::Fail(msg),
            JoinNow::Wait(pending) => pending,
        };
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        for &x in &pending {
            self.tasks[x.0 as usize].joiners.push(t);
        }
        self.wait_on(t, req, Wait::Join(pending.clone()), WaitFor::Join(pending))
    }

    /// The tasks of a worker's request, if every index names one (a worker is not trusted to).
    fn known(&self, list: &[u32]) -> Result<Vec<TaskId>, String> {
        match list.iter().find(|&&x| x as usize >= self.tasks.len()) {
            Some(x) => Err(format!("unknown task {x}")),
            None => Ok(list.iter().map(|&x| TaskId(x)).collect()),
        }
    }

    /// `cancel` (the rules' [`lifecycle::cancel`]): a task not started or still queued ends at
    /// once; a waiting one is taken out of its wait and ends (its worker is told `Cancelled`);
    /// a running one is told to stop at its next await (async) or step (thread-side).
    pub(super) fn cancel(&mut self, x: TaskId, by: TaskId) {
        lifecycle::cancel(self, x, by);
    }

    /// Ends a task: releases on exit, writes `Ended`, wakes joiners, frees its worker.
    pub(super) fn finish(&mut self, t: TaskId, how: EndHow) {
        if matches!(self.tasks[t.0 as usize].status, Status::Ended(_)) {
            return;
        }
        if matches!(self.tasks[t.0 as usize].status, Status::Waiting(_)) {
            self.remove_wait(t);
        }
        self.pool.retain(|j| *j != t);
        self.release_on_exit(t);
        self.end_seq += 1;
        let (now, seq) = (self.now, self.end_seq);
        let task = &mut self.tasks[t.0 as usize];
        task.status = Status::Ended(how.clone());
        task.end_us = Some(now);
        task.end_seq = seq;
        task.cancel_pending = false;
        task.req = None;
        self.emit(EventKind::Ended {
            task: t,
            how: how.clone(),
        });
        lifecycle::wake_joiners(self, t, &how);
        match self.tasks[t.0 as usize].dest {
            Some(Dest::Pool(w)) => {
                if self.workers.get(w as usize) == Some(&Some(t)) {
                    self.workers[w as usize] = None;
                }
                self.dispatch_pool();
            }
            Some(Dest::Thread(x)) => self.effects.push(Effect::EndThread(x)),
            _ => {}
        }
    }
}

// ===== impl LifeHost for Coordinator =====

impl LifeHost for Coordinator {
    fn phase(&self, t: TaskId) -> Phase<'_> {
        match &self.tasks[t.0 as usize].status {
            Status::NotStarted => Phase::NotStarted,
            Status::Starting => Phase::Starting,
            Status::Queued => Phase::Queued,
            Status::Waiting(_) => Phase::Waiting,
            Status::Running => Phase::Runnable,
            Status::Ended(how) => Phase::Ended(how),
        }
    }

    fn ever_started(&self, t: TaskId) -> bool {
        self.tasks[t.0 as usize].start_us.is_some()
    }

    fn end_order(&self, t: TaskId) -> u64 {
        self.tasks[t.0 as usize].end_seq
    }

    fn end(&mut self, t: TaskId, how: EndHow) {
        self.finish(t, how);
    }

    fn cancel_start_timer(&mut self, t: TaskId) {
        if let Some(timer) = self.tasks[t.0 as usize].start_timer.take() {
            self.cancel_timer(timer);
        }
    }

    fn dequeue_job(&mut self, t: TaskId) {
        self.pool.retain(|j| *j != t);
    }

    fn interrupt_wait(&mut self, t: TaskId, by: TaskId) {
        if self.parked(t) {
            // Parked on a lock in shared memory: its worker reads no message until it wakes,
            // so the page raises the task's cancel flag there (`page_run`), which it reads.
            return self.ask_to_stop(t, by);
        }
        self.tasks[t.0 as usize].cancel_pending = true;
        self.remove_wait(t);
        self.woken(t, Some(by), WakeCause::Cancel);
        // The worker unwinds the task (an async task at its await) and reports its end.
        self.resume(t, Reply::Cancelled);
    }

    fn ask_to_stop(&mut self, t: TaskId, by: TaskId) {
        let task = &mut self.tasks[t.0 as usize];
        task.cancel_pending = true;
        if let Some(dest) = task.dest {
            let msg = ToWorker::Cancel {
                run: self.run,
                task: t.0,
                by: by.0,
            };
            self.effects.push(Effect::Send(dest, msg));
        }
    }

    fn take_joiners(&mut self, t: TaskId) -> Vec<TaskId> {
        std::mem::take(&mut self.tasks[t.0 as usize].joiners)
    }

    fn join_wait_mut(&mut self, j: TaskId) -> Option<&mut Vec<TaskId>> {
        match &mut self.tasks[j.0 as usize].status {
            Status::Waiting(Wait::Join(list)) => Some(list),
            _ => None,
        }
    }

    fn wake_joiner(&mut self, j: TaskId, by: TaskId, failure: Option<String>) {
        self.woken(j, Some(by), WakeCause::Join(by));
        let reply = match failure {
            Some(msg) => Reply::Fail(msg),
            None => Reply::Done(None),
        };
        self.resume(j, reply);
    }
}
