//! An async task's `wait CV M` on a condition variable in shared memory: it queues and lets go
//! of M as a thread does (`real_condvar`), then awaits its own signal word with
//! `Atomics.waitAsync` (`awaited`), so the event loop runs its other tasks, among them perhaps
//! the notifier. Once notified it goes back to the loop's ready queue and, when it runs, takes
//! M back as an async `lock` does (asyncio's `Condition.wait` does the same); a thread queues
//! on M straight away.

use super::awaited::{Awaitable, Awaited, Side};
use super::awaited_lock::AsyncTake;
use super::interp::{Ctl, Interp};
use crate::shm::condvar::{self, Cv};
use crate::shm::Memory;
use crate::trace::{ResId, WaitFor, WakeCause};

/// A waiter `me` of condvar `res` (its queue `queue`), awaiting its signal word.
struct NotifyAwaited {
    res: ResId,
    queue: Cv,
    me: u32,
    signal: usize,
}

impl Awaitable for NotifyAwaited {
    /// Who notified it.
    type Got = Option<u32>;

    fn res(&self) -> ResId {
        self.res
    }

    /// No line: each waiter awaits its own word, and the queue keeps their order.
    fn side(&self) -> Option<Side> {
        None
    }

    fn waits_for(&self) -> WaitFor {
        WaitFor::Notify(self.res)
    }

    fn word(&self) -> usize {
        self.signal
    }

    /// A notify can come between the unlock and the await: it is there to be seen.
    fn try_now(&mut self, mem: &dyn Memory, _me: u32) -> Option<Option<u32>> {
        condvar::notified(mem, self.signal)
    }

    fn look(&mut self, mem: &dyn Memory, _me: u32) -> Result<Option<u32>, i32> {
        condvar::notified(mem, self.signal).ok_or(0)
    }

    /// Leaves the queue; unless a notify took it off first: that notify was its, as a thread's
    /// is, and it goes on notified (a cancel then ends it before it takes M back).
    fn give_up(&mut self, mem: &dyn Memory) -> Option<Option<u32>> {
        if condvar::give_up(mem, self.queue, self.me) {
            return None;
        }
        Some(condvar::notifier_of_taken(mem, self.signal))
    }
}

impl Interp {
    pub(super) async fn wait_real_async(&mut self, cv: ResId, m: ResId) -> Ctl {
        let (_, queue, signal) = match self.queue_and_unlock(cv, m) {
            Ok(queued) => queued,
            Err(ctl) => return ctl,
        };
        let me = self.cell.id;
        let awaited = NotifyAwaited {
            res: cv,
            queue,
            me,
            signal,
        };
        let by = match self.await_real(awaited).await {
            // Notified between its unlock and its await: the trace still shows the wait, as
            // the simulator's and a thread's do.
            Awaited::AtOnce(by) => {
                self.blocked_on(cv, WaitFor::Notify(cv));
                self.mark_going();
                by
            }
            Awaited::AfterWait(by) => by,
            Awaited::Over(ctl) => return ctl,
        };
        self.woken_at(self.taken_at(cv), WakeCause::Notify(cv), by);
        self.run_again().await;
        // Cancelled or timed out while it waited for its turn: it does not take M.
        if let Some(ctl) = self.check_pending(None) {
            return ctl;
        }
        self.take_real_async(AsyncTake::Mutex(m)).await
    }
}
