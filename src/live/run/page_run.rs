//! A live run on the page: the coordinator, the workers it talks to, the page timers, and the
//! end of the run (completion, deadlock, time limit, Stop, a crashed worker's replacement).
//!
//! Every entry point (a worker's message, a timer, Stop) borrows the run, does its work, and
//! only then calls the update callback, so the UI may stop or start runs from inside it.

use super::rings::Road;
use super::workers::Slot;
use super::{LiveResult, LiveUpdate};
use crate::live::coord::arrivals::Arrivals;
use crate::live::coord::{Coordinator, Dest, Effect, EndReason, Source};
use crate::live::memory::waiting_for;
use crate::live::pool;
use crate::live::proto::Out;
use crate::live::proto::{parse_from_worker, FromWorker, Setup, ToWorker};
use crate::live::watchdog::Watchdog;
use crate::model::Micros;
use crate::shm::Memory;
use crate::web::clock::{epoch_ms, run_us, timeout_ms};
use crate::web::shared_memory::SharedMemory;
use gloo_timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::Worker;

/// How long every wait in shared memory of a stuck run must have lasted, by the status array,
/// to be a deadlock: far longer than a thread takes to report that its wait ended.
const CONFIRM_STUCK_MS: u32 = 300;

/// The longest pause between two progress reports of a growing trace.
const MAX_REPORT_GAP_MS: f64 = 2_000.0;

/// What `Run::start` needs.
pub(super) struct RunSetup {
    pub coord: Coordinator,
    /// What every worker's `Setup` shares; each gets its own role, lane and clock.
    pub template: Setup,
    /// The event loop's worker first, then one per pool worker, each already set up
    /// (`Setup` answered) and waiting for the run's clock.
    pub workers: Vec<Worker>,
    pub limit_us: Micros,
    pub update_ms: u32,
    pub on_update: Rc<dyn Fn(LiveUpdate)>,
    /// Called once when the run is over.
    pub on_end: Rc<dyn Fn()>,
    pub watchdog: Watchdog,
    /// Where the variables live, when the page is cross-origin isolated (`live::memory`).
    pub memory: Option<SharedMemory>,
    pub layout: crate::live::memory::Layout,
}

pub(super) struct Run {
    pub(super) me: Weak<RefCell<Run>>,
    pub(super) coord: Coordinator,
    pub(super) template: Setup,
    pub(super) t0_ms: f64,
    pub(super) slots: BTreeMap<Dest, Slot>,
    /// When a quiet worker is pinged, and when it counts as dead.
    pub(super) watchdog: Watchdog,
    pub(super) timers: BTreeMap<u32, Timeout>,
    /// The last thread group's number.
    pub(super) next_group: u32,
    pub(super) ticker: Option<Interval>,
    pub(super) limit: Option<Timeout>,
    /// New events since the last progress report.
    pub(super) dirty: bool,
    /// When progress was last reported (`performance.now()`).
    pub(super) last_progress_ms: f64,
    /// How many events the last progress report had.
    pub(super) reported_events: usize,
    pub(super) done: bool,
    pub(super) on_update: Rc<dyn Fn(LiveUpdate)>,
    pub(super) on_end: Rc<dyn Fn()>,
    /// Reports to make once the run is no longer borrowed.
    pub(super) updates: Vec<LiveUpdate>,
    pub(super) memory: Option<SharedMemory>,
    pub(super) layout: crate::live::memory::Layout,
    /// A deadlock that involves locks in shared memory waits for this check to confirm it.
    pub(super) confirm_stuck: Option<Timeout>,
    /// Workers' batches held back until every earlier one has come.
    pub(super) arrivals: Arrivals<(Vec<Out>, Road)>,
}

