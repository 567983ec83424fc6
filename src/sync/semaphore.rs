//! A counting semaphore with multi-permit, strictly FIFO acquisition.

use super::waiters::{Ticket, WaiterList, Wakers};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[derive(Debug, Default)]
struct SemState {
    /// Permits not held by anyone (granted ones are already subtracted).
    permits: usize,
    /// Waiters and how many permits each asks for.
    waiters: WaiterList<usize>,
}

impl SemState {
    /// Grants waiters from the front while the front request fits: a large request at the
    /// head blocks smaller ones behind it, so nobody starves.
    fn dispatch(&mut self, wakers: &mut Wakers) {
        while let Some(&n) = self.waiters.front_waiting() {
            if n > self.permits {
                return;
            }
            self.permits -= n;
            if let Some(waker) = self.waiters.grant_front() {
                wakers.push(waker);
            }
        }
    }
}

/// A semaphore for tasks on one thread. Permits are plain counts: `acquire(n)` takes them,
/// `release(n)` gives them back (no guard), as in the scenario language.
pub struct Semaphore {
    state: RefCell<SemState>,
}

// ===== impl Semaphore =====

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Self {
            state: RefCell::new(SemState {
                permits,
                waiters: WaiterList::new(),
            }),
        }
    }

    /// Waits for `n` permits. Completes on the first poll when they are available and
    /// nobody waits ahead.
    pub fn acquire(&self, n: usize) -> Acquire<'_> {
        Acquire {
            sem: self,
            n,
            ticket: None,
        }
    }

    /// Takes `n` permits if that needs no waiting.
    pub fn try_acquire(&self, n: usize) -> bool {
        let mut state = self.state.borrow_mut();
        if state.waiters.has_waiting() || state.permits < n {
            return false;
        }
        state.permits -= n;
        true
    }

    /// Adds `n` permits and grants waiters in order.
    pub fn release(&self, n: usize) {
        let mut wakers = Wakers::new();
        {
            let mut state = self.state.borrow_mut();
            state.permits = state.permits.saturating_add(n);
            state.dispatch(&mut wakers);
        }
        wakers.wake();
    }

    /// Permits free right now.
    pub fn available(&self) -> usize {
        self.state.borrow().permits
    }

    /// Number of tasks waiting.
    pub fn waiting(&self) -> usize {
        self.state.borrow().waiters.waiting_len()
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("Semaphore")
            .field("permits", &state.permits)
            .field("waiting", &state.waiters.waiting_len())
            .finish()
    }
}

/// The future of [`Semaphore::acquire`]. Dropping it while waiting leaves the queue (which
/// may let smaller requests behind it through); dropping it after a grant returns the permits.
#[must_use = "futures do nothing unless awaited"]
pub struct Acquire<'a> {
    sem: &'a Semaphore,
    n: usize,
    ticket: Option<Ticket>,
}

impl Future for Acquire<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.ticket {
            None => {
                if self.sem.try_acquire(self.n) {
                    return Poll::Ready(());
                }
                let n = self.n;
                let ticket = self
                    .sem
                    .state
                    .borrow_mut()
                    .waiters
                    .push(n, Some(cx.waker()));
                self.ticket = Some(ticket);
                Poll::Pending
            }
            Some(ticket) => {
                let granted = self.sem.state.borrow_mut().waiters.poll(ticket, cx.waker());
                match granted {
                    Some(_) => {
                        self.ticket = None;
                        Poll::Ready(())
                    }
                    None => Poll::Pending,
                }
            }
        }
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        let Some(ticket) = self.ticket.take() else {
            return;
        };
        let mut wakers = Wakers::new();
        {
            let mut state = self.sem.state.borrow_mut();
            if let Some(removed) = state.waiters.remove(ticket) {
                if removed.granted {
                    state.permits = state.permits.saturating_add(removed.data);
                }
                state.dispatch(&mut wakers);
            }
        }
        wakers.wake();
    }
}
