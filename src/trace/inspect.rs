//! The inspector: what the runtime looks like at any instant, fast enough to ask on every animation frame.
//!
//! [`Inspector::new`] replays the trace once and keeps a full state snapshot every few thousand
//! events; [`Inspector::at`] clones the nearest snapshot before the instant and replays the few
//! events after it. Snapshots are spaced at least as far apart (in events) as they are large (in
//! items), so their total memory stays proportional to the trace, and replaying from one never
//! costs much more than copying it.

use super::compile::{compile, Compiled};
use super::event::{TaskId, TimerId, TimerWhat, Trace};
use super::metrics::{metrics_compiled, metrics_with_queues, Metrics, MetricsOptions};
use super::queues::{QueueCollector, QueueDepths};
use super::replay::{lane_owner, State};
use super::seek::applied_at;
use super::spans::{span_state, step_text, task_spans_compiled, Span, SpanCollector, SpanState};
use crate::model::{Micros, ResourceKind};
use std::sync::Arc;

/// Events between snapshots (at least; large states are snapshotted less often).
pub const DEFAULT_INTERVAL: usize = 4096;

/// At most this many values of a channel are copied into [`ChannelNow::values`].
pub const CHANNEL_PREVIEW: usize = 64;

/// The runtime at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeState {
    /// The instant asked for (for [`Inspector::at_index`], the time of the last applied event).
    pub t: Micros,
    /// How many events (from the start) are applied.
    pub applied: usize,
    /// Indexed like `Trace::tasks`.
    pub tasks: Vec<TaskNow>,
    /// Indexed like `Trace::lanes`.
    pub lanes: Vec<LaneNow>,
    /// The event loop's ready queue, front first.
    pub ready_queue: Vec<TaskId>,
    /// Jobs waiting for a free pool worker, in arrival order.
    pub pool_queue: Vec<TaskId>,
    /// Threads, processes and jobs waiting for a free core, in arrival order.
    pub core_queue: Vec<TaskId>,
    /// Timers set and not yet fired or cancelled, soonest first (ties in the order they were set).
    pub timers: Vec<PendingTimer>,
    /// Indexed like `Trace::resources`.
    pub resources: Vec<ResourceNow>,
}

/// One task at the instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskNow {
    pub state: SpanState,
    pub step: Option<Arc<str>>,
    /// When it entered `state`.
    pub since: Micros,
    /// The private register `load` last filled.
    pub register: Option<i64>,
}

/// One lane at the instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaneNow {
    /// The task that runs on it or holds it (a sleeping thread, a blocked job's worker).
    pub task: Option<TaskId>,
    /// That task runs on it right now.
    pub running: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingTimer {
    pub timer: TimerId,
    pub owner: TaskId,
    pub due: Micros,
    pub what: TimerWhat,
}

/// A task holding a primitive: `n` permits (1 for a lock), shared for an rwlock read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holder {
    pub task: TaskId,
    pub n: u32,
    pub shared: bool,
}

/// One resource at the instant; fields that do not apply to its kind are empty or `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceNow {
    /// Locks and semaphores: in acquisition order.
    pub holders: Vec<Holder>,
    /// Every primitive: blocked tasks in the order they blocked (FIFO).
    pub waiters: Vec<TaskId>,
    /// Semaphores: permits not held.
    pub available: Option<u32>,
    pub channel: Option<ChannelNow>,
    /// Variables: the current value.
    pub value: Option<i64>,
}

/// A channel's contents: the messages sent and not yet received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelNow {
    /// How many messages are in flight.
    pub len: usize,
    /// The oldest [`CHANNEL_PREVIEW`] of them, oldest first.
    pub values: Vec<i64>,
    pub closed: bool,
}

/// An index over one trace that answers "what is the runtime doing at t" quickly.
#[derive(Clone, Debug)]
pub struct Inspector {
    c: Compiled,
    /// Snapshots in event order; the first is the state before any event.
    checkpoints: Vec<State>,
    /// The queue depths, when the replay that built this recorded them (for the metrics).
    queues: Option<QueueDepths>,
}

// ===== impl Inspector =====

impl Inspector {
    pub fn new(trace: &Trace) -> Inspector {
        Inspector::with_interval(trace, DEFAULT_INTERVAL)
    }

