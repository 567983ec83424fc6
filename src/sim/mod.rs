//! The deterministic simulator: runs a scenario in virtual time and writes its trace.
//!
//! [`simulate`] runs a [`Scenario`] to completion (or to a deadlock or a limit) and returns the
//! [`Trace`] and the [`RunSummary`]. Same scenario and seed ⇒ the same trace, event for event.
//!
//! # Why the event loop is not `crate::exec`
//! The real executor in `exec` drives Rust futures. Here the event loop is a state machine of
//! its own, because it must interleave with simulated threads, pool workers and cores under
//! one [`Chooser`]: every scheduling decision (which ready entry runs, which thread gets a core,
//! which same-instant action goes first, which job gets a worker) is a choice point that a
//! schedule explorer can enumerate and replay, and the whole state is plain data in `Vec`s
//! and `BTreeMap`s.
//!
//! # Model
//! Lanes: lane 0 is the event loop, then `worker 1..N`, then one lane per thread or process
//! task (created up front, named `thread t#1` / `process p`). The run is a sequence of
//! *actions*, each one step of one lane (or one thread-side timer firing). Actions due at the
//! same instant run in the order they were scheduled unless the chooser says otherwise
//! (`SameInstantOrder`), so parallel threads interleave step by step: two threads doing
//! `load v` / `store v +1` at the same instant lose an update by default, as real threads can.
//!
//! The event loop follows the timing rules T1–T7 of docs/LANGUAGE.md §5.1 (asyncio's `_run_once`):
//! due timers are appended at round start, a round runs exactly the entries queued when it
//! began, woken tasks join the back, `compute` advances time inside a poll, an empty queue
//! jumps to the next deadline, and under `lifo`/`random`/`priority` the chooser picks among
//! the round's entries. A step that can complete at once does not yield.
//!
//! # Decisions (each recorded in docs/LANGUAGE.md §5–§7)
//! - Waiters get resources by direct hand-off in FIFO order: the releaser's action gives the
//!   lock (or permits, or message) to the head waiter, which is woken already holding it.
//! - `send CH` without a value sends 0; `recv` puts the value in the task's register.
//! - A notified condvar waiter re-locks its mutex at once if free, else queues on it (FIFO).
//!   A `wait` cancelled by `cancel` or `timeout` does not re-lock the mutex.
//! - `close` of a closed channel fails (`channel q is already closed`); closing wakes all
//!   waiting senders and receivers with a failure; buffered values stay receivable.
//! - An async task is cancelled at its next suspension (a step that must wait, `sleep`,
//!   `yield`) or at once when it is waiting or queued; a thread-side task at its next step
//!   boundary, or at once when it waits (blocked, sleeping, or a job still in the pool queue).
//!   A task asked to cancel that ends without reaching an await ends cancelled anyway.
//!   Cancelling a task that has not started ends it cancelled; spawning it later fails.
//!   A `timeout` expiring on a thread-side task takes effect the same way (next step
//!   boundary, or at once when it waits).
//! - A `timeout` cancels its block like a cancellation (an inner `try` does not catch it) and
//!   raises `timed out after DUR` where the block was, which an outer `try` can catch.
//!   Cancellation itself is not a failure and no `try` catches it.
//! - `spawn` is all or nothing: if any named task already started, none is spawned.
//!   `after … spawn T` of a task that already started does nothing when it fires.
//!   A `timeout`, `after` or `sleep` timer of an async task is an event-loop timer; a thread,
//!   job or process uses thread-side timers that fire at their instant.
//! - With `cores N` every running lane needs a core, including for instantaneous steps; a
//!   lane keeps its core until it waits, ends, yields to a waiting lane, or reaches a quantum
//!   boundary inside `compute` while another lane waits. Waiting for a core or for a pool
//!   worker is written as `Ready` (the task joined a run queue), not as `Blocked`.
//! - `makespan_us` is the time the last task ended for completed and failed runs, and the
//!   time the run stopped for a deadlock or a limit; a task's `start_us` is null when it
//!   never started. A deadlock's `held_by` is empty for condvars and channels (nobody holds
//!   them); for a job waiting for a worker it lists the jobs on the workers.
//! - A scenario over `MAX_TASKS` tasks is not run: the outcome is `limit` (`max_tasks`).

mod candidate;
mod checkpoint;
mod chooser;
mod deadlock;
mod event_loop;
mod fingerprint;
mod hash;
mod lanes;
mod queue;
mod report;
mod run;
mod session;
mod setup;
mod steps;
mod sync;
mod tasks;
mod timers;
mod world;

pub use checkpoint::{resume_with, Checkpoint};
pub use chooser::{Candidate, ChoiceKind, ChoicePoint, Chooser, DefaultChooser};
pub use hash::trace_hash;
pub use session::{estimated_actions, SimSession, Slice};
// The run summary is the rules' (both runners report it); re-exported where callers of
// `simulate` look for it.
pub use crate::rules::{
    fmt_human, fmt_human_in, BlockedTask, DeadlockInfo, Outcome, RunSummary, TaskState,
    TaskSummary, VarValues,
};

use crate::model::{limits, Scenario};
use crate::trace::Trace;
use world::World;

/// Options of one simulated run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimOptions {
    /// Overrides the scenario's `seed`.
    pub seed: Option<u64>,
    /// The run stops with outcome `limit` when the trace reaches this many events.
    pub max_events: usize,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: None,
            max_events: limits::MAX_EVENTS,
        }
    }
}

/// What a simulated run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRun {
    pub trace: Trace,
    pub summary: RunSummary,
}

/// Runs the scenario under its own runtime policies.
pub fn simulate(scenario: &Scenario, options: &SimOptions) -> SimRun {
    let seed = options.seed.unwrap_or_else(|| scenario.runtime.seed());
    let mut chooser = DefaultChooser::new(scenario, seed);
    simulate_with(scenario, options, &mut chooser)
}

/// Runs the scenario, asking `chooser` at every scheduling choice point.
pub fn simulate_with(
    scenario: &Scenario,
    options: &SimOptions,
    chooser: &mut dyn Chooser,
) -> SimRun {
    match World::new(scenario, options.max_events) {
        Ok(mut world) => {
            world.init(scenario);
            let stop = world.run(chooser, false);
            let summary = world.summary(scenario, stop);
            SimRun {
                trace: world.trace,
                summary,
            }
        }
        Err(crate::trace::TooManyTasks) => SimRun {
            trace: Trace::default(),
            summary: RunSummary::not_run(scenario, "max_tasks", None),
        },
    }
}
