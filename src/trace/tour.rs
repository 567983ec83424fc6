//! A lesson's tour against a run: which tasks and resources a stop highlights, and whether the
//! run reached the stop's moment (docs/LANGUAGE.md §3.8).

use super::event::{LaneId, LaneKind, ResId, TaskId, Trace};
use crate::model::TaskKind;
use crate::model::{Micros, TaskRef, TourStop};

/// What one stop highlights in a run, by the run's ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    pub tasks: Vec<TaskId>,
    pub resources: Vec<ResId>,
}

impl Highlight {
    pub fn has_task(&self, task: TaskId) -> bool {
        self.tasks.contains(&task)
    }
}

/// The tasks and resources `stop` names: a group name stands for all its replicas (`t` for
/// `t#1` and `t#2`), a replica for itself, and a resource for itself.
pub fn highlight(trace: &Trace, stop: &TourStop) -> Highlight {
    let mut out = Highlight::default();
    for r in &stop.show {
        for (i, task) in trace.tasks.iter().enumerate() {
            if names_task(r, &task.name) {
                out.tasks.push(TaskId(i as u32));
            }
        }
        if r.replica.is_none() {
            for (i, res) in trace.resources.iter().enumerate() {
                if res.name == r.name {
                    out.resources.push(ResId(i as u32));
                }
            }
        }
    }
    out.tasks.sort();
    out.tasks.dedup();
    out
}

/// True when the by-thread view should tint `lane` for a stop: a highlighted thread's or
/// process's own lane, the event loop when the stop names an async task (every async task
/// runs there), and the pool's workers when it names a job (any of them may run it).
pub fn highlights_lane(trace: &Trace, highlight: &Highlight, lane: LaneId) -> bool {
    let names_kind = |kind: TaskKind| {
        highlight.tasks.iter().any(|t| {
            trace
                .tasks
                .get(t.0 as usize)
                .is_some_and(|info| info.kind == kind)
        })
    };
    match trace.lanes.get(lane.0 as usize).map(|l| l.kind) {
        Some(LaneKind::Thread(t) | LaneKind::Process(t)) => highlight.has_task(t),
        Some(LaneKind::EventLoop) => names_kind(TaskKind::Async),
        Some(LaneKind::PoolWorker(_)) => names_kind(TaskKind::Job),
        None => false,
    }
}

/// True when `r` names the task the trace calls `name` (`t`, or `t#2` for a replica).
fn names_task(r: &TaskRef, name: &str) -> bool {
    let replica = name
        .strip_prefix(r.name.as_str())
        .and_then(|rest| rest.strip_prefix('#'))
        .and_then(|n| n.parse::<u32>().ok());
    match (r.replica, replica) {
        (None, _) if name == r.name => true,
        (None, Some(_)) => true,
        (Some(want), Some(got)) => want == got,
        _ => false,
    }
}

/// True when a stop lies after the end of the run, where there is nothing to show.
pub fn past_the_end(stop: &TourStop, end: Micros) -> bool {
    stop.at > end
}

/// The stop `step` places from `current` (none yet: the first or, going back, the last),
/// staying within the tour.
pub fn step(current: Option<usize>, step: i64, stops: usize) -> Option<usize> {
    if stops == 0 {
        return None;
    }
    let last = stops as i64 - 1;
    let next = match current {
        None if step < 0 => last,
        None => 0,
        Some(i) => (i as i64 + step).clamp(0, last),
    };
    Some(next as usize)
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn stepping_stays_inside_the_tour_and_starts_at_either_end() {
        assert_eq!(step(None, 1, 3), Some(0));
        assert_eq!(step(None, -1, 3), Some(2));
        assert_eq!(step(Some(2), 1, 3), Some(2));
        assert_eq!(step(Some(0), -1, 3), Some(0));
        assert_eq!(step(Some(1), 1, 3), Some(2));
        assert_eq!(step(None, 1, 0), None);
    }
}
