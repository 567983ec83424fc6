//! Metrics of a run: makespan, per-task latency and waits by cause, lane utilization, event-loop blocking.

use super::compile::{compile, Compiled, Op, NONE};
use super::event::{EndHow, LaneKind, TaskId, Trace, WaitFor};
use super::queues::{queue_depths_compiled, QueueDepths, QueuePeak};
use super::spans::{step_text, task_spans_compiled, trace_end, Span, SpanState};
use crate::model::Micros;
use std::sync::Arc;

/// A poll of the event loop at least this long is flagged (asyncio's debug mode warns at 100 ms).
pub const DEFAULT_LONG_POLL: Micros = 50_000;

/// Tunables of [`metrics_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricsOptions {
    /// Event-loop polls lasting at least this long are listed in [`Metrics::long_polls`].
    pub long_poll: Micros,
}

impl Default for MetricsOptions {
    fn default() -> Self {
        MetricsOptions {
            long_poll: DEFAULT_LONG_POLL,
        }
    }
}

/// Time spent waiting, split by what was waited for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WaitTimes {
    /// Runnable but waiting for the event loop, a pool worker or a core.
    pub ready: Micros,
    /// Mutexes and rwlocks.
    pub lock: Micros,
    pub semaphore: Micros,
    /// Room to send or a message to receive.
    pub channel: Micros,
    /// A notify on a condvar.
    pub condvar: Micros,
    pub join: Micros,
    pub sleep: Micros,
    /// Thread and process start cost.
    pub start: Micros,
}

impl WaitTimes {
    pub fn total(&self) -> Micros {
        self.ready
            + self.lock
            + self.semaphore
            + self.channel
            + self.condvar
            + self.join
            + self.sleep
            + self.start
    }

    fn add(&mut self, state: &SpanState, d: Micros) {
        let slot = match state {
            SpanState::Ready | SpanState::Blocked(WaitFor::Worker | WaitFor::Core) => {
                &mut self.ready
            }
            SpanState::Blocked(WaitFor::Lock(_) | WaitFor::Read(_) | WaitFor::Write(_)) => {
                &mut self.lock
            }
            SpanState::Blocked(WaitFor::Permits(..)) => &mut self.semaphore,
            SpanState::Blocked(WaitFor::Send(_) | WaitFor::Recv(_)) => &mut self.channel,
            SpanState::Blocked(WaitFor::Notify(_)) => &mut self.condvar,
            SpanState::Blocked(WaitFor::Join(_)) => &mut self.join,
            SpanState::Sleeping => &mut self.sleep,
            SpanState::Starting => &mut self.start,
            _ => return,
        };
        *slot += d;
    }

