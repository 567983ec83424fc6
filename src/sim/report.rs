//! Builds the run summary from the final state: outcome, task states, variables and expectations.

use super::program::Names;
use super::run::Stop;
use super::summary::{ExpectResult, Outcome, RunSummary, TaskState, TaskSummary, VarValues};
use super::text::expect_text;
use super::world::{Res, Status, World};
use crate::model::{EndState, ExpectKind, Scenario};
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
        let last_end = self
            .tasks
            .iter()
            .filter_map(|t| t.end_us)
            .max()
            .unwrap_or(0);
        let makespan_us = match outcome {
            Outcome::Completed | Outcome::Failed => last_end,
            Outcome::Deadlock | Outcome::Limit => self.now.max(last_end),
        };
        let tasks: Vec<TaskSummary> = (0..self.tasks.len())
            .map(|i| self.task_summary(TaskId(i as u32)))
            .collect();
        let vars = VarValues(
            scenario
                .resources
                .iter()
                .zip(&self.res)
                .filter_map(|(r, state)| match state {
                    Res::Var { value } => Some((r.name.clone(), *value)),
                    _ => None,
                })
                .collect(),
        );
        let mut summary = RunSummary {
            scenario: scenario.title.clone().unwrap_or_default(),
            outcome,
            makespan_us,
            tasks,
            vars,
            expects: Vec::new(),
            deadlock: (outcome == Outcome::Deadlock).then(|| self.deadlock_info()),
            events: self.trace.events.len(),
            limit: limit.map(str::to_string),
            mode: None,
            loop_blocked_us: self.loop_blocked,
        };
        let names = Names::new(scenario);
        summary.expects = scenario
            .expects
            .iter()
            .map(|e| ExpectResult {
                text: expect_text(&e.kind),
                passed: check(&names, &e.kind, &summary),
            })
            .collect();
        summary
    }

    fn task_summary(&self, t: TaskId) -> TaskSummary {
        let task = self.task(t);
        let (state, error) = match &task.status {
            Status::NotStarted => (TaskState::NotStarted, None),
            Status::Ended(EndHow::Completed) => (TaskState::Completed, None),
            Status::Ended(EndHow::Failed(msg)) => (TaskState::Failed, Some(msg.clone())),
            Status::Ended(EndHow::Cancelled) => (TaskState::Cancelled, None),
            _ => (TaskState::Blocked, None),
        };
        TaskSummary {
            name: self.name(t).to_string(),
            kind: task.kind,
            state,
            start_us: task.start_us,
            end_us: task.end_us,
            error,
        }
    }
}

/// Evaluates one expectation against the finished run (it never changes the run).
fn check(names: &Names<'_>, kind: &ExpectKind, s: &RunSummary) -> bool {
    match kind {
        ExpectKind::Var { var, op, value } => {
            s.vars.get(&var.name).is_some_and(|v| op.holds(v, *value))
        }
        ExpectKind::Makespan { op, dur } => op.holds(s.makespan_us, *dur),
        ExpectKind::NoDeadlock => s.outcome != Outcome::Deadlock,
        ExpectKind::Deadlock => s.outcome == Outcome::Deadlock,
        ExpectKind::Task { task, state } => {
            let want = match state {
                EndState::Completed => TaskState::Completed,
                EndState::Failed => TaskState::Failed,
                EndState::Cancelled => TaskState::Cancelled,
            };
            // A group name means every replica.
            match names.task_ref(task) {
                Ok(ids) if !ids.is_empty() => ids
                    .iter()
                    .all(|t| s.tasks.get(t.0 as usize).is_some_and(|x| x.state == want)),
                _ => false,
            }
        }
    }
}

/// The expectations of `scenario` checked against a finished run's summary; the live runner
/// builds its summary elsewhere and checks it with the same rules.
pub(crate) fn expect_results(scenario: &Scenario, summary: &RunSummary) -> Vec<ExpectResult> {
    let names = Names::new(scenario);
    scenario
        .expects
        .iter()
        .map(|e| ExpectResult {
            text: expect_text(&e.kind),
            passed: check(&names, &e.kind, summary),
        })
        .collect()
}
