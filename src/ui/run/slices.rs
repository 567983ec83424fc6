//! Big runs on the page in time slices: a simulation, then the timeline's derived data (also
//! of a big live run), with progress after each slice and a cancel checked between them, so
//! the page keeps painting and answering while a run of a million events loads.

use super::progress::{Phase, Progress};
use super::view::RunView;
use crate::model::Scenario;
use crate::sim::{Chooser, SimOptions, SimRun, SimSession, Slice};
use crate::ui::app_state::{Action, AppState};
use crate::ui::viewer::model::{ModelBuild, RunModel};
use crate::web::clock::now_ms;
use gloo_timers::future::TimeoutFuture;
use std::rc::Rc;
use yew::UseReducerDispatcher;

/// How long one slice may hold the page's thread: short enough that frames keep coming.
const SLICE_MS: f64 = 24.0;

/// Above this many events a finished run's model is built in slices (a few ms below it).
pub const BIG_TRACE: usize = 50_000;

/// Simulates `scenario` in slices, reporting progress after each; `None` as soon as
/// `cancelled` says so (asked between slices).
pub async fn simulate_in_slices(
    scenario: &Scenario,
    seed: Option<u64>,
    generation: u32,
    on_progress: &impl Fn(Progress),
    cancelled: &impl Fn() -> bool,
) -> Option<Rc<RunView>> {
    let options = SimOptions {
        seed,
        ..SimOptions::default()
    };
    let mut session = SimSession::new(scenario, &options);
    let run = advance_in_slices(&mut session, on_progress, cancelled).await?;
    Some(Rc::new(RunView::from_sim(scenario, run, generation)))
}

/// Runs `session` to its end in slices of about `SLICE_MS`, reporting progress after each;
/// `None` as soon as `cancelled` says so. Any chooser: a recorded schedule replays this way too.
pub async fn advance_in_slices<C: Chooser>(
    session: &mut SimSession<C>,
    on_progress: &impl Fn(Progress),
    cancelled: &impl Fn() -> bool,
) -> Option<SimRun> {
    // Actions per slice, resized after each so a slice takes about `SLICE_MS`.
    let mut actions = 2_000u64;
    loop {
        let start = now_ms();
        let outcome = session.advance(actions);
        actions = resize(actions, now_ms() - start);
        match outcome {
            Slice::Done(run) => return Some(*run),
            Slice::Running(done) => on_progress(Progress {
                phase: Phase::Simulating,
                done,
            }),
        }
        pause(cancelled).await?;
    }
}

/// Shows a finished run: at once when it is small, else after laying it out in slices with
/// progress (dropped if `moot` says a newer run made it so).
pub fn deliver(
    view: Rc<RunView>,
    dispatcher: UseReducerDispatcher<AppState>,
    moot: impl Fn() -> bool + 'static,
) {
    if view.trace.events.len() <= BIG_TRACE {
        dispatcher.dispatch(Action::RunDone(view));
        return;
    }
    dispatcher.dispatch(Action::RunStarted);
    wasm_bindgen_futures::spawn_local(show_in_slices(view, dispatcher, moot));
}

/// Lays `view` out in slices with progress, then shows it (unless `moot` says otherwise).
pub async fn show_in_slices(
    view: Rc<RunView>,
    dispatcher: UseReducerDispatcher<AppState>,
    moot: impl Fn() -> bool,
) {
    let progress = |p| dispatcher.dispatch(Action::SimProgress(p));
    if let Some(model) = model_in_slices(view.clone(), &progress, &moot).await {
        dispatcher.dispatch(Action::RunPrepared(view, model));
    }
}

/// Lays `view` out in slices with no progress shown (a live run's growing trace, between
/// refreshes); `None` if `moot` says a newer trace or the end made it so.
pub async fn lay_out_quietly(view: Rc<RunView>, moot: impl Fn() -> bool) -> Option<Rc<RunModel>> {
    model_in_slices(view, &|_| {}, &moot).await
}

/// Builds the viewer's model of `view` in slices, reporting progress after each; `None` as
/// soon as `cancelled` says so.
async fn model_in_slices(
    view: Rc<RunView>,
    on_progress: &impl Fn(Progress),
    cancelled: &impl Fn() -> bool,
) -> Option<Rc<RunModel>> {
    on_progress(Progress {
        phase: Phase::LayingOut,
        done: 0.0,
    });
    pause(cancelled).await?;
    // Compiling the trace is one step of its own, then each `advance` is one.
    let mut build = ModelBuild::new(view);
    let mut events = 50_000u64;
    loop {
        pause(cancelled).await?;
        let start = now_ms();
        let done = build.advance(usize::try_from(events).unwrap_or(usize::MAX));
        if done >= 1.0 {
            break;
        }
        events = resize(events, now_ms() - start);
        on_progress(Progress {
            phase: Phase::LayingOut,
            done,
        });
    }
    pause(cancelled).await?;
    Some(Rc::new(build.finish()))
}

/// Lets the browser paint and handle input; `None` if the run was cancelled meanwhile.
async fn pause(cancelled: &impl Fn() -> bool) -> Option<()> {
    TimeoutFuture::new(0).await;
    (!cancelled()).then_some(())
}

/// The next amount of work per slice, from how long `amount` took (`ms`): aimed at
/// `SLICE_MS`, and never changed more than fourfold at once.
fn resize(amount: u64, ms: f64) -> u64 {
    let scale = if ms > 0.0 {
        (SLICE_MS / ms).clamp(0.25, 4.0)
    } else {
        4.0
    };
    ((amount as f64 * scale) as u64).clamp(100, 1 << 24)
}
