//! Async sync primitives (mutex, rwlock, semaphore, condvar, channel) over one shared FIFO waiter list.
//!
//! They work on any single-threaded executor (they only use `Waker`s), hand resources to the
//! longest waiter directly (fair, no barging), complete at once when nothing must be waited
//! for, and stay consistent when a waiting future is dropped.

mod channel;
mod condvar;
mod error;
mod mutex;
mod rwlock;
mod semaphore;
mod waiters;

pub use channel::{Channel, RecvFuture, SendFuture};
pub use condvar::{Condvar, Notified};
pub use error::{RecvError, SendError, TryRecvError, TrySendError};
pub use mutex::{Lock, Mutex, MutexGuard};
pub use rwlock::{Read, ReadGuard, RwLock, Write, WriteGuard};
pub use semaphore::{Acquire, Semaphore};
