//! Locks, semaphores and condition variables, with FIFO wait queues and direct hand-off.
//!
//! When a holder lets go, the longest waiter that can proceed gets the resource at that
//! instant (`Woken`, `Acquired`, then `Ready`), so nobody can barge in between; the rwlock
//! prefers writers (a waiting writer blocks new readers), and a semaphore's head waiter blocks
//! later ones even when they ask for fewer permits.

use super::steps::Flow;
use super::world::{Res, Status, Wait, World};
use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};

impl World {
    pub(super) fn op_lock(&mut self, t: TaskId, m: ResId) -> Flow {
        let Res::Mutex { holder, waiters } = &mut self.res[m.0 as usize] else {
            return Flow::Next;
        };
        if holder.is_none() && waiters.is_empty() {
            *holder = Some(t);
            self.acquired(t, m, 1, false);
            return Flow::Next;
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        if let Res::Mutex { waiters, .. } = &mut self.res[m.0 as usize] {
            waiters.push_back(t);
        }
        self.block(t, Wait::Lock(m), WaitFor::Lock(m))
    }

    /// `unlock` of a mutex, or of whichever side of an rwlock the task holds.
    pub(super) fn op_unlock(&mut self, t: TaskId, r: ResId) -> Result<(), String> {
        let held = match &mut self.res[r.0 as usize] {
            Res::Mutex { holder, .. } if *holder == Some(t) => {
                *holder = None;
                true
            }
            Res::RwLock {
                writer, readers, ..
            } => {
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
            _ => false,
        };
        if !held {
            return Err(format!(
                "cannot unlock {}: {} does not hold it",
                self.res_name(r),
                self.name(t)
            ));
        }
        self.released(t, r, 1, false);
        self.pump(r, Some(t));
        Ok(())
    }

    pub(super) fn op_rw(&mut self, t: TaskId, r: ResId, write: bool) -> Flow {
        let Res::RwLock {
            writer,
            readers,
            waiters,
        } = &mut self.res[r.0 as usize]
        else {
            return Flow::Next;
        };
        let free = writer.is_none() && waiters.is_empty() && (!write || readers.is_empty());
        if free {
            if write {
                *writer = Some(t);
            } else {
                readers.push(t);
            }
            self.acquired(t, r, 1, !write);
            return Flow::Next;
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        if let Res::RwLock { waiters, .. } = &mut self.res[r.0 as usize] {
            waiters.push_back((t, write));
        }
        match write {
            true => self.block(t, Wait::Write(r), WaitFor::Write(r)),
            false => self.block(t, Wait::Read(r), WaitFor::Read(r)),
        }
    }

    pub(super) fn op_acquire(&mut self, t: TaskId, s: ResId, n: u32) -> Flow {
        let Res::Sem {
            avail,
            held,
            waiters,
        } = &mut self.res[s.0 as usize]
        else {
            return Flow::Next;
        };
        if waiters.is_empty() && *avail >= n {
            *avail -= n;
            add_held(held, t, n);
            self.acquired(t, s, n, false);
            return Flow::Next;
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        if let Res::Sem { waiters, .. } = &mut self.res[s.0 as usize] {
            waiters.push_back((t, n));
        }
        self.block(t, Wait::Permits(s, n), WaitFor::Permits(s, n))
    }

    pub(super) fn op_release(&mut self, t: TaskId, s: ResId, n: u32) -> Result<(), String> {
        let Res::Sem { avail, held, .. } = &mut self.res[s.0 as usize] else {
            return Ok(());
        };
        let mine = held.iter().find(|(x, _)| *x == t).map_or(0, |h| h.1);
        if mine < n {
            let what = if n == 1 {
                "a permit".to_string()
            } else {
                format!("{n} permits")
            };
            return Err(format!(
                "cannot release {what} of {}: {} holds {mine}",
                self.res_name(s),
                self.name(t)
            ));
        }
        sub_held(held, t, n);
        *avail = avail.saturating_add(n);
        self.released(t, s, n, false);
        self.pump(s, Some(t));
        Ok(())
    }

    /// `wait CV M`: releases M, waits for a notify, then re-locks M (queued FIFO on M).
    pub(super) fn op_wait(&mut self, t: TaskId, cv: ResId, m: ResId) -> Flow {
        let holds =
            matches!(&self.res[m.0 as usize], Res::Mutex { holder, .. } if *holder == Some(t));
        if !holds {
            let msg = format!(
                "cannot wait on {}: {} does not hold {}",
                self.res_name(cv),
                self.name(t),
                self.res_name(m)
            );
            return self.raise(t, msg);
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        if let Res::Mutex { holder, .. } = &mut self.res[m.0 as usize] {
            *holder = None;
        }
        self.released(t, m, 1, false);
        self.pump(m, Some(t));
        if let Res::Cv { waiters } = &mut self.res[cv.0 as usize] {
            waiters.push_back((t, m));
        }
        self.block(t, Wait::Notify(cv), WaitFor::Notify(cv))
    }

    /// Wakes the longest waiter (or all); a notify with no waiter is lost, as in real condvars.
    pub(super) fn op_notify(&mut self, t: TaskId, cv: ResId, all: bool) -> Result<(), String> {
        loop {
            let Res::Cv { waiters } = &mut self.res[cv.0 as usize] else {
                return Ok(());
            };
            let Some((w, m)) = waiters.pop_front() else {
                return Ok(());
            };
            self.woken(w, Some(t), WakeCause::Notify(cv));
            self.relock(w, m);
            if !all {
                return Ok(());
            }
        }
    }

    /// A notified waiter takes its mutex back, or queues for it.
    fn relock(&mut self, w: TaskId, m: ResId) {
        if let Res::Mutex { holder, waiters } = &mut self.res[m.0 as usize] {
            if holder.is_none() && waiters.is_empty() {
                *holder = Some(w);
                self.acquired(w, m, 1, false);
                self.resume(w);
            } else {
                waiters.push_back(w);
                self.task_mut(w).status = Status::Waiting(Wait::Lock(m));
                self.emit(EventKind::Blocked {
                    task: w,
                    on: WaitFor::Lock(m),
                });
            }
        }
    }

    /// Hands a resource that became available to the waiters at the head of its queue.
    pub(super) fn pump(&mut self, r: ResId, by: Option<TaskId>) {
        loop {
            let grant = match &mut self.res[r.0 as usize] {
                Res::Mutex { holder, waiters } if holder.is_none() => {
                    waiters.pop_front().map(|w| {
                        *holder = Some(w);
                        (w, 1, false, WakeCause::Unlock(r))
                    })
                }
                Res::RwLock {
                    writer,
                    readers,
                    waiters,
                } if writer.is_none() => match waiters.front().copied() {
                    Some((w, true)) if readers.is_empty() => {
                        waiters.pop_front();
                        *writer = Some(w);
                        Some((w, 1, false, WakeCause::Unlock(r)))
                    }
                    Some((w, false)) => {
                        waiters.pop_front();
                        readers.push(w);
                        Some((w, 1, true, WakeCause::Unlock(r)))
                    }
                    _ => None,
                },
                Res::Sem {
                    avail,
                    held,
                    waiters,
                } => match waiters.front().copied() {
                    Some((w, n)) if n <= *avail => {
                        waiters.pop_front();
                        *avail -= n;
                        add_held(held, w, n);
                        Some((w, n, false, WakeCause::Release(r)))
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
            self.resume(w);
        }
    }

    /// Takes a waiting task out of the queue it waits in (it was cancelled or timed out).
    pub(super) fn remove_wait(&mut self, t: TaskId) {
        let Status::Waiting(wait) = self.task(t).status.clone() else {
            return;
        };
        self.task_mut(t).status = Status::Running;
        match wait {
            Wait::Lock(r) | Wait::Read(r) | Wait::Write(r) | Wait::Permits(r, _) => {
                match &mut self.res[r.0 as usize] {
                    Res::Mutex { waiters, .. } => waiters.retain(|x| *x != t),
                    Res::RwLock { waiters, .. } => waiters.retain(|x| x.0 != t),
                    Res::Sem { waiters, .. } => waiters.retain(|x| x.0 != t),
                    _ => {}
                }
                // The head may have been what blocked the waiters behind it.
                self.pump(r, None);
            }
            Wait::Notify(cv) => {
                if let Res::Cv { waiters } = &mut self.res[cv.0 as usize] {
                    waiters.retain(|x| x.0 != t);
                }
            }
            Wait::Send(ch) => {
                if let Res::Chan { senders, .. } = &mut self.res[ch.0 as usize] {
                    senders.retain(|x| x.0 != t);
                }
            }
            Wait::Recv(ch) => {
                if let Res::Chan { receivers, .. } = &mut self.res[ch.0 as usize] {
                    receivers.retain(|x| *x != t);
                }
            }
            Wait::Join(_) => {}
            Wait::Sleep(timer) => self.cancel_timer(timer),
        }
    }

    /// Releases everything an ending task still holds, each marked "released on exit".
    pub(super) fn release_on_exit(&mut self, t: TaskId) {
        for r in std::mem::take(&mut self.task_mut(t).holds) {
            let n = match &mut self.res[r.0 as usize] {
                Res::Mutex { holder, .. } if *holder == Some(t) => {
                    *holder = None;
                    1
                }
                Res::RwLock {
                    writer, readers, ..
                } => {
                    let mut n = 0;
                    if *writer == Some(t) {
                        *writer = None;
                        n += 1;
                    }
                    let before = readers.len();
                    readers.retain(|x| *x != t);
                    n + (before - readers.len()) as u32
                }
                Res::Sem { avail, held, .. } => {
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

    fn acquired(&mut self, t: TaskId, r: ResId, n: u32, shared: bool) {
        self.note_hold(t, r);
        self.emit(EventKind::Acquired {
            task: t,
            res: r,
            n,
            shared,
        });
    }

    fn released(&mut self, t: TaskId, r: ResId, n: u32, on_exit: bool) {
        self.emit(EventKind::Released {
            task: t,
            res: r,
            n,
            on_exit,
        });
    }
}

fn add_held(held: &mut Vec<(TaskId, u32)>, t: TaskId, n: u32) {
    match held.iter_mut().find(|(x, _)| *x == t) {
        Some(h) => h.1 = h.1.saturating_add(n),
        None => held.push((t, n)),
    }
}

fn sub_held(held: &mut Vec<(TaskId, u32)>, t: TaskId, n: u32) {
    if let Some(i) = held.iter().position(|(x, _)| *x == t) {
        held[i].1 = held[i].1.saturating_sub(n);
        if held[i].1 == 0 {
            held.remove(i);
        }
    }
}
