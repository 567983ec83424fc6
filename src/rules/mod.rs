//! The runtime's rules, written once for both runners: how a scenario compiles to programs,
//! what a task waits for, task lifecycle, shared resources, deadlock reports and the run
//! summary (docs/LANGUAGE.md §6–§8).
//!
//! The simulator (`sim`) and live mode's coordinator (`live::coord`) are two hosts of these
//! rules: each implements [`LifeHost`] and [`resources::Host`] over its own state, and neither
//! imports the other. A rule change is one edit here, seen by both (`tests/rules_both_runners.rs`).

mod deadlock;
mod explain;
pub mod lifecycle;
pub(crate) mod program;
mod report;
pub mod resources;
mod summary;
mod text;
mod wait;

pub use deadlock::report_deadlock;
pub use lifecycle::LifeHost;
pub use report::{expect_results, task_row, var_values, Life, RunEnd};
pub use summary::{
    BlockedTask, DeadlockInfo, ExpectResult, Outcome, RunMode, RunSummary, TaskState, TaskSummary,
    VarValues,
};
pub use text::{fmt_dur, fmt_human, fmt_human_in, step_text};
pub(crate) use wait::{waits_for, Stuck, Wait};