impl Run {
    /// Sets the workers up, starts the clock and what starts at 0.
    pub(super) fn start(setup: RunSetup) -> Rc<RefCell<Run>> {
        let t0_ms = epoch_ms();
        let workers = setup.coord.workers();
        let run = Rc::new(RefCell::new(Run {
            me: Weak::new(),
            coord: setup.coord,
            template: setup.template,
            t0_ms,
            slots: BTreeMap::new(),
            watchdog: setup.watchdog,
            timers: BTreeMap::new(),
            next_group: 0,
            ticker: None,
            limit: None,
            dirty: false,
            last_progress_ms: 0.0,
            reported_events: 0,
            done: false,
            on_update: setup.on_update,
            on_end: setup.on_end,
            updates: Vec::new(),
            memory: setup.memory,
            layout: setup.layout,
            confirm_stuck: None,
            arrivals: Arrivals::default(),
        }));
        let updates = {
            let mut r = run.borrow_mut();
            r.me = Rc::downgrade(&run);
            let mut ws = setup.workers.into_iter();
            let dests = std::iter::once(Dest::Loop).chain((0..workers).map(Dest::Pool));
            for dest in dests {
                if let Some(w) = ws.next() {
                    r.attach(dest, w, 0, true);
                }
            }
            pool::give_back(ws.collect());
            let me = r.me.clone();
            r.ticker = Some(Interval::new(setup.update_ms, move || {
                Run::with(&me, |r| {
                    if r.drain_rings() {
                        r.apply();
                        r.check_end();
                    }
                    r.progress();
                    r.check_alive();
                });
            }));
            let me = r.me.clone();
            let ms = timeout_ms(setup.limit_us);
            r.limit = Some(Timeout::new(ms, move || {
                Run::with(&me, |r| r.finish(EndReason::TimeLimit));
            }));
            r.updates.push(LiveUpdate::Started {
                cores: pool::cores(),
                workers,
            });
            r.coord.init(0);
            r.apply();
            r.check_end();
            std::mem::take(&mut r.updates)
        };
        Run::deliver(&run, updates);
        run
    }

    /// Runs `f` on the run if it still exists, then delivers its reports.
    pub(super) fn with(me: &Weak<RefCell<Run>>, f: impl FnOnce(&mut Run)) {
        let Some(run) = me.upgrade() else {
            return;
        };
        let updates = {
            let Ok(mut r) = run.try_borrow_mut() else {
                return;
            };
            f(&mut r);
            std::mem::take(&mut r.updates)
        };
        Run::deliver(&run, updates);
    }

    fn deliver(run: &Rc<RefCell<Run>>, updates: Vec<LiveUpdate>) {
        if updates.is_empty() {
            return;
        }
        let (cb, end) = {
            let r = run.borrow();
            (r.on_update.clone(), r.on_end.clone())
        };
        for u in updates {
            if matches!(u, LiveUpdate::Done(_)) {
                end();
            }
            cb(u);
        }
    }

    /// Ends the run now (Stop).
    pub(super) fn finish_now(run: &Rc<RefCell<Run>>, reason: EndReason) {
        Run::with(&Rc::downgrade(run), |r| r.finish(reason));
    }

