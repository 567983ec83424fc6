//! An async task's `lock` of a mutex, `read` or `write` of an rwlock, or `acquire` of a
//! semaphore, in shared memory, awaited in the worker's line for it (`awaited`).
//!
//! The trace is written here as the coordinator writes a granted lock's: `Blocked`, then
//! `Woken` by the unlocker, `Acquired`, `Ready`, and the task runs when the loop gets to it.

use super::awaited::{Awaitable, Awaited, Side};
use super::interp::{Ctl, Interp};
use super::real_lock::Held;
use crate::shm::{mutex, rwlock, semaphore, Memory};
use crate::trace::{ResId, WaitFor, WakeCause};

/// What an async task takes in shared memory.
#[derive(Clone, Copy)]
pub(super) enum AsyncTake {
    Mutex(ResId),
    Read(ResId),
    Write(ResId),
    Permits(ResId, u32),
}

impl AsyncTake {
    fn res(self) -> ResId {
        match self {
            AsyncTake::Mutex(r)
            | AsyncTake::Read(r)
            | AsyncTake::Write(r)
            | AsyncTake::Permits(r, _) => r,
        }
    }

    fn held(self) -> Held {
        match self {
            AsyncTake::Mutex(m) => Held::Mutex(m),
            AsyncTake::Read(r) => Held::Read(r),
            AsyncTake::Write(r) => Held::Write(r),
            AsyncTake::Permits(s, n) => Held::Permits(s, n),
        }
    }

    fn ask(n: u32) -> i32 {
        i32::try_from(n).unwrap_or(i32::MAX)
    }

    /// Who gave it back last, and the cause of the wake that follows.
    fn woken_by(self, mem: &dyn Memory, at: usize) -> (Option<u32>, WakeCause) {
        match self {
            AsyncTake::Mutex(m) => (mutex::unlocked_by(mem, at), WakeCause::Unlock(m)),
            AsyncTake::Read(r) | AsyncTake::Write(r) => {
                (rwlock::unlocked_by(mem, at), WakeCause::Unlock(r))
            }
            AsyncTake::Permits(s, _) => (semaphore::released_by(mem, at), WakeCause::Release(s)),
        }
    }
}

/// A take awaited at its lock word `at`.
struct LockAwaited {
    take: AsyncTake,
    at: usize,
    /// A writer announces itself once it is first in line, and so stops new readers; not
    /// before, or readers ahead of it in the line would wait for it forever.
    announced: bool,
}

impl Awaitable for LockAwaited {
    type Got = ();

    fn res(&self) -> ResId {
        self.take.res()
    }

    fn side(&self) -> Option<Side> {
        Some(Side::Take)
    }

    fn waits_for(&self) -> WaitFor {
        match self.take {
            AsyncTake::Mutex(m) => WaitFor::Lock(m),
            AsyncTake::Read(r) => WaitFor::Read(r),
            AsyncTake::Write(r) => WaitFor::Write(r),
            AsyncTake::Permits(s, n) => WaitFor::Permits(s, n),
        }
    }

    fn word(&self) -> usize {
        self.at
    }

    /// A semaphore's release wakes only counted waiters.
    fn counter(&self) -> Option<usize> {
        matches!(self.take, AsyncTake::Permits(..)).then_some(self.at + 1)
    }

    fn try_now(&mut self, mem: &dyn Memory, me: u32) -> Option<()> {
        let at = self.at;
        let took = match self.take {
            AsyncTake::Mutex(_) => mutex::try_lock(mem, at, me),
            AsyncTake::Read(_) => rwlock::try_read(mem, at),
            AsyncTake::Write(_) => rwlock::try_write(mem, at, me),
            AsyncTake::Permits(_, n) => semaphore::try_acquire(mem, at, AsyncTake::ask(n)),
        };
        took.then_some(())
    }

    fn look(&mut self, mem: &dyn Memory, me: u32) -> Result<(), i32> {
        let at = self.at;
        let park = match self.take {
            AsyncTake::Mutex(_) => match mutex::take_or_mark(mem, at, me) {
                mutex::Look::Taken => None,
                mutex::Look::Park { marked, .. } => Some(marked),
            },
            AsyncTake::Read(_) => rwlock::look_read(mem, at),
            AsyncTake::Write(_) => {
                if !self.announced {
                    rwlock::announce_write(mem, at);
                    self.announced = true;
                }
                rwlock::look_write(mem, at, me)
            }
            AsyncTake::Permits(_, n) => semaphore::look(mem, at, AsyncTake::ask(n)),
        };
        park.map_or(Ok(()), Err)
    }

    fn give_up(&mut self, mem: &dyn Memory) -> Option<()> {
        if std::mem::take(&mut self.announced) {
            rwlock::withdraw_write(mem, self.at);
        }
        None
    }
}

impl Interp {
    pub(super) async fn take_real_async(&mut self, take: AsyncTake) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let r = take.res();
        let at = self.sh.layout.lock_word(r.0);
        let awaited = LockAwaited {
            take,
            at,
            announced: false,
        };
        match self.await_real(awaited).await {
            Awaited::AtOnce(()) => self.took_real(take.held()),
            Awaited::AfterWait(()) => {
                let t = self.taken_at(r);
                let (by, cause) = take.woken_by(&*mem, at);
                self.woken_at(t, cause, by);
                self.took_real(take.held());
                self.run_again().await;
                self.resumed(None)
            }
            Awaited::Over(ctl) => ctl,
        }
    }
}
