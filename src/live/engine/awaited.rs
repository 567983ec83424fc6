//! How an async task waits in shared memory: it awaits `Atomics.waitAsync` on a word where a
//! thread would park, so the event loop runs its other tasks meanwhile. Locks
//! (`awaited_lock`), channels (`awaited_channel`) and condition variables (`awaited_condvar`)
//! say what to look at; the waiting is here.
//!
//! The looks themselves never wait, with one exception: a channel's or a condvar's guard word
//! (`shm::guard`), which a thread holds for a few loads and stores, can make the loop's worker
//! wait for it in `Atomics.wait`, for as long as the holder's worker takes to be scheduled.
//!
//! Async tasks of one worker wait in a line per resource and side (`Shared::lines`): a task
//! that finds others waiting joins the line instead of trying, and only the first in line looks
//! at the word. So among async tasks a lock, an item or a free place goes in FIFO order, as the
//! simulator and asyncio hand them over; only a thread can barge in, as real threads do.

use super::cell::TaskCell;
use super::interp::{Ctl, Interp};
use crate::exec::Sleep;
use crate::shm::{AsyncPark, Memory};
use crate::trace::{EndHow, EventKind, ResId, TaskId, WaitFor, WakeCause};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// The longest one await of a word lasts before the first in line looks again. Waits end on
/// notify; this bounds the cost of a notify that reached a wait nobody awaits any more.
const AWAIT_SLICE_MS: f64 = 250.0;

/// Which line of a resource an async task waits in: a lock has one, a channel one for its
/// senders and one for its receivers (a receiver never waits behind a sender).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Side {
    Take,
    Send,
    Recv,
}

/// Something an async task can await in shared memory.
pub(super) trait Awaitable {
    /// What the task has once it went through.
    type Got;
    fn res(&self) -> ResId;
    /// The line it waits in; none when each waiter awaits a word of its own (a condvar's
    /// waiters, whose order the queue in shared memory keeps).
    fn side(&self) -> Option<Side>;
    fn waits_for(&self) -> WaitFor;
    /// The word a wait watches.
    fn word(&self) -> usize;
    /// A word counting the waiters on [`Awaitable::word`], which whoever ends a wait reads to
    /// know whether to notify: counted before the wait begins (and the word compared by it), as
    /// a thread's park is, so nothing falls in between unseen.
    fn counter(&self) -> Option<usize> {
        None
    }
    /// Goes through if that needs no wait (nobody of this worker is ahead in line).
    fn try_now(&mut self, mem: &dyn Memory, me: u32) -> Option<Self::Got>;
    /// One look by the first in line: what it got, or the value the word must still hold for
    /// the wait to begin.
    fn look(&mut self, mem: &dyn Memory, me: u32) -> Result<Self::Got, i32>;
    /// The task stops waiting (cancelled, or its `timeout` expired) without having gone
    /// through; unless it went through first after all, as a condvar waiter that a notify took
    /// off the queue has: then what it got.
    fn give_up(&mut self, _mem: &dyn Memory) -> Option<Self::Got> {
        None
    }
}

/// How an await in shared memory ended.
pub(super) enum Awaited<G> {
    /// It went through without waiting: the task goes on at once.
    AtOnce(G),
    /// It went through after a wait: the task is off its lane until it runs again.
    AfterWait(G),
    /// The wait was given up (cancelled, or its `timeout` expired), or cannot be awaited here:
    /// how the task goes on.
    Over(Ctl),
}

