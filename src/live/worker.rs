//! The code every worker runs: answers the page's JSON messages, and during a live run hosts an
//! [`Engine`] that it drives after each message and from a `setTimeout` at its next timer.
//!
//! A worker also hosts the schedule explorer (`explore_host`) when the page sends it
//! `explore::wire` messages. Anything that is not a well-formed message is answered with
//! `rejected` and otherwise ignored: a worker never panics on input.

use super::engine::{Engine, Host};
use super::proto::{parse_to_worker, to_bytes, FromWorker, Out, ToWorker};
use super::spin::{iterations, rate, spin};
use crate::model::Micros;
use crate::web::clock::{now_ms, run_us, timeout_ms, RealClock};
use crate::web::shared_memory::SharedMemory;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What one worker holds between messages.
#[derive(Default)]
struct WorkerState {
    /// The run this worker takes part in, if any.
    engine: Option<Engine>,
    /// The `setTimeout` that drives the engine at its next timer.
    timer: Option<Timeout>,
    /// When the engine's next timer is due (run time), to avoid re-arming the same timeout.
    armed_for: Option<Micros>,
    /// The run's clock, to turn deadlines into delays and to start it.
    clock: Option<Rc<RealClock>>,
    /// The shared memory the page posted for the next `Setup` (`live::memory`).
    memory: Option<js_sys::SharedArrayBuffer>,
}

thread_local! {
    static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
}

/// Installs the message handler and tells the page this worker is ready.
///
/// Called from the worker binary's `main`, which wasm-bindgen runs once the page has handed
/// the worker its compiled module (see `static/pool-boot.js`).
pub fn install() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        on_message(event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // A panic would otherwise reach the page only as "RuntimeError: unreachable": say what
    // broke and where, before the trap.
    std::panic::set_hook(Box::new(|info| {
        post(&FromWorker::Panicked {
            message: info.to_string(),
        })
    }));
    post(&FromWorker::Ready);
}

fn post(msg: &FromWorker) {
    crate::web::message::post_to_page(&to_bytes(msg));
}

fn on_message(data: JsValue) {
    if let Some(buffer) = SharedMemory::buffer_of(&data) {
        STATE.with(|s| s.borrow_mut().memory = Some(buffer));
        return;
    }
    let Some(bytes) = crate::web::message::bytes_of(&data) else {
        post(&FromWorker::Rejected {
            why: "a message must be bytes (a Uint8Array)".to_string(),
        });
        return;
    };
    // The explorer's messages share the worker (see `explore_host`) on a channel of their own.
    if let Ok(msg) = crate::explore::parse_to_explorer(&bytes) {
        super::explore_host::handle(msg);
        return;
    }
    match parse_to_worker(&bytes) {
        Ok(msg) => handle(msg),
        Err(why) => post(&FromWorker::Rejected { why }),
    }
}

fn handle(msg: ToWorker) {
    match msg {
        ToWorker::Setup(setup) => {
            // A ring of an earlier run is not this run's, whether or not the setup succeeds.
            TRACE_RING.with(|r| *r.borrow_mut() = None);
            BATCH_SEQ.set(0);
            let host = Rc::new(WebHost {
                run: setup.run,
                iters_per_us: setup.iters_per_us,
            });
            let clock = Rc::new(RealClock::new(setup.t0_ms));
            let memory = STATE
                .with(|s| s.borrow_mut().memory.take())
                .map(|buffer| Rc::new(SharedMemory::view(buffer)) as Rc<dyn crate::shm::Memory>);
            match Engine::new(&setup, clock.clone(), host, memory) {
                Ok(engine) => {
                    TRACE_RING.with(|r| *r.borrow_mut() = engine.trace_ring());
                    STATE.with(|s| {
                        let mut s = s.borrow_mut();
                        s.engine = Some(engine);
                        s.timer = None;
                        s.armed_for = None;
                        s.clock = Some(clock);
                    });
                    post(&FromWorker::SetUp { run: setup.run });
                }
                Err(why) => post(&FromWorker::Rejected { why }),
            }
        }
        ToWorker::Clock { run, t0_ms } => STATE.with(|s| {
            let s = s.borrow();
            if s.engine.as_ref().is_some_and(|e| e.run() == run) {
                if let Some(c) = &s.clock {
                    c.set_origin(t0_ms);
                }
            }
        }),
        ToWorker::Warm => {
            std::hint::black_box(super::warm::warm().len());
            post(&FromWorker::Warmed);
        }
        ToWorker::Reset { .. } => STATE.with(|s| {
            TRACE_RING.with(|r| *r.borrow_mut() = None);
            let mut s = s.borrow_mut();
            s.timer = None;
            s.armed_for = None;
            s.engine = None;
        }),
        ToWorker::Ping { id } => post(&FromWorker::Pong { id }),
        ToWorker::Calibrate { ms } => post(&FromWorker::Calibrated {
            iters_per_us: calibrate(ms),
        }),
        ToWorker::Crash => wasm_bindgen::throw_str("this worker was told to crash (test hook)"),
        ToWorker::Panic => panic!("this worker was told to panic (test hook)"),
        ToWorker::Vanish => {
            let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            scope.close();
        }
        #[cfg(feature = "devtools")]
        ToWorker::Bench { kind, n } => {
            wasm_bindgen_futures::spawn_local(async move {
                let values = super::bench::in_worker(&kind, n).await;
                post(&FromWorker::BenchDone { kind, values });
            });
        }
        // Benchmarks are not in this build (see the `devtools` feature): no values.
        #[cfg(not(feature = "devtools"))]
        ToWorker::Bench { kind, .. } => post(&FromWorker::BenchDone {
            kind,
            values: Vec::new(),
        }),
        msg @ (ToWorker::Batch { .. }
        | ToWorker::Start { .. }
        | ToWorker::Reply { .. }
        | ToWorker::Cancel { .. }) => {
            STATE.with(|s| {
                if let Some(engine) = s.borrow().engine.as_ref() {
                    engine.handle(msg);
                }
            });
            pump();
        }
    }
}

