//! Task wakers: `std::task::Wake` on an `Arc`, pushing the task's slot onto a shared wake queue.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Wake;

/// One wake-up: the arena slot and the generation of the task it was meant for.
///
/// The generation lets the executor ignore a stale waker whose task has ended and whose slot
/// now holds another task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WakeEntry {
    pub slot: u32,
    pub gen: u32,
}

/// The queue every waker of one executor pushes to; the executor drains it between polls.
///
/// It is `Send + Sync` because `Waker` must be, but only plain std types are used: the executor
/// never holds the lock while polling, so a task may wake anyone (itself included) mid-poll.
#[derive(Debug, Default)]
pub(crate) struct WakeQueue {
    /// Set while `list` may be non-empty, so an idle drain costs one atomic load, not a lock.
    pending: AtomicBool,
    /// Wake-ups in the order they happened.
    list: Mutex<Vec<WakeEntry>>,
}

// ===== impl WakeQueue =====

impl WakeQueue {
    /// Appends a wake-up.
    pub fn push(&self, entry: WakeEntry) {
        // A panic while holding this lock cannot leave the Vec half-written, so poison is moot.
        let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
        list.push(entry);
        self.pending.store(true, Ordering::Release);
    }

    /// Moves every queued wake-up into `out` (which should be empty), keeping both buffers'
    /// capacity so that steady-state draining allocates nothing.
    pub fn drain_into(&self, out: &mut Vec<WakeEntry>) {
        if !self.pending.load(Ordering::Acquire) {
            return;
        }
        let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::swap(&mut *list, out);
        self.pending.store(false, Ordering::Release);
    }
}

/// The waker of one task.
///
/// `notified` makes wakes idempotent: it is set by the first wake and cleared by the executor
/// just before the task is polled, so waking a task that is already queued pushes nothing.
#[derive(Debug)]
pub(crate) struct TaskWaker {
    /// The task's arena slot.
    slot: u32,
    /// The generation of the task in that slot; updated when the waker is reused.
    gen: AtomicU32,
    /// True while the task is in the wake queue or the ready queue (or has ended).
    notified: AtomicBool,
    /// Where wake-ups go.
    queue: Arc<WakeQueue>,
}

// ===== impl TaskWaker =====

impl TaskWaker {
    /// A waker for a task that is queued at once (spawning queues it), hence `notified`.
    pub fn new(slot: u32, gen: u32, queue: Arc<WakeQueue>) -> Self {
        Self {
            slot,
            gen: AtomicU32::new(gen),
            notified: AtomicBool::new(true),
            queue,
        }
    }

    /// Rebinds a waker nobody else holds to a new task in the same slot.
    pub fn reuse(&self, gen: u32) {
        self.gen.store(gen, Ordering::Relaxed);
        self.notified.store(true, Ordering::Relaxed);
    }

    /// Called just before a poll: from now on a wake must queue the task again.
    pub fn clear_notified(&self) {
        self.notified.store(false, Ordering::Release);
    }

    /// Called when the task ends: later wakes through stale clones become no-ops.
    pub fn retire(&self) {
        self.notified.store(true, Ordering::Release);
    }

    /// Whether a wake arrived since the last `clear_notified`.
    pub fn is_notified(&self) -> bool {
        self.notified.load(Ordering::Acquire)
    }

    /// Queues the task unless it is already queued.
    pub fn schedule(&self) {
        if !self.notified.swap(true, Ordering::AcqRel) {
            self.queue.push(WakeEntry {
                slot: self.slot,
                gen: self.gen.load(Ordering::Relaxed),
            });
        }
    }
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.schedule();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.schedule();
    }
}
