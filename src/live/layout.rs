//! The tables of a live trace (tasks, lanes, resources): the simulator's own [`skeleton`], within
//! the limits of live mode, so a simulated and a live run of one scenario index the same tasks
//! and lanes.

use crate::model::{Scenario, TaskKind};
use crate::trace::{skeleton, Skeleton, TooManyTasks};

/// Most web workers a live run may need for its pool and its threads and processes together.
///
/// Each worker holds a WebAssembly instance, and Chromium gives one page about 110 instances'
/// worth of memory reservations (measured: the 114th failed with "Out of memory: Cannot
/// allocate Wasm memory for new instance"). With the page's own instance and the event loop's,
/// 96 leaves a margin (the schedule explorer's worker among it).
pub const MAX_LIVE_WORKERS: usize = 96;

/// Pool workers the app starts when it opens, so a live run can begin at once.
pub const WARM_POOL: usize = 4;

/// The most new web workers a link may start without asking: a link that asks for live mode
/// with more opens simulated, with a button to run it live.
pub const LINK_LIVE_WITHOUT_ASKING: usize = 4;

/// The web workers a live run of `scenario` starts beyond the warm pool: one per thread and
/// process task, and the pool workers past [`WARM_POOL`].
pub fn new_workers(scenario: &Scenario) -> usize {
    let threads: usize = scenario
        .tasks
        .iter()
        .filter(|t| matches!(t.kind, TaskKind::Thread | TaskKind::Process))
        .map(|t| t.replicas.unwrap_or(1) as usize)
        .sum();
    threads + (scenario.runtime.workers() as usize).saturating_sub(WARM_POOL)
}

/// A trace with its tables filled in and no events, plus where each task runs.
pub type Layout = Skeleton;

/// Why a scenario cannot run live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// More tasks than the language allows (`max_tasks`).
    TooManyTasks,
    /// More pool workers, threads and processes than live mode creates web workers for.
    TooManyWorkers(usize),
}

impl LayoutError {
    /// The `limit` name a summary reports.
    pub fn limit(&self) -> &'static str {
        match self {
            LayoutError::TooManyTasks => "max_tasks",
            LayoutError::TooManyWorkers(_) => "max_live_threads",
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
    let workers = threads + scenario.runtime.workers() as usize;
    if workers > MAX_LIVE_WORKERS {
        return Err(LayoutError::TooManyWorkers(workers));
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
        // 300 threads and the default pool of 4.
        assert_eq!(err, LayoutError::TooManyWorkers(304));
        assert_eq!(err.limit(), "max_live_threads");
    }

    #[test]
    fn new_workers_are_threads_processes_and_the_pool_past_the_warm_four() {
        let load = |text: &str| crate::model::load(text).expect("valid");
        assert_eq!(new_workers(&load("async a {\n  sleep 1ms\n}\n")), 0);
        assert_eq!(
            new_workers(&load(
                "thread t x8 {\n  sleep 1ms\n}\nprocess p {\n  sleep 1ms\n}\n"
            )),
            9
        );
        assert_eq!(
            new_workers(&load(
                "runtime {\n  workers 6\n}\njob j {\n  sleep 1ms\n}\n"
            )),
            2
        );
    }

    #[test]
    fn pool_workers_count_with_threads_and_processes() {
        let fits = "runtime {\n  workers 64\n}\nthread t x30 {\n  sleep 1ms\n}\nprocess p x2 {\n  sleep 1ms\n}\n";
        let scenario = crate::model::load(fits).expect("valid");
        assert!(layout(&scenario).is_ok(), "64 + 30 + 2 = 96 workers");
        let over = fits.replace("x30", "x31");
        let scenario = crate::model::load(&over).expect("valid");
        assert_eq!(
            layout(&scenario).unwrap_err(),
            LayoutError::TooManyWorkers(97)
        );
    }
}
