//! The live run's summary: the simulator's `RunSummary` (same schema, same expectation checks,
//! same deadlock explanation), built from what the coordinator knows when the run ends.

use super::records::{Dest, Status};
use super::Coordinator;
use crate::model::Micros;
use crate::rules::{
    report_deadlock, task_row, var_values, waits_for, DeadlockInfo, Life, Outcome, RunEnd, RunMode,
    RunSummary, Stuck,
};
use crate::trace::{EndHow, TaskId};

/// Why a live run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// Every started task ended (the outcome is `completed` or `failed`).
    Ended,
    /// Every unfinished task waits for another (the outcome is `deadlock`).
    Stuck,
    /// The live time limit passed (`limit`, `max_time`).
    TimeLimit,
    /// The trace reached its event limit (`limit`, `max_events`).
    EventLimit,
    /// The user pressed Stop (`limit`, `stop`).
    Stopped,
}

/// Measurements of the run that the trace does not hold, for the comparison view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Send-to-reply times of requests the coordinator answered at once.
    pub round_trips_us: Vec<Micros>,
    /// The longest async `compute` that held up other event-loop work.
    pub loop_blocked_us: Option<Micros>,
    /// Batches of events that came through the workers' trace rings in shared memory rather
    /// than as messages.
    pub ring_batches: u32,
}

impl Coordinator {
    /// The summary of the run as it stands, ended for `reason` at run time `now`.
    pub fn summary(&mut self, reason: EndReason, now: Micros) -> RunSummary {
        self.now = now;
        let failed = self
            .tasks
            .iter()
            .any(|t| matches!(t.status, Status::Ended(EndHow::Failed(_))));
        let (outcome, limit) = match reason {
            EndReason::Ended if failed => (Outcome::Failed, None),
            EndReason::Ended => (Outcome::Completed, None),
            EndReason::Stuck => (Outcome::Deadlock, None),
            EndReason::TimeLimit => (Outcome::Limit, Some("max_time")),
            EndReason::EventLimit => (Outcome::Limit, Some("max_events")),
            EndReason::Stopped => (Outcome::Limit, Some("stop")),
        };
        let tasks = self.tasks.iter().enumerate().map(|(i, task)| {
            let life = match &task.status {
                Status::NotStarted => Life::NotStarted,
                Status::Ended(how) => Life::Ended(how),
                _ => Life::Unfinished,
            };
            task_row(
                self.name(TaskId(i as u32)),
                task.kind,
                life,
                task.start_us,
                task.end_us,
            )
        });
        let end = RunEnd {
            outcome,
            limit,
            now,
            tasks: tasks.collect(),
            vars: var_values(&self.scenario, &self.res),
            events: self.trace.events.len(),
            mode: Some(RunMode::Live),
            loop_blocked_us: self.stats.loop_blocked_us,
        };
        end.summary(&self.scenario, || self.deadlock_info())
    }

    /// Measurements for the comparison view.
    pub fn stats(&self) -> &LiveStats {
        &self.stats
    }

    /// Every started task that has not ended, with its wait and its holders, and the cycles;
    /// worded exactly as the simulator words them.
    pub(super) fn deadlock_info(&self) -> DeadlockInfo {
        let stuck: Vec<TaskId> = (0..self.tasks.len() as u32)
            .map(TaskId)
            .filter(|&t| self.is_live(t))
            .collect();
        report_deadlock(
            &stuck,
            self.tasks.len(),
            |t| t.0 as usize,
            |t| self.name(t).to_string(),
            |t| self.waits_for(t),
        )
    }

    fn waits_for(&self, t: TaskId) -> (String, Vec<TaskId>) {
        let stuck = match &self.tasks[t.0 as usize].status {
            Status::Waiting(w) => Stuck::Waiting(w),
            Status::Queued => Stuck::Queued(self.workers.iter().flatten().copied().collect()),
            Status::Starting => Stuck::Starting,
            _ => Stuck::Other,
        };
        waits_for(stuck, &self.trace, &self.res)
    }

    /// The worker each unfinished task is on, for cleanup after the run.
    pub fn dest_of(&self, t: u32) -> Option<Dest> {
        self.tasks.get(t as usize).and_then(|x| x.dest)
    }
}
