//! The inspector: the runtime at the playhead — each task's state and step, the event loop's
//! ready queue, timers, each primitive's holders and waiters, the pool queue, the variables,
//! and who waits for whom (with the deadlock cycle when there is one).

use super::labels::{style_name, task_kind};
use super::model::RunModel;
use super::shared::Shared;
use super::viewer_state::Action;
use crate::model::ResourceKind;
use crate::trace::describe::{self, duration_in};
use crate::trace::layout::Style;
use crate::trace::{ResourceNow, RuntimeState, SpanState, TaskId, TimerWhat, Trace, WaitForGraph};
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorPanelProps {
    pub lang: Lang,
    pub model: Shared<RunModel>,
    pub runtime: Shared<RuntimeState>,
    pub selected: Option<TaskId>,
    pub on_action: Callback<Action>,
}

/// Rows of the task table beyond this are summarized, so 10,000 tasks do not slow the page.
const MAX_TASK_ROWS: usize = 200;
/// Queue entries listed at most (a queue of 10,000 tasks would take the page a second to draw).
const MAX_QUEUE_CHIPS: usize = 100;

#[function_component(InspectorPanel)]
pub fn inspector_panel(props: &InspectorPanelProps) -> Html {
    let lang = props.lang;
    let (Some(m), Some(rt)) = (props.model.0.as_ref(), props.runtime.0.as_ref()) else {
        return html! {
            <div class="insp-panel"><h2>{ lang.t("Inspector", "检查器") }</h2>
                <p class="insp-empty">{ lang.t("No run yet.", "尚未运行。") }</p></div>
        };
    };
    let trace = m.trace();
    let duration = |us| duration_in(us, lang);
    let name = |t: TaskId| describe::task_name(trace, t).into_owned();
    let graph = WaitForGraph::from_state(trace, rt);
    let select = |t: TaskId| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Select(Some(t))))
    };
    let chips = |ids: &[TaskId], id: &'static str| -> Html {
        if ids.is_empty() {
            return html! { <span {id} class="insp-empty">{ lang.t("empty", "空") }</span> };
        }
        let more = ids.len().saturating_sub(MAX_QUEUE_CHIPS);
        html! {
            <>
                <ol {id} class="insp-queue">
                    { for ids.iter().take(MAX_QUEUE_CHIPS).map(|t| html! { <li><button class="insp-task-link" onclick={select(*t)}>{ name(*t) }</button></li> }) }
                </ol>
                if more > 0 {
                    <p class="insp-empty">{ format!("{} {more} {}", lang.t("and", "另有"), lang.t("more in the queue", "个在队列中")) }</p>
                }
            </>
        }
    };
    let shown = rt.tasks.len().min(MAX_TASK_ROWS);
    html! {
        <div class="insp-panel">
            <h2>{ lang.t("Inspector", "检查器") }
                <span class="insp-at">{ format!(" @ {} · {} {}/{}", duration(rt.t), lang.t("event", "事件"), rt.applied, m.inspector.len()) }</span>
            </h2>
            if !graph.cycles.is_empty() {
                <div id="insp-deadlock" class="insp-deadlock" role="alert">
                    <strong>{ lang.t("Deadlock: ", "死锁：") }</strong>
                    { for graph.cycles.iter().map(|c| {
                        let mut names: Vec<String> = c.iter().map(|t| name(*t)).collect();
                        names.extend(c.first().map(|t| name(*t)));
                        html! { <div>{ names.join(" → ") }</div> }
                    }) }
                </div>
            }
            <div class="insp-section">
                <h3>{ lang.t("Event loop ready queue", "事件循环就绪队列") }</h3>
                { chips(&rt.ready_queue, "insp-ready-queue") }
            </div>
            if !rt.pool_queue.is_empty() || trace.tasks.iter().any(|t| t.kind == crate::model::TaskKind::Job) {
                <div class="insp-section">
                    <h3>{ lang.t("Thread pool queue", "线程池队列") }</h3>
                    { chips(&rt.pool_queue, "insp-pool-queue") }
                </div>
            }
            if !rt.core_queue.is_empty() {
                <div class="insp-section">
                    <h3>{ lang.t("Waiting for a core", "等待 CPU 核心") }</h3>
                    { chips(&rt.core_queue, "insp-core-queue") }
                </div>
            }
            <div class="insp-section">
                <h3>{ lang.t("Tasks", "任务") }</h3>
                <table id="insp-tasks" class="insp-tasks">
                    <tbody>
                        { for rt.tasks.iter().take(shown).enumerate().map(|(i, now)| {
                            let t = TaskId(i as u32);
                            let kind = trace.tasks.get(i).map_or("", |info| task_kind(lang, info.kind));
                            let (class, state) = state_cell(lang, trace, &now.state);
                            let selected = props.selected == Some(t);
                            html! {
                                <tr class={classes!(selected.then_some("insp-selected"), graph.in_cycle(t).then_some("insp-in-cycle"))}>
                                    <td><button class="insp-task-link" onclick={select(t)}>{ name(t) }</button></td>
                                    <td class="insp-kind">{ kind }</td>
                                    <td><span class={classes!("insp-state", class)}>{ state }</span></td>
                                    <td class="insp-step">{ now.step.as_deref().unwrap_or("") }</td>
                                    <td class="insp-since">{ if now.state == SpanState::NotStarted { String::new() } else { format!("{} {}", lang.t("since", "自"), duration(now.since)) } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if rt.tasks.len() > shown {
                    <p class="insp-empty">{ format!("{} {}", rt.tasks.len() - shown, lang.t("more tasks not listed", "个任务未列出")) }</p>
                }
            </div>
            if !graph.edges.is_empty() {
                <div class="insp-section">
                    <h3>{ lang.t("Who waits for whom", "等待关系") }</h3>
                    <ul class="insp-list">{ for graph.sentences_in(trace, lang).into_iter().take(50).map(|s| html! { <li>{ s }</li> }) }</ul>
                </div>
            }
            <div class="insp-section">
                <h3>{ lang.t("Timers", "定时器") }</h3>
                if rt.timers.is_empty() {
                    <span class="insp-empty">{ lang.t("none pending", "无待触发") }</span>
                } else {
                    <ul class="insp-list">
                        { for rt.timers.iter().take(50).map(|tm| {
                            let what = match &tm.what {
                                TimerWhat::Sleep => lang.t("wakes it", "唤醒它").to_string(),
                                TimerWhat::Start(t) => format!("{} {}", lang.t("starts", "启动"), name(*t)),
                                TimerWhat::Timeout => lang.t("times out", "超时").to_string(),
                            };
                            html! { <li>{ format!("{} · {what} · {} {}", name(tm.owner), lang.t("at", "于"), duration(tm.due)) }</li> }
                        }) }
                    </ul>
                }
            </div>
            <div id="insp-primitives" class="insp-section">
                <h3>{ lang.t("Primitives", "同步原语") }</h3>
                { for trace.resources.iter().zip(&rt.resources).filter(|(r, _)| !matches!(r.kind, ResourceKind::Var { .. }))
                    .map(|(info, now)| primitive(lang, trace, &info.name, info.kind, now)) }
                if trace.resources.iter().all(|r| matches!(r.kind, ResourceKind::Var { .. })) {
                    <span class="insp-empty">{ lang.t("none declared", "未声明") }</span>
                }
            </div>
            if trace.resources.iter().any(|r| matches!(r.kind, ResourceKind::Var { .. })) {
                <div id="insp-vars" class="insp-section">
                    <h3>{ lang.t("Variables", "变量") }</h3>
                    <ul class="insp-list">
                        { for trace.resources.iter().zip(&rt.resources).filter_map(|(info, now)| now.value.map(|v| (info, v)))
                            .map(|(info, v)| html! { <li><code>{ format!("{} = {v}", info.name) }</code></li> }) }
                    </ul>
                </div>
            }
        </div>
    }
}

/// The CSS class (the legend's swatch) and words for a task's state.
fn state_cell(lang: Lang, trace: &Trace, state: &SpanState) -> (&'static str, String) {
    let class = match Style::of(state) {
        Some(Style::Running) => "tl-sw-running",
        Some(Style::Ready) => "tl-sw-ready",
        Some(Style::Blocked) => "tl-sw-blocked",
        Some(Style::Sleeping) => "tl-sw-sleeping",
        Some(Style::Starting) => "tl-sw-starting",
        None => "insp-state-end",
    };
    let words = match (Style::of(state), state) {
        (Some(Style::Blocked), SpanState::Blocked(on)) => format!(
            "{}{}",
            lang.t("waits: ", "等待："),
            describe::wait_for_in(trace, on, lang)
        ),
        (Some(style), _) => style_name(lang, style).to_string(),
        (None, SpanState::NotStarted) => lang.t("not started", "未开始").to_string(),
        (None, SpanState::Done) => lang.t("completed", "已完成").to_string(),
        (None, SpanState::Cancelled) => lang.t("cancelled", "已取消").to_string(),
        (None, other) => describe::span_state_in(trace, other, lang),
    };
    (class, words)
}

fn primitive(lang: Lang, trace: &Trace, name: &str, kind: ResourceKind, now: &ResourceNow) -> Html {
    let names = |ids: &mut dyn Iterator<Item = TaskId>| {
        ids.map(|t| describe::task_name(trace, t).into_owned())
            .collect::<Vec<_>>()
            .join(lang.t(", ", "、"))
    };
    let kind_word = match kind {
        ResourceKind::Mutex => lang.t("mutex", "互斥锁"),
        ResourceKind::RwLock => lang.t("rwlock", "读写锁"),
        ResourceKind::Semaphore { .. } => lang.t("semaphore", "信号量"),
        ResourceKind::Channel { .. } => lang.t("channel", "通道"),
        ResourceKind::Condvar => lang.t("condvar", "条件变量"),
        ResourceKind::Var { .. } => lang.t("variable", "变量"),
    };
    let holders = names(&mut now.holders.iter().map(|h| h.task));
    let waiters = names(&mut now.waiters.iter().copied());
    let mut facts: Vec<String> = Vec::new();
    if matches!(
        kind,
        ResourceKind::Mutex | ResourceKind::RwLock | ResourceKind::Semaphore { .. }
    ) {
        facts.push(if holders.is_empty() {
            lang.t("free", "空闲").to_string()
        } else {
            format!("{} {holders}", lang.t("held by", "持有者"))
        });
    }
    if let Some(n) = now.available {
        facts.push(format!("{n} {}", lang.t("permits free", "个许可可用")));
    }
    if let Some(ch) = &now.channel {
        let values = ch
            .values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        facts.push(format!(
            "{} {} [{values}]",
            ch.len,
            lang.t("queued", "条消息")
        ));
        if ch.closed {
            facts.push(lang.t("closed", "已关闭").to_string());
        }
    }
    if !waiters.is_empty() {
        facts.push(format!("{}{waiters}", lang.t("waiting: ", "等待中：")));
    }
    html! {
        <div class={classes!("insp-prim", (!waiters.is_empty()).then_some("insp-contended"))}>
            <code>{ name }</code>{ " " }<span class="insp-kind">{ kind_word }</span>{ " · " }{ facts.join(" · ") }
        </div>
    }
}
