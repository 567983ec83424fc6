//! The selection bar: for the clicked task, what it waited on (and for how long) and who woke it;
//! the canvas highlights the same arrows.

use super::model::RunModel;
use super::shared::Shared;
use super::viewer_state::Action;
use crate::trace::describe::{self, duration_in};
use crate::trace::layout::ArrowKind;
use crate::trace::{SpanState, TaskId};
use crate::ui::i18n::Lang;
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectionBarProps {
    pub lang: Lang,
    pub model: Shared<RunModel>,
    pub selected: Option<TaskId>,
    pub on_action: Callback<Action>,
}

/// At most this many waits and wakers are listed.
const LISTED: usize = 4;

#[function_component(SelectionBar)]
pub fn selection_bar(props: &SelectionBarProps) -> Html {
    let lang = props.lang;
    let (Some(m), Some(task)) = (props.model.0.as_ref(), props.selected) else {
        return html! {
            <p class="tl-selection tl-hint">{ lang.t(
                "Click a bar to see what its task waited on and who woke it. Drag to pan, scroll to zoom, drag the playhead to scrub.",
                "点击色条，查看该任务等待了什么、被谁唤醒。拖动平移，滚轮缩放，拖动播放头定位。"
            ) }</p>
        };
    };
    let trace = m.trace();
    let (waits, wakers) = summarize(lang, m, task);
    let clear = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Select(None)))
    };
    let list = |items: Vec<String>| -> Html {
        if items.is_empty() {
            html! { <span class="tl-muted">{ lang.t("nothing", "无") }</span> }
        } else {
            html! { <>{ for items.into_iter().map(|i| html! { <span class="tl-chip">{ i }</span> }) }</> }
        }
    };
    html! {
        <p class="tl-selection" aria-live="polite">
            <strong>{ describe::task_name(trace, task).into_owned() }</strong>
            <span class="tl-muted">{ lang.t(" waited on ", " 等待了 ") }</span>
            { list(waits) }
            { woken(lang, wakers) }
            <button class="tl-btn tl-clear" onclick={clear} aria-label={lang.t("clear the selection", "取消选择")}>{ "×" }</button>
        </p>
    }
}

/// The task's waits grouped by what it waited on (`lock m 2× · 3 ms`), and its wakers
/// (`t1: unlock m 2×`), longest and most frequent first.
fn summarize(lang: Lang, m: &RunModel, task: TaskId) -> (Vec<String>, Vec<String>) {
    let trace = m.trace();
    let stop = m.stopped_stuck();
    let mut waits: BTreeMap<String, (u32, u64)> = BTreeMap::new();
    for s in m.spans.get(task.0 as usize).into_iter().flatten() {
        if let SpanState::Blocked(on) = &s.state {
            let mut what = describe::wait_for_in(trace, on, lang);
            // The wait a deadlock left open never ends: say so rather than give a length.
            if stop.is_some_and(|stop| s.end > stop) {
                what = format!("{what} · {}", lang.t("stuck for good", "永远卡住"));
            }
            let e = waits.entry(what).or_default();
            e.0 += 1;
            e.1 += s.end.min(stop.unwrap_or(s.end)).saturating_sub(s.start);
        }
    }
    let mut waits: Vec<(String, (u32, u64))> = waits.into_iter().collect();
    waits.sort_by_key(|w| std::cmp::Reverse(w.1 .1));
    let waits = waits
        .into_iter()
        .take(LISTED)
        .map(|(what, (n, d))| match (n > 1, d > 0) {
            (true, _) => format!("{what} {n}× · {}", duration_in(d, lang)),
            (false, true) => format!("{what} · {}", duration_in(d, lang)),
            (false, false) => what,
        })
        .collect();
    let mut wakers: BTreeMap<(u32, String), u32> = BTreeMap::new();
    for a in m.arrows.iter().filter(|a| a.to == task) {
        let what = match trace.events.get(a.event as usize).map(|e| &e.kind) {
            Some(crate::trace::EventKind::Woken { cause, .. }) => {
                describe::wake_cause_in(trace, cause, None, lang)
            }
            _ => arrow_word(lang, a.kind).to_string(),
        };
        *wakers.entry((a.from.0, what)).or_default() += 1;
    }
    let mut wakers: Vec<((u32, String), u32)> = wakers.into_iter().collect();
    wakers.sort_by_key(|w| std::cmp::Reverse(w.1));
    // Its sleep's timer or its expired `timeout` woke it with no task behind the wake, so no
    // arrow stands for it: name it first, or a sleeper would read "woken by nothing".
    let own = describe::own_wakes_in(trace, task, lang)
        .into_iter()
        .map(|(what, n)| counted(what, n));
    let by_tasks = wakers.into_iter().map(|((from, what), n)| {
        let who = describe::task_name(trace, TaskId(from));
        counted(&format!("{who}{}{what}", lang.t(": ", "：")), n)
    });
    let wakers = own.chain(by_tasks).take(LISTED).collect();
    (waits, wakers)
}

/// `what`, or `what 3×` when it happened more than once.
fn counted(what: &str, n: u32) -> String {
    if n > 1 {
        format!("{what} {n}×")
    } else {
        what.to_string()
    }
}

/// ` · woken by its timer`; Chinese puts the wakers inside 被 … 唤醒 (` · 被 它的定时器 唤醒`).
/// A task nothing woke reads ` · never woken` rather than "woken by nothing".
fn woken(lang: Lang, wakers: Vec<String>) -> Html {
    if wakers.is_empty() {
        return html! { <span class="tl-muted">{ lang.t(" · never woken", " · 从未被唤醒") }</span> };
    }
    html! {
        <>
            <span class="tl-muted">{ lang.t(" · woken by ", " · 被 ") }</span>
            { for wakers.into_iter().map(|w| html! { <span class="tl-chip">{ w }</span> }) }
            if lang == Lang::Zh {
                <span class="tl-muted">{ " 唤醒" }</span>
            }
        </>
    }
}

/// What an arrow that is not a wake did: `spawn`, `join`, `timer`, `cancel`.
fn arrow_word(lang: Lang, kind: ArrowKind) -> &'static str {
    match kind {
        ArrowKind::Wake => lang.t("wake", "唤醒"),
        ArrowKind::Spawn => lang.t("spawn", "启动"),
        ArrowKind::Join => lang.t("join", "结束后唤醒"),
        ArrowKind::Timer => lang.t("timer", "定时器"),
        ArrowKind::Cancel => lang.t("cancel", "取消"),
    }
}
