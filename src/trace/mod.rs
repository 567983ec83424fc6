//! The trace: an append-only event log, and pure functions of it (spans, metrics, exports).
//!
//! Every view replays the same state machine (`replay`) over a compact form of the trace
//! (`compile`), so the timeline, the metrics, the wait-for graph and the inspector always agree.

pub mod chrome;
mod compile;
pub mod describe;
mod duration;
mod event;
mod inspect;
mod lanes;
pub mod layout;
mod metrics;
mod queues;
mod replay;
pub mod seek;
mod skeleton;
mod spans;
pub mod tour;
mod waitfor;

pub use event::*;
pub use inspect::{
    state_at, ChannelNow, Holder, Inspector, InspectorBuild, LaneNow, PendingTimer, ResourceNow,
    RuntimeState, TaskNow, CHANNEL_PREVIEW, DEFAULT_INTERVAL,
};
pub use lanes::{lane_spans, LaneSpan, LaneState};
pub use metrics::{
    metrics, metrics_with, LaneMetrics, LongPoll, Metrics, MetricsOptions, TaskMetrics, WaitTimes,
    DEFAULT_LONG_POLL,
};
pub use queues::{queue_depths, QueueDepths, QueuePeak};
pub use seek::event_times;
pub use skeleton::{lane_count, skeleton, Skeleton, TooManyTasks};
pub use spans::{task_spans, Span, SpanState};
pub use waitfor::{wait_for_at, WaitEdge, WaitForGraph, MAX_CYCLES};
