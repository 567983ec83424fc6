//! Starting and stopping a live run from the page: [`start_live`] returns a [`LiveRunHandle`]
//! and reports the growing trace and the final result through a callback.

mod page_run;
mod rings;
mod workers;

use super::coord::{Coordinator, EndReason, LiveStats};
use super::layout::layout;
use super::pool;
use super::proto::{FromWorker, Role, Setup};
use super::watchdog::Watchdog;
use crate::model::{limits, print, Micros, Scenario, TaskKind};
use crate::rules::{RunMode, RunSummary};
use crate::trace::Trace;
use crate::web::shared_memory::SharedMemory;
use page_run::Run;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// How a live run is carried out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LiveOptions {
    /// The run's number (messages of other runs are ignored).
    pub run: u32,
    /// Overrides the scenario's seed (the event loop's `random` policy).
    pub seed: Option<u64>,
    /// The run stops with `limit` (`max_time`) past this, or the scenario's `max_time` if less.
    pub time_limit_us: Micros,
    /// How often the growing trace is reported.
    pub update_ms: u32,
    /// Keep the variables in shared memory when the page is cross-origin isolated; `false`
    /// forces the coordinator's messages (`live::memory`).
    pub shared_memory: bool,
}

/// The live time limit unless the user sets another.
pub const DEFAULT_LIMIT_US: Micros = 60_000_000;

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            run: 1,
            seed: None,
            time_limit_us: DEFAULT_LIMIT_US,
            update_ms: 100,
            shared_memory: true,
        }
    }
}

/// A finished live run.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveResult {
    pub trace: Trace,
    /// With `"mode": "live"`.
    pub summary: RunSummary,
    pub stats: LiveStats,
    /// `navigator.hardwareConcurrency` during the run.
    pub cores: u32,
    /// The variables lived in shared memory (else the coordinator kept them).
    pub shared_memory: bool,
}

/// What a live run reports while it goes.
#[derive(Clone, Debug)]
pub enum LiveUpdate {
    /// The workers are set up and the run's clock started.
    Started { cores: u32, workers: u32 },
    /// The trace so far (reported at most every `update_ms`).
    Progress {
        trace: Rc<Trace>,
        elapsed_us: Micros,
    },
    /// The run ended (completed, failed, deadlock, a limit, or stopped).
    Done(Rc<LiveResult>),
    /// The run could not start (no workers).
    Failed(String),
}

/// Where a run is in its life.
enum Phase {
    /// Getting workers ready; `Stop` here ends it before it starts.
    Preparing,
    Running(Rc<RefCell<Run>>),
    Over,
}

/// A live run in progress: stop it, or (in tests) crash the worker of a task.
#[derive(Clone)]
pub struct LiveRunHandle {
    phase: Rc<RefCell<Phase>>,
    stop_asked: Rc<Cell<bool>>,
}

impl LiveRunHandle {
    /// Ends the run at once: every worker is terminated and the result reports `stop`.
    pub fn stop(&self) {
        self.stop_asked.set(true);
        let (run, preparing) = match &*self.phase.borrow() {
            Phase::Running(run) => (Some(run.clone()), false),
            Phase::Preparing => (None, true),
            Phase::Over => (None, false),
        };
        if let Some(run) = run {
            Run::finish_now(&run, EndReason::Stopped);
        }
        if preparing {
            // Every wait of the preparation ends now; it sees the flag and ends its workers.
            pool::cancel_waits();
        }
    }

    /// Whether the run is still going (or still getting ready).
    pub fn is_running(&self) -> bool {
        !matches!(&*self.phase.borrow(), Phase::Over)
    }

    /// Test hook: sends the worker running `task` a fault (`Crash`, `Panic` or `Vanish`).
    /// Returns whether there was one.
    #[cfg(feature = "devtools")]
    pub fn crash_worker_of(&self, task: &str, how: super::proto::ToWorker) -> bool {
        match &*self.phase.borrow() {
            Phase::Running(run) => run.borrow().crash_worker_of(task, how),
            _ => false,
        }
    }
}

#[cfg(feature = "devtools")]
thread_local! {
    /// The latest run started on this page, for the test hooks that act on "the run".
    static LATEST: RefCell<Option<LiveRunHandle>> = const { RefCell::new(None) };
}

/// The latest run started on this page, if any (test hooks only).
#[cfg(feature = "devtools")]
pub fn latest_run() -> Option<LiveRunHandle> {
    LATEST.with(|l| l.borrow().clone())
}

/// Starts `scenario` live; `on_update` hears about its progress and its end.
pub fn start_live(
    scenario: &Scenario,
    opts: LiveOptions,
    on_update: Rc<dyn Fn(LiveUpdate)>,
) -> LiveRunHandle {
    let handle = LiveRunHandle {
        phase: Rc::new(RefCell::new(Phase::Preparing)),
        stop_asked: Rc::new(Cell::new(false)),
    };
    let scenario = scenario.clone();
    let h = handle.clone();
    wasm_bindgen_futures::spawn_local(async move {
        prepare(scenario, opts, on_update, h).await;
    });
    #[cfg(feature = "devtools")]
    LATEST.with(|l| *l.borrow_mut() = Some(handle.clone()));
    handle
}

