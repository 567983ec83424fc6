//! The run viewer: the timeline region and, below it, the inspector, metrics and event list,
//! which share one playhead.

#[cfg(feature = "devtools")]
mod bench;
mod canvas;
mod causality;
mod chips;
mod dom;
mod events;
mod export;
mod inspector;
mod keys;
mod labels;
mod legend;
mod lesson;
mod metrics;
pub mod model;
mod overlay;
mod paint;
mod publish;
mod raster;
mod reduce;
mod scene;
mod selection;
mod shared;
mod slide;
mod theme;
mod toolbar;
mod tooltip;
mod tour;
mod viewer_state;

use shared::Shared;

use crate::ui::i18n::Lang;
use crate::ui::run::RunView;
use dom::{Listener, ThemeWatch, Ticker};
use model::RunModel;
use std::rc::Rc;
use viewer_state::{Action, ViewerState};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties)]
pub struct RunViewerProps {
    pub run: Option<Rc<RunView>>,
    /// The model of `run` when it was built ahead (in slices, for a big run); used only if it
    /// is the model of this very run.
    #[prop_or_default]
    pub model: Option<Rc<RunModel>>,
    pub lang: Lang,
}

impl PartialEq for RunViewerProps {
    fn eq(&self, other: &Self) -> bool {
        SameRun(self.run.clone()) == SameRun(other.run.clone()) && self.lang == other.lang
    }
}

/// A run compared by identity: a new run is a new `Rc`.
#[derive(Clone)]
struct SameRun(Option<Rc<RunView>>);

impl PartialEq for SameRun {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

#[function_component(RunViewer)]
pub fn run_viewer(props: &RunViewerProps) -> Html {
    let lang = props.lang;
    let state = use_reducer(ViewerState::default);
    let dispatch = state.dispatcher();
    // `?bench=frames` swaps the app's run for generated ones (see `bench`).
    let bench_run = use_state(|| None::<Rc<RunView>>);
    #[cfg(feature = "devtools")]
    let bench_mode = use_memo((), |_| bench::requested());
    #[cfg(not(feature = "devtools"))]
    let bench_mode = Rc::new(false);
    let run = if *bench_mode {
        (*bench_run).clone()
    } else {
        props.run.clone()
    };
    let prepared = props
        .model
        .clone()
        .filter(|m| run.as_ref().is_some_and(|r| Rc::ptr_eq(&m.run, r)));
    let model = use_memo(SameRun(run), move |r| {
        r.0.clone()
            .map(|run| prepared.unwrap_or_else(|| Rc::new(RunModel::new(run))))
    });

    {
        let dispatch = dispatch.clone();
        use_effect_with(Shared(model.as_ref().clone()), move |model| {
            if let Some(m) = model.0.as_ref() {
                dispatch.dispatch(Action::Load(m.clone()));
            }
        });
    }
    // Animation frames while playing; the ticker lives as long as the viewer.
    let ticker = use_mut_ref(|| None::<Ticker>);
    {
        let ticker = ticker.clone();
        let dispatch = dispatch.clone();
        let playing = state.playing;
        use_effect(move || {
            let mut t = ticker.borrow_mut();
            let t = t.get_or_insert_with(|| {
                Ticker::new(move |now| {
                    #[cfg(feature = "devtools")]
                    bench::record_frame(now);
                    dispatch.dispatch(Action::Frame(now));
                })
            });
            if playing {
                t.request();
            }
        });
    }
    {
        let dispatch = dispatch.clone();
        let bench_run = bench_run.clone();
        let bench_mode = *bench_mode;
        use_effect_with((), move |_| {
            let keys = web_sys::window().map(|w| {
                let dispatch = dispatch.clone();
                Listener::new(w.unchecked_ref(), "keydown", move |e| {
                    if let Some(action) = e
                        .dyn_ref::<web_sys::KeyboardEvent>()
                        .and_then(keys::action_for)
                    {
                        e.prevent_default();
                        dispatch.dispatch(action);
                    }
                })
            });
            let space_up = web_sys::window().map(|w| {
                Listener::new(w.unchecked_ref(), "keyup", move |e| {
                    if e.dyn_ref::<web_sys::KeyboardEvent>()
                        .is_some_and(keys::holds_space_click)
                    {
                        e.prevent_default();
                    }
                })
            });
            let theme = ThemeWatch::new(move || dispatch.dispatch(Action::ThemeChanged));
            #[cfg(feature = "devtools")]
            if bench_mode {
                bench::install(Callback::from(move |run| bench_run.set(Some(run))));
            }
            #[cfg(not(feature = "devtools"))]
            let _ = (bench_mode, bench_run);
            move || drop((keys, space_up, theme))
        });
    }
    publish::use_publish(&state);

    let applied = state.applied();
    let runtime = use_memo((Shared(model.as_ref().clone()), applied), |(m, applied)| {
        m.0.as_ref()
            .map(|m| Rc::new(m.inspector.at_index(*applied)))
    });
    let on_action: Callback<Action> = dispatch.to_callback();
    let canvas_ref = use_node_ref();
    let m = model.as_ref().clone();

    html! {
        <>
            <section class="region timeline" aria-label={lang.t("timeline", "时间线")}>
                <div class="tl-root">
                    <lesson::LessonPanel {lang} model={Shared(m.clone())} tour={state.tour} on_action={on_action.clone()} />
                    <toolbar::Toolbar
                        {lang}
                        playing={state.playing}
                        speed_pos={state.speed_pos}
                        view={state.view}
                        arrows={state.arrows}
                        playhead={state.playhead.round() as u64}
                        end={state.end()}
                        has_run={m.is_some()}
                        on_action={on_action.clone()}
                        on_export_png={{
                            let state = state.clone();
                            Callback::from(move |()| slide::export(&state, lang))
                        }}
                        on_export_chrome={export::chrome_callback(m.clone())}
                    />
                    <legend::Legend {lang} />
                    <canvas::TimelineCanvas state={StateRef(state.clone())} {lang} canvas_ref={canvas_ref.clone()} on_action={on_action.clone()} />
                    <selection::SelectionBar {lang} model={Shared(m.clone())} selected={state.selected} on_action={on_action.clone()} />
                </div>
            </section>
            <section class="region bottom" aria-label={lang.t("inspector, metrics and events", "检查器、指标与事件")}>
                <div class="insp-layout">
                    <inspector::InspectorPanel {lang} model={Shared(m.clone())} runtime={Shared((*runtime).clone())} selected={state.selected} on_action={on_action.clone()} />
                    <metrics::MetricsPanel {lang} model={Shared(m.clone())} />
                    <events::EventList {lang} model={Shared(m)} {applied} on_action={on_action.clone()} />
                </div>
            </section>
        </>
    }
}

/// The viewer state handed to the canvas; any change repaints, so it never compares equal
/// unless it is the very same snapshot.
#[derive(Clone)]
pub struct StateRef(pub UseReducerHandle<ViewerState>);

impl PartialEq for StateRef {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}
