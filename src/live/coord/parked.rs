//! Mutexes in shared memory (`live::memory`) as the coordinator sees them: threads take and
//! wait for them on their own workers, and the coordinator mirrors what they report (waits,
//! takes, releases) into its records, so `stuck` and the deadlock report see real locks as they
//! see its own. Only a worker that locks in shared memory reports these events itself.
//!
//! The mirror can lag: a thread that took the lock may not have said so yet. So the page
//! confirms a deadlock that involves real locks only after the run has stayed stuck, with no
//! new event, for a while (`page_run`).

use super::records::{Res, Status, Wait};
use super::Coordinator;
use crate::rules::resources::ResWait;
use crate::shm::{mutex, Memory};
use crate::trace::{EventKind, ResId, TaskId, TimerWhat, WaitFor};

impl Coordinator {
    /// Mirrors one event a worker reported (after its timer ids became the run's).
    pub(super) fn mirror(&mut self, kind: &EventKind) {
        match *kind {
            EventKind::Blocked {
                task,
                on: WaitFor::Lock(m),
            } => {
                if let Some(Res::Mutex { waiters, .. }) = self.res.get_mut(m.0 as usize) {
                    if !waiters.contains(&task) {
                        waiters.push_back(task);
                    }
                }
                // A parked thread inside a `timeout` block gives up by itself in time.
                let deadline = self.open_timeouts.values().any(|owner| *owner == task);
                let t = &mut self.tasks[task.0 as usize];
                t.status = Status::Waiting(Wait::Res(ResWait::Lock(m)));
                t.req = None;
                t.deadline = deadline;
            }
            EventKind::Woken { task, .. } => self.unpark(task),
            EventKind::Acquired { task, res, .. } => {
                self.unpark(task);
                if let Some(Res::Mutex { holder, .. }) = self.res.get_mut(res.0 as usize) {
                    *holder = Some(task);
                }
            }
            EventKind::Released { task, res, .. } => {
                if let Some(Res::Mutex { holder, .. }) = self.res.get_mut(res.0 as usize) {
                    if *holder == Some(task) {
                        *holder = None;
                    }
                }
            }
            EventKind::TimerSet {
                timer,
                owner,
                what: TimerWhat::Timeout,
                ..
            } => {
                self.open_timeouts.insert(timer.0, owner);
            }
            EventKind::TimerFired { timer } | EventKind::TimerCancelled { timer } => {
                self.open_timeouts.remove(&timer.0);
            }
            _ => {}
        }
    }

    /// Frees the mutexes in shared memory that `t` still holds, because its worker died with
    /// them: the page unlocks each in `t`'s name (the lock word names its owner) and wakes a
    /// parked waiter, and the trace marks it "released on exit", as the simulator does when a
    /// task ends holding a lock.
    pub(super) fn release_real_on_exit(&mut self, t: TaskId, memory: &dyn Memory) {
        let layout = crate::live::memory::Layout::of(&self.scenario);
        for r in 0..self.res.len() as u32 {
            let Some(Res::Mutex { holder, .. }) = self.res.get_mut(r as usize) else {
                continue;
            };
            let at = layout.lock_word(r);
            if mutex::owner(memory, at) != Some(t.0) || mutex::unlock(memory, at, t.0).is_err() {
                continue;
            }
            if *holder == Some(t) {
                *holder = None;
            }
            self.emit(EventKind::Released {
                task: t,
                res: ResId(r),
                n: 1,
                on_exit: true,
            });
        }
    }

    /// Whether `t` waits for a mutex in shared memory (a mirrored wait, with no request).
    pub(super) fn parked(&self, t: TaskId) -> bool {
        let task = &self.tasks[t.0 as usize];
        task.req.is_none() && matches!(task.status, Status::Waiting(Wait::Res(ResWait::Lock(_))))
    }

    /// Whether any task waits for a mutex in shared memory.
    pub fn any_parked(&self) -> bool {
        (0..self.tasks.len() as u32).any(|t| self.parked(TaskId(t)))
    }

    /// A parked task reported going on: it no longer waits. Only the mirror changes: the
    /// coordinator's own hand-off (`resources::leave` pumps the queue) must not give a lock in
    /// shared memory to anyone, since the workers take it themselves.
    fn unpark(&mut self, t: TaskId) {
        if !self.parked(t) {
            return;
        }
        let task = &mut self.tasks[t.0 as usize];
        let Status::Waiting(Wait::Res(ResWait::Lock(m))) = task.status else {
            return;
        };
        task.status = Status::Running;
        if let Some(Res::Mutex { waiters, .. }) = self.res.get_mut(m.0 as usize) {
            waiters.retain(|w| *w != t);
        }
    }
}
