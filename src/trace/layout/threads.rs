//! Rows of the thread view: one per lane (the event loop, each pool worker, each thread or
//! process) and one per simulated core, showing who runs on it or holds it.

use super::rows::{
    end_mark, instant_polls, push_seg, span_index_at, Mark, MarkKind, Row, RowKey, Rows, Seg, Style,
};
use crate::model::Micros;
use crate::trace::{
    EventKind, LaneId, LaneKind, LaneSpan, LaneState, Span, SpanState, TaskId, Trace,
};

/// One row per lane in the trace's lane order, then one per core when a poll names a core.
///
/// A lane shows the task running on it, and the state of the task that holds it without
/// running (a dedicated thread that sleeps, a pool worker whose job waits on a lock).
pub fn by_thread(trace: &Trace, spans: &[Vec<Span>], lanes: &[Vec<LaneSpan>]) -> Rows {
    let mut rows: Vec<Row> = (0..trace.lanes.len())
        .map(|i| Row {
            key: RowKey::Lane(LaneId(i as u32)),
            segs: Vec::new(),
            marks: Vec::new(),
        })
        .collect();
    let mut end = 0;
    for (lane, list) in lanes.iter().enumerate().take(rows.len()) {
        for ls in list {
            end = end.max(ls.end);
            match ls.state {
                LaneState::Idle => {}
                LaneState::Running(task) => {
                    let span = span_index_at(spans, task, ls.start).unwrap_or(u32::MAX);
                    let seg = Seg {
                        start: ls.start,
                        end: ls.end,
                        style: Style::Running,
                        task: task.0,
                        span,
                    };
                    push_seg(&mut rows[lane].segs, seg);
                }
                LaneState::Held(task) => held_segs(spans, task, ls, &mut rows[lane].segs),
            }
        }
    }
    rows.extend(core_rows(trace, spans));
    let lane_row = |lane: LaneId| (lane.0 as usize) < trace.lanes.len();
    // The lane each task is polled on now, and the last one it was polled on: polls that take
    // no time have no span, yet a log inside one belongs on its lane.
    let mut polled: Vec<Option<LaneId>> = vec![None; trace.tasks.len()];
    let mut last: Vec<Option<LaneId>> = vec![None; trace.tasks.len()];
    for (i, e) in trace.events.iter().enumerate() {
        end = end.max(e.t);
        match e.kind {
            EventKind::PollStart { task, lane, .. } => {
                if let Some(p) = polled.get_mut(task.0 as usize) {
                    *p = Some(lane);
                    last[task.0 as usize] = Some(lane);
                }
            }
            EventKind::PollEnd { task, .. } => {
                if let Some(p) = polled.get_mut(task.0 as usize) {
                    *p = None;
                }
            }
            EventKind::Log { task, .. } => {
                let lane = polled
                    .get(task.0 as usize)
                    .copied()
                    .flatten()
                    .or_else(|| own_lane(trace, task));
                if let Some(lane) = lane.filter(|l| lane_row(*l)) {
                    let mark = Mark {
                        t: e.t,
                        kind: MarkKind::Log,
                        task: task.0,
                        index: i as u32,
                    };
                    rows[lane.0 as usize].marks.push(mark);
                }
            }
            _ => {}
        }
    }
    for (task, list) in spans.iter().enumerate() {
        let lane = last
            .get(task)
            .copied()
            .flatten()
            .or_else(|| own_lane(trace, TaskId(task as u32)));
        let Some(lane) = lane.filter(|l| lane_row(*l)) else {
            continue;
        };
        for (i, s) in list.iter().enumerate() {
            if let Some(kind) = end_mark(&s.state) {
                rows[lane.0 as usize].marks.push(Mark {
                    t: s.start,
                    kind,
                    task: task as u32,
                    index: i as u32,
                });
            }
        }
    }
    for p in instant_polls(trace) {
        if let Some(row) = rows.get_mut(p.lane.0 as usize).filter(|_| lane_row(p.lane)) {
            row.marks.push(Mark {
                t: p.t,
                kind: MarkKind::Poll,
                task: p.task.0,
                index: p.event,
            });
        }
    }
    for row in &mut rows {
        row.marks.sort_by_key(|m| m.t);
    }
    Rows { rows, end }
}

