//! Live mode in the app: when to start a live run (like the simulator: on ▶, on a link, after a
//! change), streaming its trace into the views, Stop, and publishing the result when it ends.

mod bar;
mod compare;

pub use bar::LiveBar;
pub use compare::ComparePanel;

use crate::live::run::{start_live, LiveOptions, LiveResult, LiveRunHandle, LiveUpdate};
use crate::model::{Micros, Scenario};
use crate::sim::{Outcome, RunSummary, VarValues};
use crate::ui::run_view::{RunMode, RunView};
use crate::ui::runner::{publish_summary, publish_text};
use crate::ui::sim_job::{deliver, lay_out_quietly, BIG_TRACE};
use crate::ui::state::{Action, AppState};
use crate::web::clock::now_ms;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How long the scenario must stay unchanged before it runs live again.
const DEBOUNCE_MS: u32 = 250;
/// Live runs' generations start here, so the viewer never takes one for a simulated run.
const LIVE_GENERATION: u32 = 1 << 30;

/// A finished live run, with what the compare view needs.
pub struct LiveDone {
    pub result: Rc<LiveResult>,
    pub scenario: Rc<Scenario>,
    pub seed: Option<u64>,
}

/// Where live mode is.
#[derive(Clone)]
pub enum LiveStatus {
    /// Simulated mode, or nothing run live yet.
    Idle,
    /// Getting workers ready.
    Preparing,
    /// Running since `since_ms` (`performance.now()`), on a machine with `cores` cores.
    Running {
        since_ms: f64,
        cores: u32,
    },
    Done(Rc<LiveDone>),
    Failed(String),
}

