//! The task arena: tasks live in slots reached by index, with generations for reuse.

use super::chunks::Chunks;
use super::waker::{OwnedWaker, WakeQueue};
use std::any::Any;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// A task's identity: its spawn number on its executor (0, 1, 2, …), never reused.
///
/// Ids are the spawn order rather than arena slots so that traces and tests read naturally
/// even after slots have been recycled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub u32);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "task {}", self.0)
    }
}

/// A task's type-erased body: its future and, once that completes, its output, in one
/// allocation (a separate box for the output would cost a second allocation per task).
pub(crate) trait Body {
    /// Polls the future; when it completes, the future is dropped and its output kept.
    fn poll_body(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;
    /// Moves the output into `dst` when `dst` is an `Option` of the output's type.
    fn take_output(self: Pin<&mut Self>, dst: &mut dyn Any);
}

/// A task's body, boxed.
pub(crate) type BoxFuture = Pin<Box<dyn Body>>;

/// An ended task's body holding its output.
pub(crate) type Output = BoxFuture;

/// The number of spare wakers an arena keeps for tasks to come; more are freed.
const SPARE_WAKERS: usize = 64;

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TaskState {
    /// The slot holds no task.
    Free,
    /// In the ready queue (this round's or the next).
    Queued,
    /// Being polled right now.
    Running,
    /// Waiting for a wake-up.
    Idle,
    /// Completed or cancelled; the slot lives on only until its join handle takes the result.
    Ended,
}

/// What the executor needs to poll a task, moved out of the arena during the poll (the arena
/// must not stay borrowed while user code runs).
pub(crate) struct Parked {
    pub future: BoxFuture,
    pub waker: OwnedWaker,
}

/// A slot of the arena and the task in it. Tasks are written in place, never moved.
pub(crate) struct Task {
    /// Bumped each time the slot is freed, so stale wake-ups and handles can be told apart.
    pub gen: u32,
    /// Scheduling state; `Free` when the slot is empty.
    pub state: TaskState,
    /// Cancellation was requested: drop the future instead of polling it.
    pub cancel: bool,
    /// The join handle was dropped: free the slot as soon as the task ends.
    pub detached: bool,
    /// Its public identity.
    pub id: TaskId,
    /// Its priority under `Policy::Priority` (higher runs first).
    pub priority: i32,
    /// The body: the future until the end, then the output (`None` while being polled, and
    /// after the end if the task was cancelled).
    pub body: Option<BoxFuture>,
    /// Its waker, from its first poll until it ends (out of the slot while being polled).
    pub waker: Option<OwnedWaker>,
    /// The task awaiting this one's join handle.
    pub joiner: Option<Waker>,
}

/// What ending a task leaves for the caller to do outside its borrow of the arena.
pub(crate) struct Ending {
    /// Wake the joiner, if one waits.
    pub joiner: Option<Waker>,
    /// Drop this output (the task was detached, so nobody will take it).
    pub dropped: Option<Output>,
}

/// Frees `task`, in `slot`, onto the `free` list and returns its result (`None`: cancelled).
/// A function of the parts, not of the arena, so that a caller holding the task can call it.
#[inline(always)]
fn free(slot: u32, task: &mut Task, free: &mut Vec<u32>) -> Option<Output> {
    task.state = TaskState::Free;
    task.gen = task.gen.wrapping_add(1);
    task.joiner = None;
    // An ended task's waker went back with its poll; this only guards the next task.
    task.waker = None;
    free.push(slot);
    task.body.take()
}

/// What a join handle finds: see [`Arena::join`].
pub(crate) enum Join<'a> {
    /// No such task any more: its result was taken, or the executor shut down.
    Gone,
    /// The task has not ended.
    Running(&'a mut Task),
    /// The task had ended; its slot is free now. `None`: it was cancelled.
    Ended(Option<Output>),
}

/// All tasks of one executor.
#[derive(Default)]
pub(crate) struct Arena {
    /// Slots, occupied or free.
    slots: Chunks<Task>,
    /// Free slot indices, reused last-freed first (warm in cache).
    free: Vec<u32>,
    /// Number of tasks that have not ended.
    live: usize,
    /// The next `TaskId` to hand out.
    next_id: u32,
    /// Unshared wakers of ended tasks, for the next tasks' first polls.
    spare_wakers: Vec<OwnedWaker>,
    /// Where new wakers send wake-ups made off the fast path.
    queue: Arc<WakeQueue>,
}

// ===== impl Arena =====

impl Arena {
    pub fn new(queue: Arc<WakeQueue>) -> Self {
        Self {
            slots: Chunks::default(),
            free: Vec::new(),
            live: 0,
            next_id: 0,
            spare_wakers: Vec::new(),
            queue,
        }
    }

