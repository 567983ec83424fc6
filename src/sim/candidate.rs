//! One option at a scheduling choice point: a ready task, a due timer, or a lane's next action.
//! Its own file, because the queues and the world hold candidates as well as the chooser.

use crate::trace::{LaneId, TaskId, TimerId};

/// One option at a choice point.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Candidate {
    /// A task: an entry of the event loop's ready queue, or a job waiting for a pool worker.
    Task(TaskId),
    /// A timer that came due: a ready-queue entry, or a timer of a thread-side task firing.
    /// `task` is the task it concerns (the sleeper, the task it starts, the timed-out task).
    Timer { timer: TimerId, task: TaskId },
    /// A lane's next action, or a lane waiting for a core; `task` is the task on it, if any.
    Lane { lane: LaneId, task: Option<TaskId> },
}

impl Candidate {
    /// The task this candidate concerns, if any.
    pub fn task(&self) -> Option<TaskId> {
        match *self {
            Candidate::Task(t) => Some(t),
            Candidate::Timer { task, .. } => Some(task),
            Candidate::Lane { task, .. } => task,
        }
    }
}