/// Runs the engine until nothing is ready, posts what it reported, and arms the next timer.
fn pump() {
    let step = STATE.with(|s| {
        let s = s.borrow();
        let engine = s.engine.as_ref()?;
        engine.drive();
        let t0_ms = s.clock.as_ref().map_or(0.0, |c| c.origin());
        Some((
            engine.take_out(),
            engine.next_deadline(),
            engine.run(),
            t0_ms,
        ))
    });
    let Some((out, deadline, run, t0_ms)) = step else {
        return;
    };
    if !out.is_empty() {
        send_batch(run, out);
    }
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        match deadline {
            None => {
                s.timer = None;
                s.armed_for = None;
            }
            Some(d) if s.armed_for == Some(d) && s.timer.is_some() => {}
            Some(d) => {
                let left_us = d.saturating_sub(run_us(t0_ms));
                let ms = timeout_ms(left_us);
                s.armed_for = Some(d);
                s.timer = Some(Timeout::new(ms, move || {
                    STATE.with(|s| {
                        let mut s = s.borrow_mut();
                        s.timer = None;
                        s.armed_for = None;
                    });
                    pump();
                }));
            }
        }
    });
}

/// The engine's host in a worker: real arithmetic, and batches posted to the page.
struct WebHost {
    run: u32,
    iters_per_us: f64,
}

impl Host for WebHost {
    fn compute(&self, us: Micros) {
        spin(iterations(us, self.iters_per_us));
    }

    fn flush(&self, items: Vec<Out>) {
        send_batch(self.run, items);
    }

    fn batch_limit(&self) -> usize {
        BATCH_LIMIT
    }

    fn may_block(&self) -> bool {
        true
    }

    fn drive_soon(&self) {
        // Many wakes in one turn of the worker's loop need one drive.
        if !PUMP_QUEUED.replace(true) {
            wasm_bindgen_futures::spawn_local(async {
                PUMP_QUEUED.set(false);
                pump();
            });
        }
    }
}

/// Hands a batch to the page. With shared memory, a batch of events only goes into this
/// worker's trace ring, which the page drains, and costs no message. Anything else is posted:
/// a batch with requests or ends (the coordinator must answer at once), one the ring has no
/// room for, and an empty one (a parked thread's sign of life for the watchdog). Every batch
/// carries its number, by which the page puts the two roads back in order.
fn send_batch(run: u32, items: Vec<Out>) {
    let seq = BATCH_SEQ.get();
    BATCH_SEQ.set(seq.wrapping_add(1));
    let batch = FromWorker::Batch { run, seq, items };
    let ring = TRACE_RING.with(|r| r.borrow().clone());
    if let (Some((memory, at)), FromWorker::Batch { items, .. }) = (ring, &batch) {
        let only_events = !items.is_empty() && items.iter().all(|i| matches!(i, Out::Event(_)));
        if only_events && crate::shm::ring::push(&*memory, at, &to_bytes(&batch)) {
            return;
        }
    }
    post(&batch);
}

thread_local! {
    /// Where this worker writes its trace in shared memory, for the run it is set up for.
    static TRACE_RING: RefCell<Option<(Rc<dyn crate::shm::Memory>, crate::shm::ring::Ring)>> =
        const { RefCell::new(None) };
    /// The number of the next batch this worker hands over in the run it is set up for.
    static BATCH_SEQ: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// A drive is queued as a microtask (`WebHost::drive_soon`).
    static PUMP_QUEUED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Items per batch at most while a drive goes on: small enough to post and parse in a few
/// milliseconds, large enough that a busy worker sends few messages.
const BATCH_LIMIT: usize = 2_000;

/// Iterations of [`spin`] per microsecond on this core: the fastest of three timed trials
/// (the least disturbed), each long enough for the browser's coarse clock.
pub fn calibrate(ms: u32) -> f64 {
    let target = f64::from(ms.clamp(30, 2000)) / 3.0;
    // Run the loop for a while first, so the engine has compiled it with its optimizing tier
    // (a live run's computes run that code, not the first, slower compilation).
    let warm_until = now_ms() + target;
    while now_ms() < warm_until {
        spin(100_000);
    }
    let mut iters: u64 = 50_000;
    // Grow until one trial takes about a third of the budget.
    loop {
        let start = now_ms();
        spin(iters);
        let elapsed = now_ms() - start;
        if elapsed >= target || iters >= 1 << 40 {
            break;
        }
        let factor = if elapsed > 1.0 { target / elapsed } else { 8.0 };
        iters = ((iters as f64) * factor.clamp(1.5, 8.0)) as u64;
    }
    let mut best: f64 = 0.0;
    for _ in 0..3 {
        let start = now_ms();
        spin(iters);
        let elapsed_us = (now_ms() - start) * 1000.0;
        if let Some(r) = rate(iters, elapsed_us) {
            best = best.max(r);
        }
    }
    if best > 0.0 {
        best
    } else {
        1000.0
    }
}
