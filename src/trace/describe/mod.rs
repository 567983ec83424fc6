//! Plain-words text for trace facts ("lock m", "t2 waits for m (held by t1)"), for labels and tooltips.
//!
//! Every text is worded in both languages where it is made (docs/LAYOUT.md, "Translation"): each
//! `*_in(…, lang)` function matches on the language, so a Chinese sentence orders its words its
//! own way. The plain forms are English, the words of the command line and the tests. Task and
//! resource names stay as written, since they are identifiers from the scenario. Ids that point
//! outside the trace's tables print as `task #7` / `任务 #7` instead of panicking.

mod chips;
mod ends;
mod events;
mod waits;

pub use super::duration::{duration, duration_in};
use super::event::{EndHow, EventKind, LaneId, LaneKind, ResId, TaskId, Trace, WaitFor, WakeCause};
use super::spans::SpanState;
use crate::lang::Lang;
use std::borrow::Cow;

pub use chips::{chip_in, ChipRow};
pub use ends::{end_how_in, failure_in, span_state_in};
pub use events::event_in;
pub use waits::{own_wakes_in, wait_for_in, waits_for_sentence_in, wake_cause_in};

/// A task's display name.
pub fn task_name(trace: &Trace, task: TaskId) -> Cow<'_, str> {
    task_name_in(trace, task, Lang::En)
}

/// [`task_name`] in `lang`; only an unknown id's stand-in is translated.
pub fn task_name_in(trace: &Trace, task: TaskId, lang: Lang) -> Cow<'_, str> {
    match trace.tasks.get(task.0 as usize) {
        Some(t) => Cow::Borrowed(&t.name),
        None => Cow::Owned(format!("{} #{}", lang.t("task", "任务"), task.0)),
    }
}

/// A resource's declared name.
pub fn res_name(trace: &Trace, res: ResId) -> Cow<'_, str> {
    res_name_in(trace, res, Lang::En)
}

/// [`res_name`] in `lang`; only an unknown id's stand-in is translated.
pub fn res_name_in(trace: &Trace, res: ResId, lang: Lang) -> Cow<'_, str> {
    match trace.resources.get(res.0 as usize) {
        Some(r) => Cow::Borrowed(&r.name),
        None => Cow::Owned(format!("{} #{}", lang.t("resource", "资源"), res.0)),
    }
}

/// A lane's display name.
pub fn lane_name(trace: &Trace, lane: LaneId) -> Cow<'_, str> {
    lane_name_in(trace, lane, Lang::En)
}

/// [`lane_name`] in `lang`. The trace stores the English name; the Chinese one is made from
/// the lane's kind.
pub fn lane_name_in(trace: &Trace, lane: LaneId, lang: Lang) -> Cow<'_, str> {
    let info = trace.lanes.get(lane.0 as usize);
    match (lang, info) {
        (Lang::En, Some(l)) => Cow::Borrowed(&l.name),
        (Lang::En, None) => Cow::Owned(format!("lane #{}", lane.0)),
        (Lang::Zh, Some(l)) => match l.kind {
            LaneKind::EventLoop => Cow::Borrowed("事件循环"),
            LaneKind::PoolWorker(w) => Cow::Owned(format!("工作线程 {}", w + 1)),
            LaneKind::Thread(t) => Cow::Owned(format!("线程 {}", task_name_in(trace, t, lang))),
            LaneKind::Process(t) => Cow::Owned(format!("进程 {}", task_name_in(trace, t, lang))),
        },
        (Lang::Zh, None) => Cow::Owned(format!("执行道 #{}", lane.0)),
    }
}

/// Task names joined as each language lists them: `j1, j2` and `j1、j2`.
fn names_in(trace: &Trace, tasks: &[TaskId], lang: Lang) -> String {
    tasks
        .iter()
        .map(|t| task_name_in(trace, *t, lang))
        .collect::<Vec<_>>()
        .join(lang.t(", ", "、"))
}

/// A short label for a wait, in the words of the step that waits: `lock m`, `recv q`, `join t2`.
pub fn wait_for(trace: &Trace, on: &WaitFor) -> String {
    wait_for_in(trace, on, Lang::En)
}

/// A sentence about a blocked task: `t2 waits for m (held by t1)`.
pub fn waits_for_sentence(
    trace: &Trace,
    waiter: TaskId,
    on: &WaitFor,
    holders: &[TaskId],
) -> String {
    waits_for_sentence_in(trace, waiter, on, holders, Lang::En)
}

/// Why a task was woken: `unlock m by t1`, `its timer came due`.
pub fn wake_cause(trace: &Trace, cause: &WakeCause, by: Option<TaskId>) -> String {
    wake_cause_in(trace, cause, by, Lang::En)
}

/// How a task ended: `completed`, `failed: boom`, `cancelled`.
pub fn end_how(how: &EndHow) -> String {
    end_how_in(how, Lang::En)
}

/// A short label for a span state: `running`, `ready`, `lock m`, `sleeping`.
pub fn span_state(trace: &Trace, state: &SpanState) -> String {
    span_state_in(trace, state, Lang::En)
}

/// One line for the event list: `t1 blocked: lock m`, `t2 woken: unlock m by t1`.
pub fn event(trace: &Trace, kind: &EventKind) -> String {
    event_in(trace, kind, Lang::En)
}
