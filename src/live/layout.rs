//! The tables of a live trace (tasks, lanes, resources), laid out exactly as the simulator lays
//! them out, so a simulated and a live run of one scenario index the same tasks and lanes.

use crate::model::{limits, Scenario, TaskKind};
use crate::trace::{LaneId, LaneInfo, LaneKind, ResInfo, TaskId, TaskInfo, Trace};

/// Most dedicated threads and processes a live run creates: each is a real web worker.
pub const MAX_LIVE_THREADS: usize = 256;

/// A trace with its tables filled in and no events, plus where each task runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub trace: Trace,
    /// Pool workers (the scenario's `workers`, clamped to the language's range).
    pub workers: u32,
    /// Each task's own lane (threads and processes), by task index.
    pub own_lane: Vec<Option<LaneId>>,
    /// Each task's declaration index.
    pub decl: Vec<usize>,
}

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

/// Lane 0 is the event loop, then `worker 1..N`, then one lane per thread or process task.
pub fn layout(scenario: &Scenario) -> Result<Layout, LayoutError> {
    let total: u64 = scenario
        .tasks
        .iter()
        .map(|d| u64::from(d.replicas.unwrap_or(1).max(1)))
        .sum();
    if total > limits::MAX_TASKS as u64 {
        return Err(LayoutError::TooManyTasks);
    }
    let workers = scenario.runtime.workers().clamp(1, limits::MAX_WORKERS);
    let mut trace = Trace::default();
    let mut decl = Vec::new();
    for (di, d) in scenario.tasks.iter().enumerate() {
        let n = d.replicas.unwrap_or(1).max(1);
        for i in 1..=n {
            let name = match d.replicas {
                Some(_) => format!("{}#{i}", d.name),
                None => d.name.clone(),
            };
            trace.tasks.push(TaskInfo {
                name,
                kind: d.kind,
                decl: di as u32,
            });
            decl.push(di);
        }
    }
    let threads = trace
        .tasks
        .iter()
        .filter(|t| matches!(t.kind, TaskKind::Thread | TaskKind::Process))
        .count();
    if threads > MAX_LIVE_THREADS {
        return Err(LayoutError::TooManyThreads(threads));
    }
    trace.lanes.push(LaneInfo {
        name: "event loop".to_string(),
        kind: LaneKind::EventLoop,
    });
    for w in 0..workers {
        trace.lanes.push(LaneInfo {
            name: format!("worker {}", w + 1),
            kind: LaneKind::PoolWorker(w),
        });
    }
    let mut own_lane = Vec::with_capacity(trace.tasks.len());
    let mut lanes = Vec::new();
    for (i, task) in trace.tasks.iter().enumerate() {
        let id = TaskId(i as u32);
        let (word, kind) = match task.kind {
            TaskKind::Thread => ("thread", LaneKind::Thread(id)),
            TaskKind::Process => ("process", LaneKind::Process(id)),
            _ => {
                own_lane.push(None);
                continue;
            }
        };
        own_lane.push(Some(LaneId((trace.lanes.len() + lanes.len()) as u32)));
        let name = format!("{word} {}", task.name);
        lanes.push(LaneInfo { name, kind });
    }
    trace.lanes.extend(lanes);
    for r in &scenario.resources {
        trace.resources.push(ResInfo {
            name: r.name.clone(),
            kind: r.kind,
        });
    }
    Ok(Layout {
        trace,
        workers,
        own_lane,
        decl,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets::presets;
    use crate::sim::{simulate, SimOptions};

    #[test]
    fn live_tables_match_the_simulators_for_every_preset() {
        for preset in presets() {
            let scenario = crate::model::load(preset.source).expect("presets are valid");
            let sim = simulate(&scenario, &SimOptions::default()).trace;
            let live = layout(&scenario).expect("presets fit").trace;
            assert_eq!(live.tasks, sim.tasks, "{}", preset.id);
            assert_eq!(live.lanes, sim.lanes, "{}", preset.id);
            assert_eq!(live.resources, sim.resources, "{}", preset.id);
        }
    }

    #[test]
    fn too_many_threads_is_a_named_limit() {
        let text = "thread t x300 {\n  sleep 1ms\n}\n";
        let scenario = crate::model::load(text).expect("valid");
        let err = layout(&scenario).unwrap_err();
        assert_eq!(err, LayoutError::TooManyThreads(300));
        assert_eq!(err.limit(), "max_live_threads");
    }
}
