//! Futures that give up the event loop: `Sleep` (a timer on the executor) and `yield_now`.

use super::clock::Micros;
use super::inner::Inner;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// Waits until the executor's clock reaches a deadline. Made by `Handle::sleep`/`sleep_until`.
///
/// The timer is set on the first poll. When it comes due it becomes a ready-queue entry at the
/// start of a round; running that entry wakes the sleeper, which then runs in the next round
/// (asyncio's behaviour). Dropping a `Sleep` removes its timer, so time never jumps to it.
#[must_use = "futures do nothing unless awaited"]
pub struct Sleep {
    /// The executor whose timers hold this sleep.
    inner: Rc<Inner>,
    /// When to wake.
    deadline: Micros,
    /// The timer's slot and generation once set.
    timer: Option<(u32, u32)>,
    /// The sleep completed.
    done: bool,
}

// ===== impl Sleep =====

impl Sleep {
    pub(crate) fn new(inner: Rc<Inner>, deadline: Micros) -> Self {
        Self {
            inner,
            deadline,
            timer: None,
            done: false,
        }
    }

    /// The time at which this sleep ends.
    pub fn deadline(&self) -> Micros {
        self.deadline
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        match self.timer {
            None => {
                let current = self.inner.current();
                let owner = current.map(|c| c.id);
                let priority = current.map_or(0, |c| c.priority);
                let deadline = self.deadline;
                let timer = self.inner.core.borrow_mut().timers.insert(
                    deadline,
                    cx.waker().clone(),
                    owner,
                    priority,
                );
                self.timer = Some(timer);
                self.inner.emit(|h, now| h.timer_set(owner, deadline, now));
                Poll::Pending
            }
            Some((slot, gen)) => {
                let fired = {
                    let mut core = self.inner.core.borrow_mut();
                    let fired = core.timers.check(slot, gen, cx.waker());
                    if fired {
                        core.timers.remove(slot, gen);
                    }
                    fired
                };
                if fired {
                    self.timer = None;
                    self.done = true;
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            }
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some((slot, gen)) = self.timer.take() {
            let waker = self.inner.core.borrow_mut().timers.remove(slot, gen);
            drop(waker);
        }
    }
}

/// Gives up the event loop once: the task goes to the back of the ready queue.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// The future returned by [`yield_now`]; works on any executor.
#[must_use = "futures do nothing unless awaited"]
#[derive(Debug)]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
