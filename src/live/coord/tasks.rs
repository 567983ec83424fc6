//! Task lives in the coordinator: start (on the loop, in the pool queue, or on a new thread
//! worker), `spawn`, `join`, `cancel`, the pool queue's order, and the end of a task.

use super::request::Step;
use super::state::{Dest, Status, Wait};
use super::{Coordinator, Effect};
use crate::live::proto::{Reply, ReqId, ToWorker};
use crate::model::{PoolQueue, TaskKind};
use crate::trace::{EndHow, EventKind, TaskId, WaitFor, WakeCause};

impl Coordinator {
    /// Starts a task now: on the event loop, in the pool queue, or on a thread worker of its own.
    pub(super) fn start(&mut self, t: u32, by: Option<u32>) {
        if let Some(timer) = self.tasks[t as usize].start_timer.take() {
            self.cancel_timer(timer);
        }
        let now = self.now;
        self.tasks[t as usize].start_us = Some(now);
        self.emit(EventKind::Spawned {
            task: TaskId(t),
            by: by.map(TaskId),
        });
        match self.tasks[t as usize].kind {
            TaskKind::Async => {
                let task = &mut self.tasks[t as usize];
                task.status = Status::Running;
                task.dest = Some(Dest::Loop);
                let msg = ToWorker::Start {
                    run: self.run,
                    task: t,
                };
                self.effects.push(Effect::Send(Dest::Loop, msg));
            }
            TaskKind::Job => {
                self.tasks[t as usize].status = Status::Queued;
                self.emit(EventKind::Ready { task: TaskId(t) });
                self.pool.push_back(t);
                self.dispatch_pool();
            }
            TaskKind::Thread | TaskKind::Process => {
                let task = &mut self.tasks[t as usize];
                task.status = Status::Starting;
                task.dest = Some(Dest::Thread(t));
                self.effects.push(Effect::NewThread(t));
            }
        }
    }

    /// The page created the thread's worker and started the task on it.
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
            let task = &mut self.tasks[t as usize];
            task.status = Status::Running;
            task.dest = Some(Dest::Pool(w as u32));
            let msg = ToWorker::Start {
                run: self.run,
                task: t,
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
                    let p = self.tasks[*t as usize].priority;
                    if p > self.tasks[self.pool[best] as usize].priority {
                        best = i;
                    }
                }
                best
            }
        })
    }

    /// `spawn`: all or nothing; a task that already started fails the spawner.
    pub(super) fn op_spawn(&mut self, t: u32, list: &[u32]) -> Step {
        for &x in list {
            let Some(task) = self.tasks.get(x as usize) else {
                return Step::Fail(format!("unknown task {x}"));
            };
            match task.status {
                Status::NotStarted => {}
                Status::Ended(EndHow::Cancelled) if task.start_us.is_none() => {
                    return Step::Fail(format!(
                        "task {} was cancelled before it started",
                        self.name(x)
                    ));
                }
                _ => return Step::Fail(format!("task {} already started", self.name(x))),
            }
        }
        for &x in list {
            self.start(x, Some(t));
        }
        Step::Done(None)
    }

    /// `join`: goes on if all ended well, fails on the first failure (by end order), else waits.
    pub(super) fn op_join(&mut self, t: u32, req: ReqId, list: &[u32]) -> Step {
        let mut first_bad: Option<u32> = None;
        let mut pending = Vec::new();
        for &x in list {
            let Some(task) = self.tasks.get(x as usize) else {
                return Step::Fail(format!("unknown task {x}"));
            };
            match &task.status {
                Status::Ended(EndHow::Completed) => {}
                Status::Ended(_) => {
                    let earlier =
                        first_bad.is_none_or(|b| task.end_seq < self.tasks[b as usize].end_seq);
                    if earlier {
                        first_bad = Some(x);
                    }
                }
                _ => pending.push(x),
            }
        }
        if let Some(x) = first_bad {
            return Step::Fail(self.join_failure(x));
        }
        if pending.is_empty() {
            return Step::Done(None);
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        for &x in &pending {
            self.tasks[x as usize].joiners.push(t);
        }
        let list: Vec<TaskId> = pending.into_iter().map(TaskId).collect();
        self.wait_on(t, req, Wait::Join(list.clone()), WaitFor::Join(list))
    }

    fn join_failure(&self, x: u32) -> String {
        match &self.tasks[x as usize].status {
            Status::Ended(EndHow::Failed(msg)) => format!("task {} failed: {msg}", self.name(x)),
            _ => format!("task {} was cancelled", self.name(x)),
        }
    }

    /// `cancel`: a task not started or still queued ends at once; a waiting one is taken out of
    /// its wait and ends (its worker is told `Cancelled`); a running one is told to stop at its
    /// next await (async) or step (thread-side).
    pub(super) fn cancel(&mut self, x: u32, by: u32) {
        let Some(task) = self.tasks.get(x as usize) else {
            return;
        };
        if matches!(task.status, Status::Ended(_)) {
            return;
        }
        self.emit(EventKind::CancelRequested {
            task: TaskId(x),
            by: TaskId(by),
        });
        match self.tasks[x as usize].status.clone() {
            Status::NotStarted => {
                if let Some(timer) = self.tasks[x as usize].start_timer.take() {
                    self.cancel_timer(timer);
                }
                self.finish(x, EndHow::Cancelled);
            }
            Status::Queued => {
                self.pool.retain(|j| *j != x);
                self.finish(x, EndHow::Cancelled);
            }
            Status::Waiting(_) => {
                self.tasks[x as usize].cancel_pending = true;
                self.remove_wait(x);
                self.woken(x, Some(by), WakeCause::Cancel);
                self.resume(x, Reply::Cancelled);
            }
            _ => {
                self.tasks[x as usize].cancel_pending = true;
                if let Some(dest) = self.tasks[x as usize].dest {
                    let msg = ToWorker::Cancel {
                        run: self.run,
                        task: x,
                        by,
                    };
                    self.effects.push(Effect::Send(dest, msg));
                }
            }
        }
    }

    /// Ends a task: releases on exit, writes `Ended`, wakes joiners, frees its worker.
    pub(super) fn finish(&mut self, t: u32, how: EndHow) {
        if matches!(self.tasks[t as usize].status, Status::Ended(_)) {
            return;
        }
        if matches!(self.tasks[t as usize].status, Status::Waiting(_)) {
            self.remove_wait(t);
        }
        self.pool.retain(|j| *j != t);
        self.release_on_exit(t);
        self.end_seq += 1;
        let (now, seq) = (self.now, self.end_seq);
        let task = &mut self.tasks[t as usize];
        task.status = Status::Ended(how.clone());
        task.end_us = Some(now);
        task.end_seq = seq;
        task.cancel_pending = false;
        task.req = None;
        let bad = !matches!(how, EndHow::Completed);
        self.emit(EventKind::Ended {
            task: TaskId(t),
            how,
        });
        for j in std::mem::take(&mut self.tasks[t as usize].joiners) {
            let Status::Waiting(Wait::Join(list)) = &mut self.tasks[j as usize].status else {
                continue;
            };
            if !list.contains(&TaskId(t)) {
                continue;
            }
            if bad {
                let msg = self.join_failure(t);
                self.woken(j, Some(t), WakeCause::Join(TaskId(t)));
                self.resume(j, Reply::Fail(msg));
            } else {
                list.retain(|x| x.0 != t);
                if list.is_empty() {
                    self.woken(j, Some(t), WakeCause::Join(TaskId(t)));
                    self.resume(j, Reply::Done(None));
                }
            }
        }
        match self.tasks[t as usize].dest {
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
