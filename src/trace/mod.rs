//! The trace: an append-only event log, and pure functions of it (spans, metrics, exports).

mod event;

pub use event::*;
