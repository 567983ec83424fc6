//! An async mutex with FIFO hand-off: `lock().await` gives a guard; a free mutex locks at once.

use super::waiters::{Ticket, WaiterList};
use std::cell::{RefCell, RefMut};
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Lock bookkeeping, apart from the value so that guards can borrow the value alone.
#[derive(Debug, Default)]
struct MutexState {
    /// Held by a guard, or granted to a waiter that has not picked it up yet.
    locked: bool,
    /// Tasks waiting for the lock.
    waiters: WaiterList<()>,
}

/// A mutual-exclusion lock for tasks on one thread. Waiters get the lock in arrival order.
pub struct Mutex<T> {
    state: RefCell<MutexState>,
    value: RefCell<T>,
}

// ===== impl Mutex =====

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        Self {
            state: RefCell::new(MutexState::default()),
            value: RefCell::new(value),
        }
    }

    /// Waits for the lock. Completes on the first poll when the lock is free and nobody waits.
    pub fn lock(&self) -> Lock<'_, T> {
        Lock {
            mutex: self,
            ticket: None,
        }
    }

    /// Takes the lock if it is free and nobody waits for it.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        let mut state = self.state.borrow_mut();
        if state.locked {
            return None;
        }
        state.locked = true;
        drop(state);
        Some(self.guard())
    }

    /// Whether the lock is held (or granted to a waiter about to run).
    pub fn is_locked(&self) -> bool {
        self.state.borrow().locked
    }

    /// Number of tasks waiting for the lock.
    pub fn waiting(&self) -> usize {
        self.state.borrow().waiters.waiting_len()
    }

    /// The value, once no guard can exist any more.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    fn guard(&self) -> MutexGuard<'_, T> {
        MutexGuard {
            mutex: self,
            value: Some(self.value.borrow_mut()),
        }
    }

    /// Hands the lock to the longest waiter, or frees it.
    fn unlock(&self) {
        let waker = {
            let mut state = self.state.borrow_mut();
            match state.waiters.grant_front() {
                Some(waker) => waker,
                None => {
                    state.locked = false;
                    None
                }
            }
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("Mutex")
            .field("locked", &state.locked)
            .field("waiting", &state.waiters.waiting_len())
            .finish()
    }
}

/// The future of [`Mutex::lock`]. Dropping it while waiting leaves the queue; dropping it
/// after the lock was handed to it passes the lock to the next waiter.
#[must_use = "futures do nothing unless awaited"]
pub struct Lock<'a, T> {
    mutex: &'a Mutex<T>,
    /// Set once queued.
    ticket: Option<Ticket>,
}

impl<'a, T> Future for Lock<'a, T> {
    type Output = MutexGuard<'a, T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mutex = self.mutex;
        let mut state = mutex.state.borrow_mut();
        match self.ticket {
            None => {
                if !state.locked {
                    state.locked = true;
                    drop(state);
                    return Poll::Ready(mutex.guard());
                }
                self.ticket = Some(state.waiters.push((), Some(cx.waker())));
                Poll::Pending
            }
            Some(ticket) => match state.waiters.poll(ticket, cx.waker()) {
                Some(()) => {
                    drop(state);
                    self.ticket = None;
                    Poll::Ready(mutex.guard())
                }
                None => Poll::Pending,
            },
        }
    }
}

impl<T> Drop for Lock<'_, T> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            let removed = self.mutex.state.borrow_mut().waiters.remove(ticket);
            if removed.is_some_and(|r| r.granted) {
                self.mutex.unlock();
            }
        }
    }
}

/// Access to a locked mutex's value; dropping it unlocks (handing the lock on, FIFO).
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    /// Always `Some` until the guard is dropped.
    value: Option<RefMut<'a, T>>,
}

impl<'a, T> MutexGuard<'a, T> {
    /// The mutex this guard locks (used by `Condvar::wait` to lock it again).
    pub fn mutex(guard: &Self) -> &'a Mutex<T> {
        guard.mutex
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
            .as_ref()
            .expect("a guard holds its value until dropped")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value
            .as_mut()
            .expect("a guard holds its value until dropped")
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Release the value's borrow before the next holder can be granted the lock.
        self.value = None;
        self.mutex.unlock();
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
