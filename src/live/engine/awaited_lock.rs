//! An async task's `lock` of a mutex, `read` or `write` of an rwlock, or `acquire` of a
//! semaphore, in shared memory: it awaits `Atomics.waitAsync` where a thread would park, so the
//! event loop runs its other tasks meanwhile.
//!
//! Async tasks of one worker wait in a line (`Shared::lock_lines`): a task that finds others
//! waiting joins the line instead of trying, and only the first in line looks at the lock word
//! (`shm::mutex::take_or_mark`). So among async tasks the lock goes in FIFO order, as the
//! simulator and asyncio hand it over; only a thread can barge in, as real threads do.
//!
//! The trace is written here as the coordinator writes a granted lock's: `Blocked`, then
//! `Woken` by the unlocker, `Acquired`, `Ready`, and the task runs when the loop gets to it.

use super::cell::TaskCell;
use super::interp::{Ctl, Interp};
use super::real_lock::Held;
use crate::exec::Sleep;
use crate::model::Micros;
use crate::shm::{mutex, rwlock, semaphore, AsyncPark, Memory};
use crate::trace::{EndHow, EventKind, ResId, TaskId, WaitFor, WakeCause};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// The longest one await of the lock word lasts before the first in line looks again. Waits
/// end on notify; this bounds the cost of a notify that reached a wait nobody awaits any more.
const AWAIT_SLICE_MS: f64 = 250.0;

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

    fn waits_for(self) -> WaitFor {
        match self {
            AsyncTake::Mutex(m) => WaitFor::Lock(m),
            AsyncTake::Read(r) => WaitFor::Read(r),
            AsyncTake::Write(r) => WaitFor::Write(r),
            AsyncTake::Permits(s, n) => WaitFor::Permits(s, n),
        }
    }

    fn ask(n: u32) -> i32 {
        i32::try_from(n).unwrap_or(i32::MAX)
    }

    /// Takes it if that needs no wait.
    fn try_take(self, mem: &dyn Memory, at: usize, me: u32) -> bool {
        match self {
            AsyncTake::Mutex(_) => mutex::try_lock(mem, at, me),
            AsyncTake::Read(_) => rwlock::try_read(mem, at),
            AsyncTake::Write(_) => rwlock::try_write(mem, at, me),
            AsyncTake::Permits(_, n) => semaphore::try_acquire(mem, at, Self::ask(n)),
        }
    }

    /// One look by the first in line: `None` if it took it, else the value the word must still
    /// hold for the wait to begin. A writer has announced itself ([`rwlock::announce_write`]).
    fn look(self, mem: &dyn Memory, at: usize, me: u32) -> Option<i32> {
        match self {
            AsyncTake::Mutex(_) => match mutex::take_or_mark(mem, at, me) {
                mutex::Look::Taken => None,
                mutex::Look::Park { marked, .. } => Some(marked),
            },
            AsyncTake::Read(_) => rwlock::look_read(mem, at),
            AsyncTake::Write(_) => rwlock::look_write(mem, at, me),
            AsyncTake::Permits(_, n) => semaphore::look(mem, at, Self::ask(n)),
        }
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

impl Interp {
    pub(super) async fn take_real_async(&mut self, take: AsyncTake) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let r = take.res();
        let (at, me) = (self.sh.layout.lock_word(r.0), self.cell.id);
        if self.first_in_line(r).is_none() && take.try_take(&*mem, at, me) {
            return self.took_real(take.held());
        }
        self.sh
            .lock_lines
            .borrow_mut()
            .entry(r.0)
            .or_default()
            .push_back(me);
        let counted = matches!(take, AsyncTake::Permits(..));
        // A writer announces itself once it is first in line, and so stops new readers; not
        // before, or readers ahead of it in the line would wait for it forever.
        let mut announced = false;
        let mut blocked = false;
        loop {
            let park = if self.first_in_line(r) == Some(me) {
                if matches!(take, AsyncTake::Write(_)) && !announced {
                    rwlock::announce_write(&*mem, at);
                    announced = true;
                }
                let Some(expected) = take.look(&*mem, at, me) else {
                    break;
                };
                let host = self.sh.host.clone();
                let settled = Box::new(move || host.drive_soon());
                // A semaphore's release wakes only counted waiters: counted before the wait
                // begins (and the word compared by it), as a thread's park is, so no release
                // falls in between unseen.
                if counted {
                    mem.add(at + 1, 1);
                }
                match mem.wait_async(at, expected, AWAIT_SLICE_MS, settled) {
                    Some(park) => Some(park),
                    None => {
                        if counted {
                            mem.add(at + 1, -1);
                        }
                        if announced {
                            rwlock::withdraw_write(&*mem, at);
                        }
                        self.leave_line(r, at, true);
                        let msg = "this browser cannot await a lock in shared memory";
                        return self.raise(msg.to_string());
                    }
                }
            } else {
                None
            };
            if !blocked {
                blocked = true;
                self.mark_waiting(r);
                self.sh.emit(EventKind::Blocked {
                    task: self.task(),
                    on: take.waits_for(),
                });
                self.sh.leave(&self.cell);
                // Off the lane until it has the lock: its wrapper writes no `PollStart`.
                self.cell.waiting.set(true);
            }
            let timeout = self
                .next_timeout()
                .map(|(depth, due)| (depth, Box::pin(self.sh.handle.sleep_until(due))));
            let parked_here = park.is_some();
            let woke = LockAwait {
                cell: self.cell.clone(),
                park,
                polled: false,
                timeout,
            }
            .await;
            if counted && parked_here {
                mem.add(at + 1, -1);
            }
            let (cause, by) = match woke {
                Awoke::Look => continue,
                Awoke::Cancelled => {
                    let by = self.cell.cancel.get().filter(|by| *by != u32::MAX);
                    (WakeCause::Cancel, by)
                }
                Awoke::TimedOut(_) => (WakeCause::Timeout, None),
            };
            if announced {
                rwlock::withdraw_write(&*mem, at);
            }
            self.leave_line(r, at, true);
            self.woken(cause, by);
            self.run_again().await;
            return match woke {
                Awoke::TimedOut(depth) => self.expire_timeout(depth, false),
                _ => Ctl::End(EndHow::Cancelled),
            };
        }
        self.leave_line(r, at, false);
        if !blocked {
            return self.took_real(take.held());
        }
        let t = self.taken_at(r);
        let (by, cause) = take.woken_by(&*mem, at);
        self.woken_at(t, cause, by);
        self.took_real(take.held());
        self.run_again().await;
        self.resumed(None)
    }

    /// The first async task of this worker waiting for `r`.
    fn first_in_line(&self, r: ResId) -> Option<u32> {
        let lines = self.sh.lock_lines.borrow();
        lines.get(&r.0).and_then(|line| line.front().copied())
    }

    /// Takes this task out of `r`'s line; if it was first, the next in line starts looking at
    /// the lock word.
    fn leave_line(&mut self, r: ResId, at: usize, gave_up: bool) {
        self.mark_going();
        let me = self.cell.id;
        let was_first = self.first_in_line(r) == Some(me);
        let next = {
            let mut lines = self.sh.lock_lines.borrow_mut();
            let line = lines.entry(r.0).or_default();
            line.retain(|t| *t != me);
            line.front().copied()
        };
        if !was_first {
            return;
        }
        if let Some(next) = next.and_then(|t| self.sh.cells.borrow().get(&t).cloned()) {
            self.sh.wake(&next);
        }
        // A first in line that gave up leaves its `waitAsync` registered until it times out,
        // and the next notify may reach that instead of a thread still parked: wake every
        // waiter on the word to look again.
        if let (Some(mem), true) = (&self.sh.memory, gave_up) {
            mem.notify(at, u32::MAX);
        }
    }

    /// The wait is over.
    fn woken(&mut self, cause: WakeCause, by: Option<u32>) {
        self.woken_at(self.sh.now(), cause, by);
    }

    fn woken_at(&mut self, t: Micros, cause: WakeCause, by: Option<u32>) {
        self.cell.waiting.set(false);
        self.sh.emit_at(
            t,
            EventKind::Woken {
                task: self.task(),
                by: by.map(TaskId),
                cause,
            },
        );
    }
}

