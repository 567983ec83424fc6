//! When to simulate: after every change to the valid scenario (debounced) or at once on ▶ /
//! Ctrl+Enter; and publishing every result for tests and tools.

use super::explorer::run_link_schedule;
use super::run_view::RunMode;
use super::runner::{estimated_work, publish_summary, publish_text, run_sim, BIG_RUN};
use super::state::{Action, AppState, Notice};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long the scenario must stay unchanged before it is re-simulated.
const DEBOUNCE_MS: u32 = 250;
/// How long "simulating…" gets to paint before a big run takes the main thread.
const PAINT_MS: u32 = 30;

#[hook]
pub fn use_run_scheduler(state: &UseReducerHandle<AppState>) {
    let generation = use_mut_ref(|| 0u32);
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
        // Both timers live here: a newer change drops them, which cancels a pending run.
        let paint: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
        let paint_slot = paint.clone();
        let start = (!live).then(|| {
            Timeout::new(delay, move || {
                let big = estimated_work(&scenario) > BIG_RUN;
                let started = dispatcher.clone();
                let run = move || {
                    let next = {
                        let mut g = generation.borrow_mut();
                        *g += 1;
                        *g
                    };
                    let view = match sched.as_deref() {
                        // A link's schedule replays exactly; if it does not fit, say so and
                        // run the scenario's own schedule instead.
                        Some(sched) => match run_link_schedule(&scenario, seed, sched, next) {
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
                        },
                        None => Rc::new(run_sim(&scenario, seed, next)),
                    };
                    dispatcher.dispatch(Action::RunDone(view));
                };
                if big {
                    started.dispatch(Action::RunStarted);
                    *paint_slot.borrow_mut() = Some(Timeout::new(PAINT_MS, run));
                } else {
                    run();
                }
            })
        });
        move || {
            drop(start);
            paint.borrow_mut().take();
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
}
