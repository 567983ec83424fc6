//! Task spans: each task's life cut into time-ordered, non-overlapping states, as the timeline draws them.

use super::compile::{compile, Compiled, Op, NONE};
use super::event::{LaneId, Trace, WaitFor};
use super::replay::{Phase, Slot, State};
use crate::model::Micros;
use std::sync::Arc;

/// What a task is doing during a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanState {
    /// Before it was spawned (or for the whole run, if nobody spawned it).
    NotStarted,
    /// A thread or process paying its start cost.
    Starting,
    /// Runnable, waiting for the event loop, a pool worker or a core.
    Ready,
    /// Being polled (async) or running (thread, job, process) on a lane.
    Running { lane: LaneId },
    /// Waiting on a resource, a join, a free worker or a free core.
    Blocked(WaitFor),
    /// Awaiting a timer (async `sleep`) or sleeping (thread `sleep`).
    Sleeping,
    /// Zero-length marker at the time the task completed.
    Done,
    /// Zero-length marker at the time the task failed, with the message.
    Failed(String),
    /// Zero-length marker at the time the task was cancelled.
    Cancelled,
}

impl SpanState {
    /// The task is alive and not running: time spent here counts as waiting.
    pub fn is_wait(&self) -> bool {
        matches!(
            self,
            SpanState::Starting | SpanState::Ready | SpanState::Blocked(_) | SpanState::Sleeping
        )
    }

    /// A zero-length marker for how the task ended.
    pub fn is_end(&self) -> bool {
        matches!(
            self,
            SpanState::Done | SpanState::Failed(_) | SpanState::Cancelled
        )
    }
}

/// A stretch of one task's life in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: Micros,
    /// Equal to `start` only for the end markers.
    pub end: Micros,
    pub state: SpanState,
    /// The step the task was on (its canonical text, e.g. `compute 1s`), shared between spans.
    pub step: Option<Arc<str>>,
}

impl Span {
    pub fn duration(&self) -> Micros {
        self.end - self.start
    }
}

/// Per task (indexed like `Trace::tasks`): its spans in time order. Adjacent spans never overlap;
/// a new span begins at every state change and at every `Step`, so each span has one step.
///
/// Only two kinds of span are empty (`start == end`): the end markers (`Done`, `Failed`,
/// `Cancelled`), and the last span of a task that did not end when it entered that state at the
/// very end of the trace (tasks that block into a deadlock do).
pub fn task_spans(trace: &Trace) -> Vec<Vec<Span>> {
    task_spans_compiled(&compile(trace))
}

/// The end of the trace: the time of its last event.
pub(crate) fn trace_end(c: &Compiled) -> Micros {
    c.times.last().copied().unwrap_or(0)
}

/// The public state of a replayed task slot.
pub(crate) fn span_state(c: &Compiled, slot: &Slot) -> SpanState {
    match slot.phase {
        Phase::NotStarted => SpanState::NotStarted,
        Phase::Starting => SpanState::Starting,
        Phase::Ready => SpanState::Ready,
        // Running always has a lane (PollStart or a wake inside a poll); 0 is a safe fallback.
        Phase::Running => SpanState::Running {
            lane: LaneId(if slot.lane == NONE { 0 } else { slot.lane }),
        },
        Phase::Blocked => match c.waits.get(slot.wait as usize) {
            Some(w) => SpanState::Blocked(w.clone()),
            None => SpanState::Ready,
        },
        Phase::Sleeping => SpanState::Sleeping,
        Phase::Done => SpanState::Done,
        Phase::Cancelled => SpanState::Cancelled,
        Phase::Failed => {
            let msg = c.fails.get(slot.wait.wrapping_sub(2) as usize);
            SpanState::Failed(msg.map(|m| m.to_string()).unwrap_or_default())
        }
    }
}

pub(crate) fn step_text(c: &Compiled, step: u32) -> Option<Arc<str>> {
    c.steps.get(step as usize).cloned()
}

/// The parts of a slot that, when they change, start a new span.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    phase: Phase,
    lane: u32,
    step: u32,
    wait: u32,
}

