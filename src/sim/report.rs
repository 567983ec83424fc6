//! The simulator's side of the run summary: its outcome and rows from the world's final state;
//! the rest (makespan, variables, checks) is the rules' [`RunEnd::summary`].

use super::run::Stop;
use super::world::{Status, World};
use crate::model::Scenario;
use crate::rules::{task_row, var_values, Life, Outcome, RunEnd, RunSummary};
use crate::trace::{EndHow, TaskId};

impl World {
    pub(super) fn summary(&self, scenario: &Scenario, stop: Stop) -> RunSummary {
        let unfinished = self
            .tasks
            .iter()
            .any(|t| !matches!(t.status, Status::NotStarted | Status::Ended(_)));
        let failed = self
            .tasks
            .iter()
            .any(|t| matches!(t.status, Status::Ended(EndHow::Failed(_))));
        let (outcome, limit) = match stop {
            Stop::Time => (Outcome::Limit, Some("max_time")),
            Stop::Events => (Outcome::Limit, Some("max_events")),
            Stop::Halted => (Outcome::Limit, Some("stopped")),
            Stop::Idle if unfinished => (Outcome::Deadlock, None),
            Stop::Idle if failed => (Outcome::Failed, None),
            Stop::Idle => (Outcome::Completed, None),
        };
        let tasks = self.tasks.iter().enumerate().map(|(i, task)| {
            let life = match &task.status {
                Status::NotStarted => Life::NotStarted,
                Status::Ended(how) => Life::Ended(how),
                _ => Life::Unfinished,
            };
            let name = self.name(TaskId(i as u32));
            task_row(name, task.kind, life, task.start_us, task.end_us)
        });
        let end = RunEnd {
            outcome,
            limit,
            now: self.now,
            tasks: tasks.collect(),
            vars: var_values(scenario, &self.res),
            events: self.trace.events.len(),
            mode: None,
            loop_blocked_us: self.loop_blocked,
        };
        end.summary(scenario, || self.deadlock_info())
    }
}
