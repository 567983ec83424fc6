//! The warm worker pool: compiles `worker_bg.wasm` once, keeps started workers ready for the
//! next live run, and measures the arithmetic rate that `compute` is calibrated with.
//!
//! A compiled `WebAssembly.Module` is structured-cloneable, so each worker instantiates the
//! shared module (via `static/pool-boot.js`) without fetching or compiling it again.

use super::join::join_all;
use super::proto::{parse_from_worker, to_bytes, FromWorker, ToWorker};
use crate::web::clock::now_ms;
use js_sys::{Object, Promise, Reflect, WebAssembly};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// Why a worker could not start or answer, in words for the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolError(pub String);

/// What the footer shows once the pool is warm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoolInfo {
    pub count: usize,
    /// From the start of `warm_up` until the last worker answered a ping.
    pub startup_ms: f64,
    /// `compute`'s calibration: arithmetic loop iterations per µs on one idle core.
    pub iters_per_us: f64,
    /// `navigator.hardwareConcurrency`.
    pub cores: u32,
}

/// How long any one answer from a worker may take (starting, warming, calibrating, setting
/// up a run) before the worker counts as stuck. Each of these is milliseconds of work; the
/// bound only ends a wait that would otherwise never end, on however loaded a machine.
const ANSWER_TIMEOUT_MS: u32 = 30_000;

#[derive(Default)]
struct Warm {
    /// The compilation of `worker_bg.wasm`, shared by every caller.
    module: Option<Promise>,
    /// Started workers with no run.
    idle: Vec<Worker>,
    iters_per_us: Option<f64>,
    /// When `iters_per_us` was last measured (`now_ms`).
    calibrated_ms: f64,
    /// Every worker started and not yet terminated, wherever it is: idle, starting or in a run.
    alive: Vec<Worker>,
    /// Workers a run took with [`take`] and has not given back or ended.
    lent: Vec<Worker>,
    /// The rejecters of the answers awaited now, so Stop can end every wait at once.
    waits: Vec<(u64, js_sys::Function)>,
    next_wait: u64,
}

thread_local! {
    static WARM: RefCell<Warm> = RefCell::new(Warm::default());
    /// Live runs in progress (background calibration waits for none).
    static RUNNING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A live run started (`true`) or ended (`false`).
pub fn note_run(started: bool) {
    RUNNING.with(|r| {
        r.set(if started {
            r.get() + 1
        } else {
            r.get().saturating_sub(1)
        })
    });
}

/// The compiled worker module (compiled on first use, once).
pub async fn module() -> Result<JsValue, PoolError> {
    let promise = WARM.with(|w| {
        let mut w = w.borrow_mut();
        if w.module.is_none() {
            let window = web_sys::window()?;
            let response =
                window.fetch_with_str(&crate::web::dom::worker_file("worker", "_bg.wasm"));
            w.module = Some(WebAssembly::compile_streaming(&response));
        }
        w.module.clone()
    });
    let promise = promise.ok_or_else(|| PoolError("no window".into()))?;
    JsFuture::from(promise).await.map_err(|e| {
        // A failed compilation is not cached: the next call tries again.
        WARM.with(|w| w.borrow_mut().module = None);
        PoolError(format!("could not compile the worker module: {e:?}"))
    })
}

/// Starts one worker on the shared module and waits until it says it is ready.
pub async fn spawn_worker() -> Result<Worker, PoolError> {
    let module = module().await?;
    // The glue's hashed name travels in the boot script's address too, so a cached boot script
    // of an older build is never used.
    let script = crate::web::dom::worker_file("worker", ".js");
    let worker = Worker::new(&format!("pool-boot.js?{script}"))
        .map_err(|e| PoolError(format!("could not create a worker: {e:?}")))?;
    WARM.with(|w| w.borrow_mut().alive.push(worker.clone()));
    let ready = next_message(&worker, |m| matches!(m, FromWorker::Ready));
    let init = Object::new();
    let _ = Reflect::set(&init, &"type".into(), &"init".into());
    let _ = Reflect::set(&init, &"module".into(), &module);
    let _ = Reflect::set(&init, &"script".into(), &script.as_str().into());
    worker
        .post_message(&init)
        .map_err(|e| PoolError(format!("could not start a worker: {e:?}")))?;
    match ready.await {
        Ok(_) => Ok(worker),
        Err(e) => {
            end(&worker);
            Err(e)
        }
    }
}

/// Starts a worker and warms it up.
pub async fn spawn_warm() -> Result<Worker, PoolError> {
    let worker = spawn_worker().await?;
    if let Err(e) = warm(&worker).await {
        end(&worker);
        return Err(e);
    }
    Ok(worker)
}

/// Terminates a worker for good (it never returns to the pool). Ending one twice is harmless.
pub fn end(worker: &Worker) {
    worker.set_onmessage(None);
    worker.set_onerror(None);
    worker.terminate();
    WARM.with(|w| {
        let mut w = w.borrow_mut();
        w.alive.retain(|a| a != worker);
        w.idle.retain(|a| a != worker);
        w.lent.retain(|a| a != worker);
    });
}

/// Terminates every worker (the page panicked: nothing will drive them again, and a live run's
/// would spin on). Called from the panic hook, so it gives up rather than panic again if the
/// pool was in use when the panic struck.
pub fn end_all() {
    let _ = WARM.try_with(|w| {
        if let Ok(w) = w.try_borrow() {
            w.alive.iter().for_each(Worker::terminate);
        }
    });
}

/// Workers started and not terminated: idle, starting, or in a run.
pub fn alive() -> usize {
    WARM.with(|w| w.borrow().alive.len())
}

/// Workers taken by runs and not yet given back or ended.
pub fn lent() -> usize {
    WARM.with(|w| w.borrow().lent.len())
}

/// Ends every wait for a worker's answer now, as failed with "stopped" (Stop while a run is
/// being prepared: whatever the workers were doing, nobody waits for it any more).
pub fn cancel_waits() {
    let waits = WARM.with(|w| std::mem::take(&mut w.borrow_mut().waits));
    for (_, reject) in waits {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(STOPPED));
    }
}