/// A held lane shows the holder's own states (ready, blocked, sleeping) over the held stretch.
fn held_segs(spans: &[Vec<Span>], task: TaskId, ls: &LaneSpan, out: &mut Vec<Seg>) {
    let Some(list) = spans.get(task.0 as usize) else {
        return;
    };
    let first = list.partition_point(|s| s.end <= ls.start);
    for (i, s) in list.iter().enumerate().skip(first) {
        if s.start >= ls.end {
            break;
        }
        let (start, end) = (s.start.max(ls.start), s.end.min(ls.end));
        if let Some(style) = Style::of(&s.state).filter(|_| end > start) {
            push_seg(
                out,
                Seg {
                    start,
                    end,
                    style,
                    task: task.0,
                    span: i as u32,
                },
            );
        }
    }
}

/// The lane a task runs on at `t`, else the lane it owns (its thread or process).
pub fn lane_of(trace: &Trace, spans: &[Vec<Span>], task: TaskId, t: Micros) -> Option<LaneId> {
    let list = spans.get(task.0 as usize)?;
    let i = list.partition_point(|s| s.start <= t);
    // A log inside a poll sits at an instant where a span may start or end: prefer the running one.
    for s in list[i.saturating_sub(2)..i].iter().rev() {
        if let SpanState::Running { lane } = s.state {
            if s.start <= t && t <= s.end {
                return Some(lane);
            }
        }
    }
    own_lane(trace, task)
}

/// The dedicated thread or process lane of a task, if it has one.
pub fn own_lane(trace: &Trace, task: TaskId) -> Option<LaneId> {
    trace
        .lanes
        .iter()
        .position(|l| matches!(l.kind, LaneKind::Thread(t) | LaneKind::Process(t) if t == task))
        .map(|i| LaneId(i as u32))
}

/// Rows for simulated cores, from the `core` that each poll names.
fn core_rows(trace: &Trace, spans: &[Vec<Span>]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    // Per core: the task on it and since when.
    let mut open: Vec<Option<(TaskId, Micros)>> = Vec::new();
    let close = |rows: &mut Vec<Row>, core: usize, task: TaskId, from: Micros, to: Micros| {
        if let Some(row) = rows.get_mut(core) {
            let span = span_index_at(spans, task, from).unwrap_or(u32::MAX);
            push_seg(
                &mut row.segs,
                Seg {
                    start: from,
                    end: to,
                    style: Style::Running,
                    task: task.0,
                    span,
                },
            );
        }
    };
    for e in &trace.events {
        match e.kind {
            EventKind::PollStart {
                task,
                core: Some(core),
                ..
            } => {
                // Bound the number of core rows: a malformed trace must not allocate billions.
                let core = core.min(1023) as usize;
                while rows.len() <= core {
                    let id = rows.len() as u32;
                    rows.push(Row {
                        key: RowKey::Core(id),
                        segs: Vec::new(),
                        marks: Vec::new(),
                    });
                    open.push(None);
                }
                if let Some((prev, from)) = open[core].take() {
                    close(&mut rows, core, prev, from, e.t);
                }
                open[core] = Some((task, e.t));
            }
            EventKind::PollEnd { task, .. } => {
                if let Some(core) = open
                    .iter()
                    .position(|o| matches!(o, Some((t, _)) if *t == task))
                {
                    if let Some((_, from)) = open[core].take() {
                        close(&mut rows, core, task, from, e.t);
                    }
                }
            }
            _ => {}
        }
    }
    let end = trace.events.iter().map(|e| e.t).max().unwrap_or(0);
    for (core, o) in open.iter().enumerate() {
        if let Some((task, from)) = *o {
            close(&mut rows, core, task, from, end);
        }
    }
    rows
}
