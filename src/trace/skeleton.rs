//! The tables a run's trace starts with (tasks, lanes, resources), laid out once for every runner.
//!
//! Task declarations expand into replicas (`name#1`, `name#2`, … when a count is given), in
//! declaration order. Lane 0 is the event loop, then `worker 1..N`, then one lane per thread or
//! process task (`thread t#1`, `process p`), so a simulated and a live run of one scenario index
//! the same tasks and lanes.

use super::{LaneId, LaneInfo, LaneKind, ResInfo, TaskId, TaskInfo, Trace};
use crate::model::{limits, Scenario, TaskKind};

/// A trace with its tables filled in and no events, plus where each task runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skeleton {
    pub trace: Trace,
    /// Pool workers (the scenario's `workers`, clamped to the language's range).
    pub workers: u32,
    /// Each task's own lane (threads and processes), by task index.
    pub own_lane: Vec<Option<LaneId>>,
    /// Each task's declaration index.
    pub decl: Vec<usize>,
}

/// The scenario has more tasks, counting replicas, than the language allows (`max_tasks`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyTasks;

/// How many lanes `scenario`'s trace has (the event loop, each pool worker, each thread and
/// process task), without building its tables; 0 for a scenario [`skeleton`] refuses.
pub fn lane_count(scenario: &Scenario) -> usize {
    let mut total: u64 = 0;
    let mut own: u64 = 0;
    for d in &scenario.tasks {
        let n = u64::from(d.replicas.unwrap_or(1).max(1));
        total += n;
        if matches!(d.kind, TaskKind::Thread | TaskKind::Process) {
            own += n;
        }
    }
    if total > limits::MAX_TASKS as u64 {
        return 0;
    }
    let workers = scenario.runtime.workers().clamp(1, limits::MAX_WORKERS);
    1 + workers as usize + own as usize
}

/// The tables of `scenario`'s trace, or [`TooManyTasks`].
pub fn skeleton(scenario: &Scenario) -> Result<Skeleton, TooManyTasks> {
    let total: u64 = scenario
        .tasks
        .iter()
        .map(|d| u64::from(d.replicas.unwrap_or(1).max(1)))
        .sum();
    if total > limits::MAX_TASKS as u64 {
        return Err(TooManyTasks);
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
        own_lane.push(Some(LaneId(trace.lanes.len() as u32)));
        let name = format!("{word} {}", task.name);
        trace.lanes.push(LaneInfo { name, kind });
    }
    for r in &scenario.resources {
        trace.resources.push(ResInfo {
            name: r.name.clone(),
            kind: r.kind,
        });
    }
    Ok(Skeleton {
        trace,
        workers,
        own_lane,
        decl,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_lanes_and_resources_are_laid_out_in_order() {
        let text = "runtime {\n  workers 2\n}\n\nmutex m\nvar v = 0\n\n\
            async a x2 {\n  yield\n}\n\nthread t {\n  yield\n}\n\n\
            job j {\n  yield\n}\n\nprocess p x2 {\n  yield\n}\n";
        let scenario = crate::model::load(text).expect("valid");
        let s = skeleton(&scenario).expect("within limits");
        let names: Vec<&str> = s.trace.tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a#1", "a#2", "t", "j", "p#1", "p#2"]);
        assert_eq!(s.decl, [0, 0, 1, 2, 3, 3]);
        assert_eq!(lane_count(&scenario), s.trace.lanes.len());
        let lanes: Vec<&str> = s.trace.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            lanes,
            [
                "event loop",
                "worker 1",
                "worker 2",
                "thread t",
                "process p#1",
                "process p#2"
            ]
        );
        assert_eq!(s.trace.lanes[4].kind, LaneKind::Process(TaskId(4)));
        let own: Vec<Option<u32>> = s.own_lane.iter().map(|l| l.map(|l| l.0)).collect();
        assert_eq!(own, [None, None, Some(3), None, Some(4), Some(5)]);
        let res: Vec<&str> = s.trace.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(res, ["m", "v"]);
        assert_eq!(s.workers, 2);
    }

    #[test]
    fn too_many_tasks_counts_replicas() {
        let text = format!("async a x{} {{\n  yield\n}}\n", limits::MAX_TASKS + 1);
        // Validation refuses it too; parse alone keeps the count to test the layout's own check.
        let scenario = crate::model::parse(&text).expect("parses");
        assert_eq!(skeleton(&scenario), Err(TooManyTasks));
    }
}
