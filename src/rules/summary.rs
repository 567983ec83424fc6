//! The run summary: the command line's `--json` output and the object the app publishes.
//!
//! It serializes to exactly the schema of docs/LANGUAGE.md §8, with `limit` (which
//! limit stopped the run) and `mode` (`sim` or `live`: set by the live coordinator and by the app), each left out when unset.

use crate::model::{Micros, TaskKind};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every task ended and none failed.
    Completed,
    /// Every task ended and at least one failed.
    Failed,
    /// Nothing could make progress while some started task had not ended.
    Deadlock,
    /// A limit of the run was reached (`max_time`, `max_events`, or too many tasks).
    Limit,
}

/// How one task ended, or why it did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    Completed,
    Failed,
    Cancelled,
    /// Started but never ended (a deadlock, or the run hit a limit).
    Blocked,
    /// An `on spawn` task that nobody spawned.
    NotStarted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSummary {
    pub name: String,
    pub kind: TaskKind,
    pub state: TaskState,
    /// When it started; null if it never did.
    pub start_us: Option<Micros>,
    /// When it ended; null if it did not.
    pub end_us: Option<Micros>,
    /// The failure message of a failed task.
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectResult {
    /// The expectation without `expect`, e.g. `counter == 2`.
    pub text: String,
    pub passed: bool,
    /// A check of time (`makespan`): in a live run it is a measurement, not a verdict
    /// ([`RunSummary::judges`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timing: bool,
}

/// One task stuck in a deadlock.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BlockedTask {
    pub task: String,
    /// What it waits for: `mutex m`, `rwlock r (write)`, `semaphore s (2 permits)`,
    /// `notify on cv`, `channel q (recv)`, `channel q (send)`, `join t2`, `a pool worker`.
    pub waits_for: String,
    /// Who holds what it waits for (or, for a join, the tasks it waits on).
    pub held_by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeadlockInfo {
    pub blocked: Vec<BlockedTask>,
    /// Cycles of the wait-for graph, each starting at its first task in declaration order.
    pub cycles: Vec<Vec<String>>,
}

/// Final values of the variables, in declaration order (a JSON object that keeps that order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VarValues(pub Vec<(String, i64)>);

impl VarValues {
    pub fn get(&self, name: &str) -> Option<i64> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

impl Serialize for VarValues {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for VarValues {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = VarValues;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of variable names to integers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VarValues, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, i64>()? {
                    out.push((k, v));
                }
                Ok(VarValues(out))
            }
        }
        d.deserialize_map(Ordered)
    }
}

/// The result of one run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The scenario's title (empty when it has none).
    pub scenario: String,
    pub outcome: Outcome,
    /// Completed or failed: when the last task ended. Deadlock or limit: when the run stopped.
    pub makespan_us: Micros,
    /// In declaration order, replicas in order.
    pub tasks: Vec<TaskSummary>,
    pub vars: VarValues,
    pub expects: Vec<ExpectResult>,
    pub deadlock: Option<DeadlockInfo>,
    /// Number of trace events.
    pub events: usize,
    /// Which limit stopped the run: `max_time`, `max_events` or `max_tasks` (or `stopped` when a
    /// chooser halted it, see `sim::Chooser::halt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// [`RunMode::word`]: `live` from the live coordinator, `sim` from the app (the command
    /// line leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The longest async `compute` that held up other event-loop work (not serialized; used by
    /// [`RunSummary::explain`]).
    #[serde(skip)]
    pub loop_blocked_us: Option<Micros>,
}

impl RunSummary {
    /// True when the run completed and every expectation passed (exit code 0).
    pub fn success(&self) -> bool {
        self.outcome == Outcome::Completed
            && self.expects.iter().all(|e| e.passed || !self.judges(e))
    }

    /// Whether this run gives `e` a verdict. A live run's timing is the machine's as much as the
    /// scenario's (worker start-up, message round trips, late timers), so a live run measures
    /// timing checks against the simulated figure instead of failing them; outcome and value
    /// checks are judged in both runners alike (docs/LIVE.md).
    pub fn judges(&self, e: &ExpectResult) -> bool {
        !(e.timing && self.mode.as_deref() == Some(RunMode::Live.word()))
    }

    /// False while the run is still going, so its checks cannot be judged yet: a live run's
    /// growing summary (`limit` is `running`) or a run paused at a scheduling choice
    /// (`stopped`, the scheduler game). A run that ended, at a limit too, is finished.
    pub fn finished(&self) -> bool {
        !matches!(self.limit.as_deref(), Some("running" | "stopped"))
    }
}

/// Which runner produced a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RunMode {
    #[default]
    Sim,
    Live,
}

impl RunMode {
    /// The word for the mode in the run summary's `mode` field (docs/LANGUAGE.md §8.2).
    pub fn word(self) -> &'static str {
        match self {
            RunMode::Sim => "sim",
            RunMode::Live => "live",
        }
    }
}
