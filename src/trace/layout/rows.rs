//! Timeline rows: one per task, or one per lane (event loop, pool worker, thread, process, core),
//! each a time-sorted list of drawable segments and markers.

use crate::model::Micros;
use crate::trace::{EventKind, LaneId, ResId, Span, SpanState, TaskId, Trace};

/// How a segment is painted. The order is the order of the legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Style {
    /// Running or computing: solid blue.
    Running = 0,
    /// Runnable, waiting for the loop, a worker or a core: light orange.
    Ready = 1,
    /// Blocked on a resource or a join: hatched vermillion, labelled with the resource.
    Blocked = 2,
    /// Awaiting a timer: light sky blue.
    Sleeping = 3,
    /// A thread or process paying its start cost: light grey.
    Starting = 4,
}

/// How many [`Style`]s there are (for per-style arrays).
pub const STYLES: usize = 5;

impl Style {
    pub const ALL: [Style; STYLES] = [
        Style::Running,
        Style::Ready,
        Style::Blocked,
        Style::Sleeping,
        Style::Starting,
    ];

    /// The style a task span is drawn with; `None` for states that draw nothing (not started, ends).
    pub fn of(state: &SpanState) -> Option<Style> {
        match state {
            SpanState::Running { .. } => Some(Style::Running),
            SpanState::Ready
            | SpanState::Blocked(crate::trace::WaitFor::Worker | crate::trace::WaitFor::Core) => {
                Some(Style::Ready)
            }
            SpanState::Blocked(_) => Some(Style::Blocked),
            SpanState::Sleeping => Some(Style::Sleeping),
            SpanState::Starting => Some(Style::Starting),
            SpanState::NotStarted
            | SpanState::Done
            | SpanState::Failed(_)
            | SpanState::Cancelled => None,
        }
    }
}

/// A drawable stretch of a row. Segments of one row are sorted and never overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    pub start: Micros,
    pub end: Micros,
    pub style: Style,
    /// The task whose span this shows (in the thread view, the task on the lane).
    pub task: u32,
    /// Index of that span in the task's spans: where tooltips find the step and the state.
    pub span: u32,
}

/// What a zero-length marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    /// A poll that took no time (it ran and gave way at one instant): a thin tick, so the
    /// interleaving inside an instant still shows.
    Poll,
    /// A `log` step: a green diamond.
    Log,
    /// The task completed.
    Done,
    /// The task was cancelled: a dashed grey end.
    Cancelled,
    /// The task failed: a ✕.
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub t: Micros,
    pub kind: MarkKind,
    pub task: u32,
    /// For a log or a poll, the index of its event in `Trace::events` (the `Log` or the
    /// `PollStart`); else the span index.
    pub index: u32,
}

/// What a row stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKey {
    Task(TaskId),
    Lane(LaneId),
    /// A simulated CPU core (only when `cores` is limited).
    Core(u32),
    /// A shared variable or a channel: its value, or how full it is, over time.
    Res(ResId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub key: RowKey,
    pub segs: Vec<Seg>,
    /// Sorted by time.
    pub marks: Vec<Mark>,
}

/// All rows of one view, and the end of the run they cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rows {
    pub rows: Vec<Row>,
    pub end: Micros,
}

/// One row per task, in the trace's task order (declaration order, replicas in order).
pub fn by_task(trace: &Trace, spans: &[Vec<Span>]) -> Rows {
    let mut rows: Vec<Row> = (0..trace.tasks.len())
        .map(|i| Row {
            key: RowKey::Task(TaskId(i as u32)),
            segs: Vec::new(),
            marks: Vec::new(),
        })
        .collect();
    let mut end = 0;
    for (task, list) in spans.iter().enumerate().take(rows.len()) {
        let row = &mut rows[task];
        for (i, s) in list.iter().enumerate() {
            end = end.max(s.end);
            if let Some(kind) = end_mark(&s.state) {
                row.marks.push(Mark {
                    t: s.start,
                    kind,
                    task: task as u32,
                    index: i as u32,
                });
            } else if let Some(style) = Style::of(&s.state).filter(|_| s.end > s.start) {
                row.segs.push(Seg {
                    start: s.start,
                    end: s.end,
                    style,
                    task: task as u32,
                    span: i as u32,
                });
            }
        }
    }
    for (i, e) in trace.events.iter().enumerate() {
        end = end.max(e.t);
        if let EventKind::Log { task, .. } = e.kind {
            if let Some(row) = rows.get_mut(task.0 as usize) {
                row.marks.push(Mark {
                    t: e.t,
                    kind: MarkKind::Log,
                    task: task.0,
                    index: i as u32,
                });
            }
        }
    }
    for p in instant_polls(trace) {
        if let Some(row) = rows.get_mut(p.task.0 as usize) {
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

/// A poll that started and ended at the same instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstantPoll {
    pub task: TaskId,
    pub lane: LaneId,
    pub t: Micros,
    /// Index of its `PollStart` in `Trace::events`.
    pub event: u32,
}

/// Every poll that took no time, in event order.
pub fn instant_polls(trace: &Trace) -> Vec<InstantPoll> {
    let mut open: Vec<Option<InstantPoll>> = vec![None; trace.tasks.len()];
    let mut out = Vec::new();
    for (i, e) in trace.events.iter().enumerate() {
        match e.kind {
            EventKind::PollStart { task, lane, .. } => {
                if let Some(o) = open.get_mut(task.0 as usize) {
                    *o = Some(InstantPoll {
                        task,
                        lane,
                        t: e.t,
                        event: i as u32,
                    });
                }
            }
            EventKind::PollEnd { task, .. } => {
                if let Some(p) = open.get_mut(task.0 as usize).and_then(Option::take) {
                    if p.t == e.t {
                        out.push(p);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

pub(crate) fn end_mark(state: &SpanState) -> Option<MarkKind> {
    match state {
        SpanState::Done => Some(MarkKind::Done),
        SpanState::Failed(_) => Some(MarkKind::Failed),
        SpanState::Cancelled => Some(MarkKind::Cancelled),
        _ => None,
    }
}

/// Index of the task's span containing `t` (the last one starting at or before `t`).
pub fn span_index_at(spans: &[Vec<Span>], task: TaskId, t: Micros) -> Option<u32> {
    let list = spans.get(task.0 as usize)?;
    let i = list.partition_point(|s| s.start <= t).checked_sub(1)?;
    Some(i as u32)
}

/// Appends keeping the row sorted and non-overlapping (a malformed input is clipped, not trusted).
pub(crate) fn push_seg(out: &mut Vec<Seg>, mut seg: Seg) {
    if let Some(last) = out.last() {
        seg.start = seg.start.max(last.end);
    }
    if seg.end > seg.start {
        out.push(seg);
    }
}
