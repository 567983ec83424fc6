//! A writer-preferring async reader-writer lock: a waiting writer blocks new readers.

use super::waiters::{Ticket, WaiterList, Wakers};
use std::cell::{Ref, RefCell, RefMut};
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};

/// What a waiter asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Read,
    Write,
}

#[derive(Debug, Default)]
struct RwState {
    /// Readers holding (or granted) shared access.
    readers: usize,
    /// A writer holds (or was granted) exclusive access.
    writer: bool,
    /// Waiting readers and writers, in arrival order.
    waiters: WaiterList<Mode>,
}

impl RwState {
    /// Grants from the front of the queue: one writer if the lock is free, or the run of
    /// readers before the first waiting writer (which then blocks the readers behind it).
    fn dispatch(&mut self, wakers: &mut Wakers) {
        loop {
            match self.waiters.front_waiting() {
                Some(Mode::Write) if !self.writer && self.readers == 0 => {
                    self.writer = true;
                }
                Some(Mode::Read) if !self.writer => {
                    self.readers += 1;
                }
                _ => return,
            }
            if let Some(waker) = self.waiters.grant_front() {
                wakers.push(waker);
            }
        }
    }
}

/// A reader-writer lock for tasks on one thread, fair and writer-preferring.
pub struct RwLock<T> {
    state: RefCell<RwState>,
    value: RefCell<T>,
}

// ===== impl RwLock =====

impl<T> RwLock<T> {
    pub fn new(value: T) -> Self {
        Self {
            state: RefCell::new(RwState::default()),
            value: RefCell::new(value),
        }
    }

    /// Waits for shared access; at once when no writer holds the lock or waits for it.
    pub fn read(&self) -> Read<'_, T> {
        Read(AccessWait::new(self, Mode::Read))
    }

    /// Waits for exclusive access; at once when the lock is free and nobody waits.
    pub fn write(&self) -> Write<'_, T> {
        Write(AccessWait::new(self, Mode::Write))
    }

    /// Shared access if available without waiting.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        self.try_acquire(Mode::Read).then(|| self.read_guard())
    }

    /// Exclusive access if available without waiting.
    pub fn try_write(&self) -> Option<WriteGuard<'_, T>> {
        self.try_acquire(Mode::Write).then(|| self.write_guard())
    }

    /// Number of readers holding the lock, and whether a writer holds it.
    pub fn holders(&self) -> (usize, bool) {
        let state = self.state.borrow();
        (state.readers, state.writer)
    }

    /// Number of tasks waiting.
    pub fn waiting(&self) -> usize {
        self.state.borrow().waiters.waiting_len()
    }

    fn try_acquire(&self, mode: Mode) -> bool {
        let mut state = self.state.borrow_mut();
        if state.writer || state.waiters.has_waiting() {
            return false;
        }
        match mode {
            Mode::Read => state.readers += 1,
            Mode::Write if state.readers == 0 => state.writer = true,
            Mode::Write => return false,
        }
        true
    }

    fn read_guard(&self) -> ReadGuard<'_, T> {
        ReadGuard {
            lock: self,
            value: Some(self.value.borrow()),
        }
    }

    fn write_guard(&self) -> WriteGuard<'_, T> {
        WriteGuard {
            lock: self,
            value: Some(self.value.borrow_mut()),
        }
    }

    /// Gives back one grant of `access` and lets the queue move.
    fn release(&self, mode: Mode) {
        let mut wakers = Wakers::new();
        {
            let mut state = self.state.borrow_mut();
            match mode {
                Mode::Read => state.readers -= 1,
                Mode::Write => state.writer = false,
            }
            state.dispatch(&mut wakers);
        }
        wakers.wake();
    }
}

impl<T> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("RwLock")
            .field("readers", &state.readers)
            .field("writer", &state.writer)
            .field("waiting", &state.waiters.waiting_len())
            .finish()
    }
}

/// Waiting for one kind of access: the shared part of [`Read`] and [`Write`].
struct AccessWait<'a, T> {
    lock: &'a RwLock<T>,
    mode: Mode,
    /// Set once queued.
    ticket: Option<Ticket>,
}

impl<'a, T> AccessWait<'a, T> {
    fn new(lock: &'a RwLock<T>, mode: Mode) -> Self {
        Self {
            lock,
            mode,
            ticket: None,
        }
    }

    /// Ready once access is held by this waiter.
    fn poll_grant(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let lock = self.lock;
        match self.ticket {
            None => {
                if lock.try_acquire(self.mode) {
                    return Poll::Ready(());
                }
                let ticket = lock
                    .state
                    .borrow_mut()
                    .waiters
                    .push(self.mode, Some(cx.waker()));
                self.ticket = Some(ticket);
                Poll::Pending
            }
            Some(ticket) => {
                let granted = lock.state.borrow_mut().waiters.poll(ticket, cx.waker());
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

impl<T> Drop for AccessWait<'_, T> {
    fn drop(&mut self) {
        let Some(ticket) = self.ticket.take() else {
            return;
        };
        let removed = self.lock.state.borrow_mut().waiters.remove(ticket);
        match removed {
            Some(r) if r.granted => self.lock.release(r.data),
            Some(_) => {
                // A waiting writer that leaves may unblock the readers queued behind it.
                let mut wakers = Wakers::new();
                self.lock.state.borrow_mut().dispatch(&mut wakers);
                wakers.wake();
            }
            None => {}
        }
    }
}

/// The future of [`RwLock::read`]. Dropping it while waiting leaves the queue; dropping it
/// after access was granted gives the access back.
#[must_use = "futures do nothing unless awaited"]
pub struct Read<'a, T>(AccessWait<'a, T>);

impl<'a, T> Future for Read<'a, T> {
    type Output = ReadGuard<'a, T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let lock = self.0.lock;
        self.0.poll_grant(cx).map(|()| lock.read_guard())
    }
}

/// The future of [`RwLock::write`], with the same cancellation rules as [`Read`].
#[must_use = "futures do nothing unless awaited"]
pub struct Write<'a, T>(AccessWait<'a, T>);

impl<'a, T> Future for Write<'a, T> {
    type Output = WriteGuard<'a, T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let lock = self.0.lock;
        self.0.poll_grant(cx).map(|()| lock.write_guard())
    }
}

/// Shared access to the value; dropping it releases.
pub struct ReadGuard<'a, T> {
    lock: &'a RwLock<T>,
    value: Option<Ref<'a, T>>,
}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
            .as_ref()
            .expect("a guard holds its value until dropped")
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    fn drop(&mut self) {
        self.value = None;
        self.lock.release(Mode::Read);
    }
}

/// Exclusive access to the value; dropping it releases.
pub struct WriteGuard<'a, T> {
    lock: &'a RwLock<T>,
    value: Option<RefMut<'a, T>>,
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
            .as_ref()
            .expect("a guard holds its value until dropped")
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value
            .as_mut()
            .expect("a guard holds its value until dropped")
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        self.value = None;
        self.lock.release(Mode::Write);
    }
}
