//! The executor's data structures (arena, ready queue, timers) and queueing a woken task.

use super::arena::{Arena, TaskId, TaskState};
use super::ready_queue::{Entry, ReadyQueue, Target};
use super::timers::Timers;
use super::waker::WakeEntry;

/// The data structures, borrowed only between polls, never across user code.
pub(crate) struct Core {
    /// Every task that has not ended, and ended ones whose handle has not taken the result.
    pub arena: Arena,
    /// Entries to run, in rounds.
    pub ready: ReadyQueue,
    /// Registered timers.
    pub timers: Timers,
}

// ===== impl Core =====

impl Core {
    /// Queues a woken task at the back if it is idle or running (a yield); a wake-up of a
    /// queued or ended task is dropped. Returns the id of a task it queued.
    #[inline(always)]
    pub fn queue_task(&mut self, wake: WakeEntry) -> Option<TaskId> {
        let task = self.arena.get_current(wake.slot, wake.gen)?;
        if !matches!(task.state, TaskState::Idle | TaskState::Running) {
            return None;
        }
        task.state = TaskState::Queued;
        let (id, priority) = (task.id, task.priority);
        self.ready.push(Entry {
            target: Target::Task(wake.slot, wake.gen),
            priority,
        });
        Some(id)
    }
}