    fn merge(&mut self, o: &WaitTimes) {
        self.ready += o.ready;
        self.lock += o.lock;
        self.semaphore += o.semaphore;
        self.channel += o.channel;
        self.condvar += o.condvar;
        self.join += o.join;
        self.sleep += o.sleep;
        self.start += o.start;
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskMetrics {
    /// When it was spawned; `None` if it never started.
    pub start: Option<Micros>,
    /// When it ended; `None` if it did not.
    pub end: Option<Micros>,
    /// `end - start`, when both exist.
    pub latency: Option<Micros>,
    /// Time running on a lane.
    pub run: Micros,
    pub wait: WaitTimes,
    pub ended: Option<EndHow>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LaneMetrics {
    /// Time some task ran on the lane.
    pub busy: Micros,
    /// `busy / makespan` (0 when the makespan is 0).
    pub utilization: f64,
}

/// An event-loop poll that blocked the loop for at least the threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LongPoll {
    pub task: TaskId,
    pub start: Micros,
    pub duration: Micros,
    /// The step that took the most time inside the poll (e.g. `compute 1s`).
    pub step: Option<Arc<str>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// When the last task ended; if some started task never ended (deadlock, limit), the end
    /// of the trace.
    pub makespan: Micros,
    /// Indexed like `Trace::tasks`.
    pub tasks: Vec<TaskMetrics>,
    /// Indexed like `Trace::lanes`.
    pub lanes: Vec<LaneMetrics>,
    /// Total time the event loop spent inside polls: only `compute` takes time inside a poll,
    /// and no other async task can run meanwhile.
    pub loop_blocked: Micros,
    /// Every event-loop poll at least [`MetricsOptions::long_poll`] long, in time order.
    pub long_polls: Vec<LongPoll>,
    pub max_ready_queue: QueuePeak,
    pub max_pool_queue: QueuePeak,
    pub completed: usize,
    pub failed: usize,
    pub cancelled: usize,
    /// Tasks completed per second of virtual time (0 when the makespan is 0).
    pub throughput: f64,
    /// Waits of all tasks added up.
    pub wait: WaitTimes,
    /// `wait_histogram[k]` counts waiting spans lasting `2^k ≤ d < 2^(k+1)` µs; trailing empty
    /// buckets are cut off.
    pub wait_histogram: Vec<u64>,
}

/// Metrics with the default options.
pub fn metrics(trace: &Trace) -> Metrics {
    let c = compile(trace);
    let spans = task_spans_compiled(&c);
    metrics_compiled(&c, &spans, MetricsOptions::default())
}

/// Metrics from spans already computed (by [`super::task_spans`] on the same trace).
pub fn metrics_with(trace: &Trace, spans: &[Vec<Span>], options: MetricsOptions) -> Metrics {
    metrics_compiled(&compile(trace), spans, options)
}

pub(crate) fn metrics_compiled(
    c: &Compiled,
    spans: &[Vec<Span>],
    options: MetricsOptions,
) -> Metrics {
    metrics_with_queues(c, spans, options, &queue_depths_compiled(c))
}

/// [`metrics_compiled`] with the queue depths already recorded (by the inspector's replay).
pub(crate) fn metrics_with_queues(
    c: &Compiled,
    spans: &[Vec<Span>],
    options: MetricsOptions,
    queues: &QueueDepths,
) -> Metrics {
    let mut m = Metrics {
        lanes: vec![LaneMetrics::default(); c.lane_kinds.len()],
        ..Metrics::default()
    };
    let mut histogram = [0u64; 64];
    let mut unfinished = false;
    for task_spans in spans {
        let mut tm = TaskMetrics::default();
        for s in task_spans {
            let d = s.duration();
            if tm.start.is_none() && s.state != SpanState::NotStarted {
                tm.start = Some(s.start);
            }
            match &s.state {
                SpanState::Running { lane } => {
                    tm.run += d;
                    if let Some(l) = m.lanes.get_mut(lane.0 as usize) {
                        l.busy += d;
                    }
                }
                SpanState::Done => tm.ended = Some(EndHow::Completed),
                SpanState::Failed(msg) => tm.ended = Some(EndHow::Failed(msg.clone())),
                SpanState::Cancelled => tm.ended = Some(EndHow::Cancelled),
                state if state.is_wait() => {
                    tm.wait.add(state, d);
                    if d > 0 {
                        histogram[63 - d.leading_zeros() as usize] += 1;
                    }
                }
                _ => {}
            }
            if s.state.is_end() {
                tm.end = Some(s.start);
            }
        }
        tm.latency = tm.start.zip(tm.end).map(|(s, e)| e.saturating_sub(s));
        match &tm.ended {
            Some(EndHow::Completed) => m.completed += 1,
            Some(EndHow::Failed(_)) => m.failed += 1,
            Some(EndHow::Cancelled) => m.cancelled += 1,
            None => unfinished |= tm.start.is_some(),
        }
        m.makespan = m.makespan.max(tm.end.unwrap_or(0));
        m.wait.merge(&tm.wait);
        m.tasks.push(tm);
    }
    if unfinished {
        m.makespan = m.makespan.max(trace_end(c));
    }
    for l in &mut m.lanes {
        l.utilization = if m.makespan == 0 {
            0.0
        } else {
            l.busy as f64 / m.makespan as f64
        };
    }
    m.throughput = if m.makespan == 0 {
        0.0
    } else {
        m.completed as f64 * 1e6 / m.makespan as f64
    };
    let used = histogram.iter().rposition(|n| *n > 0).map_or(0, |k| k + 1);
    m.wait_histogram = histogram[..used].to_vec();
    (m.loop_blocked, m.long_polls) = event_loop_polls(c, options.long_poll);
    m.max_ready_queue = queues.max_ready;
    m.max_pool_queue = queues.max_pool;
    m
}

/// A poll in progress on an event-loop lane.
struct OpenPoll {
    task: u32,
    start: Micros,
    /// The step running now and since when; the longest finished step so far.
    step: u32,
    step_start: Micros,
    best: (Micros, u32),
}

/// Total event-loop poll time, and the polls at least `threshold` long.
fn event_loop_polls(c: &Compiled, threshold: Micros) -> (Micros, Vec<LongPoll>) {
    let mut steps = vec![NONE; c.task_kinds.len()];
    let mut open: Vec<Option<OpenPoll>> = c.lane_kinds.iter().map(|_| None).collect();
    let is_loop = |lane: u32| c.lane_kinds[lane as usize] == LaneKind::EventLoop;
    let mut total = 0;
    let mut long = Vec::new();
    for (op, &t) in c.ops.iter().zip(&c.times) {
        match *op {
            Op::PollStart { task, lane } if is_loop(lane) => {
                let step = steps[task as usize];
                open[lane as usize] = Some(OpenPoll {
                    task,
                    start: t,
                    step,
                    step_start: t,
                    best: (0, step),
                });
            }
            Op::Step { task, text } => {
                steps[task as usize] = text;
                for p in open.iter_mut().flatten().filter(|p| p.task == task) {
                    if t - p.step_start > p.best.0 {
                        p.best = (t - p.step_start, p.step);
                    }
                    p.step = text;
                    p.step_start = t;
                }
            }
            Op::PollEnd { task, lane } if is_loop(lane) => {
                let Some(mut p) = open[lane as usize].take().filter(|p| p.task == task) else {
                    continue;
                };
                if t - p.step_start > p.best.0 || p.best.0 == 0 {
                    p.best = (t - p.step_start, p.step);
                }
                let duration = t - p.start;
                total += duration;
                if duration >= threshold && duration > 0 {
                    long.push(LongPoll {
                        task: TaskId(task),
                        start: p.start,
                        duration,
                        step: step_text(c, p.best.1),
                    });
                }
            }
            _ => {}
        }
    }
    (total, long)
}