impl Key {
    fn of(slot: &Slot) -> Key {
        Key {
            phase: slot.phase,
            lane: if slot.phase == Phase::Running {
                slot.lane
            } else {
                NONE
            },
            step: slot.step,
            wait: if slot.phase == Phase::Blocked || slot.phase.ended() {
                slot.wait
            } else {
                NONE
            },
        }
    }
}

/// A span not yet closed.
#[derive(Clone, Copy)]
struct Open {
    start: Micros,
    slot: Slot,
    key: Key,
    /// Opened by a `Step`: never merged into the span before it, even with equal text.
    fresh: bool,
}

/// Every task's spans, from a compiled trace: one replay.
pub(crate) fn task_spans_compiled(c: &Compiled) -> Vec<Vec<Span>> {
    let mut state = State::new(c);
    let mut spans = SpanCollector::new(c, &state);
    while state.applied < c.ops.len() {
        state.step(c);
        spans.after_step(c, &state);
    }
    spans.finish(c)
}

/// Spans collected alongside a replay of the trace: after each event the replay applies, the
/// collector looks at the state of the event's task, so a replay made for another purpose (the
/// inspector's) yields the spans too, without a second pass.
pub(crate) struct SpanCollector {
    out: Vec<Vec<Span>>,
    open: Vec<Option<Open>>,
}

impl SpanCollector {
    /// Starts collecting from `state`, the state before any event.
    pub(crate) fn new(c: &Compiled, state: &State) -> SpanCollector {
        let open = state
            .slots
            .iter()
            .map(|s| {
                Some(Open {
                    start: 0,
                    slot: *s,
                    key: Key::of(s),
                    fresh: false,
                })
            })
            .collect();
        SpanCollector {
            out: vec![Vec::new(); c.task_kinds.len()],
            open,
        }
    }

    /// Takes in the event `state` has just applied (its last).
    pub(crate) fn after_step(&mut self, c: &Compiled, state: &State) {
        let Some(i) = state.applied.checked_sub(1) else {
            return;
        };
        let (op, t) = (c.ops[i], c.times[i]);
        let Some(task) = op.task() else { return };
        let task = task as usize;
        let Some(cur) = self.open[task] else { return };
        let slot = state.slots[task];
        let key = Key::of(&slot);
        let is_step = matches!(op, Op::Step { .. }) && !slot.phase.ended();
        if key == cur.key && !is_step {
            return;
        }
        close(c, &mut self.out[task], cur, t);
        if slot.phase.ended() {
            self.out[task].push(Span {
                start: t,
                end: t,
                state: span_state(c, &slot),
                step: step_text(c, slot.step),
            });
            self.open[task] = None;
        } else {
            self.open[task] = Some(Open {
                start: t,
                slot,
                key,
                fresh: is_step,
            });
        }
    }

    /// The spans, each task's still-open one closed at the end of the trace.
    pub(crate) fn finish(self, c: &Compiled) -> Vec<Vec<Span>> {
        let SpanCollector { mut out, open } = self;
        let end = trace_end(c);
        for (task, cur) in open.into_iter().enumerate() {
            let Some(cur) = cur else { continue };
            let spans = &mut out[task];
            if cur.start < end {
                close(c, spans, cur, end);
                continue;
            }
            // The state a task entered at the very end (a deadlock's last `Blocked`) would be
            // lost as an empty span; keep it as a zero-length final span so the timeline can
            // mark it.
            let state = span_state(c, &cur.slot);
            if cur.slot.phase != Phase::NotStarted && spans.last().map(|s| &s.state) != Some(&state)
            {
                spans.push(Span {
                    start: end,
                    end,
                    state,
                    step: step_text(c, cur.slot.step),
                });
            }
        }
        out
    }
}

/// Closes `cur` at `end`: drops it if empty, extends the previous span if it continues it.
fn close(c: &Compiled, spans: &mut Vec<Span>, cur: Open, end: Micros) {
    if end <= cur.start {
        return;
    }
    let state = span_state(c, &cur.slot);
    let step = step_text(c, cur.slot.step);
    if let Some(last) = spans.last_mut() {
        if !cur.fresh && last.end == cur.start && last.state == state && last.step == step {
            last.end = end;
            return;
        }
    }
    spans.push(Span {
        start: cur.start,
        end,
        state,
        step,
    });
}
