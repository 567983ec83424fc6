//! The task arena: tasks live in a `Vec` of slots reached by index, with generations for reuse.

use super::waker::{TaskWaker, WakeQueue};
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

/// What the executor needs to poll a task, kept apart so that it can be moved out of the
/// arena during the poll (the arena must not stay borrowed while user code runs).
pub(crate) struct Parked {
    pub future: BoxFuture,
    pub waker: Waker,
}

/// A slot of the arena and the task in it. Tasks are written in place, never moved, and a
/// freed slot keeps an unshared waker for its next task.
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
    /// The future and its waker; `None` while being polled and after the end.
    pub parked: Option<Parked>,
    /// The waker's shared part (for cancellation, and reuse by the slot's next task).
    pub waker: Option<Arc<TaskWaker>>,
    /// The task awaiting this one's join handle.
    pub joiner: Option<Waker>,
    /// After the end: the output, or `None` if the task was cancelled.
    pub result: Option<Output>,
}

/// What ending a task leaves for the caller to do outside its borrow of the arena.
pub(crate) struct Ending {
    /// Wake the joiner, if one waits.
    pub joiner: Option<Waker>,
    /// Drop this output (the task was detached, so nobody will take it).
    pub dropped: Option<Output>,
}

/// All tasks of one executor.
#[derive(Default)]
pub(crate) struct Arena {
    /// Slots, occupied or free.
    slots: Vec<Task>,
    /// Free slot indices, reused last-freed first (warm in cache).
    free: Vec<u32>,
    /// Number of tasks that have not ended.
    live: usize,
    /// The next `TaskId` to hand out.
    next_id: u32,
}

// ===== impl Arena =====

impl Arena {
    /// Stores a new, queued task and returns its slot, generation and id.
    pub fn insert(
        &mut self,
        future: BoxFuture,
        priority: i32,
        queue: &Arc<WakeQueue>,
    ) -> (u32, u32, TaskId) {
        let id = TaskId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 tasks");
                self.slots.push(Task {
                    gen: 0,
                    state: TaskState::Free,
                    cancel: false,
                    detached: false,
                    id,
                    priority,
                    parked: None,
                    waker: None,
                    joiner: None,
                    result: None,
                });
                index
            }
        };
        let task = self
            .slot_mut(index)
            .expect("the slot was just found or made");
        let gen = task.gen;
        let arc = match task.waker.take() {
            Some(arc) => {
                arc.reuse(gen);
                arc
            }
            None => Arc::new(TaskWaker::new(index, gen, Arc::clone(queue))),
        };
        task.state = TaskState::Queued;
        task.cancel = false;
        task.detached = false;
        task.id = id;
        task.priority = priority;
        task.parked = Some(Parked {
            future,
            waker: Waker::from(Arc::clone(&arc)),
        });
        task.waker = Some(arc);
        self.live += 1;
        (index, gen, id)
    }

    /// The slot itself, occupied or not.
    #[inline(always)]
    fn slot_mut(&mut self, slot: u32) -> Option<&mut Task> {
        self.slots.get_mut(slot as usize)
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
        let detached = task.detached;
        self.live -= 1;
        if detached {
            self.free_slot(slot);
            Ending {
                joiner,
                dropped: result,
            }
        } else {
            if let Some(task) = self.get_mut(slot) {
                task.result = result;
            }
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
        let task = self.get_mut(slot)?;
        task.state = TaskState::Free;
        task.gen = task.gen.wrapping_add(1);
        task.joiner = None;
        // Anything left of the future (a cancelled task's is already gone) and its waker.
        task.parked = None;
        // Keep the waker for the slot's next task only if no stale clone can still wake it.
        if task
            .waker
            .as_ref()
            .is_some_and(|w| Arc::strong_count(w) > 1)
        {
            task.waker = None;
        }
        let result = task.result.take();
        self.free.push(slot);
        Some(result)
    }

    /// Number of tasks that have not ended.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Slots of the tasks that have not ended, in slot order.
    pub fn live_slots(&self) -> Vec<u32> {
        (0u32..)
            .zip(&self.slots)
            .filter(|(_, t)| !matches!(t.state, TaskState::Free | TaskState::Ended))
            .map(|(i, _)| i)
            .collect()
    }
}
