//! Queue depths over time: the event loop's ready queue and the pool queue, with their peaks.

use super::compile::{compile, Compiled};
use super::event::Trace;
use super::replay::State;
use crate::model::Micros;

/// The largest depth a queue reached, and the first time it did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueuePeak {
    pub depth: usize,
    pub at: Micros,
}

/// Depth changes of both queues, as `(time, depth)` steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueDepths {
    /// The event loop's ready queue (async tasks); one entry per instant it changed, with the
    /// depth after that instant's last event.
    pub ready: Vec<(Micros, usize)>,
    /// The pool queue (jobs waiting for a worker), likewise.
    pub pool: Vec<(Micros, usize)>,
    /// Peaks count depths inside an instant too: tasks queued at 0 before the first poll.
    pub max_ready: QueuePeak,
    pub max_pool: QueuePeak,
}

/// Replays `trace` and records both queues' depths.
pub fn queue_depths(trace: &Trace) -> QueueDepths {
    queue_depths_compiled(&compile(trace))
}

pub(crate) fn queue_depths_compiled(c: &Compiled) -> QueueDepths {
    let mut state = State::new(c);
    let mut queues = QueueCollector::default();
    while state.applied < c.ops.len() {
        state.step(c);
        queues.after_step(c, &state);
    }
    queues.0
}

/// Queue depths recorded alongside a replay made for another purpose (the inspector's), so
/// the trace is not replayed again for them.
#[derive(Default)]
pub(crate) struct QueueCollector(QueueDepths);

impl QueueCollector {
    /// Takes in the event `state` has just applied (its last).
    pub(crate) fn after_step(&mut self, c: &Compiled, state: &State) {
        let Some(&t) = state.applied.checked_sub(1).and_then(|i| c.times.get(i)) else {
            return;
        };
        let out = &mut self.0;
        record(&mut out.ready, &mut out.max_ready, t, state.ready.len());
        record(&mut out.pool, &mut out.max_pool, t, state.pool.len());
    }

    pub(crate) fn finish(self) -> QueueDepths {
        self.0
    }
}

fn record(series: &mut Vec<(Micros, usize)>, peak: &mut QueuePeak, t: Micros, depth: usize) {
    if depth > peak.depth {
        *peak = QueuePeak { depth, at: t };
    }
    match series.last_mut() {
        Some(last) if last.1 == depth => {}
        Some(last) if last.0 == t => {
            last.1 = depth;
            // Back where the previous instant ended (0 before the first): this instant changed nothing.
            let before = series.len().checked_sub(2).map_or(0, |i| series[i].1);
            if before == depth {
                series.pop();
            }
        }
        None if depth == 0 => {}
        _ => series.push((t, depth)),
    }
}