    pub(super) fn now(&self) -> Micros {
        run_us(self.t0_ms)
    }
    pub(super) fn on_message(&mut self, dest: Dest, incarnation: u32, data: JsValue) {
        let Some(slot) = self.slots.get_mut(&dest) else {
            return;
        };
        if self.done || slot.incarnation != incarnation {
            return;
        }
        // Any message shows the worker is alive (the watchdog's pings are answered this way).
        slot.heard_ms = crate::web::clock::now_ms();
        let Some(bytes) = crate::web::message::bytes_of(&data) else {
            return;
        };
        match parse_from_worker(&bytes) {
            Ok(FromWorker::Batch { run, seq, items }) if run == self.coord.run => {
                // What the ring holds may come before this batch, which then goes in at once.
                self.drain_ring(dest, incarnation);
                let src = Source {
                    lane: self.coord.lane_of(dest),
                    incarnation,
                };
                self.take_batch(src, seq, items, Road::Posted);
                self.dirty = true;
                self.apply();
                self.check_end();
            }
            Ok(FromWorker::SetUp { run }) if run == self.coord.run => self.set_up(dest),
            Ok(FromWorker::Panicked { message }) => self.on_fault(dest, incarnation, &message),
            Ok(FromWorker::Rejected { why }) => {
                web_sys::console::warn_1(
                    &format!("a live worker rejected a message: {why}").into(),
                );
            }
            _ => {}
        }
    }
    /// Carries out what the coordinator asked for.
    pub(super) fn apply(&mut self) {
        let effects = self.coord.take_effects();
        // Threads started by the same step form one group.
        let mut group: Option<u32> = None;
        let mut batches: Vec<(Dest, Vec<ToWorker>)> = Vec::new();
        for e in effects {
            match e {
                Effect::Send(dest, msg) => match batches.iter_mut().find(|(d, _)| *d == dest) {
                    Some((_, msgs)) => msgs.push(msg),
                    None => batches.push((dest, vec![msg])),
                },
                Effect::NewThread(t) => {
                    let dest = Dest::Thread(t);
                    self.slots.insert(
                        dest,
                        Slot {
                            worker: None,
                            ready: false,
                            pending: vec![ToWorker::Start {
                                run: self.coord.run,
                                task: t,
                            }],
                            incarnation: 0,
                            heard_ms: 0.0,
                            pinged_ms: None,
                            handlers: None,
                            group: Some(*group.get_or_insert_with(|| {
                                self.next_group += 1;
                                self.next_group
                            })),
                            set_up: false,
                        },
                    );
                    self.coord.thread_started(t);
                    self.replace(dest, 0);
                }
                Effect::EndThread(t) => {
                    if let Some(slot) = self.slots.remove(&Dest::Thread(t)) {
                        if let Some(w) = slot.worker {
                            pool::end(&w);
                        }
                        // The rest of its group need not wait for it.
                        if let Some(g) = slot.group {
                            self.release_group(g);
                        }
                    }
                }
                Effect::SetTimer { id, due } => {
                    let ms = timeout_ms(due.saturating_sub(self.now()));
                    let me = self.me.clone();
                    let timer = Timeout::new(ms, move || {
                        Run::with(&me, |r| {
                            r.timers.remove(&id);
                            let now = r.now();
                            r.coord.on_timer(id, now);
                            r.dirty = true;
                            r.apply();
                            r.check_end();
                        });
                    });
                    self.timers.insert(id, timer);
                }
            }
        }
        for (dest, msgs) in batches {
            self.post(dest, msgs);
        }
    }

    pub(super) fn check_end(&mut self) {
        if self.done {
            return;
        }
        if self.coord.all_ended() {
            self.finish(EndReason::Ended);
        } else if self.coord.stuck() {
            if self.coord.any_parked() {
                self.confirm_stuck_later();
            } else {
                self.finish(EndReason::Stuck);
            }
        } else if self.coord.at_event_limit() {
            self.finish(EndReason::EventLimit);
        }
    }

    /// The coordinator's view of waits in shared memory can lag behind the threads (see
    /// `coord::parked`): a deadlock among them stands only once the status array confirms it
    /// ([`Run::waits_confirmed`]), looked at [`CONFIRM_STUCK_MS`] after the run got stuck and
    /// again as long as the run stays stuck.
    fn confirm_stuck_later(&mut self) {
        if self.confirm_stuck.is_some() {
            return;
        }
        let me = self.me.clone();
        self.confirm_stuck = Some(Timeout::new(CONFIRM_STUCK_MS, move || {
            Run::with(&me, |r| {
                r.confirm_stuck = None;
                if r.coord.stuck() && r.waits_confirmed() {
                    r.finish(EndReason::Stuck);
                } else {
                    r.check_end();
                }
            });
        }));
    }

