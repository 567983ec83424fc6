//! The schedule explorer: runs a scenario under every interleaving (or many random ones) and groups the outcomes.
//!
//! Every scheduling decision of the simulator goes through a [`crate::sim::Chooser`]: which
//! ready task the event loop runs, which runnable thread gets a free core, which of several
//! same-instant actions goes first (so two threads' `load`/`store` at the same instant
//! interleave step by step), which queued job gets a free worker. A *schedule* is the list of
//! choices a run took ([`sched`]). The explorer enumerates schedules:
//!
//! - **Depth-first, stateless** (the default). Each schedule is a fresh run from the start
//!   that replays a prefix of choices and then takes the policies' choice at every new choice
//!   point, recording the alternatives; backtracking moves the deepest choice with an untried
//!   alternative to it. Re-running from the start costs a little time and keeps the simulator
//!   untouched: it needs no snapshots, only a chooser.
//! - **Pruning by state.** At every new choice point the simulator fingerprints its state
//!   (`sim/fingerprint.rs`); a run that reaches a state an earlier run already explored from is
//!   abandoned, because everything reachable from there has been (or is being) explored.
//!   With a preemption bound the fingerprint is paired with the running actor and a state is
//!   only skipped when it was explored with at most as many preemptions used.
//! - **Bounds.** A maximum number of runs, a preemption bound (a choice that switches away
//!   from the actor chosen at the previous choice point while that actor could go on counts
//!   as one preemption, as in CHESS), and a wall-clock budget read through a caller-supplied
//!   clock, because `std::time::Instant` panics on `wasm32-unknown-unknown`. The report says
//!   whether the search was exhaustive and, if not, which bound stopped it.
//! - **Random (PCT).** For spaces too large to enumerate: each run gives every actor a random
//!   priority, always runs the highest-priority candidate, and lowers the running actor's
//!   priority at `depth - 1` random change points (Burckhardt et al., ASPLOS 2010). The first
//!   run is the default schedule.
//!
//! Results are grouped by outcome (deadlock with its cycles, failures, failed expects, final
//! variable values, limits), each with its count, makespan range and a representative
//! schedule that [`ReplayChooser`] reproduces exactly. [`Explorer::step`] runs a bounded
//! amount of work and returns [`Progress`], so a web worker can stream it and stay cancellable.

mod actor;
mod dfs;
mod explorer;
mod interactive;
mod outcome;
mod pct;
mod preview;
mod replay;
mod sched;
mod wire;

pub use actor::Actor;
pub use explorer::{explore, Explorer};
pub use interactive::{
    describe_candidate, describe_candidate_in, next_choice, question, Offer, Turn,
};
pub use outcome::{ExpectTally, Failure, Group, GroupKind, OutcomeKey, Report};
pub use preview::Preview;
pub use replay::{replay, ReplayChooser, ReplayStatus};
pub use sched::{
    format_sched, parse_sched, SchedError, SchedErrorKind, MAX_CHOICE, MAX_SCHED_CHARS,
    MAX_SCHED_LEN,
};
pub use wire::{
    explorer_bytes, parse_from_explorer, parse_to_explorer, ExploreSession, FromExplorer,
    ToExplorer,
};

use serde::{Deserialize, Serialize};

/// Milliseconds on a monotonic clock with any origin (`performance.now()` in the browser).
pub type Clock = Box<dyn Fn() -> f64>;

/// How to explore.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExploreOptions {
    /// At most this many runs (complete schedules plus runs cut short by pruning).
    pub max_schedules: u64,
    /// At most this many preemptions per schedule; `None` for no bound.
    pub preemption_bound: Option<u32>,
    /// Stop after this much wall-clock time, read through the explorer's clock.
    pub time_budget_ms: Option<u64>,
    /// Abandon runs that reach an already explored state (depth-first mode only).
    pub prune: bool,
    /// Overrides the scenario's seed (the `random` policy's stream, and the PCT stream).
    pub seed: Option<u64>,
    /// Random (PCT) runs instead of a depth-first enumeration.
    pub random: Option<RandomOptions>,
    /// The event limit of each run.
    pub max_events: usize,
}

impl Default for ExploreOptions {
    fn default() -> Self {
        ExploreOptions {
            max_schedules: 100_000,
            preemption_bound: None,
            time_budget_ms: None,
            prune: true,
            seed: None,
            random: None,
            max_events: crate::model::limits::MAX_EVENTS,
        }
    }
}

/// Random exploration (PCT): how many runs, and the bug depth `d` (d − 1 change points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RandomOptions {
    pub runs: u64,
    pub depth: u32,
}

/// What stopped a search before it covered every schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The maximum number of runs was reached.
    MaxSchedules,
    /// Some alternatives were skipped because they needed more preemptions than allowed.
    PreemptionBound,
    /// The wall-clock budget ran out.
    TimeBudget,
    /// The caller cancelled the search.
    Cancelled,
    /// Random runs sample the schedules; they never cover them all.
    Random,
}

impl Bound {
    /// Words for the user.
    pub fn describe(self) -> &'static str {
        match self {
            Bound::MaxSchedules => "the schedule limit was reached",
            Bound::PreemptionBound => "schedules needing more preemptions were skipped",
            Bound::TimeBudget => "the time budget ran out",
            Bound::Cancelled => "it was cancelled",
            Bound::Random => "random runs sample the schedules",
        }
    }
}

/// How far a search has come; [`Explorer::step`] returns one after each slice of work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Runs that went to the end (each a distinct schedule).
    pub schedules: u64,
    /// Runs abandoned at a state already explored.
    pub pruned: u64,
    /// Distinct states met at choice points.
    pub distinct_states: u64,
    pub elapsed_ms: u64,
    /// Distinct outcomes so far.
    pub groups: usize,
    /// The search is over (exhausted, bounded or cancelled).
    pub done: bool,
}
