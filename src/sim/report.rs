//! Builds the run summary from the final state: outcome, task states, variables and expectations;
//! the rows, the makespan and the checks are shared with live mode's coordinator.

use super::program::Names;
use super::run::Stop;
use super::summary::{
    DeadlockInfo, ExpectResult, Outcome, RunSummary, TaskState, TaskSummary, VarValues,
};
use super::text::expect_text;
use super::world::{Res, Status, World};
use crate::model::{EndState, ExpectKind, Micros, Scenario, TaskKind};
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

/// How a task stands as its run ends, for its summary row.
pub(crate) enum Life<'a> {
    NotStarted,
    Ended(&'a EndHow),
    /// Started and not ended: blocked, waiting, or cut off by a limit.
    Unfinished,
}

/// A task's row of the summary.
pub(crate) fn task_row(
    name: &str,
    kind: TaskKind,
    life: Life<'_>,
    start_us: Option<Micros>,
    end_us: Option<Micros>,
) -> TaskSummary {
    let (state, error) = match life {
        Life::NotStarted => (TaskState::NotStarted, None),
        Life::Ended(EndHow::Completed) => (TaskState::Completed, None),
        Life::Ended(EndHow::Failed(msg)) => (TaskState::Failed, Some(msg.clone())),
        Life::Ended(EndHow::Cancelled) => (TaskState::Cancelled, None),
        Life::Unfinished => (TaskState::Blocked, None),
    };
    TaskSummary {
        name: name.to_string(),
        kind,
        state,
        start_us,
        end_us,
        error,
    }
}

/// The final values of `scenario`'s variables, read from the resources' states.
pub(crate) fn var_values(scenario: &Scenario, res: &[Res]) -> VarValues {
    VarValues(
        scenario
            .resources
            .iter()
            .zip(res)
            .filter_map(|(r, state)| match state {
                Res::Var { value } => Some((r.name.clone(), *value)),
                _ => None,
            })
            .collect(),
    )
}

/// What a runner knows as its run stops, in the summary's terms; the simulator and live mode
/// each fill it in their own way and [`RunEnd::summary`] does the rest alike.
pub(crate) struct RunEnd {
    pub outcome: Outcome,
    pub limit: Option<&'static str>,
    /// The run time at which it stopped.
    pub now: Micros,
    /// The rows, by task index (see [`task_row`]).
    pub tasks: Vec<TaskSummary>,
    pub vars: VarValues,
    pub events: usize,
    pub mode: Option<&'static str>,
    pub loop_blocked_us: Option<Micros>,
}

impl RunEnd {
    /// The summary: the makespan, the deadlock report (`deadlock` is asked only for a
    /// deadlock) and the expectations checked against the rest.
    pub(crate) fn summary(
        self,
        scenario: &Scenario,
        deadlock: impl FnOnce() -> DeadlockInfo,
    ) -> RunSummary {
        let last_end = self
            .tasks
            .iter()
            .filter_map(|t| t.end_us)
            .max()
            .unwrap_or(0);
        let makespan_us = match self.outcome {
            Outcome::Completed | Outcome::Failed => last_end,
            Outcome::Deadlock | Outcome::Limit => self.now.max(last_end),
        };
        let mut summary = RunSummary {
            scenario: scenario.title.clone().unwrap_or_default(),
            outcome: self.outcome,
            makespan_us,
            tasks: self.tasks,
            vars: self.vars,
            expects: Vec::new(),
            deadlock: (self.outcome == Outcome::Deadlock).then(deadlock),
            events: self.events,
            limit: self.limit.map(str::to_string),
            mode: self.mode.map(str::to_string),
            loop_blocked_us: self.loop_blocked_us,
        };
        summary.expects = expect_results(scenario, &summary);
        summary
    }
}

impl RunSummary {
    /// The summary of a run that did not start because of `limit` (`max_tasks`, …).
    pub(crate) fn not_run(scenario: &Scenario, limit: &str, mode: Option<&str>) -> RunSummary {
        RunSummary {
            scenario: scenario.title.clone().unwrap_or_default(),
            outcome: Outcome::Limit,
            makespan_us: 0,
            tasks: Vec::new(),
            vars: VarValues::default(),
            expects: Vec::new(),
            deadlock: None,
            events: 0,
            limit: Some(limit.to_string()),
            mode: mode.map(str::to_string),
            loop_blocked_us: None,
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
