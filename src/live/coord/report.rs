//! The live run's summary: the simulator's `RunSummary` (same schema, same expectation checks,
//! same deadlock explanation), built from what the coordinator knows when the run ends.

use super::state::{Dest, Status, Wait};
use super::Coordinator;
use crate::model::Micros;
use crate::sim::{
    expect_results, report_deadlock, DeadlockInfo, Outcome, RunSummary, TaskState, TaskSummary,
    VarValues,
};
use crate::trace::EndHow;

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
        let last_end = self
            .tasks
            .iter()
            .filter_map(|t| t.end_us)
            .max()
            .unwrap_or(0);
        let makespan_us = match outcome {
            Outcome::Completed | Outcome::Failed => last_end,
            Outcome::Deadlock | Outcome::Limit => now.max(last_end),
        };
        let tasks = (0..self.tasks.len())
            .map(|i| self.task_summary(i))
            .collect();
        let vars = VarValues(
            self.scenario
                .resources
                .iter()
                .enumerate()
                .filter_map(|(i, r)| Some((r.name.clone(), self.var_value(i)?)))
                .collect(),
        );
        let mut summary = RunSummary {
            scenario: self.scenario.title.clone().unwrap_or_default(),
            outcome,
            makespan_us,
            tasks,
            vars,
            expects: Vec::new(),
            deadlock: (outcome == Outcome::Deadlock).then(|| self.deadlock_info()),
            events: self.trace.events.len(),
            limit: limit.map(str::to_string),
            mode: Some("live".to_string()),
            loop_blocked_us: self.stats.loop_blocked_us,
        };
        summary.expects = expect_results(&self.scenario, &summary);
        summary
    }

    /// Measurements for the comparison view.
    pub fn stats(&self) -> &LiveStats {
        &self.stats
    }

    fn task_summary(&self, i: usize) -> TaskSummary {
        let task = &self.tasks[i];
        let (state, error) = match &task.status {
            Status::NotStarted => (TaskState::NotStarted, None),
            Status::Ended(EndHow::Completed) => (TaskState::Completed, None),
            Status::Ended(EndHow::Failed(msg)) => (TaskState::Failed, Some(msg.clone())),
            Status::Ended(EndHow::Cancelled) => (TaskState::Cancelled, None),
            _ => (TaskState::Blocked, None),
        };
        TaskSummary {
            name: self.name(i as u32).to_string(),
            kind: task.kind,
            state,
            start_us: task.start_us,
            end_us: task.end_us,
            error,
        }
    }

    /// Every started task that has not ended, with its wait and its holders, and the cycles;
    /// worded exactly as the simulator words them.
    pub(super) fn deadlock_info(&self) -> DeadlockInfo {
        let stuck: Vec<u32> = (0..self.tasks.len() as u32)
            .filter(|&t| self.is_live(t))
            .collect();
        report_deadlock(
            &stuck,
            self.tasks.len(),
            |t| t as usize,
            |t| self.name(t).to_string(),
            |t| self.waits_for(t),
        )
    }

    fn waits_for(&self, t: u32) -> (String, Vec<u32>) {
        let name = |r: &u32| self.res_name(*r).to_string();
        let holders = |r: &u32| {
            self.res
                .get(*r as usize)
                .map_or(Vec::new(), |x| x.holders().iter().map(|t| t.0).collect())
        };
        match &self.tasks[t as usize].status {
            Status::Waiting(w) => match w {
                Wait::Lock(r) => (format!("mutex {}", name(r)), holders(r)),
                Wait::Read(r) => (format!("rwlock {} (read)", name(r)), holders(r)),
                Wait::Write(r) => (format!("rwlock {} (write)", name(r)), holders(r)),
                Wait::Permits(r, 1) => (format!("semaphore {}", name(r)), holders(r)),
                Wait::Permits(r, n) => (format!("semaphore {} ({n} permits)", name(r)), holders(r)),
                Wait::Notify(cv) => (format!("notify on {}", name(cv)), Vec::new()),
                Wait::Send(ch) => (format!("channel {} (send)", name(ch)), Vec::new()),
                Wait::Recv(ch) => (format!("channel {} (recv)", name(ch)), Vec::new()),
                Wait::Join(list) => {
                    let names: Vec<&str> = list.iter().map(|x| self.name(*x)).collect();
                    (format!("join {}", names.join(", ")), list.clone())
                }
            },
            Status::Queued => {
                let busy = self.workers.iter().filter_map(|w| *w).collect();
                ("a pool worker".to_string(), busy)
            }
            Status::Starting => ("its thread to start".to_string(), Vec::new()),
            _ => ("a chance to run".to_string(), Vec::new()),
        }
    }

    /// The worker each unfinished task is on, for cleanup after the run.
    pub fn dest_of(&self, t: u32) -> Option<Dest> {
        self.tasks.get(t as usize).and_then(|x| x.dest)
    }
}
