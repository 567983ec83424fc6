//! Task wakers: `std::task::Wake` on an `Arc`, naming the task's slot to its executor.
//!
//! A wake made on the executor's own thread while it runs rounds (nearly all of them: a task
//! waking another, a timer firing, a task yielding) takes a fast path through a thread-local
//! reference to the executor and queues the task at once, free of atomics and locks. Any
//! other wake (another thread, or between rounds) goes to the shared, mutex-protected queue,
//! which the executor drains at the start of each round and after each entry.

use super::inner::Inner;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Wake, Waker};

/// One wake-up: the arena slot and the generation of the task it was meant for.
///
/// The generation lets the executor ignore a stale waker whose task has ended and whose slot
/// now holds another task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WakeEntry {
    pub slot: u32,
    pub gen: u32,
}

/// This thread's fast path: the executor running rounds here, if any, and the address of its
/// wake queue (0 when none), which wakers compare with their own.
struct Running {
    owner: Cell<usize>,
    exec: RefCell<Option<Rc<Inner>>>,
}

thread_local! {
    static RUNNING: Running = const {
        Running {
            owner: Cell::new(0),
            exec: RefCell::new(None),
        }
    };
}

/// While alive, wakes made on this thread for one executor take the fast path. Restores the
/// previous executor when dropped, so an executor run from inside another's task is fine.
pub(crate) struct LocalGuard {
    /// False when this thread already ran this executor: nothing to undo.
    entered: bool,
    prev_owner: usize,
    prev_exec: Option<Rc<Inner>>,
}

impl Drop for LocalGuard {
    fn drop(&mut self) {
        if !self.entered {
            return;
        }
        let prev_owner = self.prev_owner;
        let prev_exec = self.prev_exec.take();
        let _ = RUNNING.try_with(|running| {
            running.owner.set(prev_owner);
            if let Ok(mut exec) = running.exec.try_borrow_mut() {
                *exec = prev_exec;
            }
        });
    }
}

/// Makes `exec` this thread's running executor until the guard drops.
pub(crate) fn enter(exec: &Rc<Inner>) -> LocalGuard {
    let me = exec.wake_queue().id();
    RUNNING
        .try_with(|running| {
            if running.owner.get() == me {
                return None;
            }
            let mut slot = running.exec.try_borrow_mut().ok()?;
            let prev_exec = slot.replace(Rc::clone(exec));
            Some(LocalGuard {
                entered: true,
                prev_owner: running.owner.replace(me),
                prev_exec,
            })
        })
        .ok()
        .flatten()
        .unwrap_or(LocalGuard {
            entered: false,
            prev_owner: 0,
            prev_exec: None,
        })
}

/// The queue for wakes that cannot take the fast path; the executor drains it between
/// entries.
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

    /// Queues a wake-up: directly on the executor if it runs on this thread, else shared.
    #[inline(always)]
    pub fn wake(&self, entry: WakeEntry) {
        let me = self.id();
        let done = RUNNING
            .try_with(|running| {
                running.owner.get() == me
                    && running
                        .exec
                        .try_borrow()
                        .ok()
                        .and_then(|exec| exec.as_ref().map(|exec| exec.wake_local(entry)))
                        .unwrap_or(false)
            })
            .unwrap_or(false);
        if !done {
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

    /// Whether the shared queue may hold wake-ups.
    #[inline]
    pub fn has_pending(&self) -> bool {
        self.pending.load(Ordering::Acquire)
    }

    /// Moves the shared queue's wake-ups into `out`.
    pub fn drain_into(&self, out: &mut Vec<WakeEntry>) {
        if self.has_pending() {
            let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
            out.append(&mut list);
            self.pending.store(false, Ordering::Release);
        }
    }
}

/// The waker of one task: it names the task's slot and generation.
///
/// It keeps no "already queued" flag: the executor queues only tasks that are idle or running,
/// so a redundant or stale wake is simply ignored.
#[derive(Debug)]
pub(crate) struct TaskWaker {
    /// The task's arena slot; updated when the waker is reused.
    slot: AtomicU32,
    /// The generation of the task in that slot; updated when the waker is reused.
    gen: AtomicU32,
    /// Where wake-ups go when the fast path is not available.
    queue: Arc<WakeQueue>,
}

// ===== impl TaskWaker =====

impl TaskWaker {
    /// Asks for the task to be queued.
    #[inline(always)]
    pub fn schedule(&self) {
        self.queue.wake(WakeEntry {
            slot: self.slot.load(Ordering::Relaxed),
            gen: self.gen.load(Ordering::Relaxed),
        });
    }
}

/// A task's waker as the executor keeps it: the `Waker` handed to polls and its shared part,
/// whose count tells whether anyone else still holds a clone.
///
/// Only a waker nobody else holds may be rebound to another task (a clone kept by the old
/// task's future would otherwise wake the new one), so a task gets its waker at its first
/// poll, from the executor's spares if one is free, and gives it back when it ends unshared.
/// Most tasks that finish in one poll never let theirs out, so they share one allocation.
pub(crate) struct OwnedWaker {
    shared: Arc<TaskWaker>,
    waker: Waker,
}

// ===== impl OwnedWaker =====

impl OwnedWaker {
    pub fn new(slot: u32, gen: u32, queue: Arc<WakeQueue>) -> Self {
        let shared = Arc::new(TaskWaker {
            slot: AtomicU32::new(slot),
            gen: AtomicU32::new(gen),
            queue,
        });
        let waker = Waker::from(Arc::clone(&shared));
        Self { shared, waker }
    }

    /// The waker to poll with.
    #[inline(always)]
    pub fn waker(&self) -> &Waker {
        &self.waker
    }

    /// Whether a clone lives outside the executor (its own two references aside).
    #[inline(always)]
    pub fn is_shared(&self) -> bool {
        Arc::strong_count(&self.shared) > 2
    }

    /// Binds an unshared waker to the task in `slot` of generation `gen`.
    #[inline(always)]
    pub fn rebind(&self, slot: u32, gen: u32) {
        debug_assert!(!self.is_shared(), "only an unshared waker is rebound");
        self.shared.slot.store(slot, Ordering::Relaxed);
        self.shared.gen.store(gen, Ordering::Relaxed);
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
