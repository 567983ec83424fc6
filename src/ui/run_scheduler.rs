//! When to simulate: after every change to the valid scenario (debounced) or at once on ▶ /
//! Ctrl+Enter; a big run in slices with progress and cancel; and publishing every result for
//! tests and tools.

use super::explorer::run_link_schedule;
use super::run_view::RunMode;
use super::runner::{publish_summary, publish_text, run_sim, BIG_RUN};
use super::sim_job::{deliver, show_in_slices, simulate_in_slices};
use super::state::{Action, AppState, Notice};
use crate::sim::estimated_actions;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How long the scenario must stay unchanged before it is re-simulated.
const DEBOUNCE_MS: u32 = 250;
/// Runs the scenario whenever it should; returns what cancels a big run under way.
#[hook]
pub fn use_run_scheduler(state: &UseReducerHandle<AppState>) -> Callback<()> {
    let generation = use_mut_ref(|| 0u32);
    // The cancel flag of the latest simulation; a newer one makes it moot.
    let job = use_mut_ref(|| Rc::new(Cell::new(false)));
    let cancel = {
        let (job, dispatcher) = (job.clone(), state.dispatcher());
        // Only a simulation under way can be cancelled here (a live run has its own Stop).
        let under_way = state.running && state.mode == RunMode::Sim;
        Callback::from(move |()| {
            if under_way && !job.borrow().replace(true) {
                dispatcher.dispatch(Action::RunCancelled);
            }
        })
    };
    let last_request = use_mut_ref(|| 0u64);
    let deps = (
        state.scenario_rev,
        state.run_request,
        state.seed,
        state.mode,
        state.sched.clone(),
    );
    let (scenario, seed, dispatcher) = (state.scenario.clone(), state.seed, state.dispatcher());
    use_effect_with(deps, move |(_, request, _, mode, sched)| {
        let sched = sched.clone();
        // In live mode `ui::live` runs the scenario instead.
        let live = *mode == RunMode::Live;
        // An explicit request (▶, Ctrl+Enter, a link, a preset) or the first run goes at once.
        let urgent = *last_request.borrow() != *request || *generation.borrow() == 0;
        *last_request.borrow_mut() = *request;
        let delay = if urgent { 0 } else { DEBOUNCE_MS };
        // The timer lives here, and a big run checks its flag: a newer change drops the one
        // and sets the other, which cancels a pending or running run.
        let cancelled = Rc::new(Cell::new(false));
        *job.borrow_mut() = cancelled.clone();
        let start = (!live).then(|| {
            let cancelled = cancelled.clone();
            Timeout::new(delay, move || {
                let next = {
                    let mut g = generation.borrow_mut();
                    *g += 1;
                    *g
                };
                // A link's schedule replays exactly (a link-sized run); if it does not fit,
                // say so and run the scenario's own schedule instead.
                if let Some(sched) = sched.as_deref() {
                    let view = match run_link_schedule(&scenario, seed, sched, next) {
                        Ok((view, warning)) => {
                            if let Some(warning) = warning {
                                let notice = Notice::Schedule(warning);
                                dispatcher.dispatch(Action::Notify(Some(notice)));
                            }
                            view
                        }
                        Err(error) => {
                            let notice = Notice::Schedule(error);
                            dispatcher.dispatch(Action::Notify(Some(notice)));
                            Rc::new(run_sim(&scenario, seed, next))
                        }
                    };
                    deliver(view, dispatcher, move || cancelled.get());
                } else if estimated_actions(&scenario) > BIG_RUN {
                    dispatcher.dispatch(Action::RunStarted);
                    wasm_bindgen_futures::spawn_local(async move {
                        let d = dispatcher.clone();
                        let progress = move |p| d.dispatch(Action::SimProgress(p));
                        let moot = move || cancelled.get();
                        let view =
                            simulate_in_slices(&scenario, seed, next, &progress, &moot).await;
                        if let Some(view) = view {
                            show_in_slices(view, dispatcher, moot).await;
                        }
                    });
                } else {
                    dispatcher.dispatch(Action::RunDone(Rc::new(run_sim(&scenario, seed, next))));
                }
            })
        });
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
    cancel
}