    /// Whether every wait in shared memory that the coordinator mirrors is still under way, by
    /// the status array every worker keeps current (`live::memory`), and began at least
    /// [`CONFIRM_STUCK_MS`] ago: then no report still on its way can end it.
    fn waits_confirmed(&self) -> bool {
        let Some(memory) = &self.memory else {
            return true;
        };
        let settled_before = self
            .now()
            .saturating_sub(u64::from(CONFIRM_STUCK_MS) * 1000);
        self.coord.parked_waits().into_iter().all(|(t, r)| {
            let still = memory.load(self.layout.status_word(t.0)) == waiting_for(r);
            let since = memory.load_cell(self.layout.since_cell(t.0));
            still && u64::try_from(since).is_ok_and(|since| since <= settled_before)
        })
    }

    fn progress(&mut self) {
        if !self.dirty || self.done {
            return;
        }
        // A big trace costs the page more to copy and lay out: report it less often, so that
        // reporting takes about a tenth of the page's time (some 1 µs per event). The pause is
        // sized by the last report, not the trace now: a trace growing faster than 100 events
        // per ms would otherwise outrun its own pause and never be reported again.
        let every_ms = (self.reported_events as f64 / 100.0).min(MAX_REPORT_GAP_MS);
        let now_ms = crate::web::clock::now_ms();
        if now_ms - self.last_progress_ms < every_ms {
            return;
        }
        self.last_progress_ms = now_ms;
        self.reported_events = self.coord.events();
        self.dirty = false;
        let trace = Rc::new(self.coord.snapshot());
        let elapsed_us = self.now();
        self.updates
            .push(LiveUpdate::Progress { trace, elapsed_us });
    }

    /// Ends the run: the summary, the final trace, and the workers (kept warm after a clean end,
    /// terminated otherwise).
    fn finish(&mut self, reason: EndReason) {
        if self.done {
            return;
        }
        // What the workers wrote into their rings since the last tick belongs to the trace, and
        // so do batches still held back for one that never came.
        self.drain_rings();
        self.release_held(None);
        self.done = true;
        let now = self.now();
        if let Some(memory) = &self.memory {
            self.coord.settle_vars(memory);
        }
        let summary = self.coord.summary(reason, now);
        let trace = self.coord.snapshot();
        self.ticker = None;
        self.limit = None;
        self.confirm_stuck = None;
        self.timers.clear();
        let clean = reason == EndReason::Ended;
        let mut keep = Vec::new();
        let mut lost = 0;
        for (dest, slot) in std::mem::take(&mut self.slots) {
            let Some(w) = slot.worker else { continue };
            w.set_onmessage(None);
            w.set_onerror(None);
            if clean && slot.ready && !matches!(dest, Dest::Thread(_)) {
                pool::post(
                    &w,
                    &ToWorker::Reset {
                        run: self.coord.run,
                    },
                );
                keep.push(w);
            } else {
                pool::end(&w);
                lost += usize::from(!matches!(dest, Dest::Thread(_)));
            }
        }
        let target = keep.len() + lost;
        pool::give_back(keep);
        if lost > 0 {
            pool::refill(target);
        }
        let result = LiveResult {
            trace,
            summary,
            stats: self.coord.stats().clone(),
            cores: pool::cores(),
            shared_memory: self.memory.is_some(),
        };
        self.updates.push(LiveUpdate::Done(Rc::new(result)));
    }

    /// Test hook: sends the worker that runs `task` a fault (`Crash`, `Panic` or `Vanish`).
    #[cfg(feature = "devtools")]
    pub(super) fn crash_worker_of(&self, task: &str, how: ToWorker) -> bool {
        let Some(t) = self.coord.task_index(task) else {
            return false;
        };
        let Some(dest) = self.coord.dest_of(t) else {
            return false;
        };
        // Only a worker that is up and already has its task: a booting worker ignores every
        // message but its module, and a crash before the task starts would hit nothing.
        let slot = self
            .slots
            .get(&dest)
            .filter(|s| s.ready && s.pending.is_empty());
        match slot.and_then(|s| s.worker.as_ref()) {
            Some(w) => {
                pool::post(w, &how);
                true
            }
            None => false,
        }
    }
}