/// What ended one await.
enum Awoke {
    /// The lock word was notified, its wait timed out, or this task became first in line:
    /// look again.
    Look,
    Cancelled,
    /// The `timeout` frame at this depth expired.
    TimedOut(usize),
}

/// Awaits the lock word (first in line) or a turn (the others), a cancellation, or the expiry
/// of the task's `timeout`.
struct LockAwait {
    cell: Rc<TaskCell>,
    /// The wait on the lock word; none while others are ahead in the line.
    park: Option<AsyncPark>,
    polled: bool,
    timeout: Option<(usize, Pin<Box<Sleep>>)>,
}

impl Future for LockAwait {
    type Output = Awoke;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Awoke> {
        self.cell.remember(cx);
        if self.cell.cancel.get().is_some() {
            return Poll::Ready(Awoke::Cancelled);
        }
        if let Some((depth, t)) = self.timeout.as_mut() {
            if t.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Awoke::TimedOut(*depth));
            }
        }
        let polled = std::mem::replace(&mut self.polled, true);
        match self.park.as_mut() {
            Some(park) => park.as_mut().poll(cx).map(|()| Awoke::Look),
            // Woken while waiting its turn: perhaps it is first now.
            None if polled => Poll::Ready(Awoke::Look),
            None => Poll::Pending,
        }
    }
}
