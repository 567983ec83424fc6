//! An async task's `wait CV M` on a condition variable in shared memory: it queues and lets go
//! of M as a thread does (`real_condvar`), then awaits its own signal word with
//! `Atomics.waitAsync` (`awaited`), so the event loop runs its other tasks, among them perhaps
//! the notifier. Once notified it runs again and takes M back as an async `lock` does.

use super::awaited::{Awaitable, Awaited, Side};
use super::awaited_lock::AsyncTake;
use super::interp::{Ctl, Interp};
use super::real_lock::Held;
use crate::rules::resources::wait_refused;
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

    /// Leaves the queue; a notify that took it out first is spent on it, as the simulator
    /// spends a notify on a waiter cancelled before it could take its mutex back.
    fn give_up(&mut self, mem: &dyn Memory) {
        condvar::give_up(mem, self.queue, self.me);
    }
}

impl Interp {
    pub(super) async fn wait_real_async(&mut self, cv: ResId, m: ResId) -> Ctl {
        let Some(queue) = self.sh.layout.condvar(cv.0) else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let Some(mem) = self.sh.memory.clone() else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        if !self.held_real.contains(&Held::Mutex(m)) {
            let msg = wait_refused(self.res_name(cv), self.task_name(), self.res_name(m));
            return self.raise(msg);
        }
        let (me, signal) = (self.cell.id, self.sh.layout.signal_word(self.cell.id));
        // Queued before the unlock, so that a notify right after it finds this task waiting.
        if condvar::enqueue(&*mem, queue, me, signal).is_err() {
            return self.raise(format!("condvar {} has no room left", self.res_name(cv)));
        }
        if let Ctl::End(how) = self.unlock_real(m, false) {
            return Ctl::End(how);
        }
        let awaited = NotifyAwaited {
            res: cv,
            queue,
            me,
            signal,
        };
        match self.await_real(awaited).await {
            // Notified before it could wait: it goes on to take M back at once.
            Awaited::AtOnce(_) => {}
            Awaited::AfterWait(by) => {
                self.woken_at(self.taken_at(cv), WakeCause::Notify(cv), by);
                self.run_again().await;
                // Cancelled or timed out while it waited for its turn: it does not take M.
                if let Some(ctl) = self.check_pending(None) {
                    return ctl;
                }
            }
            Awaited::Over(ctl) => return ctl,
        }
        self.take_real_async(AsyncTake::Mutex(m)).await
    }
}
