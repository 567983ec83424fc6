//! A condition variable for the async mutex: `wait` unlocks, awaits a notify, relocks.

use super::mutex::{Mutex, MutexGuard};
use super::waiters::{Ticket, WaiterList, Wakers};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A condition variable for tasks on one thread. Notifications go to the longest waiter;
/// a notify with nobody waiting is not remembered (as with any condition variable).
#[derive(Default)]
pub struct Condvar {
    waiters: RefCell<WaiterList<()>>,
}

// ===== impl Condvar =====

impl Condvar {
    pub fn new() -> Self {
        Self::default()
    }

    /// Releases the mutex behind `guard`, waits for a notify, then locks the mutex again.
    ///
    /// The waiter is queued before the mutex is released, so a notify made by whoever takes
    /// the mutex next cannot be missed.
    pub async fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        let mutex: &'a Mutex<T> = MutexGuard::mutex(&guard);
        let notified = self.notified();
        drop(guard);
        notified.await;
        mutex.lock().await
    }

    /// Queues a waiter now and returns the future of its notification (for callers that
    /// manage the mutex themselves). Dropping it after it was notified passes the
    /// notification on to the next waiter.
    pub fn notified(&self) -> Notified<'_> {
        Notified {
            cv: self,
            ticket: Some(self.waiters.borrow_mut().push((), None)),
        }
    }

    /// Wakes the longest waiter, if any; returns whether there was one.
    pub fn notify_one(&self) -> bool {
        let granted = self.waiters.borrow_mut().grant_front();
        match granted {
            Some(waker) => {
                if let Some(waker) = waker {
                    waker.wake();
                }
                true
            }
            None => false,
        }
    }

    /// Wakes every waiter, longest first; returns how many.
    pub fn notify_all(&self) -> usize {
        let mut wakers = Wakers::new();
        let count = {
            let mut waiters = self.waiters.borrow_mut();
            let count = waiters.waiting_len();
            waiters.grant_all_with(|_| (), &mut wakers);
            count
        };
        wakers.wake();
        count
    }

    /// Number of tasks waiting for a notify.
    pub fn waiting(&self) -> usize {
        self.waiters.borrow().waiting_len()
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condvar")
            .field("waiting", &self.waiting())
            .finish()
    }
}

/// The future of [`Condvar::notified`].
#[must_use = "futures do nothing unless awaited"]
pub struct Notified<'a> {
    cv: &'a Condvar,
    /// `None` once notified.
    ticket: Option<Ticket>,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(ticket) = self.ticket else {
            return Poll::Ready(());
        };
        let granted = self.cv.waiters.borrow_mut().poll(ticket, cx.waker());
        match granted {
            Some(()) => {
                self.ticket = None;
                Poll::Ready(())
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for Notified<'_> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            let removed = self.cv.waiters.borrow_mut().remove(ticket);
            if removed.is_some_and(|r| r.granted) {
                // The notification was meant for someone who left: give it to the next one.
                self.cv.notify_one();
            }
        }
    }
}