/// The reason a wait ended by [`cancel_waits`] gives.
pub const STOPPED: &str = "stopped";

/// Awaits `promise`, which `reject` settles as failed: at most [`ANSWER_TIMEOUT_MS`], and
/// only until [`cancel_waits`].
async fn bounded_wait(promise: Promise, reject: js_sys::Function) -> Result<JsValue, JsValue> {
    let id = WARM.with(|w| {
        let mut w = w.borrow_mut();
        w.next_wait += 1;
        let id = w.next_wait;
        w.waits.push((id, reject.clone()));
        id
    });
    let timeout = gloo_timers::callback::Timeout::new(ANSWER_TIMEOUT_MS, move || {
        let why = format!("it did not answer within {} s", ANSWER_TIMEOUT_MS / 1000);
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
    });
    let result = JsFuture::from(promise).await;
    drop(timeout);
    WARM.with(|w| w.borrow_mut().waits.retain(|(i, _)| *i != id));
    result
}

/// Test hook: holds a run in its preparing phase until Stop (which ends the hold as it ends
/// every wait), so a test can stop a run that has its workers but has not started.
#[cfg(feature = "devtools")]
pub async fn hold_while_asked() -> Result<(), PoolError> {
    if !HOLD.with(|h| h.get()) {
        return Ok(());
    }
    let mut rejecter = None;
    let promise = Promise::new(&mut |_resolve, reject| rejecter = Some(reject));
    let reject = rejecter.expect("a promise runs its executor at once");
    bounded_wait(promise, reject)
        .await
        .map(|_| ())
        .map_err(|e| PoolError(e.as_string().unwrap_or_default()))
}

