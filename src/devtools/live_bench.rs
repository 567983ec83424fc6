//! `?bench=live`: benchmarks of live mode on `window.__interleave.liveBench`, each an async
//! function resolving to plain numbers (driven by `tests/e2e/bench-live.mjs`). Every figure
//! comes with a baseline measured in the same page where one exists.

use crate::live::join::join_all;
use crate::live::pool;
use crate::live::proto::{FromWorker, ToWorker};
use crate::live::run::{start_live, LiveOptions, LiveUpdate};
use crate::web::clock::now_ms;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::MessageEvent;

/// Whether the page was opened with `?bench=live`.
pub fn requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| {
            s.trim_start_matches('?')
                .split('&')
                .any(|p| p == "bench=live")
        })
}

/// Installs `window.__interleave.liveBench` if the page asks for it.
pub fn install() {
    if !requested() {
        return;
    }
    let bench = Object::new();
    let add = |name: &str, f: Closure<dyn Fn(u32) -> Promise>| {
        let func: &Function = f.as_ref().unchecked_ref();
        let _ = Reflect::set(&bench, &name.into(), func);
        f.forget();
    };
    add(
        "roundtrip",
        Closure::new(|n: u32| future_to_promise(async move { roundtrip(n).await })),
    );
    add(
        "poolStartup",
        Closure::new(|n: u32| future_to_promise(async move { pool_startup(n).await })),
    );
    add(
        "speedup",
        Closure::new(|ms: u32| future_to_promise(async move { speedup(ms).await })),
    );
    add(
        "execVsSpawnLocal",
        Closure::new(|n: u32| future_to_promise(async move { exec_vs_spawn_local(n).await })),
    );
    crate::web::contract::publish(crate::web::contract::Field::LiveBench, &bench);
}

fn err(e: pool::PoolError) -> JsValue {
    JsValue::from_str(&e.0)
}

fn array(xs: &[f64]) -> Array {
    xs.iter().map(|x| JsValue::from_f64(*x)).collect()
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// Sequential page → pool worker → page round trips of the live protocol's JSON messages,
/// timed in batches of 20 (the browser's clock is coarse): each answer sends the next ping at
/// once from a standing handler, as the coordinator's handler does. The baseline is the same
/// ping-pong through the page's own `postMessage` (two hops through its event loop).
async fn roundtrip(batches: u32) -> Result<JsValue, JsValue> {
    const BATCH: u32 = 20;
    let workers = pool::take(1).await.map_err(err)?;
    let worker = workers[0].clone();
    let mut per_trip = Vec::new();
    let mut base = Vec::new();
    for _ in 0..batches.max(1) {
        per_trip.push(bounce_worker(&worker, BATCH).await? * 1000.0 / f64::from(BATCH));
        base.push(bounce_page(BATCH).await? * 1000.0 / f64::from(BATCH));
    }
    worker.set_onmessage(None);
    pool::give_back(workers);
    Ok(object(&[
        ("worker_us", array(&per_trip).into()),
        ("same_thread_us", array(&base).into()),
    ]))
}

type Listener = Closure<dyn FnMut(MessageEvent)>;

/// Milliseconds for `trips` ping/pong round trips with `worker`.
async fn bounce_worker(worker: &web_sys::Worker, trips: u32) -> Result<f64, JsValue> {
    // Each post transfers its buffer away, so every ping is a fresh copy of these bytes.
    let ping = crate::live::proto::to_bytes(&ToWorker::Ping { id: 0 });
    let slot: Rc<RefCell<Option<Listener>>> = Rc::default();
    let promise = {
        let (w, slot, ping) = (worker.clone(), slot.clone(), ping.clone());
        Promise::new(&mut move |resolve, _| {
            let left = std::cell::Cell::new(trips);
            let (w2, ping) = (w.clone(), ping.clone());
            let on = Listener::new(move |e: MessageEvent| {
                let pong = crate::web::message::bytes_of(&e.data())
                    .and_then(|b| crate::live::proto::parse_from_worker(&b).ok());
                if !matches!(pong, Some(FromWorker::Pong { .. })) {
                    return;
                }
                left.set(left.get().saturating_sub(1));
                if left.get() == 0 {
                    let _ = resolve.call0(&JsValue::NULL);
                } else {
                    crate::web::message::post_to_worker(&w2, &ping);
                }
            });
            w.set_onmessage(Some(on.as_ref().unchecked_ref()));
            *slot.borrow_mut() = Some(on);
        })
    };
    let start = now_ms();
    crate::web::message::post_to_worker(worker, &ping);
    JsFuture::from(promise).await?;
    let ms = now_ms() - start;
    worker.set_onmessage(None);
    drop(slot.borrow_mut().take());
    Ok(ms)
}

/// Milliseconds for `trips` ping/pong round trips through the page's own `postMessage`.
async fn bounce_page(trips: u32) -> Result<f64, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let slot: Rc<RefCell<Option<Listener>>> = Rc::default();
    let promise = {
        let (window, slot) = (window.clone(), slot.clone());
        Promise::new(&mut move |resolve, _| {
            let left = std::cell::Cell::new(trips);
            let w = window.clone();
            let on = Listener::new(
                move |e: MessageEvent| match e.data().as_string().as_deref() {
                    Some("interleave-bench-ping") => {
                        let _ = w.post_message(&JsValue::from_str("interleave-bench-pong"), "*");
                    }
                    Some("interleave-bench-pong") => {
                        left.set(left.get().saturating_sub(1));
                        if left.get() == 0 {
                            let _ = resolve.call0(&JsValue::NULL);
                        } else {
                            let _ =
                                w.post_message(&JsValue::from_str("interleave-bench-ping"), "*");
                        }
                    }
                    _ => {}
                },
            );
            let _ = window.add_event_listener_with_callback("message", on.as_ref().unchecked_ref());
            *slot.borrow_mut() = Some(on);
        })
    };
    let start = now_ms();
    window.post_message(&JsValue::from_str("interleave-bench-ping"), "*")?;
    JsFuture::from(promise).await?;
    let ms = now_ms() - start;
    if let Some(on) = slot.borrow_mut().take() {
        let _ = window.remove_event_listener_with_callback("message", on.as_ref().unchecked_ref());
    }
    Ok(ms)
}