    /// Like [`Inspector::new`] with at least `interval` events between snapshots.
    pub fn with_interval(trace: &Trace, interval: usize) -> Inspector {
        let mut build = InspectorBuild::with_interval(trace, interval);
        while build.advance(usize::MAX) < 1.0 {}
        build.finish()
    }

    /// The trace's task spans ([`super::task_spans`]), from the trace this inspector has
    /// already compiled: a viewer needs both, and compiling a big trace twice costs.
    pub fn task_spans(&self) -> Vec<Vec<Span>> {
        task_spans_compiled(&self.c)
    }

    /// The trace's metrics ([`super::metrics_with`]) from `spans`, without compiling it again.
    pub fn metrics(&self, spans: &[Vec<Span>], options: MetricsOptions) -> Metrics {
        match &self.queues {
            Some(queues) => metrics_with_queues(&self.c, spans, options, queues),
            None => metrics_compiled(&self.c, spans, options),
        }
    }

    /// The number of events in the trace.
    pub fn len(&self) -> usize {
        self.c.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.c.ops.is_empty()
    }

    /// Event times, non-decreasing, for seeking (see [`super::seek`]).
    pub fn times(&self) -> &[Micros] {
        &self.c.times
    }

    /// How many snapshots the index keeps.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// The runtime after every event with time ≤ `t`.
    pub fn at(&self, t: Micros) -> RuntimeState {
        let index = applied_at(&self.c.times, t);
        resolve(&self.c, &self.state_after(index), t)
    }

    /// The runtime after the first `index` events (clamped to the trace), for event stepping.
    pub fn at_index(&self, index: usize) -> RuntimeState {
        let index = index.min(self.len());
        let t = index.checked_sub(1).map_or(0, |i| self.c.times[i]);
        resolve(&self.c, &self.state_after(index), t)
    }

    fn state_after(&self, index: usize) -> State {
        let k = self.checkpoints.partition_point(|s| s.applied <= index);
        let mut state = self.checkpoints[k.saturating_sub(1)].clone();
        state.run_to(&self.c, index);
        state
    }
}

/// An [`Inspector`] being built in slices: the trace is compiled at once, then replayed a
/// bounded number of events per [`InspectorBuild::advance`], so a page can paint between.
/// Asked to, the same replay collects the tasks' spans and the queue depths the metrics use (a
/// viewer needs all three), so the trace is replayed once, not three times.
pub struct InspectorBuild {
    c: Compiled,
    interval: usize,
    state: State,
    checkpoints: Vec<State>,
    last: usize,
    collect: Option<(SpanCollector, QueueCollector)>,
}

impl InspectorBuild {
    pub fn new(trace: &Trace) -> InspectorBuild {
        InspectorBuild::with_interval(trace, DEFAULT_INTERVAL)
    }

    pub fn with_interval(trace: &Trace, interval: usize) -> InspectorBuild {
        let c = compile(trace);
        let state = State::new(&c);
        InspectorBuild {
            checkpoints: vec![state.clone()],
            state,
            c,
            interval: interval.max(1),
            last: 0,
            collect: None,
        }
    }

    /// Like [`InspectorBuild::new`], collecting the tasks' spans and the queue depths during
    /// the same replay (see [`InspectorBuild::finish_with_spans`], [`Inspector::metrics`]).
    pub fn for_viewer(trace: &Trace) -> InspectorBuild {
        let mut build = InspectorBuild::new(trace);
        let spans = SpanCollector::new(&build.c, &build.state);
        build.collect = Some((spans, QueueCollector::default()));
        build
    }

    /// Replays up to `events` more events; returns the fraction replayed (1.0 when done).
    pub fn advance(&mut self, events: usize) -> f64 {
        let end = self
            .state
            .applied
            .saturating_add(events)
            .min(self.c.ops.len());
        while self.state.applied < end {
            self.state.step(&self.c);
            if let Some((spans, queues)) = &mut self.collect {
                spans.after_step(&self.c, &self.state);
                queues.after_step(&self.c, &self.state);
            }
            let since = self.state.applied - self.last;
            if since >= self.interval && since >= self.state.size() {
                self.checkpoints.push(self.state.clone());
                self.last = self.state.applied;
            }
        }
        if self.c.ops.is_empty() {
            1.0
        } else {
            self.state.applied as f64 / self.c.ops.len() as f64
        }
    }

