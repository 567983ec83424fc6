//! The event list: every trace event in order, virtualized (only the rows in view exist in the
//! page), following the playhead; clicking an event moves the playhead there.

use super::model::RunModel;
use super::shared::Shared;
use super::viewer_state::Action;
use crate::trace::describe::{self, duration_in};
use crate::trace::layout::list::{scroll_to_show, window};
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventListProps {
    pub lang: Lang,
    pub model: Shared<RunModel>,
    /// How many events the playhead has applied; the last of them is "current".
    pub applied: usize,
    pub on_action: Callback<Action>,
}

/// Height of one row (CSS px; the stylesheet's `.events-row` matches).
const ROW: f64 = 20.0;

#[function_component(EventList)]
pub fn event_list(props: &EventListProps) -> Html {
    let lang = props.lang;
    let list = use_node_ref();
    let view = use_state(|| (0.0f64, 240.0f64));
    // The playhead position the view was last scrolled for.
    let followed = use_mut_ref(|| None::<(Option<usize>, usize)>);
    let len = props.model.0.as_ref().map_or(0, |m| m.trace().events.len());
    let current = props.applied.checked_sub(1);
    {
        // Keep the current event in view as the playhead moves.
        let list = list.clone();
        let view = view.clone();
        let followed = followed.clone();
        use_effect_with((current, len), move |&(current, len)| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
                // Before the first event, the top of the list is what comes next.
                if let Some(to) = scroll_to_show(current.unwrap_or(0), top, height, ROW) {
                    el.set_scroll_top(to.round() as i32);
                }
                view.set((el.scroll_top() as f64, height));
                *followed.borrow_mut() = Some((current, len));
            }
        });
    }
    let on_scroll = {
        let list = list.clone();
        let view = view.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                view.set((el.scroll_top() as f64, el.client_height() as f64));
            }
        })
    };
    let Some(m) = props.model.0.as_ref() else {
        return html! { <div class="events-panel"><h2>{ lang.t("Events", "事件") }</h2><div id="events-list" class="events-list"></div></div> };
    };
    let trace = m.trace();
    let (top, height) = *view;
    let here = window(top, height, ROW, len, 8);
    // A playhead that moved since the list was scrolled for it: the rows where the effect is
    // about to scroll are rendered too. During playback the playhead passes thousands of rows
    // a frame and the effect can run frames after the render, so either stretch may be on
    // screen meanwhile; with only one of them, the list would show an empty stretch.
    let ahead = match *followed.borrow() != Some((current, len)) {
        true => scroll_to_show(current.unwrap_or(0), top, height, ROW)
            .map_or(0..0, |to| window(to, height, ROW, len, 8)),
        false => 0..0,
    };
    let rows = here.clone().chain(ahead.filter(move |i| !here.contains(i)));
    html! {
        <div class="events-panel">
            <h2>{ lang.t("Events", "事件") }<span class="events-count">{ format!(" {} / {len}", props.applied) }</span></h2>
            <div id="events-list" class="events-list" ref={list} onscroll={on_scroll} role="list"
                aria-label={lang.t("trace events; click one to move the playhead there", "追踪事件；点击某个事件把播放头移到那里")}>
                <div class="events-spacer" style={format!("height:{}px", len as f64 * ROW)}>
                    { for rows.map(|i| {
                        let e = &trace.events[i];
                        let t = e.t;
                        let on_action = props.on_action.clone();
                        let onclick = Callback::from(move |_: MouseEvent| on_action.emit(Action::SeekEvent(i)));
                        let class = classes!(
                            "events-row",
                            (Some(i) == current).then_some("events-current"),
                            (i >= props.applied).then_some("events-future"),
                        );
                        html! {
                            <div {class} role="listitem" data-index={i.to_string()} style={format!("top:{}px", i as f64 * ROW)} {onclick}>
                                <span class="events-time">{ duration_in(t, lang) }</span>
                                <span class="events-text">{ line(lang, trace, &e.kind) }</span>
                            </div>
                        }
                    }) }
                </div>
            </div>
        </div>
    }
}

/// One event in words; a log reads as its marker so it does not repeat the `log` step above it.
fn line(lang: Lang, trace: &crate::trace::Trace, kind: &crate::trace::EventKind) -> String {
    match kind {
        crate::trace::EventKind::Log { task, text } => {
            format!("{} ◆ {text}", describe::task_name(trace, *task))
        }
        other => describe::event_in(trace, other, lang),
    }
}
