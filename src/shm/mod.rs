//! Locks over shared memory, futex style: the algorithms live threads run on a real
//! `SharedArrayBuffer`. They are written once over [`Memory`], tested natively over std atomics
//! with real threads ([`StdMemory`]), and run in the browser over `js_sys::Atomics`
//! (`web::shared_memory`).
//!
//! They are a second, real implementation of the rules the simulator follows, and they keep
//! only some of its guarantees:
//! - **mutex**: mutual exclusion, and the lock word names its owner; **not FIFO**: a thread
//!   that arrives while the lock is free can take it ahead of one that has waited longer (the
//!   simulator hands off in FIFO order).
//! - **semaphore**: never more permits out than exist; not FIFO either.
//! - **rwlock**: many readers or one writer, and **writer preference** as in the simulator: a
//!   waiting writer stops new readers.
//! - **channel** (bounded): items come out in the order they went in, never more than its
//!   capacity inside, and a close wakes every waiter; waiting threads are not served in
//!   arrival order (one loop's async tasks are: they wait in a line per side).
//! - **condition variable**: `notify` wakes the longest waiter and `notify_all` every waiter in
//!   order, as in the simulator; a notify with no waiter is lost, and no wake-up is spurious.
//!   The re-lock of its mutex after a wake is the futex mutex's, so not FIFO.
//!
//! A blocked thread parks for at most [`SLICE_MS`] at a time and asks between parks whether it
//! should give up, so a thread cancelled or timed out while it waits wakes up.

pub mod channel;
pub mod condvar;
mod guard;
pub mod mutex;
pub mod ring;
pub mod rwlock;
pub mod semaphore;
#[cfg(not(target_arch = "wasm32"))]
mod std_memory;

#[cfg(not(target_arch = "wasm32"))]
pub use std_memory::StdMemory;

/// How long a blocked thread parks before it looks whether it should give up.
pub const SLICE_MS: f64 = 20.0;

/// An async task's wait on a word: ends when the word is notified or the wait times out.
pub type AsyncPark = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Sequentially consistent operations on an array of shared 32-bit words (the locks) and one of
/// shared 64-bit cells (the scenario's variables), with futex-style parking on words.
pub trait Memory {
    fn load(&self, at: usize) -> i32;
    fn store(&self, at: usize, value: i32);
    /// Adds `delta` and returns the previous value.
    fn add(&self, at: usize, delta: i32) -> i32;
    /// Replaces `current` by `new`; `Err` holds the value found instead.
    fn compare_exchange(&self, at: usize, current: i32, new: i32) -> Result<i32, i32>;
    /// Stores `value` and returns the previous value.
    fn swap(&self, at: usize, value: i32) -> i32;
    /// Parks while word `at` holds `expected`, for at most `timeout_ms`. It may return early
    /// (a notify meant for another, or none at all): callers always look again.
    fn wait(&self, at: usize, expected: i32, timeout_ms: f64);
    /// Wakes up to `count` threads parked on word `at`.
    fn notify(&self, at: usize, count: u32);
    /// Whether [`Memory::wait_async`] works here.
    fn waits_async(&self) -> bool {
        false
    }
    /// Awaits, without blocking, while word `at` holds `expected`, for at most `timeout_ms`:
    /// how an async task waits without stopping its event loop. `settled` runs when the wait
    /// ends, after the future's waker was woken, so that whoever drives the future can drive it
    /// then. `None` where this memory cannot wait so. Like [`Memory::wait`], it may end early.
    fn wait_async(
        &self,
        _at: usize,
        _expected: i32,
        _timeout_ms: f64,
        _settled: Box<dyn FnOnce()>,
    ) -> Option<AsyncPark> {
        None
    }

    /// Stores `words` at `at..`: plain stores, ordered before any atomic operation that
    /// follows (a ring publishes them by moving its written count).
    fn store_words(&self, at: usize, words: &[i32]) {
        for (i, w) in words.iter().enumerate() {
            self.store(at + i, *w);
        }
    }
    /// Loads `n` words from `at`.
    fn load_words(&self, at: usize, n: usize) -> Vec<i32> {
        (0..n).map(|i| self.load(at + i)).collect()
    }

    fn load_cell(&self, at: usize) -> i64;
    fn store_cell(&self, at: usize, value: i64);
    /// Adds `delta` and returns the previous value.
    fn add_cell(&self, at: usize, delta: i64) -> i64;
    /// Raises cell `at` to `value` if it holds less, and returns the value it held.
    fn max_cell(&self, at: usize, value: i64) -> i64;
}

/// The waiting thread gave up: it was cancelled or its `timeout` expired while it was parked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GaveUp;

/// What a blocked thread is told, and asked, while it waits.
pub trait Waiting {
    /// Called once, before the first park, with the task that holds what it waits for (if the
    /// memory names one): the live trace records the wait where it happens.
    fn blocked(&mut self, holder: Option<u32>);
    /// Asked between parks: should the waiter stop waiting?
    fn give_up(&mut self) -> bool;
}

/// How a word names a task: its index plus one, so that 0 means nobody.
pub(crate) fn tag(task: u32) -> i32 {
    (task as i32).wrapping_add(1) & mutex::OWNER_MASK
}

/// The task a tag names, if any.
pub(crate) fn untag(word: i32) -> Option<u32> {
    let t = word & mutex::OWNER_MASK;
    (t != 0).then(|| (t - 1) as u32)
}

// The tests run real OS threads, which a wasm32 test build has not got.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod channel_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod condvar_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod ring_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod waiters;
