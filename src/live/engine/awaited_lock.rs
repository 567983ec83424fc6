//! An async task's `lock` of a mutex in shared memory: it awaits `Atomics.waitAsync` where a
//! thread would park, so the event loop runs its other tasks meanwhile.
//!
//! Async tasks of one worker wait in a line (`Shared::lock_lines`): a task that finds others
//! waiting joins the line instead of trying, and only the first in line looks at the lock word
//! (`shm::mutex::take_or_mark`). So among async tasks the lock goes in FIFO order, as the
//! simulator and asyncio hand it over; only a thread can barge in, as real threads do.
//!
//! The trace is written here as the coordinator writes a granted lock's: `Blocked`, then
//! `Woken` by the unlocker, `Acquired`, `Ready`, and the task runs when the loop gets to it.

use super::cell::{TaskCell, YieldGate};
use super::interp::{Ctl, Interp};
use super::real_lock::Held;
use crate::exec::Sleep;
use crate::model::Micros;
use crate::shm::{mutex, AsyncPark};
use crate::trace::{EndHow, EventKind, ResId, TaskId, WaitFor, WakeCause};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// The longest one await of the lock word lasts before the first in line looks again. Waits
/// end on notify; this bounds the cost of a notify that reached a wait nobody awaits any more.
const AWAIT_SLICE_MS: f64 = 250.0;

impl Interp {
    pub(super) async fn lock_real_async(&mut self, m: ResId) -> Ctl {
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let (at, me) = (self.sh.layout.lock_word(m.0), self.cell.id);
        if self.first_in_line(m).is_none() && mutex::try_lock(&*mem, at, me) {
            return self.took_real(Held::Mutex(m));
        }
        self.sh
            .lock_lines
            .borrow_mut()
            .entry(m.0)
            .or_default()
            .push_back(me);
        let mut blocked = false;
        loop {
            let park = if self.first_in_line(m) == Some(me) {
                match mutex::take_or_mark(&*mem, at, me) {
                    mutex::Look::Taken => break,
                    mutex::Look::Park { marked, .. } => {
                        let host = self.sh.host.clone();
                        let settled = Box::new(move || host.drive_soon());
                        match mem.wait_async(at, marked, AWAIT_SLICE_MS, settled) {
                            Some(park) => Some(park),
                            None => {
                                self.leave_line(m, at);
                                let msg = "this browser cannot await a lock in shared memory";
                                return self.raise(msg.to_string());
                            }
                        }
                    }
                }
            } else {
                None
            };
            if !blocked {
                blocked = true;
                self.sh.emit(EventKind::Blocked {
                    task: self.task(),
                    on: WaitFor::Lock(m),
                });
                self.sh.leave(&self.cell);
                // Off the lane until it has the lock: its wrapper writes no `PollStart`.
                self.cell.waiting.set(true);
            }
            let timeout = self
                .next_timeout()
                .map(|(depth, due)| (depth, Box::pin(self.sh.handle.sleep_until(due))));
            let woke = LockAwait {
                cell: self.cell.clone(),
                park,
                polled: false,
                timeout,
            }
            .await;
            let (cause, by) = match woke {
                Awoke::Look => continue,
                Awoke::Cancelled => {
                    let by = self.cell.cancel.get().filter(|by| *by != u32::MAX);
                    (WakeCause::Cancel, by)
                }
                Awoke::TimedOut(_) => (WakeCause::Timeout, None),
            };
            self.leave_line(m, at);
            self.woken(cause, by);
            self.run_again().await;
            return match woke {
                Awoke::TimedOut(depth) => self.expire_timeout(depth, false),
                _ => Ctl::End(EndHow::Cancelled),
            };
        }
        self.leave_line(m, at);
        if !blocked {
            return self.took_real(Held::Mutex(m));
        }
        let t = self.taken_at(m);
        self.woken_at(t, WakeCause::Unlock(m), mutex::unlocked_by(&*mem, at));
        self.took_real(Held::Mutex(m));
        self.run_again().await;
        self.resumed(None)
    }

    /// The first async task of this worker waiting for `m`.
    fn first_in_line(&self, m: ResId) -> Option<u32> {
        let lines = self.sh.lock_lines.borrow();
        lines.get(&m.0).and_then(|line| line.front().copied())
    }

    /// Takes this task out of `m`'s line; if it was first, the next in line starts looking at
    /// the lock word.
    fn leave_line(&mut self, m: ResId, at: usize) {
        let me = self.cell.id;
        let was_first = self.first_in_line(m) == Some(me);
        let next = {
            let mut lines = self.sh.lock_lines.borrow_mut();
            let line = lines.entry(m.0).or_default();
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
        // and the next unlock's notify may reach that instead of a thread still parked: wake
        // every waiter on the word to look again.
        if let (Some(mem), false) = (&self.sh.memory, self.held_real.contains(&Held::Mutex(m))) {
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

    /// Back in the ready queue, until the loop runs it again.
    async fn run_again(&mut self) {
        self.sh.ready(&self.cell);
        YieldGate {
            sh: self.sh.clone(),
            cell: self.cell.clone(),
            done: false,
        }
        .await;
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
