//! [`Memory`] over std atomics, with parking on one condition variable: how the algorithms are
//! tested natively with real threads.

use super::Memory;
use std::sync::atomic::{AtomicI32, AtomicI64, Ordering::SeqCst};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Shared words and cells for native threads.
pub struct StdMemory {
    words: Vec<AtomicI32>,
    cells: Vec<AtomicI64>,
    /// Parking: a waiter looks at its word under this lock, and a notifier takes the lock
    /// before it wakes, so no wake-up falls between the look and the park.
    park: Mutex<()>,
    woken: Condvar,
}

impl StdMemory {
    pub fn new(words: usize, cells: usize) -> Self {
        Self {
            words: (0..words).map(|_| AtomicI32::new(0)).collect(),
            cells: (0..cells).map(|_| AtomicI64::new(0)).collect(),
            park: Mutex::new(()),
            woken: Condvar::new(),
        }
    }
}

impl Memory for StdMemory {
    fn load(&self, at: usize) -> i32 {
        self.words[at].load(SeqCst)
    }

    fn store(&self, at: usize, value: i32) {
        self.words[at].store(value, SeqCst);
    }

    fn add(&self, at: usize, delta: i32) -> i32 {
        self.words[at].fetch_add(delta, SeqCst)
    }

    fn compare_exchange(&self, at: usize, current: i32, new: i32) -> Result<i32, i32> {
        self.words[at].compare_exchange(current, new, SeqCst, SeqCst)
    }

    fn swap(&self, at: usize, value: i32) -> i32 {
        self.words[at].swap(value, SeqCst)
    }

    fn wait(&self, at: usize, expected: i32, timeout_ms: f64) {
        let guard = self.park.lock().unwrap_or_else(|e| e.into_inner());
        if self.load(at) != expected {
            return;
        }
        let timeout = Duration::from_secs_f64(timeout_ms.max(0.0) / 1000.0);
        let _ = self.woken.wait_timeout(guard, timeout);
    }

    fn notify(&self, _at: usize, _count: u32) {
        // Waking every parked thread is allowed: each looks at its word again.
        let _guard = self.park.lock().unwrap_or_else(|e| e.into_inner());
        self.woken.notify_all();
    }

    fn load_cell(&self, at: usize) -> i64 {
        self.cells[at].load(SeqCst)
    }

    fn store_cell(&self, at: usize, value: i64) {
        self.cells[at].store(value, SeqCst);
    }

    fn max_cell(&self, at: usize, value: i64) -> i64 {
        self.cells[at].fetch_max(value, SeqCst)
    }

    fn add_cell(&self, at: usize, delta: i64) -> i64 {
        self.cells[at].fetch_add(delta, SeqCst)
    }
}
