//! The interpreter's locks in shared memory (`live::memory`): `lock`, `read`, `write`, `acquire`
//! and their `unlock` and `release`, the futex algorithms of `shm` run where the thread is, with
//! the trace written where things happen. A thread, job or process parks its whole worker here;
//! an async task awaits a mutex instead (`awaited_lock`), and both unlock here.
//!
//! The page cannot see into a parked worker, so what it needs is sent at once rather than at the
//! end of the drive: the wait (before the first park, with who holds the lock). A parked thread
//! also sends an empty batch now and then, so the watchdog hears it is alive, and between parks
//! it looks at its cancel flag and its `timeout` deadlines.

use super::interp::{Ctl, Interp};
use crate::live::proto::Out;
use crate::model::Micros;
use crate::rules::resources::{release_refused, unlock_refused};
use crate::shm::{mutex, rwlock, semaphore, GaveUp, Memory, Waiting};
use crate::trace::{EndHow, EventKind, ResId, TaskId, WaitFor, WakeCause};

/// How often a parked thread tells the page it is alive (the watchdog pings after 1 s).
const HEARTBEAT_US: u64 = 300_000;

/// A lock in shared memory that a task holds, for its unlock and its release on exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Held {
    Mutex(ResId),
    Read(ResId),
    Write(ResId),
    Permits(ResId, u32),
}

impl Held {
    fn res(self) -> ResId {
        match self {
            Held::Mutex(r) | Held::Read(r) | Held::Write(r) | Held::Permits(r, _) => r,
        }
    }
}

/// How a blocking take ended: at once, or after a wait that the task named woke.
type Took = Result<Option<Option<u32>>, GaveUp>;

impl Interp {
    /// Whether `r` is a lock in shared memory for this worker.
    pub(super) fn is_real(&self, r: ResId) -> bool {
        self.sh
            .real_resources
            .get(r.0 as usize)
            .copied()
            .unwrap_or(false)
    }

    pub(super) fn lock_real(&mut self, m: ResId) -> Ctl {
        let took = self.take_real(WaitFor::Lock(m), WakeCause::Unlock(m), |mem, at, me, p| {
            mutex::lock(mem, at, me, p).map(|taken| match taken {
                mutex::Taken::AtOnce => None,
                mutex::Taken::AfterWaiting { unlocked_by } => Some(unlocked_by),
            })
        });
        self.after_take(took, Held::Mutex(m))
    }

    pub(super) fn rw_real(&mut self, r: ResId, write: bool) -> Ctl {
        let on = if write {
            WaitFor::Write(r)
        } else {
            WaitFor::Read(r)
        };
        let took = self.take_real(on, WakeCause::Unlock(r), |mem, at, me, p| {
            let waited = if write {
                rwlock::write(mem, at, me, p)?
            } else {
                rwlock::read(mem, at, p)?
            };
            Ok(waited.then(|| rwlock::unlocked_by(mem, at)))
        });
        let held = if write { Held::Write(r) } else { Held::Read(r) };
        self.after_take(took, held)
    }

    pub(super) fn acquire_real(&mut self, s: ResId, n: u32) -> Ctl {
        let ask = i32::try_from(n).unwrap_or(i32::MAX);
        let took = self.take_real(
            WaitFor::Permits(s, n),
            WakeCause::Release(s),
            |mem, at, _, p| {
                let waited = semaphore::acquire(mem, at, ask, p)?;
                Ok(waited.then(|| semaphore::released_by(mem, at)))
            },
        );
        self.after_take(took, Held::Permits(s, n))
    }

    /// Runs `take`, a blocking take of the lock at `on`'s words, as this thread's wait: it parks
    /// its worker, writing the wait and, after it, who woke it with `cause`. `Err` is how the
    /// task goes on when it gave up (cancelled, or its `timeout` expired).
    fn take_real(
        &mut self,
        on: WaitFor,
        cause: WakeCause,
        take: impl FnOnce(&dyn Memory, usize, u32, &mut Parked) -> Took,
    ) -> Result<bool, Ctl> {
        let Some(mem) = self.sh.memory.clone() else {
            return Err(self.raise("the run's shared memory is missing".to_string()));
        };
        let Some(res) = on.res() else {
            return Err(self.raise("not a lock in shared memory".to_string()));
        };
        let at = self.sh.layout.lock_word(res.0);
        let me = self.cell.id;
        let mut parked = Parked::new(self, on);
        let took = take(&*mem, at, me, &mut parked);
        let cancelled_by = parked.cancelled_by;
        drop(parked);
        match took {
            Ok(None) => Ok(false),
            Ok(Some(by)) => {
                self.sh.emit_at(
                    self.taken_at(res),
                    EventKind::Woken {
                        task: self.task(),
                        by: by.map(TaskId),
                        cause,
                    },
                );
                Ok(true)
            }
            Err(GaveUp) => Err(self.gave_up(cancelled_by)),
        }
    }

