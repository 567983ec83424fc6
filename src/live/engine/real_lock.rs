//! The interpreter's `lock` and `unlock` of a mutex in shared memory (`live::memory`): the
//! futex algorithm of `shm::mutex` run where the thread is, with the trace written where things
//! happen. A thread, job or process parks its whole worker here; an async task awaits instead
//! (`awaited_lock`), and both unlock here.
//!
//! The page cannot see into a parked worker, so what it needs is sent at once rather than at the
//! end of the drive: the wait (before the first park, with who holds the lock). A parked thread
//! also sends an empty batch now and then, so the watchdog hears it is alive, and between parks
//! it looks at its cancel flag and its `timeout` deadlines.

use super::interp::{Ctl, Interp};
use crate::live::proto::Out;
use crate::shm::{mutex, GaveUp, Waiting};
use crate::trace::{EndHow, EventKind, ResId, TaskId, WaitFor, WakeCause};

/// How often a parked thread tells the page it is alive (the watchdog pings after 1 s).
const HEARTBEAT_US: u64 = 300_000;

impl Interp {
    /// Whether `m` is a mutex in shared memory for this worker.
    pub(super) fn real_lock(&self, m: ResId) -> bool {
        self.sh
            .real_locks
            .get(m.0 as usize)
            .copied()
            .unwrap_or(false)
    }

    pub(super) fn lock_real(&mut self, m: ResId) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let at = self.sh.layout.lock_word(m.0);
        let mut parked = Parked {
            it: self,
            m,
            heard_at: 0,
            cancelled_by: None,
        };
        let taken = mutex::lock(&*mem, at, parked.it.cell.id, &mut parked);
        let cancelled_by = parked.cancelled_by;
        match taken {
            Ok(mutex::Taken::AtOnce) => {}
            Ok(mutex::Taken::AfterWaiting { unlocked_by }) => {
                self.sh.emit(EventKind::Woken {
                    task: self.task(),
                    by: unlocked_by.map(TaskId),
                    cause: WakeCause::Unlock(m),
                });
            }
            Err(GaveUp) => {
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
                return self
                    .check_pending(None)
                    .unwrap_or(Ctl::End(EndHow::Cancelled));
            }
        }
        // The take after a wait is not sent at once: it would put a message's cost between the
        // unlock and the next step. It goes with the thread's next batch, which a park, a
        // compute or the drive's end sends; the page confirms a deadlock only after 300 ms
        // without news, so a late take cannot make one.
        self.took_real(m)
    }

    pub(super) fn unlock_real(&mut self, m: ResId, on_exit: bool) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let at = self.sh.layout.lock_word(m.0);
        match mutex::unlock(&*mem, at, self.cell.id) {
            Ok(()) => {
                self.held_real.retain(|h| *h != m);
                self.sh.emit(EventKind::Released {
                    task: self.task(),
                    res: m,
                    n: 1,
                    on_exit,
                });
                Ctl::Go
            }
            Err(_) => {
                let name =
                    |names: &[String], i: u32| names.get(i as usize).cloned().unwrap_or_default();
                self.raise(format!(
                    "cannot unlock {}: {} does not hold it",
                    name(&self.sh.res_names, m.0),
                    name(&self.sh.task_names, self.cell.id)
                ))
            }
        }
    }

    /// Gives back every real lock the ending task still holds, as release on exit does.
    pub(super) fn release_real_on_exit(&mut self) {
        for m in std::mem::take(&mut self.held_real) {
            let _ = self.unlock_real(m, true);
        }
    }

    /// Hands what the page should know to it now, not at the end of the drive.
    fn flush_now(&self) {
        let items: Vec<Out> = std::mem::take(&mut *self.sh.out.borrow_mut());
        self.sh.host.flush(items);
    }
}

/// A thread parked on a real lock.
struct Parked<'a> {
    it: &'a Interp,
    m: ResId,
    /// When the page last heard from this worker (run µs).
    heard_at: u64,
    cancelled_by: Option<u32>,
}

impl Waiting for Parked<'_> {
    fn blocked(&mut self, _holder: Option<u32>) {
        self.it.sh.emit(EventKind::Blocked {
            task: self.it.task(),
            on: WaitFor::Lock(self.m),
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
