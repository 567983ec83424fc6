//! When a run starts: after every change to the valid scenario (debounced), or at once on ▶,
//! Ctrl+Enter, a link or a preset. A newer request supersedes the one before: its pending
//! timer is dropped and a big simulation under way is cancelled. Simulated runs (big ones in
//! slices), a link's recorded schedule and live runs all start here, each numbered by
//! [`next_generation`].

use super::generation::next_generation;
use super::publish::{publish_summary, publish_text};
use super::slices::{deliver, show_in_slices, simulate_in_slices};
use super::view::{RunMode, RunView};
use crate::model::Scenario;
use crate::sim::estimated_actions;
use crate::ui::app_state::{Action, AppState, Notice};
use crate::ui::explorer::run_link_schedule;
use crate::ui::live::LiveRunner;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How long the scenario must stay unchanged before it runs again.
const DEBOUNCE_MS: u32 = 250;
/// Above this many estimated step executions a simulation goes in slices, with progress and
/// cancel, so that a big run never freezes the page.
const BIG_RUN: u64 = 20_000;

/// What the app can ask of the run pipeline.
pub struct RunPipeline {
    /// Cancels a big simulation under way (a live run has its own Stop).
    pub cancel: Callback<()>,
    /// Shows a run made elsewhere (the explorer's replays): it supersedes the run under way,
    /// as a newer request does, so a big simulation that ends later cannot cover it.
    pub show: Callback<Rc<RunView>>,
}

/// Runs the scenario whenever it should, in the app's mode.
#[hook]
pub fn use_run_pipeline(state: &UseReducerHandle<AppState>, live: &LiveRunner) -> RunPipeline {
    // The cancel flag of the latest run; a newer one makes it moot.
    let job = use_mut_ref(|| Rc::new(Cell::new(false)));
    let cancel = {
        let (job, dispatcher) = (job.clone(), state.dispatcher());
        let under_way = state.running && state.mode == RunMode::Sim;
        Callback::from(move |()| {
            if under_way && !job.borrow().replace(true) {
                dispatcher.dispatch(Action::RunCancelled);
            }
        })
    };
    let show = {
        let (job, dispatcher) = (job.clone(), state.dispatcher());
        Callback::from(move |view: Rc<RunView>| {
            job.borrow().set(true);
            let shown = Rc::new(Cell::new(false));
            *job.borrow_mut() = shown.clone();
            deliver(view, dispatcher.clone(), move || shown.get());
        })
    };
    let last_request = use_mut_ref(|| None::<u64>);
    let deps = (
        state.scenario_rev,
        state.run_request,
        state.seed,
        state.mode,
        state.sched.clone(),
    );
    let (scenario, seed, dispatcher) = (state.scenario.clone(), state.seed, state.dispatcher());
    let live = live.clone();
    use_effect_with(deps, move |(_, request, _, mode, sched)| {
        // An explicit request (▶, Ctrl+Enter, a link, a preset) or the first run goes at once.
        let urgent = *last_request.borrow() != Some(*request);
        *last_request.borrow_mut() = Some(*request);
        let delay = if urgent { 0 } else { DEBOUNCE_MS };
        // A newer request supersedes whatever is under way, a replay shown from the explorer too.
        job.borrow().set(true);
        let cancelled = Rc::new(Cell::new(false));
        *job.borrow_mut() = cancelled.clone();
        if *mode == RunMode::Sim {
            // Leaving live mode ends a live run; its result is not wanted any more.
            live.leave();
        }
        let (mode, sched) = (*mode, sched.clone());
        let moot = cancelled.clone();
        let start = Timeout::new(delay, move || {
            let generation = next_generation();
            match (mode, sched) {
                (RunMode::Live, _) => live.start(scenario, seed, generation, dispatcher),
                (RunMode::Sim, Some(sched)) => {
                    replay_link_schedule(scenario, seed, sched, generation, dispatcher, moot)
                }
                (RunMode::Sim, None) => simulate_now(scenario, seed, generation, dispatcher, moot),
            }
        });
        // A newer change drops the pending timer and cancels a big run under way.
        move || {
            drop(start);
            cancelled.set(true);
        }
    });
    // Publish after the views have the new run, so a test that sees it sees them too.
    let run = state.run.clone();
    let text = state.text.clone();
    use_effect_with(run.as_ref().map(|r| r.generation), move |_| {
        // A live run publishes itself when it ends (its growing trace is not a result).
        if let Some(run) = run.as_ref().filter(|r| r.mode != RunMode::Live) {
            publish_text(&text);
            publish_summary(&run.summary);
        }
    });
    RunPipeline { cancel, show }
}

/// A simulation: at once when small, else in slices with progress and cancel.
fn simulate_now(
    scenario: Rc<Scenario>,
    seed: Option<u64>,
    generation: u32,
    dispatcher: UseReducerDispatcher<AppState>,
    cancelled: Rc<Cell<bool>>,
) {
    if estimated_actions(&scenario) <= BIG_RUN {
        let view = RunView::simulate(&scenario, seed, generation);
        dispatcher.dispatch(Action::RunDone(Rc::new(view)));
        return;
    }
    dispatcher.dispatch(Action::RunStarted);
    wasm_bindgen_futures::spawn_local(async move {
        let d = dispatcher.clone();
        let progress = move |p| d.dispatch(Action::SimProgress(p));
        let moot = move || cancelled.get();
        let view = simulate_in_slices(&scenario, seed, generation, &progress, &moot).await;
        if let Some(view) = view {
            show_in_slices(view, dispatcher, moot).await;
        }
    });
}

/// A link's schedule replays exactly (a big run in slices, with progress and cancel); if it
/// does not fit, the notice says so and the scenario's own schedule runs instead.
fn replay_link_schedule(
    scenario: Rc<Scenario>,
    seed: Option<u64>,
    sched: Rc<str>,
    generation: u32,
    dispatcher: UseReducerDispatcher<AppState>,
    cancelled: Rc<Cell<bool>>,
) {
    if estimated_actions(&scenario) > BIG_RUN {
        dispatcher.dispatch(Action::RunStarted);
    }
    wasm_bindgen_futures::spawn_local(async move {
        let d = dispatcher.clone();
        let progress = move |p| d.dispatch(Action::SimProgress(p));
        let moot = {
            let cancelled = cancelled.clone();
            move || cancelled.get()
        };
        let replayed =
            run_link_schedule(&scenario, seed, &sched, generation, &progress, &moot).await;
        let view = match replayed {
            None => return,
            Some(Ok((view, warning))) => {
                if let Some(warning) = warning {
                    dispatcher.dispatch(Action::Notify(Some(Notice::Schedule(warning))));
                }
                view
            }
            Some(Err(error)) => {
                dispatcher.dispatch(Action::Notify(Some(Notice::Schedule(error))));
                return simulate_now(scenario, seed, generation, dispatcher, cancelled);
            }
        };
        deliver(view, dispatcher, moot);
    });
}
