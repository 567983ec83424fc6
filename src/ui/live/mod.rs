//! Live mode in the app: a live run started by the run pipeline (`ui::run`, which decides when
//! every run starts), streaming its trace into the views, Stop, and publishing the result.

mod bar;
mod compare;

pub use bar::LiveBar;
pub use compare::{timing_note, ComparePanel};

use crate::compare::{compare, Comparison};
use crate::live::run::{start_live, LiveOptions, LiveResult, LiveRunHandle, LiveUpdate};
use crate::model::{Micros, Scenario};
use crate::rules::expect_results;
use crate::sim::{simulate, Outcome, RunSummary, SimOptions, VarValues};
use crate::ui::app_state::{Action, AppState};
use crate::ui::run::{deliver, lay_out_quietly, publish_summary, publish_text, BIG_TRACE};
use crate::ui::run::{RunMode, RunView};
use crate::web::clock::now_ms;
use std::cell::OnceCell;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// A finished live run, with what the compare view needs.
pub struct LiveDone {
    pub result: Rc<LiveResult>,
    pub scenario: Rc<Scenario>,
    pub seed: Option<u64>,
    /// The comparison with the simulated run, made once: the compare view and the summary
    /// line both read it, so they say the same figures.
    comparison: OnceCell<Rc<Comparison>>,
}

impl LiveDone {
    pub fn new(result: Rc<LiveResult>, scenario: Rc<Scenario>, seed: Option<u64>) -> LiveDone {
        LiveDone {
            result,
            scenario,
            seed,
            comparison: OnceCell::new(),
        }
    }

    /// The live run against a simulation of the same scenario and seed.
    pub fn comparison(&self) -> Rc<Comparison> {
        self.comparison
            .get_or_init(|| {
                let options = SimOptions {
                    seed: self.seed,
                    ..SimOptions::default()
                };
                let sim = simulate(&self.scenario, &options);
                let live = &self.result;
                Rc::new(compare(
                    &sim.trace,
                    &sim.summary,
                    &live.trace,
                    &live.summary,
                    &live.stats.round_trips_us,
                ))
            })
            .clone()
    }
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
    /// Live runs pass shared state as messages (the setting), and how to change it.
    pub messages: bool,
    pub on_messages: Callback<bool>,
}

/// Starts and ends live runs when the run pipeline (`ui::run`) says so.
#[derive(Clone)]
pub struct LiveRunner {
    handle: Rc<RefCell<Option<LiveRunHandle>>>,
    status: UseStateHandle<LiveStatus>,
    /// The number of the run whose reports are wanted; a newer run or leaving live mode
    /// changes it, and older runs then report into the void.
    current: Rc<Cell<u32>>,
    limit_us: Micros,
    shared_memory: bool,
}

impl LiveRunner {
    /// Starts `scenario` live as run `generation`, stopping the one before.
    pub fn start(
        &self,
        scenario: Rc<Scenario>,
        seed: Option<u64>,
        generation: u32,
        dispatcher: UseReducerDispatcher<AppState>,
    ) {
        let run = Start {
            scenario,
            seed,
            limit_us: self.limit_us,
            shared_memory: self.shared_memory,
            generation,
            dispatcher,
            status: self.status.clone(),
            current: self.current.clone(),
        };
        let h = run.start();
        if let Some(old) = self.handle.borrow_mut().replace(h) {
            old.stop();
        }
    }

    /// Ends the live run under way, if any: the app left live mode.
    pub fn leave(&self) {
        self.current.set(self.current.get().wrapping_add(1));
        if let Some(old) = self.handle.borrow_mut().take() {
            old.stop();
        }
        self.status.set(LiveStatus::Idle);
    }
}

/// Live mode's state and controls, and the runner the run pipeline starts live runs with.
#[hook]
pub fn use_live_runner(state: &UseReducerHandle<AppState>) -> (LiveCtl, LiveRunner) {
    let handle = use_mut_ref(|| None::<LiveRunHandle>);
    let status = use_state(|| LiveStatus::Idle);
    let limit_s = use_state(|| 60u32);
    let current = use_memo((), |_| Cell::new(0u32));
    let runner = LiveRunner {
        handle: handle.clone(),
        status: status.clone(),
        current,
        limit_us: u64::from(*limit_s) * 1_000_000,
        shared_memory: !state.live_messages,
    };
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
    let on_messages = {
        let dispatcher = state.dispatcher();
        Callback::from(move |messages: bool| dispatcher.dispatch(Action::SetLiveMessages(messages)))
    };
    let ctl = LiveCtl {
        status: (*status).clone(),
        limit_s: *limit_s,
        on_stop,
        on_limit,
        messages: state.live_messages,
        on_messages,
    };
    (ctl, runner)
}

/// One live run about to start.
struct Start {
    scenario: Rc<Scenario>,
    seed: Option<u64>,
    limit_us: Micros,
    shared_memory: bool,
    /// The run's number among every run the views show (`ui::run::next_generation`).
    generation: u32,
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
        let generation = self.generation;
        let opts = LiveOptions {
            run: id,
            seed: self.seed,
            time_limit_us: self.limit_us,
            update_ms: 100,
            shared_memory: self.shared_memory,
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
                    status.set(LiveStatus::Done(Rc::new(LiveDone::new(
                        result,
                        scenario.clone(),
                        seed,
                    ))));
                }
                LiveUpdate::Failed(why) => {
                    ended.set(true);
                    let mut summary = running_summary(&scenario, 0, 0);
                    summary.limit = Some("no_workers".to_string());
                    // It never ran: nothing to check, as for any run that did not start.
                    summary.expects.clear();
                    let v = view(Default::default(), summary);
                    dispatcher.dispatch(Action::RunDone(Rc::new(v)));
                    status.set(LiveStatus::Failed(why));
                }
            }
        });
        start_live(&s_start, opts, on_update)
    }
}

/// The summary a growing live run shows until it ends (`limit` is `running`): its checks are
/// listed, so the metrics show each as pending, and `running` keeps them from being judged.
fn running_summary(scenario: &Scenario, elapsed_us: Micros, events: usize) -> RunSummary {
    let mut summary = RunSummary {
        scenario: scenario.title.clone().unwrap_or_default(),
        outcome: Outcome::Limit,
        makespan_us: elapsed_us,
        tasks: Vec::new(),
        vars: VarValues::default(),
        expects: Vec::new(),
        deadlock: None,
        events,
        limit: Some("running".to_string()),
        mode: Some(RunMode::Live.word().to_string()),
        loop_blocked_us: None,
    };
    summary.expects = expect_results(scenario, &summary);
    summary
}
