//! The tables of a live trace (tasks, lanes, resources): the simulator's own [`skeleton`], within
//! the limits of live mode, so a simulated and a live run of one scenario index the same tasks
//! and lanes.

use crate::model::{Scenario, TaskKind};
use crate::trace::{skeleton, Skeleton, TooManyTasks};

/// Most dedicated threads and processes a live run creates: each is a real web worker.
pub const MAX_LIVE_THREADS: usize = 256;

/// A trace with its tables filled in and no events, plus where each task runs.
pub type Layout = Skeleton;

/// Why a scenario cannot run live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// More tasks than the language allows (`max_tasks`).
    TooManyTasks,
    /// More threads and processes than live mode creates workers for.
    TooManyThreads(usize),
}

impl LayoutError {
    /// The `limit` name a summary reports.
    pub fn limit(&self) -> &'static str {
        match self {
            LayoutError::TooManyTasks => "max_tasks",
            LayoutError::TooManyThreads(_) => "max_live_threads",
        }
    }
}

impl From<TooManyTasks> for LayoutError {
    fn from(_: TooManyTasks) -> LayoutError {
        LayoutError::TooManyTasks
    }
}

/// The scenario's [`skeleton`], if live mode can run it.
pub fn layout(scenario: &Scenario) -> Result<Layout, LayoutError> {
    let layout = skeleton(scenario)?;
    let threads = layout
        .trace
        .tasks
        .iter()
        .filter(|t| matches!(t.kind, TaskKind::Thread | TaskKind::Process))
        .count();
    if threads > MAX_LIVE_THREADS {
        return Err(LayoutError::TooManyThreads(threads));
    }
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_threads_is_a_named_limit() {
        let text = "thread t x300 {\n  sleep 1ms\n}\n";
        let scenario = crate::model::load(text).expect("valid");
        let err = layout(&scenario).unwrap_err();
        assert_eq!(err, LayoutError::TooManyThreads(300));
        assert_eq!(err.limit(), "max_live_threads");
    }
}
