//! Builds the run summary both runners report: a task's row, the variables, the makespan and
//! the expectations; each runner supplies only what it knows as its run stops ([`RunEnd`]).

use super::program::Names;
use super::resources::Res;
use super::summary::{
    DeadlockInfo, ExpectResult, Outcome, RunMode, RunSummary, TaskState, TaskSummary, VarValues,
};
use super::text::expect_text;
use crate::model::{EndState, ExpectKind, Micros, Scenario, TaskKind};
use crate::trace::EndHow;

/// How a task stands as its run ends, for its summary row.
pub enum Life<'a> {
    NotStarted,
    Ended(&'a EndHow),
    /// Started and not ended: blocked, waiting, or cut off by a limit.
    Unfinished,
}

/// A task's row of the summary.
pub fn task_row(
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
pub fn var_values(scenario: &Scenario, res: &[Res]) -> VarValues {
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
pub struct RunEnd {
    pub outcome: Outcome,
    pub limit: Option<&'static str>,
    /// The run time at which it stopped.
    pub now: Micros,
    /// The rows, by task index (see [`task_row`]).
    pub tasks: Vec<TaskSummary>,
    pub vars: VarValues,
    pub events: usize,
    pub mode: Option<RunMode>,
    pub loop_blocked_us: Option<Micros>,
}

impl RunEnd {
    /// The summary: the makespan, the deadlock report (`deadlock` is asked only for a
    /// deadlock) and the expectations checked against the rest.
    pub fn summary(
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
            mode: self.mode.map(|m| m.word().to_string()),
            loop_blocked_us: self.loop_blocked_us,
        };
        summary.expects = expect_results(scenario, &summary);
        summary
    }
}

impl RunSummary {
    /// The summary of a run that did not start because of `limit` (`max_tasks`, …).
    pub fn not_run(scenario: &Scenario, limit: &str, mode: Option<RunMode>) -> RunSummary {
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
            mode: mode.map(|m| m.word().to_string()),
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
pub fn expect_results(scenario: &Scenario, summary: &RunSummary) -> Vec<ExpectResult> {
    let names = Names::new(scenario);
    scenario
        .expects
        .iter()
        .map(|e| ExpectResult {
            text: expect_text(&e.kind),
            passed: check(&names, &e.kind, summary),
            timing: matches!(e.kind, ExpectKind::Makespan { .. }),
        })
        .collect()
}