impl PartialEq for LiveStatus {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LiveStatus::Idle, LiveStatus::Idle)
            | (LiveStatus::Preparing, LiveStatus::Preparing) => true,
            (LiveStatus::Running { since_ms: a, .. }, LiveStatus::Running { since_ms: b, .. }) => {
                a == b
            }
            (LiveStatus::Done(a), LiveStatus::Done(b)) => Rc::ptr_eq(a, b),
            (LiveStatus::Failed(a), LiveStatus::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// What the app needs from live mode to show its controls.
#[derive(Clone, PartialEq)]
pub struct LiveCtl {
    pub status: LiveStatus,
    pub limit_s: u32,
    pub on_stop: Callback<()>,
    pub on_limit: Callback<u32>,
}

/// Runs the scenario live whenever the simulator would run it, while the app is in live mode.
#[hook]
pub fn use_live_runner(state: &UseReducerHandle<AppState>) -> LiveCtl {
    let handle = use_mut_ref(|| None::<LiveRunHandle>);
    let status = use_state(|| LiveStatus::Idle);
    let limit_s = use_state(|| 60u32);
    let current = use_memo((), |_| Cell::new(0u32));
    let last_request = use_mut_ref(|| None::<u64>);
    let deps = (
        state.scenario_rev,
        state.run_request,
        state.seed,
        state.mode,
    );
    {
        let (handle, status, current) = (handle.clone(), status.clone(), current.clone());
        let (scenario, seed) = (state.scenario.clone(), state.seed);
        let dispatcher = state.dispatcher();
        let limit_us = u64::from(*limit_s) * 1_000_000;
        use_effect_with(deps, move |(_, request, _, mode)| {
            let urgent = *last_request.borrow() != Some(*request);
            *last_request.borrow_mut() = Some(*request);
            let mut start = None;
            if *mode == RunMode::Live {
                let delay = if urgent { 0 } else { DEBOUNCE_MS };
                start = Some(Timeout::new(delay, move || {
                    let run = Start {
                        scenario,
                        seed,
                        limit_us,
                        dispatcher,
                        status,
                        current,
                    };
                    let h = run.start();
                    if let Some(old) = handle.borrow_mut().replace(h) {
                        old.stop();
                    }
                }));
            } else {
                // Leaving live mode ends a live run; its result is not wanted any more.
                current.set(current.get().wrapping_add(1));
                if let Some(old) = handle.borrow_mut().take() {
                    old.stop();
                }
                status.set(LiveStatus::Idle);
            }
            move || drop(start)
        });
    }
    // Publish after the views have the final run, so a test that sees it sees them too.
    {
        let text = state.text.clone();
        use_effect_with((*status).clone(), move |status| {
            if let LiveStatus::Done(done) = status {
                publish_text(&text);
                #[cfg(feature = "devtools")]
                crate::devtools::test_hooks::publish_result(&done.result);
                publish_summary(&done.result.summary);
            }
        });
    }
    let on_stop = {
        let handle = handle.clone();
        Callback::from(move |_| {
            if let Some(h) = handle.borrow().as_ref() {
                h.stop();
            }
        })
    };
    let on_limit = {
        let limit_s = limit_s.clone();
        Callback::from(move |s: u32| limit_s.set(s.clamp(1, 3600)))
    };
    LiveCtl {
        status: (*status).clone(),
        limit_s: *limit_s,
        on_stop,
        on_limit,
    }
}

/// One live run about to start.
struct Start {
    scenario: Rc<Scenario>,
    seed: Option<u64>,
    limit_us: Micros,
    dispatcher: UseReducerDispatcher<AppState>,
    status: UseStateHandle<LiveStatus>,
    current: Rc<Cell<u32>>,
}

impl Start {
    fn start(self) -> LiveRunHandle {
        let id = self.current.get().wrapping_add(1);
        self.current.set(id);
        self.dispatcher.dispatch(Action::RunStarted);
        self.status.set(LiveStatus::Preparing);
        let generation = LIVE_GENERATION.wrapping_add(id);
        let opts = LiveOptions {
            run: id,
            seed: self.seed,
            time_limit_us: self.limit_us,
            update_ms: 100,
        };
        let Start {
            scenario,
            seed,
            dispatcher,
            status,
            current,
            ..
        } = self;
        let s = scenario.clone();
        let s_start = scenario.clone();
        let view = move |trace, summary| RunView {
            scenario: (*s).clone(),
            trace,
            summary,
            mode: RunMode::Live,
            generation,
        };
        // Whether a big growing trace is being laid out in the background (newer ones wait: the
        // runner reports less often as the trace grows), and whether the run has ended.
        let laying_out = Rc::new(Cell::new(false));
        let ended = Rc::new(Cell::new(false));
        let on_update = Rc::new(move |u: LiveUpdate| {
            // A run that was replaced or abandoned reports into the void.
            if current.get() != id {
                return;
            }
            match u {
                LiveUpdate::Started { cores, .. } => status.set(LiveStatus::Running {
                    since_ms: now_ms(),
                    cores,
                }),
                LiveUpdate::Progress { trace, elapsed_us } => {
                    if laying_out.get() {
                        return;
                    }
                    let summary = running_summary(&scenario, elapsed_us, trace.events.len());
                    let v = Rc::new(view((*trace).clone(), summary));
                    if v.trace.events.len() <= BIG_TRACE {
                        dispatcher.dispatch(Action::RunProgress(v, None));
                        return;
                    }
                    // A big trace is laid out in slices too, so the page keeps painting.
                    laying_out.set(true);
                    let (d, laying_out, ended, current) = (
                        dispatcher.clone(),
                        laying_out.clone(),
                        ended.clone(),
                        current.clone(),
                    );
                    wasm_bindgen_futures::spawn_local(async move {
                        let moot = || current.get() != id || ended.get();
                        let model = lay_out_quietly(v.clone(), moot).await;
                        laying_out.set(false);
                        if let Some(model) = model {
                            d.dispatch(Action::RunProgress(v, Some(model)));
                        }
                    });
                }
                LiveUpdate::Done(result) => {
                    ended.set(true);
                    let v = Rc::new(view(result.trace.clone(), result.summary.clone()));
                    let current = current.clone();
                    deliver(v, dispatcher.clone(), move || current.get() != id);
                    status.set(LiveStatus::Done(Rc::new(LiveDone {
                        result,
                        scenario: scenario.clone(),
                        seed,
                    })));
                }
                LiveUpdate::Failed(why) => {
                    ended.set(true);
                    let mut summary = running_summary(&scenario, 0, 0);
                    summary.limit = Some("no_workers".to_string());
                    let v = view(Default::default(), summary);
                    dispatcher.dispatch(Action::RunDone(Rc::new(v)));
                    status.set(LiveStatus::Failed(why));
                }
            }
        });
        start_live(&s_start, opts, on_update)
    }
}

/// The summary a growing live run shows until it ends (`limit` is `running`).
fn running_summary(scenario: &Scenario, elapsed_us: Micros, events: usize) -> RunSummary {
    RunSummary {
        scenario: scenario.title.clone().unwrap_or_default(),
        outcome: Outcome::Limit,
        makespan_us: elapsed_us,
        tasks: Vec::new(),
        vars: VarValues::default(),
        expects: Vec::new(),
        deadlock: None,
        events,
        limit: Some("running".to_string()),
        mode: Some("live".to_string()),
        loop_blocked_us: None,
    }
}
