//! The cooperative executor: task arena, ready queue, wakers, timers behind a clock trait.
//!
//! Single-threaded and `!Send`-friendly, it runs tasks in asyncio-style rounds (see
//! `SCENARIO_LANGUAGE.md`, "Timing rules") under a FIFO, LIFO, seeded-random or priority
//! policy, reports every lifecycle step to optional [`ExecHooks`], and knows nothing of
//! the simulator or the browser.

mod arena;
mod clock;
mod executor;
mod hooks;
mod inner;
mod join;
mod ready_queue;
mod sleep;
mod timers;
mod waker;

pub use arena::TaskId;
pub use clock::{Clock, Micros, VirtualClock};
pub use executor::{BlockOnError, Executor, Handle, RunOutcome};
pub use hooks::{EndKind, ExecEvent, ExecHooks, NoHooks, RecordingHooks};
pub use join::{JoinError, JoinHandle};
pub use ready_queue::Policy;
pub use sleep::{yield_now, Sleep, YieldNow};
