//! Causality arrows: who woke, spawned, joined, timed or cancelled whom, as endpoints on rows.

use super::rows::{RowKey, Rows};
use super::threads::{lane_of, own_lane};
use super::viewport::Viewport;
use crate::model::Micros;
use crate::trace::{EventKind, LaneId, Span, TaskId, TimerWhat, Trace, WakeCause};
use std::collections::BTreeMap;

/// Why an arrow is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowKind {
    /// An unlock, release, notify, send, recv or close woke a waiting task.
    Wake,
    /// A task spawned another.
    Spawn,
    /// A task ended and woke the task joining it.
    Join,
    /// A timer set by one task (`after … spawn`) started another.
    Timer,
    /// A task asked another to cancel.
    Cancel,
}

/// An arrow from one task at one instant to another task at a later (or the same) instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrow {
    pub from: TaskId,
    pub to: TaskId,
    pub t_from: Micros,
    pub t_to: Micros,
    pub kind: ArrowKind,
    /// Index in `Trace::events` of the event that caused it (for its description).
    pub event: u32,
}

/// Every causality arrow of a run, sorted by `t_to`.
pub fn causality(trace: &Trace) -> Vec<Arrow> {
    let mut out = Vec::new();
    // Timer id → (owner, time set, what it does).
    let mut timers: BTreeMap<u32, (TaskId, Micros, TaskId)> = BTreeMap::new();
    // The task a timer just started, so its `Spawned` does not draw a second arrow.
    let mut timer_started: Option<(TaskId, Micros)> = None;
    for (i, e) in trace.events.iter().enumerate() {
        let event = i as u32;
        let mut push = |from: TaskId, to: TaskId, t_from: Micros, kind: ArrowKind| {
            if from != to {
                out.push(Arrow {
                    from,
                    to,
                    t_from,
                    t_to: e.t,
                    kind,
                    event,
                });
            }
        };
        match &e.kind {
            EventKind::Spawned { task, by: Some(by) } if timer_started != Some((*task, e.t)) => {
                push(*by, *task, e.t, ArrowKind::Spawn);
            }
            EventKind::Woken { task, by, cause } => match (cause, by) {
                (WakeCause::Spawn | WakeCause::Timer | WakeCause::Timeout, _) => {}
                (WakeCause::Join(ended), _) => push(*ended, *task, e.t, ArrowKind::Join),
                (WakeCause::Cancel, Some(by)) => push(*by, *task, e.t, ArrowKind::Cancel),
                (_, Some(by)) => push(*by, *task, e.t, ArrowKind::Wake),
                (_, None) => {}
            },
            EventKind::CancelRequested { task, by } => push(*by, *task, e.t, ArrowKind::Cancel),
            EventKind::TimerSet {
                timer,
                owner,
                what: TimerWhat::Start(target),
                ..
            } => {
                timers.insert(timer.0, (*owner, e.t, *target));
            }
            EventKind::TimerFired { timer } => {
                if let Some((owner, set_at, target)) = timers.remove(&timer.0) {
                    timer_started = Some((target, e.t));
                    push(owner, target, set_at, ArrowKind::Timer);
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|a| a.t_to);
    out
}

/// "No row" in [`ArrowRows`].
pub const NO_ROW: u32 = u32::MAX;

/// The rows an arrow's two ends sit on in one view, aligned with the arrows.
pub type ArrowRows = Vec<(u32, u32)>;

/// Arrow ends in the task view: each task's own row.
pub fn rows_by_task(arrows: &[Arrow]) -> ArrowRows {
    arrows.iter().map(|a| (a.from.0, a.to.0)).collect()
}

/// Arrow ends in the thread view: the lane the waker was polled on when it acted, and the lane
/// where the woken task runs next (else, for both, the lane the task owns).
pub fn rows_by_thread(
    trace: &Trace,
    spans: &[Vec<Span>],
    rows: &Rows,
    arrows: &[Arrow],
) -> ArrowRows {
    let row_of = |lane: Option<LaneId>| {
        lane.and_then(|l| rows.rows.iter().position(|r| r.key == RowKey::Lane(l)))
            .map_or(NO_ROW, |r| r as u32)
    };
    arrows
        .iter()
        .map(|a| {
            let from = polled_on(trace, a.from, a.event as usize)
                .or_else(|| lane_of(trace, spans, a.from, a.t_from));
            let to = next_poll(trace, a.to, a.event as usize).or_else(|| own_lane(trace, a.to));
            (row_of(from), row_of(to))
        })
        .collect()
}

/// How far (in events) to look for the poll around an arrow's event.
const POLL_SCAN: usize = 4096;

/// The lane `task` is being polled on at event `at`: the last `PollStart` before it with no
/// `PollEnd` between. Zero-length polls have no span, so this reads the events themselves.
fn polled_on(trace: &Trace, task: TaskId, at: usize) -> Option<LaneId> {
    let upto = at.min(trace.events.len().saturating_sub(1));
    for e in trace.events[..=upto].iter().rev().take(POLL_SCAN) {
        match e.kind {
            EventKind::PollStart { task: t, lane, .. } if t == task => return Some(lane),
            EventKind::PollEnd { task: t, .. } if t == task => return None,
            _ => {}
        }
    }
    None
}

/// The lane of the next poll of `task` after event `at`.
fn next_poll(trace: &Trace, task: TaskId, at: usize) -> Option<LaneId> {
    trace
        .events
        .iter()
        .skip(at)
        .take(POLL_SCAN)
        .find_map(|e| match e.kind {
            EventKind::PollStart { task: t, lane, .. } if t == task => Some(lane),
            _ => None,
        })
}

/// Indices of the arrows to draw in the window: those ending in it, thinned to at most `max`
/// (one per `width / max` pixels of their end) so dense runs stay legible and fast.
pub fn visible_arrows(arrows: &[Arrow], vp: &Viewport, max: usize) -> Vec<usize> {
    let first = arrows.partition_point(|a| (a.t_to as f64) < vp.t0);
    let last = first + arrows[first..].partition_point(|a| (a.t_to as f64) <= vp.t1);
    if last - first <= max {
        return (first..last).collect();
    }
    let bin_px = vp.width_px / max.max(1) as f64;
    let mut out = Vec::with_capacity(max);
    let mut last_bin = i64::MIN;
    for (i, a) in arrows.iter().enumerate().take(last).skip(first) {
        let bin = (vp.x(a.t_to as f64) / bin_px).floor() as i64;
        if bin != last_bin {
            out.push(i);
            last_bin = bin;
        }
    }
    out
}

/// The edges of a wait-for cycle `[a, b, c]`: a waits for b, b for c, c for a.
pub fn cycle_edges(cycle: &[TaskId]) -> Vec<(TaskId, TaskId)> {
    let n = cycle.len();
    if n < 2 {
        return Vec::new();
    }
    (0..n).map(|i| (cycle[i], cycle[(i + 1) % n])).collect()
}
