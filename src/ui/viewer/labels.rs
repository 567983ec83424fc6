//! The words the timeline shows: row names and kinds, segment labels, state names, in both languages.

use super::model::{RunModel, View};
use crate::model::TaskKind;
use crate::trace::describe;
use crate::trace::layout::{RowKey, Seg, Style};
use crate::trace::{LaneKind, SpanState, TaskId, Trace};
use crate::ui::i18n::Lang;

/// A task kind in the tutorial's words.
pub fn task_kind(lang: Lang, kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Async => lang.t("async", "异步任务"),
        TaskKind::Thread => lang.t("thread", "线程"),
        TaskKind::Job => lang.t("pool job", "线程池任务"),
        TaskKind::Process => lang.t("process", "进程"),
    }
}

/// A row's name and its kind (shown smaller), e.g. (`任务1#1`, `async`) or (`event loop`, ``).
pub fn row_label(lang: Lang, trace: &Trace, key: RowKey) -> (String, String) {
    match key {
        RowKey::Task(t) => {
            let kind = trace
                .tasks
                .get(t.0 as usize)
                .map_or("", |i| task_kind(lang, i.kind));
            (describe::task_name(trace, t).into_owned(), kind.to_string())
        }
        RowKey::Lane(l) => match trace.lanes.get(l.0 as usize).map(|i| i.kind) {
            Some(LaneKind::EventLoop) => {
                (lang.t("event loop", "事件循环").to_string(), String::new())
            }
            Some(LaneKind::PoolWorker(n)) => (
                format!("{} {}", lang.t("worker", "工作线程"), n + 1),
                lang.t("pool", "线程池").to_string(),
            ),
            Some(LaneKind::Thread(t)) => (
                describe::task_name(trace, t).into_owned(),
                lang.t("thread", "线程").to_string(),
            ),
            Some(LaneKind::Process(t)) => (
                describe::task_name(trace, t).into_owned(),
                lang.t("process", "进程").to_string(),
            ),
            None => (describe::lane_name(trace, l).into_owned(), String::new()),
        },
        RowKey::Core(c) => (format!("{} {}", lang.t("core", "核心"), c), String::new()),
        RowKey::Res(r) => {
            let kind = match trace.resources.get(r.0 as usize).map(|i| i.kind) {
                Some(crate::model::ResourceKind::Channel { .. }) => lang.t("channel", "通道"),
                _ => lang.t("var", "变量"),
            };
            (describe::res_name(trace, r).into_owned(), kind.to_string())
        }
    }
}

/// A state's name: `running`, `ready`, `blocked`, `sleeping`, `starting`.
pub fn style_name(lang: Lang, style: Style) -> &'static str {
    match style {
        Style::Running => lang.t("running", "运行"),
        Style::Ready => lang.t("ready", "就绪"),
        Style::Blocked => lang.t("blocked", "阻塞"),
        Style::Sleeping => lang.t("sleeping", "等待定时器"),
        Style::Starting => lang.t("starting", "启动中"),
    }
}

/// A longer explanation of a state, for the legend's tooltips.
pub fn style_help(lang: Lang, style: Style) -> &'static str {
    match style {
        Style::Running => lang.t(
            "running or computing on a lane (solid)",
            "在执行单元上运行或计算（实心）",
        ),
        Style::Ready => lang.t(
            "ready: waiting for the event loop, a worker or a core (light, base line)",
            "就绪：等待事件循环、工作线程或核心（浅色，底线）",
        ),
        Style::Blocked => lang.t(
            "blocked on a resource, labelled with it (hatched)",
            "因资源阻塞，标注资源名（斜线）",
        ),
        Style::Sleeping => lang.t(
            "sleeping: awaiting a timer (light, dashed edges)",
            "睡眠：等待定时器（浅色，虚线边）",
        ),
        Style::Starting => lang.t(
            "a thread or process starting (light grey, stripes)",
            "线程或进程启动中（浅灰，竖纹）",
        ),
    }
}

/// The label drawn on a wide segment: the step, or what it waits for (`lock m`). In the thread
/// view, prefixed with the task's name since a lane is shared.
pub fn seg_label(lang: Lang, model: &RunModel, view: View, seg: &Seg) -> String {
    let trace = model.trace();
    let span = model
        .spans
        .get(seg.task as usize)
        .and_then(|l| l.get(seg.span as usize));
    let text = match (seg.style, span) {
        (Style::Blocked, Some(s)) => match &s.state {
            SpanState::Blocked(on) => describe::wait_for_in(trace, on, lang),
            other => describe::span_state_in(trace, other, lang),
        },
        (Style::Running | Style::Sleeping, Some(s)) => match &s.step {
            Some(step) => step.to_string(),
            None => style_name(lang, seg.style).to_string(),
        },
        (style, _) => style_name(lang, style).to_string(),
    };
    match view {
        View::Task => text,
        View::Thread => format!(
            "{}{}{text}",
            describe::task_name(trace, TaskId(seg.task)),
            lang.t(": ", "：")
        ),
    }
}

/// Roughly how wide `text` is at `px` font size (CJK characters are about square), without
/// asking the canvas: cheap enough for every label of every frame.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { px } else { px * 0.58 })
        .sum()
}

/// `text` cut with an ellipsis to fit `max_px`; `None` when not even two characters fit.
pub fn fit_text(text: &str, px: f64, max_px: f64) -> Option<String> {
    if text_width(text, px) <= max_px {
        return Some(text.to_string());
    }
    let mut out = String::new();
    let mut w = px * 0.6;
    for c in text.chars() {
        let cw = if (c as u32) >= 0x2E80 { px } else { px * 0.58 };
        if w + cw > max_px {
            break;
        }
        w += cw;
        out.push(c);
    }
    (out.chars().count() >= 2).then(|| format!("{out}…"))
}