    /// Stores a new, queued task and returns its slot, generation and id.
    pub fn insert(&mut self, future: BoxFuture, priority: i32) -> (u32, u32, TaskId) {
        let id = TaskId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.live += 1;
        // A freed slot is reused with its generation; a new one is written once, complete.
        if let Some(index) = self.free.pop() {
            if let Some(task) = self.slot_mut(index) {
                task.state = TaskState::Queued;
                task.cancel = false;
                task.detached = false;
                task.id = id;
                task.priority = priority;
                task.body = Some(future);
                return (index, task.gen, id);
            }
        }
        let index = self.slots.push(Task {
            gen: 0,
            state: TaskState::Queued,
            cancel: false,
            detached: false,
            id,
            priority,
            body: Some(future),
            waker: None,
            joiner: None,
        });
        (index, 0, id)
    }

    /// Moves a queued task's future and waker out for its poll and marks it running; its
    /// first poll gives it a waker. `None` if the slot holds no such task.
    #[inline(always)]
    pub fn take_for_poll(&mut self, slot: u32, gen: u32) -> Option<(Parked, &Task)> {
        let task = self.slots.get_mut(slot)?;
        if task.gen != gen || task.state != TaskState::Queued {
            return None;
        }
        let future = task.body.take()?;
        let waker = match task.waker.take() {
            Some(waker) => waker,
            None => match self.spare_wakers.pop() {
                Some(waker) => {
                    waker.rebind(slot, gen);
                    waker
                }
                None => OwnedWaker::new(slot, gen, Arc::clone(&self.queue)),
            },
        };
        task.state = TaskState::Running;
        Some((Parked { future, waker }, task))
    }

    /// Keeps an ended task's waker for a later task if nobody else holds it, else frees it.
    #[inline(always)]
    pub fn recycle_waker(&mut self, waker: OwnedWaker) {
        if !waker.is_shared() && self.spare_wakers.len() < SPARE_WAKERS {
            self.spare_wakers.push(waker);
        }
    }

    /// The slot itself, occupied or not.
    #[inline(always)]
    fn slot_mut(&mut self, slot: u32) -> Option<&mut Task> {
        self.slots.get_mut(slot)
    }

    /// The task in `slot`, if that slot is occupied.
    #[inline(always)]
    pub fn get_mut(&mut self, slot: u32) -> Option<&mut Task> {
        match self.slot_mut(slot) {
            Some(task) if task.state != TaskState::Free => Some(task),
            _ => None,
        }
    }

    /// The task in `slot` if it is still the one of generation `gen`.
    #[inline(always)]
    pub fn get_current(&mut self, slot: u32, gen: u32) -> Option<&mut Task> {
        match self.slot_mut(slot) {
            Some(task) if task.gen == gen && task.state != TaskState::Free => Some(task),
            _ => None,
        }
    }

    /// Marks a task ended with its result (`None`: cancelled). Its future must already be
    /// out of the arena. A detached task's slot is freed at once.
    pub fn finish(&mut self, slot: u32, result: Option<Output>) -> Ending {
        let Some(task) = self.get_mut(slot) else {
            return Ending {
                joiner: None,
                dropped: result,
            };
        };
        debug_assert!(task.state != TaskState::Ended, "a task ends once");
        task.state = TaskState::Ended;
        let joiner = task.joiner.take();
        if task.detached {
            self.live -= 1;
            self.free_slot(slot);
            Ending {
                joiner,
                dropped: result,
            }
        } else {
            task.body = result;
            self.live -= 1;
            Ending {
                joiner,
                dropped: None,
            }
        }
    }

    /// Frees an ended task's slot (its handle took the result or was dropped) and returns the
    /// result, for the caller to use or drop outside its borrow: `None` if the slot was free,
    /// `Some(None)` if the task was cancelled.
    pub fn free_slot(&mut self, slot: u32) -> Option<Option<Output>> {
        let task = self
            .slots
            .get_mut(slot)
            .filter(|t| t.state != TaskState::Free)?;
        Some(free(slot, task, &mut self.free))
    }

    /// A join handle's look at its task (`slot`, `gen`): if the task has ended, its slot is
    /// freed and its result handed over, all in one lookup.
    #[inline(always)]
    pub fn join(&mut self, slot: u32, gen: u32) -> Join<'_> {
        let Some(task) = self.slots.get_mut(slot) else {
            return Join::Gone;
        };
        if task.gen != gen || task.state == TaskState::Free {
            return Join::Gone;
        }
        if task.state != TaskState::Ended {
            return Join::Running(task);
        }
        Join::Ended(free(slot, task, &mut self.free))
    }

    /// Number of tasks that have not ended.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Slots of the tasks that have not ended, in slot order.
    pub fn live_slots(&self) -> Vec<u32> {
        (0u32..)
            .zip(self.slots.iter())
            .filter(|(_, t)| !matches!(t.state, TaskState::Free | TaskState::Ended))
            .map(|(i, _)| i)
            .collect()
    }
}
