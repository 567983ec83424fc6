//! The cooperative executor: task arena, ready queue, wakers, timers behind a clock trait.
//!
//! Single-threaded and `!Send`-friendly, it runs tasks in asyncio-style rounds (see
//! docs/LANGUAGE.md §5.1, rules T1–T7) under a FIFO, LIFO, seeded-random or priority
//! policy, reports every lifecycle step to optional [`ExecHooks`], and knows nothing of
//! the simulator or the browser: time comes from a [`Clock`].
//!
//! ```
//! use interleave::exec::{Executor, RunOutcome};
//!
//! let ex = Executor::new(); // FIFO, on a virtual clock at 0
//! let h = ex.handle();
//! let job = ex.spawn(async move {
//!     h.sleep(1_000).await; // microseconds
//!     6 * 7
//! });
//! assert_eq!(ex.run(), RunOutcome::Completed); // time jumped to the timer
//! assert_eq!(ex.now(), 1_000);
//! assert_eq!(ex.block_on(job), Ok(Ok(42)));
//! ```

mod arena;
mod chunks;
mod clock;
mod core;
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