    /// How a thread goes on after it stopped waiting in shared memory because it was
    /// cancelled (by `cancelled_by`) or its `timeout` expired.
    pub(super) fn gave_up(&mut self, cancelled_by: Option<u32>) -> Ctl {
        let cause = match cancelled_by {
            Some(_) => WakeCause::Cancel,
            None => WakeCause::Timeout,
        };
        self.sh.emit(EventKind::Woken {
            task: self.task(),
            by: cancelled_by.map(TaskId),
            cause,
        });
        self.flush_now();
        if let Some(by) = cancelled_by {
            self.cell.cancel.set(Some(by));
        }
        self.check_pending(None)
            .unwrap_or(Ctl::End(EndHow::Cancelled))
    }

    /// The thread holds `held` now, unless it gave up.
    fn after_take(&mut self, took: Result<bool, Ctl>, held: Held) -> Ctl {
        // The take after a wait is not sent at once: it would put a message's cost between the
        // unlock and the next step. It goes with the thread's next batch, which a park, a
        // compute or the drive's end sends; the page confirms a deadlock only after 300 ms
        // without news, so a late take cannot make one.
        match took {
            Ok(_) => self.took_real(held),
            Err(ctl) => ctl,
        }
    }

    /// The task holds `held` now.
    pub(super) fn took_real(&mut self, held: Held) -> Ctl {
        let (n, shared) = match held {
            Held::Permits(_, n) => (n, false),
            Held::Read(_) => (1, true),
            Held::Mutex(_) | Held::Write(_) => (1, false),
        };
        self.sh.emit_at(
            self.taken_at(held.res()),
            EventKind::Acquired {
                task: self.task(),
                res: held.res(),
                n,
                shared,
            },
        );
        match (
            held,
            self.held_real.iter_mut().find(|h| h.res() == held.res()),
        ) {
            (Held::Permits(_, more), Some(Held::Permits(_, mine))) => {
                *mine = mine.saturating_add(more)
            }
            _ => self.held_real.push(held),
        }
        Ctl::Go
    }

