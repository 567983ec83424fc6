//! Locks and channels in shared memory (`live::memory`) as the coordinator sees them: threads
//! take, send, receive and wait on their own workers, and the coordinator mirrors what they
//! report (waits, takes, releases, items) into its records, so `stuck` and the deadlock report
//! see them as they see its own. Only a worker that uses shared memory reports these itself.
//!
//! The mirror can lag: a thread that took the lock may not have said so yet. So the page
//! confirms a deadlock that involves real locks only after the run has stayed stuck, with no
//! new event, for a while (`page_run`).

use super::records::{Res, Status, Wait};
use super::Coordinator;
use crate::rules::resources::{add_held, sub_held, ResWait};
use crate::shm::{condvar, mutex, rwlock, semaphore, Memory};
use crate::trace::{EventKind, ResId, TaskId, TimerWhat, WaitFor};

/// The mutex recorded with a mirrored condvar wait: none, since the worker re-locks it.
const NO_MUTEX: ResId = ResId(u32::MAX);

impl Coordinator {
    /// Mirrors one event a worker reported (after its timer ids became the run's).
    pub(super) fn mirror(&mut self, kind: &EventKind) {
        match *kind {
            EventKind::Blocked { task, ref on } => {
                let wait = match *on {
                    WaitFor::Lock(r) => ResWait::Lock(r),
                    WaitFor::Read(r) => ResWait::Read(r),
                    WaitFor::Write(r) => ResWait::Write(r),
                    WaitFor::Permits(r, n) => ResWait::Permits(r, n),
                    WaitFor::Send(r) => ResWait::Send(r),
                    WaitFor::Recv(r) => ResWait::Recv(r),
                    WaitFor::Notify(r) => ResWait::Notify(r),
                    _ => return,
                };
                let r = wait.on().res().map_or(usize::MAX, |r| r.0 as usize);
                match (self.res.get_mut(r), wait) {
                    (Some(Res::Mutex { waiters, .. }), _) if !waiters.contains(&task) => {
                        waiters.push_back(task)
                    }
                    (Some(Res::RwLock { waiters, .. }), _)
                        if !waiters.iter().any(|w| w.0 == task) =>
                    {
                        waiters.push_back((task, matches!(wait, ResWait::Write(_))))
                    }
                    (Some(Res::Sem { waiters, .. }), ResWait::Permits(_, n))
                        if !waiters.iter().any(|w| w.0 == task) =>
                    {
                        waiters.push_back((task, n))
                    }
                    // The value a parked sender holds is its own: the mirror needs only who.
                    (Some(Res::Chan { senders, .. }), ResWait::Send(_))
                        if !senders.iter().any(|w| w.0 == task) =>
                    {
                        senders.push_back((task, 0))
                    }
                    (Some(Res::Chan { receivers, .. }), ResWait::Recv(_))
                        if !receivers.contains(&task) =>
                    {
                        receivers.push_back(task)
                    }
                    // The mutex a waiter takes back is its own business: the worker re-locks.
                    (Some(Res::Cv { waiters }), ResWait::Notify(_))
                        if !waiters.iter().any(|w| w.0 == task) =>
                    {
                        waiters.push_back((task, NO_MUTEX))
                    }
                    _ => {}
                }
                // A parked thread inside a `timeout` block gives up by itself in time.
                let deadline = self.open_timeouts.values().any(|owner| *owner == task);
                let t = &mut self.tasks[task.0 as usize];
                t.status = Status::Waiting(Wait::Res(wait));
                t.req = None;
                t.deadline = deadline;
            }
            EventKind::Woken { task, .. } => self.unpark(task),
            EventKind::Acquired {
                task,
                res,
                n,
                shared,
            } => {
                self.unpark(task);
                match self.res.get_mut(res.0 as usize) {
                    Some(Res::Mutex { holder, .. }) => *holder = Some(task),
                    Some(Res::RwLock {
                        writer, readers, ..
                    }) if shared => readers.push(task),
                    Some(Res::RwLock { writer, .. }) => *writer = Some(task),
                    Some(Res::Sem { avail, held, .. }) => {
                        *avail = avail.saturating_sub(n);
                        add_held(held, task, n);
                    }
                    _ => {}
                }
            }
            EventKind::Released { task, res, n, .. } => match self.res.get_mut(res.0 as usize) {
                Some(Res::Mutex { holder, .. }) if *holder == Some(task) => *holder = None,
                Some(Res::RwLock {
                    writer, readers, ..
                }) => {
                    if *writer == Some(task) {
                        *writer = None;
                    } else if let Some(i) = readers.iter().position(|r| *r == task) {
                        readers.remove(i);
                    }
                }
                Some(Res::Sem { avail, held, .. }) => {
                    *avail = avail.saturating_add(n);
                    sub_held(held, task, n);
                }
                _ => {}
            },
            // Only a worker whose channel is in shared memory reports these itself.
            EventKind::Sent { task, ch, value } => {
                self.unpark(task);
                if let Some(Res::Chan { buf, .. }) = self.res.get_mut(ch.0 as usize) {
                    buf.push_back(value);
                }
            }
            EventKind::Received { task, ch, .. } => {
                self.unpark(task);
                if let Some(Res::Chan { buf, .. }) = self.res.get_mut(ch.0 as usize) {
                    buf.pop_front();
                }
            }
            EventKind::Closed { ch, .. } => {
                if let Some(Res::Chan { closed, .. }) = self.res.get_mut(ch.0 as usize) {
                    *closed = true;
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

    /// Takes `t` off the condvar queues in shared memory and frees the locks there that it
    /// still holds, because its worker died with them: the page gives each back in `t`'s name (a mutex's word names its owner, an
    /// rwlock's its writer; readers and permits are known from the mirror), which wakes the
    /// parked waiters, and the trace marks it "released on exit", as the simulator does when a
    /// task ends holding a lock.
    pub(super) fn release_real_on_exit(&mut self, t: TaskId, memory: &dyn Memory) {
        let layout = crate::live::memory::Layout::of(&self.scenario);
        // A waiter whose worker died leaves every condvar's queue, so that the next notify
        // wakes a live waiter rather than this dead one. (A queue the coordinator keeps itself
        // holds nobody in shared memory: leaving it there finds nothing.)
        for r in 0..self.res.len() as u32 {
            if let Some(queue) = layout.condvar(r) {
                condvar::give_up(memory, queue, t.0);
            }
        }
        for r in 0..self.res.len() as u32 {
            // The coordinator's own locks are released as the task finishes.
            if self.tasks[t.0 as usize].holds.contains(&ResId(r)) {
                continue;
            }
            let at = layout.lock_word(r);
            let me = t.0;
            let n = match self.res.get_mut(r as usize) {
                Some(Res::Mutex { holder, .. }) => {
                    if mutex::owner(memory, at) != Some(me)
                        || mutex::unlock(memory, at, me).is_err()
                    {
                        continue;
                    }
                    if *holder == Some(t) {
                        *holder = None;
                    }
                    1
                }
                Some(Res::RwLock {
                    writer, readers, ..
                }) => {
                    if rwlock::writer(memory, at) == Some(me) {
                        rwlock::unlock_write(memory, at, me);
                        *writer = None;
                    } else if let Some(i) = readers.iter().position(|x| *x == t) {
                        rwlock::unlock_read(memory, at, me);
                        readers.remove(i);
                    } else {
                        continue;
                    }
                    1
                }
                Some(Res::Sem { avail, held, .. }) => {
                    let Some(&(_, n)) = held.iter().find(|h| h.0 == t) else {
                        continue;
                    };
                    semaphore::release(memory, at, i32::try_from(n).unwrap_or(i32::MAX), me);
                    *avail = avail.saturating_add(n);
                    sub_held(held, t, n);
                    n
                }
                _ => continue,
            };
            self.emit(EventKind::Released {
                task: t,
                res: ResId(r),
                n,
                on_exit: true,
            });
        }
    }

    /// Whether `t` waits in shared memory (a mirrored wait, with no request).
    pub(super) fn parked(&self, t: TaskId) -> bool {
        let task = &self.tasks[t.0 as usize];
        task.req.is_none()
            && matches!(
                task.status,
                Status::Waiting(Wait::Res(
                    ResWait::Lock(_)
                        | ResWait::Read(_)
                        | ResWait::Write(_)
                        | ResWait::Permits(..)
                        | ResWait::Send(_)
                        | ResWait::Recv(_)
                        | ResWait::Notify(_)
                ))
            )
    }

    /// Every mirrored wait in shared memory: the task and what it waits for.
    pub fn parked_waits(&self) -> Vec<(TaskId, ResId)> {
        (0..self.tasks.len() as u32)
            .map(TaskId)
            .filter(|&t| self.parked(t))
            .filter_map(|t| match self.tasks[t.0 as usize].status {
                Status::Waiting(Wait::Res(wait)) => Some((t, wait.on().res()?)),
                _ => None,
            })
            .collect()
    }

    /// Whether any task waits in shared memory.
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
        let Status::Waiting(Wait::Res(wait)) = task.status else {
            return;
        };
        task.status = Status::Running;
        let r = wait.on().res().map_or(usize::MAX, |r| r.0 as usize);
        match self.res.get_mut(r) {
            Some(Res::Mutex { waiters, .. }) => waiters.retain(|w| *w != t),
            Some(Res::RwLock { waiters, .. }) => waiters.retain(|w| w.0 != t),
            Some(Res::Sem { waiters, .. }) => waiters.retain(|w| w.0 != t),
            Some(Res::Chan {
                senders, receivers, ..
            }) => {
                senders.retain(|w| w.0 != t);
                receivers.retain(|w| *w != t);
            }
            Some(Res::Cv { waiters }) => waiters.retain(|w| w.0 != t),
            _ => {}
        }
    }
}
