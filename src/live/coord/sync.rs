//! Locks, rwlocks, semaphores and condvars in the coordinator, with FIFO wait queues.
//!
//! When a holder lets go, the longest waiter that can proceed gets the resource at that instant
//! (direct hand-off): it wakes already holding it, so nobody can barge in. The rwlock prefers
//! writers (a waiting writer blocks new readers); a semaphore's head waiter blocks later ones
//! even when they ask for fewer permits.

use super::request::Step;
use super::state::{add_held, sub_held, Res, Status, Wait};
use super::Coordinator;
use crate::live::proto::{Reply, ReqId};
use crate::trace::{EventKind, ResId, TaskId, WakeCause};

impl Coordinator {
    pub(super) fn op_lock(&mut self, t: u32, req: ReqId, m: u32) -> Step {
        let Some(Res::Mutex { holder, waiters }) = self.res.get_mut(m as usize) else {
            return self.wrong(m, "mutex");
        };
        if holder.is_none() && waiters.is_empty() {
            *holder = Some(t);
            self.acquired(t, m, 1, false);
            return Step::Done(None);
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        if let Some(Res::Mutex { waiters, .. }) = self.res.get_mut(m as usize) {
            waiters.push_back(t);
        }
        self.wait_on(t, req, Wait::Lock(m))
    }

    /// `unlock` of a mutex, or of whichever side of an rwlock the task holds.
    pub(super) fn op_unlock(&mut self, t: u32, r: u32) -> Step {
        let held = match self.res.get_mut(r as usize) {
            Some(Res::Mutex { holder, .. }) if *holder == Some(t) => {
                *holder = None;
                true
            }
            Some(Res::RwLock {
                writer, readers, ..
            }) => {
                if *writer == Some(t) {
                    *writer = None;
                    true
                } else if let Some(i) = readers.iter().position(|x| *x == t) {
                    readers.remove(i);
                    true
                } else {
                    false
                }
            }
            Some(Res::Mutex { .. }) => false,
            _ => return self.wrong(r, "mutex or rwlock"),
        };
        if !held {
            return Step::Fail(format!(
                "cannot unlock {}: {} does not hold it",
                self.res_name(r),
                self.name(t)
            ));
        }
        self.released(t, r, 1, false);
        self.pump(r, Some(t));
        Step::Done(None)
    }

    pub(super) fn op_rw(&mut self, t: u32, req: ReqId, r: u32, write: bool) -> Step {
        let Some(Res::RwLock {
            writer,
            readers,
            waiters,
        }) = self.res.get_mut(r as usize)
        else {
            return self.wrong(r, "rwlock");
        };
        let free = writer.is_none() && waiters.is_empty() && (!write || readers.is_empty());
        if free {
            if write {
                *writer = Some(t);
            } else {
                readers.push(t);
            }
            self.acquired(t, r, 1, !write);
            return Step::Done(None);
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        if let Some(Res::RwLock { waiters, .. }) = self.res.get_mut(r as usize) {
            waiters.push_back((t, write));
        }
        let wait = if write { Wait::Write(r) } else { Wait::Read(r) };
        self.wait_on(t, req, wait)
    }

    pub(super) fn op_acquire(&mut self, t: u32, req: ReqId, s: u32, n: u32) -> Step {
        let Some(Res::Sem {
            avail,
            held,
            waiters,
        }) = self.res.get_mut(s as usize)
        else {
            return self.wrong(s, "semaphore");
        };
        if waiters.is_empty() && *avail >= n {
            *avail -= n;
            add_held(held, t, n);
            self.acquired(t, s, n, false);
            return Step::Done(None);
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        if let Some(Res::Sem { waiters, .. }) = self.res.get_mut(s as usize) {
            waiters.push_back((t, n));
        }
        self.wait_on(t, req, Wait::Permits(s, n))
    }

    pub(super) fn op_release(&mut self, t: u32, s: u32, n: u32) -> Step {
        let Some(Res::Sem { avail, held, .. }) = self.res.get_mut(s as usize) else {
            return self.wrong(s, "semaphore");
        };
        let mine = held.iter().find(|(x, _)| *x == t).map_or(0, |h| h.1);
        if mine < n {
            let what = if n == 1 {
                "a permit".to_string()
            } else {
                format!("{n} permits")
            };
            return Step::Fail(format!(
                "cannot release {what} of {}: {} holds {mine}",
                self.res_name(s),
                self.name(t)
            ));
        }
        sub_held(held, t, n);
        *avail = avail.saturating_add(n);
        self.released(t, s, n, false);
        self.pump(s, Some(t));
        Step::Done(None)
    }

    /// `wait CV M`: releases M, waits for a notify, then re-locks M (queued FIFO on M).
    pub(super) fn op_wait(&mut self, t: u32, req: ReqId, cv: u32, m: u32) -> Step {
        if !matches!(self.res.get(cv as usize), Some(Res::Cv { .. })) {
            return self.wrong(cv, "condvar");
        }
        let holds = matches!(self.res.get(m as usize), Some(Res::Mutex { holder, .. }) if *holder == Some(t));
        if !holds {
            return Step::Fail(format!(
                "cannot wait on {}: {} does not hold {}",
                self.res_name(cv),
                self.name(t),
                self.res_name(m)
            ));
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        if let Some(Res::Mutex { holder, .. }) = self.res.get_mut(m as usize) {
            *holder = None;
        }
        self.released(t, m, 1, false);
        self.pump(m, Some(t));
        if let Some(Res::Cv { waiters }) = self.res.get_mut(cv as usize) {
            waiters.push_back((t, m));
        }
        self.wait_on(t, req, Wait::Notify(cv))
    }

    /// Wakes the longest waiter (or all); a notify with no waiter is lost, as in real condvars.
    pub(super) fn op_notify(&mut self, t: u32, cv: u32, all: bool) -> Step {
        if !matches!(self.res.get(cv as usize), Some(Res::Cv { .. })) {
            return self.wrong(cv, "condvar");
        }
        while let Some(Res::Cv { waiters }) = self.res.get_mut(cv as usize) {
            let Some((w, m)) = waiters.pop_front() else {
                break;
            };
            self.woken(w, Some(t), WakeCause::Notify(ResId(cv)));
            self.relock(w, m);
            if !all {
                break;
            }
        }
        Step::Done(None)
    }

    /// A notified waiter takes its mutex back, or queues for it.
    fn relock(&mut self, w: u32, m: u32) {
        if let Some(Res::Mutex { holder, waiters }) = self.res.get_mut(m as usize) {
            if holder.is_none() && waiters.is_empty() {
                *holder = Some(w);
                self.acquired(w, m, 1, false);
                self.resume(w, Reply::Done(None));
            } else {
                waiters.push_back(w);
                self.tasks[w as usize].status = Status::Waiting(Wait::Lock(m));
                self.emit(EventKind::Blocked {
                    task: TaskId(w),
                    on: crate::trace::WaitFor::Lock(ResId(m)),
                });
            }
        }
    }

    /// Hands a resource that became available to the waiters at the head of its queue.
    pub(super) fn pump(&mut self, r: u32, by: Option<u32>) {
        loop {
            let grant = match self.res.get_mut(r as usize) {
                Some(Res::Mutex { holder, waiters }) if holder.is_none() => {
                    waiters.pop_front().map(|w| {
                        *holder = Some(w);
                        (w, 1, false, WakeCause::Unlock(ResId(r)))
                    })
                }
                Some(Res::RwLock {
                    writer,
                    readers,
                    waiters,
                }) if writer.is_none() => match waiters.front().copied() {
                    Some((w, true)) if readers.is_empty() => {
                        waiters.pop_front();
                        *writer = Some(w);
                        Some((w, 1, false, WakeCause::Unlock(ResId(r))))
                    }
                    Some((w, false)) => {
                        waiters.pop_front();
                        readers.push(w);
                        Some((w, 1, true, WakeCause::Unlock(ResId(r))))
                    }
                    _ => None,
                },
                Some(Res::Sem {
                    avail,
                    held,
                    waiters,
                }) => match waiters.front().copied() {
                    Some((w, n)) if n <= *avail => {
                        waiters.pop_front();
                        *avail -= n;
                        add_held(held, w, n);
                        Some((w, n, false, WakeCause::Release(ResId(r))))
                    }
                    _ => None,
                },
                _ => None,
            };
            let Some((w, n, shared, cause)) = grant else {
                return;
            };
            self.woken(w, by, cause);
            self.acquired(w, r, n, shared);
            self.resume(w, Reply::Done(None));
        }
    }

    /// Takes a waiting task out of the queue it waits in (cancelled, timed out, or its worker died).
    pub(super) fn remove_wait(&mut self, t: u32) {
        let Status::Waiting(wait) = self.tasks[t as usize].status.clone() else {
            return;
        };
        self.tasks[t as usize].status = Status::Running;
        let res = |r: &u32| *r as usize;
        match wait {
            Wait::Lock(r) | Wait::Read(r) | Wait::Write(r) | Wait::Permits(r, _) => {
                match self.res.get_mut(res(&r)) {
                    Some(Res::Mutex { waiters, .. }) => waiters.retain(|x| *x != t),
                    Some(Res::RwLock { waiters, .. }) => waiters.retain(|x| x.0 != t),
                    Some(Res::Sem { waiters, .. }) => waiters.retain(|x| x.0 != t),
                    _ => {}
                }
                // The head may have been what blocked the waiters behind it.
                self.pump(r, None);
            }
            Wait::Notify(cv) => {
                if let Some(Res::Cv { waiters }) = self.res.get_mut(res(&cv)) {
                    waiters.retain(|x| x.0 != t);
                }
            }
            Wait::Send(ch) => {
                if let Some(Res::Chan { senders, .. }) = self.res.get_mut(res(&ch)) {
                    senders.retain(|x| x.0 != t);
                }
            }
            Wait::Recv(ch) => {
                if let Some(Res::Chan { receivers, .. }) = self.res.get_mut(res(&ch)) {
                    receivers.retain(|x| *x != t);
                }
            }
            Wait::Join(_) => {}
        }
    }

    /// Releases everything an ending task still holds, each marked "released on exit".
    pub(super) fn release_on_exit(&mut self, t: u32) {
        for r in std::mem::take(&mut self.tasks[t as usize].holds) {
            let n = match self.res.get_mut(r as usize) {
                Some(Res::Mutex { holder, .. }) if *holder == Some(t) => {
                    *holder = None;
                    1
                }
                Some(Res::RwLock {
                    writer, readers, ..
                }) => {
                    let mut n = 0;
                    if *writer == Some(t) {
                        *writer = None;
                        n += 1;
                    }
                    let before = readers.len();
                    readers.retain(|x| *x != t);
                    n + (before - readers.len()) as u32
                }
                Some(Res::Sem { avail, held, .. }) => {
                    let n = held.iter().find(|(x, _)| *x == t).map_or(0, |h| h.1);
                    sub_held(held, t, n);
                    *avail = avail.saturating_add(n);
                    n
                }
                _ => 0,
            };
            if n > 0 {
                self.released(t, r, n, true);
                self.pump(r, Some(t));
            }
        }
    }

    pub(super) fn woken(&mut self, t: u32, by: Option<u32>, cause: WakeCause) {
        self.emit(EventKind::Woken {
            task: TaskId(t),
            by: by.map(TaskId),
            cause,
        });
    }

    fn acquired(&mut self, t: u32, r: u32, n: u32, shared: bool) {
        let holds = &mut self.tasks[t as usize].holds;
        if !holds.contains(&r) {
            holds.push(r);
        }
        self.emit(EventKind::Acquired {
            task: TaskId(t),
            res: ResId(r),
            n,
            shared,
        });
    }

    fn released(&mut self, t: u32, r: u32, n: u32, on_exit: bool) {
        self.emit(EventKind::Released {
            task: TaskId(t),
            res: ResId(r),
            n,
            on_exit,
        });
    }
}
