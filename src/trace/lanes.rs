//! Lane spans: which task ran on (or held) each lane when, for the timeline's "by thread" view.

use super::compile::{compile, Compiled, Op, NONE};
use super::event::{LaneKind, TaskId, Trace};
use super::replay::{lane_owner, State};
use super::spans::{step_text, trace_end};
use crate::model::Micros;
use std::sync::Arc;

/// What a lane is doing during a lane span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneState {
    /// Nobody runs on it or holds it.
    Idle,
    /// This task runs on it.
    Running(TaskId),
    /// This task owns it but does not run: a dedicated thread that starts, sleeps or blocks, or
    /// a pool worker whose job sleeps or blocks (the worker stays taken).
    Held(TaskId),
}

/// A stretch of one lane in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneSpan {
    pub start: Micros,
    pub end: Micros,
    pub state: LaneState,
    /// The owning task's step, for running and held spans.
    pub step: Option<Arc<str>>,
}

/// Per lane (indexed like `Trace::lanes`): spans covering `[0, end of trace]` without gaps or
/// overlaps. Running spans break at every step, as task spans do.
pub fn lane_spans(trace: &Trace) -> Vec<Vec<LaneSpan>> {
    lane_spans_compiled(&compile(trace))
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    owner: u32,
    running: bool,
    step: u32,
}

#[derive(Clone, Copy)]
struct Open {
    start: Micros,
    key: Key,
    fresh: bool,
}

const IDLE: Key = Key {
    owner: NONE,
    running: false,
    step: NONE,
};

fn key(c: &Compiled, st: &State, l: usize) -> Key {
    match lane_owner(c, st, l) {
        Some((owner, running)) => Key {
            owner,
            running,
            step: st.slots[owner as usize].step,
        },
        None => IDLE,
    }
}

pub(crate) fn lane_spans_compiled(c: &Compiled) -> Vec<Vec<LaneSpan>> {
    let lanes = c.lane_kinds.len();
    // The lane of each thread or process task, so its own events re-check it.
    let mut own_lane = vec![NONE; c.task_kinds.len()];
    for (l, kind) in c.lane_kinds.iter().enumerate() {
        if let LaneKind::Thread(t) | LaneKind::Process(t) = kind {
            if let Some(slot) = own_lane.get_mut(t.0 as usize) {
                *slot = l as u32;
            }
        }
    }
    let mut st = State::new(c);
    let mut out: Vec<Vec<LaneSpan>> = vec![Vec::new(); lanes];
    let mut open = vec![
        Open {
            start: 0,
            key: IDLE,
            fresh: false
        };
        lanes
    ];
    for i in 0..c.ops.len() {
        let op = c.ops[i];
        let t = c.times[i];
        let Some(task) = op.task() else {
            st.step(c);
            continue;
        };
        let before = st.slots[task as usize];
        st.step(c);
        let after = st.slots[task as usize];
        let op_lane = match op {
            Op::PollStart { lane, .. } | Op::PollEnd { lane, .. } => lane,
            _ => NONE,
        };
        let mut seen = [NONE; 6];
        let candidates = [
            op_lane,
            before.lane,
            before.home,
            after.lane,
            after.home,
            own_lane[task as usize],
        ];
        for (k, l) in candidates.into_iter().enumerate() {
            if l == NONE || seen[..k].contains(&l) {
                continue;
            }
            seen[k] = l;
            let l = l as usize;
            let new = key(c, &st, l);
            let is_step = matches!(op, Op::Step { .. }) && new.owner == task && new.running;
            if new != open[l].key || is_step {
                close(c, &mut out[l], open[l], t);
                open[l] = Open {
                    start: t,
                    key: new,
                    fresh: is_step,
                };
            }
        }
    }
    let end = trace_end(c);
    for (l, cur) in open.into_iter().enumerate() {
        close(c, &mut out[l], cur, end);
    }
    out
}

fn close(c: &Compiled, spans: &mut Vec<LaneSpan>, cur: Open, end: Micros) {
    if end <= cur.start {
        return;
    }
    let state = match cur.key {
        k if k.owner == NONE => LaneState::Idle,
        k if k.running => LaneState::Running(TaskId(k.owner)),
        k => LaneState::Held(TaskId(k.owner)),
    };
    let step = if cur.key.owner == NONE {
        None
    } else {
        step_text(c, cur.key.step)
    };
    if let Some(last) = spans.last_mut() {
        if !cur.fresh && last.end == cur.start && last.state == state && last.step == step {
            last.end = end;
            return;
        }
    }
    spans.push(LaneSpan {
        start: cur.start,
        end,
        state,
        step,
    });
}