    /// `unlock` of a mutex or of whichever side of an rwlock the task holds.
    pub(super) fn unlock_real(&mut self, r: ResId, on_exit: bool) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let (at, me) = (self.sh.layout.lock_word(r.0), self.cell.id);
        // What the task holds says which lock it is: the words of an rwlock read as no mutex.
        let held = self
            .held_real
            .iter()
            .position(|h| matches!(h, Held::Mutex(x) | Held::Read(x) | Held::Write(x) if *x == r));
        let Some(held) = held.map(|i| self.held_real.remove(i)) else {
            let msg = unlock_refused(self.res_name(r), self.task_name());
            return self.raise(msg);
        };
        // Written before the lock is free: whoever takes it next writes its take after, so the
        // trace never shows a lock taken before it was given back.
        self.released_real(r, 1, on_exit);
        match held {
            Held::Read(_) => rwlock::unlock_read(&*mem, at, me),
            Held::Write(_) => rwlock::unlock_write(&*mem, at, me),
            _ => {
                // The word names its owner, so this cannot fail for the holder.
                let _ = mutex::unlock(&*mem, at, me);
            }
        }
        Ctl::Go
    }

    /// `release S N` of permits the task holds.
    pub(super) fn release_real(&mut self, s: ResId, n: u32, on_exit: bool) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let i = self
            .held_real
            .iter()
            .position(|h| matches!(h, Held::Permits(x, _) if *x == s));
        let mine = match i.map(|i| self.held_real[i]) {
            Some(Held::Permits(_, mine)) => mine,
            _ => 0,
        };
        if mine < n {
            let msg = release_refused(n, self.res_name(s), self.task_name(), mine);
            return self.raise(msg);
        }
        if let Some(i) = i {
            if mine == n {
                self.held_real.remove(i);
            } else {
                self.held_real[i] = Held::Permits(s, mine - n);
            }
        }
        // Written before the permits are back, as for an unlock.
        self.released_real(s, n, on_exit);
        let give = i32::try_from(n).unwrap_or(i32::MAX);
        semaphore::release(&*mem, self.sh.layout.lock_word(s.0), give, self.cell.id);
        Ctl::Go
    }

    fn released_real(&self, res: ResId, n: u32, on_exit: bool) {
        let t = self.sh.now();
        if let Some(mem) = &self.sh.memory {
            mem.max_cell(res.0 as usize, i64::try_from(t).unwrap_or(i64::MAX));
        }
        self.sh.emit_at(
            t,
            EventKind::Released {
                task: self.task(),
                res,
                n,
                on_exit,
            },
        );
    }

    /// When a take of `res` is written: now, but never before the last release of it that
    /// another worker wrote (its lock's cell, `live::memory`). Each worker reads its own
    /// clock, and clocks differ by microseconds: without this the trace could show a lock
    /// taken before it was given back.
    pub(super) fn taken_at(&self, res: ResId) -> Micros {
        let now = self.sh.now();
        let released = match &self.sh.memory {
            Some(mem) => u64::try_from(mem.load_cell(res.0 as usize)).unwrap_or(0),
            None => 0,
        };
        // Strictly after: the trace sorts events by time alone, and a take and the release that
        // allowed it, written by two workers at the same microsecond, could sort either way.
        match released {
            0 => now,
            r => now.max(r.saturating_add(1)),
        }
    }

    /// Gives back every real lock the ending task still holds, as release on exit does.
    pub(super) fn release_real_on_exit(&mut self) {
        for held in self.held_real.clone() {
            let _ = match held {
                Held::Permits(s, n) => self.release_real(s, n, true),
                _ => self.unlock_real(held.res(), true),
            };
        }
        self.held_real.clear();
    }

    pub(super) fn res_name(&self, r: ResId) -> &str {
        self.sh
            .res_names
            .get(r.0 as usize)
            .map_or("", String::as_str)
    }

    pub(super) fn task_name(&self) -> &str {
        self.sh
            .task_names
            .get(self.cell.id as usize)
            .map_or("", String::as_str)
    }

    /// Hands what the page should know to it now, not at the end of the drive.
    pub(super) fn flush_now(&self) {
        let items: Vec<Out> = std::mem::take(&mut *self.sh.out.borrow_mut());
        self.sh.host.flush(items);
    }
}

/// A thread parked in shared memory, on a lock or a channel.
pub(super) struct Parked<'a> {
    it: &'a Interp,
    on: WaitFor,
    /// When the page last heard from this worker (run µs).
    heard_at: u64,
    /// Who cancelled the thread, once it gave up for that.
    pub cancelled_by: Option<u32>,
}

impl<'a> Parked<'a> {
    pub(super) fn new(it: &'a Interp, on: WaitFor) -> Self {
        Parked {
            it,
            on,
            heard_at: 0,
            cancelled_by: None,
        }
    }
}

impl Drop for Parked<'_> {
    fn drop(&mut self) {
        self.it.mark_going();
    }
}

impl Waiting for Parked<'_> {
    fn blocked(&mut self, _holder: Option<u32>) {
        if let Some(res) = self.on.res() {
            self.it.mark_waiting(res);
        }
        self.it.sh.emit(EventKind::Blocked {
            task: self.it.task(),
            on: self.on.clone(),
        });
        self.it.flush_now();
        self.heard_at = self.it.sh.now();
    }

    fn give_up(&mut self) -> bool {
        let now = self.it.sh.now();
        if now.saturating_sub(self.heard_at) >= HEARTBEAT_US {
            self.it.flush_now();
            self.heard_at = now;
        }
        if let Some(mem) = &self.it.sh.memory {
            let flag = mem.load(self.it.sh.layout.cancel_word(self.it.cell.id));
            if flag > 0 {
                self.cancelled_by = Some((flag - 1) as u32);
                return true;
            }
        }
        self.it.cell.cancel.get().is_some() || self.it.expired_timeout().is_some()
    }
}
