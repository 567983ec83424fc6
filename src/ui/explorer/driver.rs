//! Runs an exploration in a web worker of its own, streams its progress into state, and cancels it.
//!
//! The page posts `explore::wire` JSON to a worker started on the shared worker module
//! (`live::pool::spawn_worker`; the worker routes these messages to `live::explore_host`), and
//! folds each `FromExplorer` answer into the view. The worker is started on the first search
//! and kept for the next; a worker that dies ends its search with a message and is replaced on
//! the next start. Where no worker can be started, the same `ExploreSession` runs on the page
//! in short slices between paints, so the search still works and the page stays live.

use crate::explore::{
    explorer_bytes, parse_from_explorer, ExploreOptions, ExploreSession, FromExplorer, Progress,
    Report, ToExplorer,
};
use crate::live::pool;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

/// Wall-clock work per slice when the search runs on the page: short enough to keep 60
/// frames a second within reach.
pub const PAGE_SLICE_MS: f64 = 12.0;

/// How long a cancelled search may take to confirm before its worker is terminated.
const CANCEL_GRACE_MS: u32 = 1000;

/// Where the search runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Host {
    #[default]
    Worker,
    /// No worker could be started; the page runs the search in slices.
    Page,
}

impl Host {
    pub fn code(self) -> &'static str {
        match self {
            Host::Worker => "worker",
            Host::Page => "page",
        }
    }
}

/// Why a search ended without a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The scenario text did not load (the message says where).
    Scenario(String),
    /// The explorer's worker failed or stopped answering.
    Worker(String),
}

/// What the panel shows of a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExploreView {
    /// Search number; a message from an older search is ignored.
    pub id: u32,
    pub running: bool,
    pub progress: Progress,
    pub report: Option<Rc<Report>>,
    pub error: Option<Failure>,
    /// The options the search was started with (for the progress bar's scale).
    pub options: Option<ExploreOptions>,
    pub host: Host,
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

/// The view after one message, or `None` for a message of an older search.
fn fold(base: &ExploreView, msg: FromExplorer) -> Option<ExploreView> {
    if msg.id() != base.id || !base.running {
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
            next.error = Some(Failure::Scenario(message));
        }
    }
    Some(next)
}

type MessageHandler = Closure<dyn FnMut(MessageEvent)>;
type ErrorHandler = Closure<dyn FnMut(ErrorEvent)>;

/// Everything the hook keeps between renders. The view lives here too (`current`), because
/// worker messages and timers arrive outside a render, where a state handle would be stale.
struct Driver {
    current: ExploreView,
    view: UseStateHandle<ExploreView>,
    worker: Option<(Worker, MessageHandler, ErrorHandler)>,
    /// A worker is being started; `pending` is posted once it is up.
    starting: bool,
    pending: Option<ToExplorer>,
    /// The page-side search, when no worker could be started.
    session: Option<ExploreSession>,
    timer: Option<Timeout>,
    next_id: u32,
    /// The panel is gone: a worker that finishes starting now is ended at once.
    closed: bool,
}

type Shared = Rc<RefCell<Driver>>;

impl Driver {
    fn show(&mut self, next: ExploreView) {
        self.current = next.clone();
        self.view.set(next);
    }

    fn apply(&mut self, msg: FromExplorer) {
        if let Some(next) = fold(&self.current, msg) {
            if !next.running {
                self.timer = None;
            }
            self.show(next);
        }
    }

    /// Ends the current search with `why` and drops the worker (the next start makes one).
    fn worker_failed(&mut self, why: String) {
        self.stop_worker();
        if self.current.running {
            let mut next = self.current.clone();
            next.running = false;
            next.error = Some(Failure::Worker(why));
            self.show(next);
        }
    }

    fn stop_worker(&mut self) {
        if let Some((worker, _, _)) = self.worker.take() {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
        self.timer = None;
    }

    fn post(&self, msg: &ToExplorer) -> bool {
        let Some((worker, _, _)) = &self.worker else {
            return false;
        };
        crate::web::message::post_to_worker(worker, &explorer_bytes(msg));
        true
    }
}

/// Hands a started worker to the driver and posts the search waiting for it.
fn adopt(driver: &Shared, worker: Worker) {
    let on_message = {
        let driver = driver.clone();
        MessageHandler::new(move |e: MessageEvent| {
            // Live-protocol answers (`ready`, `rejected`) are on another channel: not for the
            // explorer.
            let Some(bytes) = crate::web::message::bytes_of(&e.data()) else {
                return;
            };
            if let Ok(msg) = parse_from_explorer(&bytes) {
                driver.borrow_mut().apply(msg);
            }
        })
    };
    let on_error = {
        let driver = driver.clone();
        ErrorHandler::new(move |e: ErrorEvent| {
            e.prevent_default();
            driver.borrow_mut().worker_failed(e.message());
        })
    };
    let mut d = driver.borrow_mut();
    if d.closed {
        worker.terminate();
        return;
    }
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    d.worker = Some((worker, on_message, on_error));
    d.starting = false;
    if let Some(msg) = d.pending.take() {
        d.post(&msg);
    }
}

/// Starts the explorer's worker; if that fails, runs the waiting search on the page.
fn start_worker(driver: &Shared) {
    driver.borrow_mut().starting = true;
    let driver = driver.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match pool::spawn_worker().await {
            Ok(worker) => adopt(&driver, worker),
            Err(_) => {
                let pending = {
                    let mut d = driver.borrow_mut();
                    d.starting = false;
                    d.pending.take()
                };
                if let Some(ToExplorer::ExploreStart { id, text, options }) = pending {
                    start_on_page(&driver, id, &text, options);
                }
            }
        }
    });
}