/// Starting `n` workers on the compiled module and pinging each, against starting one.
async fn pool_startup(n: u32) -> Result<JsValue, JsValue> {
    let time = |k: u32| async move {
        let start = now_ms();
        let mut ws = Vec::new();
        for w in join_all((0..k).map(|_| pool::spawn_worker())).await {
            ws.push(w?);
        }
        let pings = ws.iter().enumerate().map(|(i, w)| {
            pool::ask(w.clone(), ToWorker::Ping { id: i as u32 }, |m| {
                matches!(m, FromWorker::Pong { .. })
            })
        });
        for p in join_all(pings).await {
            p?;
        }
        let ms = now_ms() - start;
        ws.iter().for_each(|w| w.terminate());
        Ok::<f64, pool::PoolError>(ms)
    };
    let one = time(1).await.map_err(err)?;
    let many = time(n.max(1)).await.map_err(err)?;
    Ok(object(&[("one_ms", one.into()), ("n_ms", many.into())]))
}

/// The makespan of 8 jobs of `compute MS` live on 1 and on 2 pool workers.
async fn speedup(ms: u32) -> Result<JsValue, JsValue> {
    let mut out = Vec::new();
    for workers in [1, 2] {
        let text =
            format!("runtime {{\n  workers {workers}\n}}\n\njob j x8 {{\n  compute {ms}ms\n}}\n");
        let scenario = crate::model::load(&text).map_err(|_| JsValue::from_str("bad scenario"))?;
        let done: Rc<RefCell<Option<Function>>> = Rc::default();
        let result: Rc<RefCell<Option<u64>>> = Rc::default();
        let promise = {
            let done = done.clone();
            Promise::new(&mut move |resolve, _| *done.borrow_mut() = Some(resolve))
        };
        let on_update = {
            let (done, result) = (done.clone(), result.clone());
            Rc::new(move |u: LiveUpdate| {
                let ended = match u {
                    LiveUpdate::Done(r) => Some(r.summary.makespan_us),
                    LiveUpdate::Failed(_) => Some(0),
                    _ => None,
                };
                if let Some(us) = ended {
                    *result.borrow_mut() = Some(us);
                    if let Some(f) = done.borrow_mut().take() {
                        let _ = f.call0(&JsValue::NULL);
                    }
                }
            })
        };
        let opts = LiveOptions {
            run: 1_000_000 + workers,
            ..LiveOptions::default()
        };
        let _handle = start_live(&scenario, opts, on_update);
        JsFuture::from(promise).await?;
        let us = result.borrow().unwrap_or(0);
        out.push(us as f64);
    }
    Ok(object(&[
        ("one_us", out[0].into()),
        ("two_us", out[1].into()),
    ]))
}

/// Our executor's spawn + join of `n` tasks against `spawn_local`, both inside a worker.
async fn exec_vs_spawn_local(n: u32) -> Result<JsValue, JsValue> {
    let workers = pool::take(1).await.map_err(err)?;
    let w = workers[0].clone();
    let mut out = Vec::new();
    for kind in [
        "exec",
        "spawn_local",
        "exec_yield",
        "spawn_local_yield",
        "spawn_local_oneshot",
        "exec_phases",
        "box_floor",
    ] {
        let msg = ToWorker::Bench {
            kind: kind.to_string(),
            n,
        };
        let answer = pool::ask(w.clone(), msg, |m| {
            matches!(m, FromWorker::BenchDone { .. })
        })
        .await
        .map_err(err)?;
        let FromWorker::BenchDone { values, .. } = answer else {
            return Err(JsValue::from_str("no benchmark result"));
        };
        out.push(array(&values));
    }
    pool::give_back(workers);
    Ok(object(&[
        ("exec_us", out[0].clone().into()),
        ("spawn_local_us", out[1].clone().into()),
        ("exec_yield_us", out[2].clone().into()),
        ("spawn_local_yield_us", out[3].clone().into()),
        ("spawn_local_oneshot_us", out[4].clone().into()),
        ("exec_phases_us", out[5].clone().into()),
        ("box_floor_us", out[6].clone().into()),
    ]))
}
