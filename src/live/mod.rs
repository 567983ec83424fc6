//! Live mode: the scenario on our real executor and real web workers, with real timestamps and
//! real parallelism, writing the same trace as the simulator so every view works on it.
//!
//! # Shape
//! ```text
//!  page (main thread)                         workers (one wasm module, compiled once)
//!  ┌──────────────────────────────┐   JSON    ┌─────────────────────────────────────────┐
//!  │ run::start_live (page_run)   │ ◄───────► │ event loop: exec::Executor, all async     │
//!  │  coord::Coordinator          │           │ pool worker 1..N: one job at a time       │
//!  │   (locks, channels, vars,    │           │ thread / process: a new worker per task,  │
//!  │    task lives, pool queue,   │           │   created when it starts, ended after     │
//!  │    trace assembly, deadlock) │           │ each: engine::Engine (the step interpreter)│
//!  └──────────────────────────────┘           └─────────────────────────────────────────┘
//! ```
//! - **Workers** (`engine`): every worker runs our cooperative [`crate::exec::Executor`] on a
//!   real clock (`performance.timeOrigin + performance.now()`, in µs since the run's start),
//!   timers on `setTimeout`. The event-loop worker runs every async task under the scenario's
//!   policy, off the page's thread, so the page stays responsive while a `compute` blocks it.
//!   `compute DUR` is a fixed amount of arithmetic calibrated at app start (iterations per µs on
//!   one idle core, measured in a worker), done inside the poll: the other async tasks really
//!   wait. A pool worker runs one job at a time (a sleeping or waiting job keeps its worker);
//!   a thread or process gets a fresh worker when it starts, so the real creation cost shows
//!   as its Starting span (`thread_start`/`process_start` are not added on top).
//! - **Coordinator** (`coord`, on the page's thread): shared primitives, variables and task
//!   lives, with the simulator's semantics (FIFO fairness, direct hand-off, release on exit,
//!   cancellation). Workers send requests; it answers `Done`, `Fail`, or `Wait` and later the
//!   final answer. A step that can complete at once does not give up the event loop: while an
//!   async task awaits such an answer, the other async tasks wait at a gate (see `engine`).
//! - **Trace**: workers stamp their events (steps, polls, sleeps, logs); the coordinator
//!   stamps its own (acquire, block, wake, send, spawn, end). The page renumbers worker timer
//!   ids, keeps each task's events in causal order, and sorts by time: the same
//!   [`crate::trace::Trace`] the simulator writes, streamed to the timeline as it grows.
//! - **Ends**: every task ended; or a deadlock (every unfinished task waits in the coordinator
//!   with no `timeout` or start timer pending), explained as the simulator explains it; or
//!   the live time limit (60 s by default); or Stop, which terminates every worker at once.
//!   A worker that throws or dies fails its tasks with the error and is replaced.
//! - **Differences from the simulator** (shown by the compare view): workers take time to
//!   start; every shared-state step costs a message round trip; timers fire late (setTimeout);
//!   `compute` takes longer when cores are shared; `cores` and `quantum` cannot be simulated
//!   (the machine's own cores, `navigator.hardwareConcurrency`, are what there is).
//!
//! [`local`] runs the same protocol in one process on a virtual clock, natively: it is how the
//! protocol is tested without a browser.

pub mod coord;
pub mod engine;
pub mod join;
pub mod layout;
pub mod local;
pub mod memory;
pub mod proto;
pub mod spin;
pub mod warm;
pub mod watchdog;

#[cfg(all(target_arch = "wasm32", feature = "devtools"))]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod explore_host;
#[cfg(target_arch = "wasm32")]
pub mod pool;
#[cfg(target_arch = "wasm32")]
pub mod run;
#[cfg(target_arch = "wasm32")]
pub mod worker;
