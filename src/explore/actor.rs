//! Who acts at a choice: the identity preemption counting and PCT priorities are attached to.

use crate::sim::Candidate;
use serde::{Deserialize, Serialize};

/// The task a candidate concerns, or the lane for a lane with no task (an idle event loop
/// or worker picking its next entry). A timer counts as the task it concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Actor {
    Task(u32),
    Lane(u32),
}

impl Actor {
    pub fn of(c: &Candidate) -> Actor {
        match *c {
            Candidate::Task(t) => Actor::Task(t.0),
            Candidate::Timer { task, .. } => Actor::Task(task.0),
            Candidate::Lane { task: Some(t), .. } => Actor::Task(t.0),
            Candidate::Lane { lane, task: None } => Actor::Lane(lane.0),
        }
    }
}

/// Whether taking `choice` preempts `prev`: `prev` is among the candidates (it could go on)
/// and the choice is someone else.
pub(super) fn preempts(candidates: &[Candidate], prev: Option<Actor>, choice: usize) -> bool {
    let Some(prev) = prev else {
        return false;
    };
    let Some(chosen) = candidates.get(choice) else {
        return false;
    };
    Actor::of(chosen) != prev && candidates.iter().any(|c| Actor::of(c) == prev)
}