#[cfg(feature = "devtools")]
thread_local! {
    static HOLD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Test hook: whether the next live runs wait in their preparing phase (see [`hold_while_asked`]).
#[cfg(feature = "devtools")]
pub fn hold_preparing(hold: bool) {
    HOLD.with(|h| h.set(hold));
}

/// Posts a message to a worker.
pub fn post(worker: &Worker, msg: &ToWorker) {
    crate::web::message::post_to_worker(worker, &to_bytes(msg));
}

/// Hands a worker the run's shared memory; its next `Setup` takes it (`live::memory`).
pub fn post_memory(worker: &Worker, memory: &crate::web::shared_memory::SharedMemory) {
    let _ = worker.post_message(memory.buffer());
}

/// Sends `msg` and resolves with the worker's first answer that `want` accepts.
pub async fn ask(
    worker: Worker,
    msg: ToWorker,
    want: fn(&FromWorker) -> bool,
) -> Result<FromWorker, PoolError> {
    let answer = next_message(&worker, want);
    post(&worker, &msg);
    answer.await
}

type Handler = Closure<dyn FnMut(MessageEvent)>;
type ErrorHandler = Closure<dyn FnMut(web_sys::ErrorEvent)>;

/// The worker's next message that `want` accepts (the worker's `onmessage` is taken meanwhile),
/// or its error.
async fn next_message(
    worker: &Worker,
    want: fn(&FromWorker) -> bool,
) -> Result<FromWorker, PoolError> {
    let got: Rc<RefCell<Option<FromWorker>>> = Rc::default();
    let keep: Rc<RefCell<Option<(Handler, ErrorHandler)>>> = Rc::default();
    let mut rejecter = None;
    let promise = {
        let (got, keep) = (got.clone(), keep.clone());
        Promise::new(&mut |resolve, reject| {
            rejecter = Some(reject.clone());
            let got = got.clone();
            let failed = reject.clone();
            let on_message = Handler::new(move |e: MessageEvent| {
                let Some(bytes) = crate::web::message::bytes_of(&e.data()) else {
                    // pool-boot.js reports a failed start as a plain object with the reason.
                    let why = Reflect::get(&e.data(), &"message".into())
                        .ok()
                        .and_then(|m| m.as_string())
                        .unwrap_or_else(|| "it did not say why".to_string());
                    let _ = failed.call1(&JsValue::NULL, &JsValue::from_str(&why));
                    return;
                };
                if let Ok(msg) = parse_from_worker(&bytes) {
                    if let FromWorker::Panicked { message } = &msg {
                        let _ = failed.call1(&JsValue::NULL, &JsValue::from_str(message));
                        return;
                    }
                    if want(&msg) {
                        *got.borrow_mut() = Some(msg);
                        let _ = resolve.call1(&JsValue::NULL, &JsValue::TRUE);
                    }
                }
            });
            let on_error = ErrorHandler::new(move |e: web_sys::ErrorEvent| {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&e.message()));
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            *keep.borrow_mut() = Some((on_message, on_error));
        })
    };
    let reject = rejecter.expect("a promise runs its executor at once");
    let result = bounded_wait(promise, reject).await;
    worker.set_onmessage(None);
    worker.set_onerror(None);
    drop(keep.borrow_mut().take());
    match result {
        Ok(_) => got
            .borrow_mut()
            .take()
            .ok_or_else(|| PoolError("the worker failed to start".into())),
        Err(e) => match e.as_string() {
            Some(why) if why == STOPPED => Err(PoolError(why)),
            why => Err(PoolError(format!(
                "the worker failed: {}",
                why.unwrap_or_default()
            ))),
        },
    }
}

/// Starts `count` workers at once, pings each, calibrates `compute` on one of them, and keeps
/// them for the next live run.
pub async fn warm_up(count: usize) -> Result<PoolInfo, PoolError> {
    // Stop while a live link's first run is being prepared cancels every wait, the pool's own
    // start-up too: that is no reason for the pool to stay down, so it starts again.
    let mut tries = 0;
    loop {
        tries += 1;
        match warm_up_once(count).await {
            Err(e) if e.0 == STOPPED && tries < 3 => continue,
            done => return done,
        }
    }
}

/// One attempt of [`warm_up`]; on failure, every worker it started is ended.
async fn warm_up_once(count: usize) -> Result<PoolInfo, PoolError> {
    let started = now_ms();
    let mut workers = Vec::new();
    let mut failed = None;
    for w in join_all((0..count).map(|_| spawn_worker())).await {
        match w {
            Ok(w) => workers.push(w),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    let ending = |workers: &[Worker], e: PoolError| {
        workers.iter().for_each(end);
        Err(e)
    };
    if let Some(e) = failed {
        return ending(&workers, e);
    }
    let pings = workers.iter().enumerate().map(|(i, w)| {
        let id = i as u32;
        ask(w.clone(), ToWorker::Ping { id }, |m| {
            matches!(m, FromWorker::Pong { .. })
        })
    });
    if let Some(Err(e)) = join_all(pings).await.into_iter().find(Result::is_err) {
        return ending(&workers, e);
    }
    let startup_ms = now_ms() - started;
    if let Some(Err(e)) = join_all(workers.iter().map(warm))
        .await
        .into_iter()
        .find(Result::is_err)
    {
        return ending(&workers, e);
    }
    let iters_per_us = match workers.first() {
        Some(w) => match calibrate(w).await {
            Ok(rate) => rate,
            Err(e) => return ending(&workers, e),
        },
        None => 1000.0,
    };
    WARM.with(|w| {
        let mut w = w.borrow_mut();
        w.idle.extend(workers);
        w.iters_per_us = Some(iters_per_us);
        w.calibrated_ms = now_ms();
    });
    recalibrate_later();
    Ok(PoolInfo {
        count,
        startup_ms,
        iters_per_us,
        cores: cores(),
    })
}

/// Has `worker` run every code path once (see `ToWorker::Warm`).
pub async fn warm(worker: &Worker) -> Result<(), PoolError> {
    ask(worker.clone(), ToWorker::Warm, |m| {
        matches!(m, FromWorker::Warmed)
    })
    .await
    .map(|_| ())
}

/// Measures the arithmetic rate in `worker` (about 150 ms of work).
pub async fn calibrate(worker: &Worker) -> Result<f64, PoolError> {
    let answer = ask(worker.clone(), ToWorker::Calibrate { ms: 150 }, |m| {
        matches!(m, FromWorker::Calibrated { .. })
    })
    .await?;
    match answer {
        FromWorker::Calibrated { iters_per_us } if iters_per_us > 0.0 => Ok(iters_per_us),
        _ => Err(PoolError("the calibration failed".into())),
    }
}

/// Measures the rate again once the page has settled (its start competes with the first
/// calibration for the cores, which can only make the rate look lower), keeping the higher.
fn recalibrate_later() {
    let timer = gloo_timers::callback::Timeout::new(3000, || {
        wasm_bindgen_futures::spawn_local(async {
            // Not during a live run: it would take a core from it. Try again later.
            if RUNNING.with(|r| r.get()) > 0 {
                recalibrate_later();
                return;
            }
            let Some(worker) = WARM.with(|w| w.borrow_mut().idle.pop()) else {
                return;
            };
            match calibrate(&worker).await {
                Ok(rate) => {
                    give_back(vec![worker]);
                    keep_fastest(rate);
                }
                // It may still be busy: it never goes back to the pool.
                Err(_) => {
                    end(&worker);
                    refill(idle() + 1);
                }
            }
        });
    });
    timer.forget();
}

/// The calibrated rate, if the pool has warmed up.
pub fn iters_per_us() -> Option<f64> {
    WARM.with(|w| w.borrow().iters_per_us)
}

/// Past this long without a measurement, a live run measures the rate again before it starts.
const RECALIBRATE_AFTER_MS: f64 = 60_000.0;

/// Load only ever slows the loop, so the fastest measurement is the closest to the idle core
/// `compute` stands for: a new one replaces the rate only when it is faster.
fn keep_fastest(rate: f64) {
    WARM.with(|w| {
        let mut w = w.borrow_mut();
        w.iters_per_us = Some(w.iters_per_us.map_or(rate, |r| r.max(rate)));
        w.calibrated_ms = now_ms();
    });
}

/// The rate for a live run about to start on `worker`: measured now if there is none yet or the
/// last measurement is old (the machine may have been busier then), keeping the fastest.
pub async fn rate_for_run(worker: &Worker) -> Result<f64, PoolError> {
    let (rate, age) = WARM.with(|w| {
        let w = w.borrow();
        (w.iters_per_us, now_ms() - w.calibrated_ms)
    });
    match rate {
        Some(rate) if age < RECALIBRATE_AFTER_MS => Ok(rate),
        _ => {
            keep_fastest(calibrate(worker).await?);
            iters_per_us().ok_or_else(|| PoolError("the calibration failed".into()))
        }
    }
}

/// Takes `n` ready workers: idle ones first, then new ones.
pub async fn take(n: usize) -> Result<Vec<Worker>, PoolError> {
    let mut out: Vec<Worker> = WARM.with(|w| {
        let mut w = w.borrow_mut();
        let k = n.min(w.idle.len());
        w.idle.drain(..k).collect()
    });
    let mut failed = None;
    for s in join_all((out.len()..n).map(|_| spawn_warm())).await {
        match s {
            Ok(worker) => out.push(worker),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    // Every worker that did start goes back ready, the fresh ones too.
    if let Some(e) = failed {
        give_back(out);
        return Err(e);
    }
    WARM.with(|w| w.borrow_mut().lent.extend(out.iter().cloned()));
    Ok(out)
}

/// Returns workers that finished a run cleanly (they were told to reset).
pub fn give_back(workers: Vec<Worker>) {
    WARM.with(|w| {
        let mut w = w.borrow_mut();
        for worker in workers {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            w.lent.retain(|a| a != &worker);
            // A worker that was ended (it crashed, hung or was stopped) never comes back.
            if w.alive.contains(&worker) && !w.idle.contains(&worker) {
                w.idle.push(worker);
            }
        }
    });
}

/// Starts workers in the background until `count` are idle (after a run's were terminated).
pub fn refill(count: usize) {
    let missing = WARM.with(|w| count.saturating_sub(w.borrow().idle.len()));
    for _ in 0..missing {
        wasm_bindgen_futures::spawn_local(async {
            if let Ok(worker) = spawn_warm().await {
                give_back(vec![worker]);
            }
        });
    }
}

/// Idle workers now.
pub fn idle() -> usize {
    WARM.with(|w| w.borrow().idle.len())
}

/// The machine's logical cores, as the browser reports them (at least 1).
pub fn cores() -> u32 {
    let n = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    if n.is_finite() && n >= 1.0 {
        n as u32
    } else {
        1
    }
}