async fn prepare(
    scenario: Scenario,
    opts: LiveOptions,
    on_update: Rc<dyn Fn(LiveUpdate)>,
    handle: LiveRunHandle,
) {
    let over = |h: &LiveRunHandle| *h.phase.borrow_mut() = Phase::Over;
    // Stopped while preparing: whatever the workers were doing, they are ended (a stuck one
    // would spin on), the pool refills in the background, and the run reports `stop`.
    let stopped = |workers: &[web_sys::Worker], need: usize| {
        workers.iter().for_each(pool::end);
        pool::refill(need);
        over(&handle);
        let mut summary = RunSummary::not_run(&scenario, "stop", Some(RunMode::Live));
        summary.tasks.clear();
        on_update(LiveUpdate::Done(Rc::new(LiveResult {
            trace: Trace::default(),
            summary,
            stats: LiveStats::default(),
            cores: pool::cores(),
            shared_memory: false,
        })));
    };
    let coord = match Coordinator::new(&scenario, opts.run, limits::MAX_EVENTS) {
        Ok(c) => c,
        Err(e) => {
            over(&handle);
            let summary = RunSummary::not_run(&scenario, e.limit(), Some(RunMode::Live));
            on_update(LiveUpdate::Done(Rc::new(LiveResult {
                trace: layout(&scenario).map(|l| l.trace).unwrap_or_default(),
                summary,
                stats: LiveStats::default(),
                cores: pool::cores(),
                shared_memory: false,
            })));
            return;
        }
    };
    let need = coord.workers() as usize + 1;
    let workers = match pool::take(need).await {
        Ok(w) => w,
        Err(_) if handle.stop_asked.get() => return stopped(&[], need),
        Err(e) => {
            over(&handle);
            on_update(LiveUpdate::Failed(e.0));
            return;
        }
    };
    #[cfg(feature = "devtools")]
    let _ = pool::hold_while_asked().await;
    if handle.stop_asked.get() {
        return stopped(&workers, need);
    }
    let iters_per_us = match pool::rate_for_run(&workers[0]).await {
        Ok(r) => r,
        Err(_) if handle.stop_asked.get() => return stopped(&workers, need),
        Err(e) => {
            // The calibrating worker may still be busy: none of these go back.
            workers.iter().for_each(pool::end);
            pool::refill(need);
            over(&handle);
            on_update(LiveUpdate::Failed(e.0));
            return;
        }
    };
    if handle.stop_asked.get() {
        return stopped(&workers, need);
    }
    let seed = opts.seed.unwrap_or_else(|| scenario.runtime.seed());
    let limit = opts.time_limit_us.min(scenario.runtime.max_time());
    let text = print(&scenario);
    // Set every worker up before the clock starts, so parsing and compiling the scenario
    // is not counted as the run's time.
    let provisional = crate::web::clock::epoch_ms();
    let memory = opts.shared_memory.then(|| new_memory(&scenario)).flatten();
    let template = Setup {
        run: opts.run,
        text,
        t0_ms: provisional,
        iters_per_us,
        role: Role::Loop,
        lane: 0,
        seed,
        shared_memory: memory.is_some(),
    };
    let mut acks = Vec::new();
    for (i, w) in workers.iter().enumerate() {
        let (role, lane) = match i {
            0 => (Role::Loop, 0),
            n => (Role::Pool(n as u32 - 1), n as u32),
        };
        if let Some(memory) = &memory {
            pool::post_memory(w, memory);
        }
        let msg = workers::setup_msg(&template, role, lane, provisional);
        acks.push(pool::ask(w.clone(), msg, |m| {
            matches!(m, FromWorker::SetUp { .. } | FromWorker::Rejected { .. })
        }));
    }
    for ack in super::join::join_all(acks).await {
        if handle.stop_asked.get() {
            return stopped(&workers, need);
        }
        match ack {
            Ok(FromWorker::SetUp { .. }) => {}
            Ok(other) => {
                over(&handle);
                on_update(LiveUpdate::Failed(format!(
                    "a worker refused the run: {other:?}"
                )));
                workers.iter().for_each(pool::end);
                pool::refill(need);
                return;
            }
            Err(e) => {
                over(&handle);
                on_update(LiveUpdate::Failed(e.0));
                workers.iter().for_each(pool::end);
                pool::refill(need);
                return;
            }
        }
    }
    if handle.stop_asked.get() {
        return stopped(&workers, need);
    }
    let phase = handle.phase.clone();
    pool::note_run(true);
    let on_end: Rc<dyn Fn()> = Rc::new(move || {
        pool::note_run(false);
        *phase.borrow_mut() = Phase::Over;
    });
    let busy = need + scenario_threads(&scenario);
    let watchdog = Watchdog::for_scenario(&scenario, busy as u32, pool::cores());
    let run = Run::start(page_run::RunSetup {
        watchdog,
        coord,
        template,
        workers,
        limit_us: limit,
        update_ms: opts.update_ms.max(16),
        on_update,
        on_end,
        memory,
        layout: crate::live::memory::Layout::of(&scenario),
    });
    let ended = matches!(&*handle.phase.borrow(), Phase::Over);
    if !ended {
        *handle.phase.borrow_mut() = Phase::Running(run);
    }
}

/// The run's shared memory with the variables' initial values, if the page is isolated.
fn new_memory(scenario: &Scenario) -> Option<SharedMemory> {
    let (cells, words) = crate::live::memory::Layout::of(scenario).size();
    let memory = SharedMemory::new(cells, words)?;
    crate::live::memory::init(scenario, &memory);
    Some(memory)
}

/// Threads and processes in the scenario, counting replicas: each gets a worker of its own.
fn scenario_threads(scenario: &Scenario) -> usize {
    scenario
        .tasks
        .iter()
        .filter(|t| matches!(t.kind, TaskKind::Thread | TaskKind::Process))
        .map(|t| t.replicas.unwrap_or(1) as usize)
        .sum()
}
