//! Task wakers: `std::task::Wake` on an `Arc`, pushing the task's slot onto a shared wake queue.
//!
//! Wakes made on the executor's own thread while it runs a round (nearly all of them: a task
//! waking another, or itself to yield) take a fast path to a thread-local list, free of
//! atomics and locks; any other wake (another thread, or between rounds) goes to the shared,
//! mutex-protected queue. The executor drains both after every entry it runs.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Wake;

/// This thread's fast path: the wake queue of the executor running a round here (by
/// address; 0 when none) and the wakes made for it meanwhile.
struct LocalWakes {
    owner: Cell<usize>,
    list: RefCell<Vec<WakeEntry>>,
}

thread_local! {
    static LOCAL: LocalWakes = const {
        LocalWakes {
            owner: Cell::new(0),
            list: RefCell::new(Vec::new()),
        }
    };
}

/// While alive, wakes made on this thread for one queue take the local fast path. Restores
/// the previous owner when dropped, so an executor run from inside another's task is fine.
pub(crate) struct LocalGuard<'a> {
    queue: &'a WakeQueue,
    /// False when this thread already routed wakes to this queue: nothing to undo.
    entered: bool,
    prev_owner: usize,
    prev_list: Vec<WakeEntry>,
}

impl Drop for LocalGuard<'_> {
    fn drop(&mut self) {
        if !self.entered {
            return;
        }
        let prev_owner = self.prev_owner;
        let prev_list = std::mem::take(&mut self.prev_list);
        let leftovers: Vec<WakeEntry> = LOCAL
            .try_with(|local| {
                local.owner.set(prev_owner);
                if prev_owner != 0 {
                    return local.list.replace(prev_list);
                }
                // Keep the list (and its capacity) in place for the next round.
                match local.list.try_borrow_mut() {
                    Ok(mut list) if !list.is_empty() => list.drain(..).collect(),
                    _ => Vec::new(),
                }
            })
            .unwrap_or_default();
        // Normally empty (the executor drains after every entry), but never lose a wake.
        for entry in leftovers {
            self.queue.push(entry);
        }
    }
}

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
    /// This queue's identity for the thread-local fast path.
    fn id(&self) -> usize {
        std::ptr::from_ref(self) as usize
    }

    /// Routes this thread's wakes for this queue to the fast local list until the guard drops.
    pub fn enter_local(&self) -> LocalGuard<'_> {
        let me = self.id();
        let entered = LOCAL
            .try_with(|local| local.owner.get() != me)
            .unwrap_or(false);
        if !entered {
            return LocalGuard {
                queue: self,
                entered,
                prev_owner: me,
                prev_list: Vec::new(),
            };
        }
        let (prev_owner, prev_list) = LOCAL
            .try_with(|local| {
                let prev_owner = local.owner.replace(me);
                // Nested inside another executor's round: set its pending wakes aside.
                let prev_list = if prev_owner != 0 {
                    local.list.take()
                } else {
                    Vec::new()
                };
                (prev_owner, prev_list)
            })
            .unwrap_or_default();
        LocalGuard {
            queue: self,
            entered,
            prev_owner,
            prev_list,
        }
    }

    /// Queues a wake-up: locally if this thread is running this queue's executor.
    #[inline]
    fn wake(&self, entry: WakeEntry) {
        let me = self.id();
        let local = LOCAL
            .try_with(|local| {
                if local.owner.get() != me {
                    return false;
                }
                match local.list.try_borrow_mut() {
                    Ok(mut list) => {
                        list.push(entry);
                        true
                    }
                    Err(_) => false,
                }
            })
            .unwrap_or(false);
        if !local {
            self.push(entry);
        }
    }

    /// Appends a wake-up to the shared queue.
    pub fn push(&self, entry: WakeEntry) {
        // A panic while holding this lock cannot leave the Vec half-written, so poison is moot.
        let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
        list.push(entry);
        self.pending.store(true, Ordering::Release);
    }

    /// Moves every queued wake-up into `out` (which should be empty), keeping both buffers'
    /// capacity so that steady-state draining allocates nothing.
    #[inline]
    pub fn drain_into(&self, out: &mut Vec<WakeEntry>) {
        if self.pending.load(Ordering::Acquire) {
            let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
            out.append(&mut list);
            self.pending.store(false, Ordering::Release);
        }
        let me = self.id();
        let _ = LOCAL.try_with(|local| {
            if local.owner.get() == me {
                if let Ok(mut list) = local.list.try_borrow_mut() {
                    out.append(&mut list);
                }
            }
        });
    }
}

/// The waker of one task: it names the task's slot and generation and pushes them on wake.
///
/// It keeps no "already queued" flag: the executor queues only tasks that are idle or running,
/// so a redundant or stale wake costs one list entry and is dropped when drained.
#[derive(Debug)]
pub(crate) struct TaskWaker {
    /// The task's arena slot.
    slot: u32,
    /// The generation of the task in that slot; updated when the waker is reused.
    gen: AtomicU32,
    /// Where wake-ups go.
    queue: Arc<WakeQueue>,
}

// ===== impl TaskWaker =====

impl TaskWaker {
    pub fn new(slot: u32, gen: u32, queue: Arc<WakeQueue>) -> Self {
        Self {
            slot,
            gen: AtomicU32::new(gen),
            queue,
        }
    }

    /// Rebinds a waker nobody else holds to a new task in the same slot.
    pub fn reuse(&self, gen: u32) {
        self.gen.store(gen, Ordering::Relaxed);
    }

    /// Asks for the task to be queued.
    #[inline]
    pub fn schedule(&self) {
        self.queue.wake(WakeEntry {
            slot: self.slot,
            gen: self.gen.load(Ordering::Relaxed),
        });
    }
}

impl Wake for TaskWaker {
    #[inline]
    fn wake(self: Arc<Self>) {
        self.schedule();
    }

    #[inline]
    fn wake_by_ref(self: &Arc<Self>) {
        self.schedule();
    }
}
