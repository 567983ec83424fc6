//! Runs an exploration in slices between paints, streams its progress into state, and cancels it.
//!
//! The work is an [`ExploreSession`] answering the same messages a web worker would
//! (`explore::wire`): each slice runs about [`SLICE_MS`] of schedules, then a zero-delay timer
//! hands the page back to the browser before the next slice, so the page never freezes and
//! Cancel is handled between slices. Moving the session into the worker changes only the
//! transport: post `ToExplorer` JSON, apply the `FromExplorer` JSON that comes back.

use crate::explore::{ExploreOptions, ExploreSession, FromExplorer, Progress, Report};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Wall-clock work per slice: short enough to keep 60 frames a second within reach.
pub const SLICE_MS: f64 = 12.0;

/// What the panel shows of a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExploreView {
    /// Search number; a message from an older search is ignored.
    pub id: u32,
    pub running: bool,
    pub progress: Progress,
    pub report: Option<Rc<Report>>,
    pub error: Option<String>,
    /// The options the search was started with (for the progress bar's scale).
    pub options: Option<ExploreOptions>,
}

/// Milliseconds from `performance.now()`, or 0 where there is no window.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The handle the panel gets: the view, and start / cancel.
#[derive(Clone, PartialEq)]
pub struct ExploreHandle {
    pub view: Rc<ExploreView>,
    pub start: Callback<(String, ExploreOptions)>,
    pub cancel: Callback<()>,
}

type Slot<T> = Rc<RefCell<Option<T>>>;

/// The view after one message, or `None` for a message of an older search.
fn fold(base: &ExploreView, msg: FromExplorer) -> Option<ExploreView> {
    if msg.id() != base.id {
        return None;
    }
    let mut next = base.clone();
    match msg {
        FromExplorer::ExploreProgress {
            progress, report, ..
        } => {
            next.progress = progress;
            next.report = Some(Rc::new(report));
        }
        FromExplorer::ExploreDone { report, .. } => {
            next.running = false;
            next.progress = Progress {
                schedules: report.schedules,
                pruned: report.pruned,
                distinct_states: report.distinct_states,
                elapsed_ms: report.elapsed_ms,
                groups: report.groups.len(),
                done: true,
            };
            next.report = Some(Rc::new(report));
        }
        FromExplorer::ExploreError { message, .. } => {
            next.running = false;
            next.error = Some(message);
        }
    }
    Some(next)
}

/// One slice, then the next one after the browser had its turn. `base` is the view as this
/// chain last set it (a state handle read inside a timer would be stale).
fn pump(
    session: Slot<ExploreSession>,
    timer: Slot<Timeout>,
    view: UseStateHandle<ExploreView>,
    base: ExploreView,
) {
    let msg = match session.borrow_mut().as_mut() {
        Some(s) => s.slice(),
        None => return,
    };
    let more = matches!(msg, FromExplorer::ExploreProgress { .. });
    let Some(next) = fold(&base, msg) else {
        return;
    };
    view.set(next.clone());
    if !more {
        session.borrow_mut().take();
        return;
    }
    let (s, t) = (session.clone(), timer.clone());
    *timer.borrow_mut() = Some(Timeout::new(0, move || pump(s, t, view, next)));
}

#[hook]
pub fn use_explorer() -> ExploreHandle {
    let view = use_state(ExploreView::default);
    let session: Slot<ExploreSession> = use_mut_ref(|| None);
    let timer: Slot<Timeout> = use_mut_ref(|| None);
    let next_id = use_mut_ref(|| 0u32);
    {
        // Leaving the page section stops the work.
        let timer = timer.clone();
        use_effect_with((), move |_| move || drop(timer.borrow_mut().take()));
    }
    let start = {
        let (view, session, timer) = (view.clone(), session.clone(), timer.clone());
        Callback::from(move |(text, options): (String, ExploreOptions)| {
            timer.borrow_mut().take();
            let id = {
                let mut n = next_id.borrow_mut();
                *n = n.wrapping_add(1);
                *n
            };
            let base = ExploreView {
                id,
                running: true,
                options: Some(options.clone()),
                ..ExploreView::default()
            };
            match ExploreSession::start(id, &text, options, Rc::new(now_ms), SLICE_MS) {
                Ok(s) => {
                    *session.borrow_mut() = Some(s);
                    view.set(base.clone());
                    let (s, t, v) = (session.clone(), timer.clone(), view.clone());
                    // Let "exploring…" paint before the first slice.
                    *timer.borrow_mut() = Some(Timeout::new(0, move || pump(s, t, v, base)));
                }
                Err(message) => {
                    if let Some(next) = fold(&base, FromExplorer::ExploreError { id, message }) {
                        view.set(next);
                    }
                }
            }
        })
    };
    let cancel = {
        let (view, session, timer) = (view.clone(), session.clone(), timer.clone());
        Callback::from(move |_: ()| {
            timer.borrow_mut().take();
            let msg = session.borrow_mut().take().map(|mut s| s.cancel());
            if let Some(next) = msg.and_then(|m| fold(&view, m)) {
                view.set(next);
            }
        })
    };
    ExploreHandle {
        view: Rc::new((*view).clone()),
        start,
        cancel,
    }
}