    /// The inspector (replaying whatever [`InspectorBuild::advance`] has not yet).
    pub fn finish(self) -> Inspector {
        self.complete().0
    }

    /// The inspector and the tasks' spans ([`super::task_spans`]): collected by the replay when
    /// the build was made [`InspectorBuild::for_viewer`], else computed now.
    pub fn finish_with_spans(self) -> (Inspector, Vec<Vec<Span>>) {
        let (inspector, spans) = self.complete();
        let spans = spans.unwrap_or_else(|| inspector.task_spans());
        (inspector, spans)
    }

    fn complete(mut self) -> (Inspector, Option<Vec<Vec<Span>>>) {
        self.advance(usize::MAX);
        let (spans, queues) = match self.collect {
            Some((spans, queues)) => (Some(spans.finish(&self.c)), Some(queues.finish())),
            None => (None, None),
        };
        let inspector = Inspector {
            c: self.c,
            checkpoints: self.checkpoints,
            queues,
        };
        (inspector, spans)
    }
}

/// The runtime after every event with time ≤ `t`, by replaying from the start (no index).
pub fn state_at(trace: &Trace, t: Micros) -> RuntimeState {
    let c = compile(trace);
    let mut state = State::new(&c);
    state.run_to(&c, applied_at(&c.times, t));
    resolve(&c, &state, t)
}

/// Turns the compact replay state into the public, self-describing one.
fn resolve(c: &Compiled, st: &State, t: Micros) -> RuntimeState {
    let ids = |q: &std::collections::VecDeque<u32>| q.iter().map(|x| TaskId(*x)).collect();
    let tasks = st
        .slots
        .iter()
        .map(|s| TaskNow {
            state: span_state(c, s),
            step: step_text(c, s.step),
            since: s.since,
            register: s.reg,
        })
        .collect();
    let lanes = (0..c.lane_kinds.len())
        .map(|l| match lane_owner(c, st, l) {
            Some((task, running)) => LaneNow {
                task: Some(TaskId(task)),
                running,
            },
            None => LaneNow {
                task: None,
                running: false,
            },
        })
        .collect();
    let mut timers: Vec<(u32, PendingTimer)> = st
        .timers
        .iter()
        .filter_map(|(id, info)| {
            let ti = c.timers.get(*info as usize)?;
            let timer = PendingTimer {
                timer: TimerId(*id),
                owner: TaskId(ti.owner),
                due: ti.due,
                what: ti.what.clone(),
            };
            Some((*info, timer))
        })
        .collect();
    timers.sort_by_key(|(set_order, timer)| (timer.due, *set_order));
    let resources = st
        .res
        .iter()
        .enumerate()
        .map(|(r, rs)| resource_now(c, r, rs))
        .collect();
    RuntimeState {
        t,
        applied: st.applied,
        tasks,
        lanes,
        ready_queue: ids(&st.ready),
        pool_queue: ids(&st.pool),
        core_queue: ids(&st.cores),
        timers: timers.into_iter().map(|(_, timer)| timer).collect(),
        resources,
    }
}

fn resource_now(c: &Compiled, r: usize, rs: &super::replay::ResState) -> ResourceNow {
    let kind = c.res_kinds[r];
    let holders: Vec<Holder> = rs
        .holders
        .iter()
        .map(|h| Holder {
            task: TaskId(h.task),
            n: h.n,
            shared: h.shared,
        })
        .collect();
    let available = match kind {
        ResourceKind::Semaphore { permits } => {
            let held: u32 = holders.iter().fold(0u32, |acc, h| acc.saturating_add(h.n));
            Some(permits.saturating_sub(held))
        }
        _ => None,
    };
    let channel = match kind {
        ResourceKind::Channel { .. } => {
            let all = c.chan_values.get(r).map_or(&[][..], |v| &v[..]);
            let from = (rs.recvd as usize).min(all.len());
            let to = (rs.sent as usize).min(all.len()).max(from);
            let values = all[from..to.min(from + CHANNEL_PREVIEW)].to_vec();
            Some(ChannelNow {
                len: to - from,
                values,
                closed: rs.closed,
            })
        }
        _ => None,
    };
    let value = matches!(kind, ResourceKind::Var { .. }).then_some(rs.value);
    ResourceNow {
        holders,
        waiters: rs.waiters.iter().map(|w| TaskId(*w)).collect(),
        available,
        channel,
        value,
    }
}