fn start_on_page(driver: &Shared, id: u32, text: &str, options: ExploreOptions) {
    let mut d = driver.borrow_mut();
    if d.current.id != id || !d.current.running {
        return;
    }
    let mut next = d.current.clone();
    next.host = Host::Page;
    d.show(next);
    match ExploreSession::start(id, text, options, Rc::new(now_ms), PAGE_SLICE_MS) {
        Ok(session) => {
            d.session = Some(session);
            let driver = driver.clone();
            // Let "exploring…" paint before the first slice.
            d.timer = Some(Timeout::new(0, move || page_slice(driver)));
        }
        Err(message) => d.apply(FromExplorer::ExploreError { id, message }),
    }
}

/// One page-side slice, then the next after the browser had its turn.
fn page_slice(driver: Shared) {
    let mut d = driver.borrow_mut();
    let Some(msg) = d.session.as_mut().map(|s| s.slice()) else {
        return;
    };
    let more = matches!(msg, FromExplorer::ExploreProgress { .. });
    d.apply(msg);
    if more && d.current.running {
        let next = driver.clone();
        d.timer = Some(Timeout::new(0, move || page_slice(next)));
    } else {
        d.session = None;
    }
}

fn start(driver: &Shared, text: String, options: ExploreOptions) {
    let needs_worker = {
        let mut d = driver.borrow_mut();
        d.timer = None;
        d.session = None;
        d.next_id = d.next_id.wrapping_add(1);
        let id = d.next_id;
        let host = d.current.host;
        d.show(ExploreView {
            id,
            running: true,
            options: Some(options.clone()),
            host,
            ..ExploreView::default()
        });
        let msg = ToExplorer::ExploreStart { id, text, options };
        if d.worker.is_some() {
            d.post(&msg);
            false
        } else {
            d.pending = Some(msg);
            !d.starting
        }
    };
    if needs_worker {
        start_worker(driver);
    }
}

fn cancel(driver: &Shared) {
    let mut d = driver.borrow_mut();
    if !d.current.running {
        return;
    }
    if let Some(mut session) = d.session.take() {
        d.timer = None;
        let msg = session.cancel();
        d.apply(msg);
        return;
    }
    let id = d.current.id;
    if d.pending.take().is_some() || !d.post(&ToExplorer::ExploreCancel { id }) {
        // Nothing reached a worker yet: the search ends here, with no results.
        let mut next = d.current.clone();
        next.running = false;
        next.progress.done = true;
        d.show(next);
        return;
    }
    // The worker answers with the final report between two slices; one that does not
    // (a single schedule running very long) is terminated, keeping the results so far.
    let later = driver.clone();
    d.timer = Some(Timeout::new(CANCEL_GRACE_MS, move || {
        let mut d = later.borrow_mut();
        if d.current.running && d.current.id == id {
            d.stop_worker();
            let mut next = d.current.clone();
            next.running = false;
            next.progress.done = true;
            d.show(next);
        }
    }));
}

#[hook]
pub fn use_explorer() -> ExploreHandle {
    let view = use_state(ExploreView::default);
    let driver: Shared = {
        let view = view.clone();
        use_mut_ref(move || Driver {
            current: ExploreView::default(),
            view,
            worker: None,
            starting: false,
            pending: None,
            session: None,
            timer: None,
            next_id: 0,
            closed: false,
        })
    };
    // Keep the handle fresh: an older one would set a state the component no longer reads.
    driver.borrow_mut().view = view.clone();
    {
        // Leaving the panel ends the search and the worker.
        let driver = driver.clone();
        use_effect_with((), move |_| {
            move || {
                let mut d = driver.borrow_mut();
                d.closed = true;
                d.session = None;
                d.pending = None;
                d.stop_worker();
            }
        });
    }
    let start = {
        let driver = driver.clone();
        Callback::from(move |(text, options): (String, ExploreOptions)| {
            start(&driver, text, options)
        })
    };
    let cancel = {
        let driver = driver.clone();
        Callback::from(move |_: ()| cancel(&driver))
    };
    ExploreHandle {
        view: Rc::new((*view).clone()),
        start,
        cancel,
    }
}
