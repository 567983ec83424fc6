//! Async sync primitives (mutex, rwlock, semaphore, condvar, channel) over one shared FIFO waiter list.
//!
//! They work on any single-threaded executor (they only use `Waker`s), hand resources to the
//! longest waiter directly (fair, no barging), complete at once when nothing must be waited
//! for, and stay consistent when a waiting future is dropped.
//!
//! ```
//! use interleave::exec::Executor;
//! use interleave::sync::{Channel, Mutex};
//! use std::rc::Rc;
//!
//! let ex = Executor::new();
//! let (m, ch) = (Rc::new(Mutex::new(0)), Rc::new(Channel::bounded(0)));
//! let (m2, ch2) = (Rc::clone(&m), Rc::clone(&ch));
//! ex.spawn(async move {
//!     *m2.lock().await += 1;
//!     ch2.send("done").await.unwrap(); // rendezvous: waits for the receiver
//! });
//! assert_eq!(ex.block_on(async move { ch.recv().await }), Ok(Ok("done")));
//! assert_eq!(*m.try_lock().unwrap(), 1);
//! ```

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