impl Interp {
    /// Awaits `what` in its line, writing the wait to the trace and the status array.
    pub(super) async fn await_real<A: Awaitable>(&mut self, mut what: A) -> Awaited<A::Got> {
        let Some(mem) = self.sh.memory.clone() else {
            return Awaited::Over(self.raise("the run's shared memory is missing".to_string()));
        };
        let line = what.side().map(|side| (what.res().0, side));
        let (word, me) = (what.word(), self.cell.id);
        if self.first_in_line(line).is_none() {
            if let Some(got) = what.try_now(&*mem, me) {
                return Awaited::AtOnce(got);
            }
        }
        if let Some(line) = line {
            self.sh
                .lines
                .borrow_mut()
                .entry(line)
                .or_default()
                .push_back(me);
        }
        let mut blocked = false;
        loop {
            let first = line.is_none() || self.first_in_line(line) == Some(me);
            let park = if first {
                let expected = match what.look(&*mem, me) {
                    Ok(got) => {
                        self.leave_line(line, word, false);
                        return match blocked {
                            true => Awaited::AfterWait(got),
                            false => Awaited::AtOnce(got),
                        };
                    }
                    Err(expected) => expected,
                };
                let host = self.sh.host.clone();
                let settled = Box::new(move || host.drive_soon());
                if let Some(counter) = what.counter() {
                    mem.add(counter, 1);
                }
                match mem.wait_async(word, expected, AWAIT_SLICE_MS, settled) {
                    Some(park) => Some(park),
                    None => {
                        if let Some(counter) = what.counter() {
                            mem.add(counter, -1);
                        }
                        let _ = what.give_up(&*mem);
                        self.leave_line(line, word, true);
                        let msg = "this browser cannot await shared memory (no Atomics.waitAsync)";
                        return Awaited::Over(self.raise(msg.to_string()));
                    }
                }
            } else {
                None
            };
            if !blocked {
                blocked = true;
                self.blocked_on(what.res(), what.waits_for());
            }
            let timeout = self
                .next_timeout()
                .map(|(depth, due)| (depth, Box::pin(self.sh.handle.sleep_until(due))));
            let parked_here = park.is_some();
            let woke = WordAwait {
                cell: self.cell.clone(),
                park,
                polled: false,
                timeout,
            }
            .await;
            if let (Some(counter), true) = (what.counter(), parked_here) {
                mem.add(counter, -1);
            }
            let (cause, by) = match woke {
                Awoke::Look => continue,
                Awoke::Cancelled => {
                    let by = self.cell.cancel.get().filter(|by| *by != u32::MAX);
                    (WakeCause::Cancel, by)
                }
                Awoke::TimedOut(_) => (WakeCause::Timeout, None),
            };
            if let Some(got) = what.give_up(&*mem) {
                self.leave_line(line, word, false);
                return Awaited::AfterWait(got);
            }
            self.leave_line(line, word, true);
            self.woken_at(self.sh.now(), cause, by);
            self.run_again().await;
            return Awaited::Over(match woke {
                Awoke::TimedOut(depth) => self.expire_timeout(depth, false),
                _ => Ctl::End(EndHow::Cancelled),
            });
        }
    }

    /// The task waits for `res` in shared memory from now on, off its lane until it goes
    /// through (its wrapper writes no `PollStart`).
    pub(super) fn blocked_on(&mut self, res: ResId, on: WaitFor) {
        self.mark_waiting(res);
        self.sh.emit(EventKind::Blocked {
            task: self.task(),
            on,
        });
        self.sh.leave(&self.cell);
        self.cell.waiting.set(true);
    }

    /// The first async task of this worker waiting in `line`, if it has one.
    fn first_in_line(&self, line: Option<(u32, Side)>) -> Option<u32> {
        let lines = self.sh.lines.borrow();
        lines.get(&line?).and_then(|l| l.front().copied())
    }

    /// Takes this task out of `line`; if it was first, the next in line starts looking at
    /// `word`.
    fn leave_line(&mut self, line: Option<(u32, Side)>, word: usize, gave_up: bool) {
        self.mark_going();
        let Some(line) = line else {
            return;
        };
        let me = self.cell.id;
        let was_first = self.first_in_line(Some(line)) == Some(me);
        let next = {
            let mut lines = self.sh.lines.borrow_mut();
            let l = lines.entry(line).or_default();
            l.retain(|t| *t != me);
            l.front().copied()
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
            mem.notify(word, u32::MAX);
        }
    }

    /// The wait is over: `by` woke the task at `t` with `cause`.
    pub(super) fn woken_at(&mut self, t: crate::model::Micros, cause: WakeCause, by: Option<u32>) {
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
    /// The word was notified, its wait timed out, or this task became first in line: look
    /// again.
    Look,
    Cancelled,
    /// The `timeout` frame at this depth expired.
    TimedOut(usize),
}

/// Awaits the word (first in line) or a turn (the others), a cancellation, or the expiry of the
/// task's `timeout`.
struct WordAwait {
    cell: Rc<TaskCell>,
    /// The wait on the word; none while others are ahead in the line.
    park: Option<AsyncPark>,
    polled: bool,
    timeout: Option<(usize, Pin<Box<Sleep>>)>,
}

impl Future for WordAwait {
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
