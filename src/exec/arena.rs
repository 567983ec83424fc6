//! The task arena: tasks live in a `Vec` of slots reached by index, with generations for reuse.

use super::waker::{TaskWaker, WakeQueue};
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Waker;

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

/// A task's output, type-erased until its join handle downcasts it. A zero-sized output
/// (the common `()`) costs no allocation.
pub(crate) type Output = Box<dyn Any>;

/// A task's type-erased future.
pub(crate) type BoxFuture = Pin<Box<dyn Future<Output = Output>>>;

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TaskState {
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

/// One task.
pub(crate) struct Task {
    /// Its public identity.
    pub id: TaskId,
    /// Scheduling state.
    pub state: TaskState,
    /// Its priority under `Policy::Priority` (higher runs first).
    pub priority: i32,
    /// Cancellation was requested: drop the future instead of polling it.
    pub cancel: bool,
    /// The join handle was dropped: free the slot as soon as the task ends.
    pub detached: bool,
    /// The future and its waker; `None` while being polled and after the end.
    pub parked: Option<Parked>,
    /// The waker's shared part (for cancellation, and reuse by the slot's next task).
    pub waker: Arc<TaskWaker>,
    /// The task awaiting this one's join handle.
    pub joiner: Option<Waker>,
    /// Set at the end: the output, or `None` if the task was cancelled.
    pub result: Option<Option<Output>>,
}

/// A place in the arena.
struct Slot {
    /// Bumped each time the slot is freed, so stale wake-ups and handles can be told apart.
    gen: u32,
    /// The task living here, if any.
    task: Option<Task>,
    /// A waker left by the previous task that nobody else holds, reused to save an allocation.
    spare: Option<Arc<TaskWaker>>,
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
    slots: Vec<Slot>,
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
                self.slots.push(Slot {
                    gen: 0,
                    task: None,
                    spare: None,
                });
                index
            }
        };
        let slot = &mut self.slots[index as usize];
        let arc = match slot.spare.take() {
            Some(arc) => {
                arc.reuse(slot.gen);
                arc
            }
            None => Arc::new(TaskWaker::new(index, slot.gen, Arc::clone(queue))),
        };
        let waker = Waker::from(Arc::clone(&arc));
        slot.task = Some(Task {
            id,
            state: TaskState::Queued,
            priority,
            cancel: false,
            detached: false,
            parked: Some(Parked { future, waker }),
            waker: arc,
            joiner: None,
            result: None,
        });
        self.live += 1;
        (index, slot.gen, id)
    }

    /// The task in `slot`, if that slot is occupied.
    #[inline]
    pub fn get_mut(&mut self, slot: u32) -> Option<&mut Task> {
        self.slots.get_mut(slot as usize)?.task.as_mut()
    }

    /// The task in `slot` if it is still the one of generation `gen`.
    #[inline]
    pub fn get_current(&mut self, slot: u32, gen: u32) -> Option<&mut Task> {
        let s = self.slots.get_mut(slot as usize)?;
        if s.gen == gen {
            s.task.as_mut()
        } else {
            None
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
                task.result = Some(result);
            }
            Ending {
                joiner,
                dropped: None,
            }
        }
    }

    /// Frees an ended task's slot (its handle took the result or was dropped) and returns
    /// what is left in it, for the caller to drop outside its borrow.
    pub fn free_slot(&mut self, slot: u32) -> Option<Task> {
        let s = self.slots.get_mut(slot as usize)?;
        let mut task = s.task.take()?;
        s.gen = s.gen.wrapping_add(1);
        // Drop the parked waker first so that an unshared waker can be kept for reuse.
        let parked = task.parked.take();
        drop(parked.map(|p| p.waker));
        if Arc::strong_count(&task.waker) == 1 {
            s.spare = Some(Arc::clone(&task.waker));
        }
        self.free.push(slot);
        Some(task)
    }

    /// Number of tasks that have not ended.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Slots of the tasks that have not ended, in slot order.
    pub fn live_slots(&self) -> Vec<u32> {
        (0u32..)
            .zip(&self.slots)
            .filter(|(_, s)| s.task.as_ref().is_some_and(|t| t.state != TaskState::Ended))
            .map(|(i, _)| i)
            .collect()
    }
}
