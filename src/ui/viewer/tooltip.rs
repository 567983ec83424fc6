//! The hover tooltip: which task, what state and step, from when to when, what it waited for
//! (and who held it), and who woke it.

use super::labels::style_name;
use super::model::RunModel;
use super::shared::Shared;
use super::StateRef;
use crate::model::Micros;
use crate::trace::describe::{self, duration_in};
use crate::trace::layout::{Hit, MarkKind, Target};
use crate::trace::{EventKind, SpanState, TaskId, WaitForGraph};
use crate::ui::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TooltipProps {
    pub lang: Lang,
    pub state: StateRef,
}

/// The lines of a tooltip: a title, then detail lines.
#[derive(Clone, PartialEq)]
struct Lines {
    title: String,
    lines: Vec<String>,
}

#[function_component(Tooltip)]
pub fn tooltip(props: &TooltipProps) -> Html {
    let s = &*props.state.0;
    let pointer = s.pointer.filter(|p| p.hit.is_some());
    let key = (
        Shared(s.model.clone()),
        s.view,
        pointer.and_then(|p| p.hit),
        props.lang,
    );
    let lines = use_memo(key, |(m, view, hit, lang)| {
        let (m, hit) = (m.0.as_ref()?, (*hit)?);
        describe_hit(*lang, m, *view, hit)
    });
    let (Some(p), Some(lines)) = (pointer, lines.as_ref()) else {
        return html! {};
    };
    let left = if p.x > s.width - 300.0 {
        (p.x - 300.0).max(0.0)
    } else {
        p.x + 14.0
    };
    let top = if p.y > s.height - 110.0 {
        (p.y - 100.0).max(0.0)
    } else {
        p.y + 16.0
    };
    html! {
        <div class="tl-tooltip" role="tooltip" style={format!("left:{left}px;top:{top}px")}>
            <div class="tl-tooltip-title">{ &lines.title }</div>
            { for lines.lines.iter().map(|l| html! { <div>{ l }</div> }) }
        </div>
    }
}

fn describe_hit(lang: Lang, m: &Rc<RunModel>, view: super::model::View, hit: Hit) -> Option<Lines> {
    let trace = m.trace();
    let dur = |us: Micros| duration_in(us, lang);
    let row = m.rows(view).rows.get(hit.row)?;
    match hit.target {
        Target::Seg(i) => {
            let seg = row.segs.get(i)?;
            let task = TaskId(seg.task);
            let span = m.spans.get(seg.task as usize)?.get(seg.span as usize)?;
            let mut lines = vec![format!(
                "{}{}{}",
                style_name(lang, seg.style),
                lang.t(": ", "："),
                describe::span_state_in(trace, &span.state, lang)
            )];
            if let Some(step) = &span.step {
                lines.push(format!("{}{step}", lang.t("step: ", "步骤：")));
            }
            let (from, to) = (dur(span.start), dur(span.end));
            lines.push(
                match (m.stopped_stuck().filter(|stop| span.end > *stop), lang) {
                    (Some(stop), Lang::En) => format!(
                        "{from} → ∞ (never ends: the run stopped in a deadlock at {})",
                        dur(stop)
                    ),
                    (Some(stop), Lang::Zh) => {
                        format!("{from} → ∞（永不结束：运行在死锁中停止于 {}）", dur(stop))
                    }
                    (None, Lang::En) => format!("{from} → {to} ({})", dur(span.end - span.start)),
                    (None, Lang::Zh) => format!("{from} → {to}（{}）", dur(span.end - span.start)),
                },
            );
            if let SpanState::Blocked(on) = &span.state {
                lines.push(waited(lang, m, task, on, span.start));
            }
            if let Some(w) = woken_by(lang, m, task, span.end) {
                lines.push(format!("{}{w}", lang.t("then woken: ", "随后被唤醒：")));
            }
            Some(Lines {
                title: describe::task_name(trace, task).into_owned(),
                lines,
            })
        }
        Target::Mark(i) => {
            let mark = row.marks.get(i)?;
            let task = TaskId(mark.task);
            let what = match mark.kind {
                MarkKind::Poll => instant_poll(lang, m, mark.index as usize, task),
                MarkKind::Log => match trace.events.get(mark.index as usize).map(|e| &e.kind) {
                    Some(EventKind::Log { text, .. }) => format!("log \"{text}\""),
                    _ => "log".to_string(),
                },
                MarkKind::Done => lang.t("completed", "已完成").to_string(),
                MarkKind::Cancelled => lang.t("cancelled", "已取消").to_string(),
                MarkKind::Failed => {
                    let span = m
                        .spans
                        .get(mark.task as usize)
                        .and_then(|l| l.get(mark.index as usize));
                    span.map_or_else(
                        || lang.t("failed", "失败").to_string(),
                        |s| describe::span_state_in(trace, &s.state, lang),
                    )
                }
            };
            Some(Lines {
                title: describe::task_name(trace, task).into_owned(),
                lines: vec![what, dur(mark.t)],
            })
        }
    }
}

/// `t2 waits for m (held by t1)` at the moment the wait began.
fn waited(
    lang: Lang,
    m: &RunModel,
    task: TaskId,
    on: &crate::trace::WaitFor,
    at: Micros,
) -> String {
    let trace = m.trace();
    let state = m.inspector.at(at);
    let graph = WaitForGraph::from_state(trace, &state);
    let holders = graph
        .edges
        .iter()
        .find(|e| e.waiter == task)
        .map(|e| e.holders.clone())
        .unwrap_or_default();
    describe::waits_for_sentence_in(trace, task, on, &holders, lang)
}

/// Who woke `task` at `t`, from the causality arrows, or a timer.
fn woken_by(lang: Lang, m: &RunModel, task: TaskId, t: Micros) -> Option<String> {
    let trace = m.trace();
    let first = m.arrows.partition_point(|a| a.t_to < t);
    let arrow = m.arrows[first..]
        .iter()
        .take_while(|a| a.t_to == t)
        .find(|a| a.to == task)?;
    let e = trace.events.get(arrow.event as usize)?;
    Some(describe::event_in(trace, &e.kind, lang))
}

/// `ran at 0 µs and took no time: log "start" → sleep 1s`: the steps one instant poll ran.
fn instant_poll(lang: Lang, m: &RunModel, start: usize, task: TaskId) -> String {
    let trace = m.trace();
    let steps: Vec<&str> = trace
        .events
        .iter()
        .skip(start + 1)
        .take(500)
        .take_while(|e| !matches!(e.kind, EventKind::PollEnd { task: t, .. } if t == task))
        .filter_map(|e| match &e.kind {
            EventKind::Step { task: t, text } if *t == task => Some(&**text),
            _ => None,
        })
        .take(6)
        .collect();
    let head = lang.t(
        "ran for an instant (no time passed)",
        "运行了一瞬间（没有耗时）",
    );
    if steps.is_empty() {
        head.to_string()
    } else {
        format!("{head}{}{}", lang.t(": ", "："), steps.join(" → "))
    }
}
