//! `?bench=live`: benchmarks of live mode on `window.__interleave.liveBench`, each an async
//! function resolving to plain numbers (driven by `tests/e2e/bench-live.mjs`). Every figure
//! comes with a baseline measured in the same page where one exists.

use super::clock::now_ms;
use super::pool;
use super::proto::{FromWorker, ToWorker};
use super::run::{start_live, LiveOptions, LiveUpdate};
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
    let Some(window) = web_sys::window() else {
        return;
    };
    let root = Reflect::get(&window, &"__interleave".into())
        .ok()
        .filter(JsValue::is_object)
        .unwrap_or_else(|| {
            let fresh: JsValue = Object::new().into();
            let _ = Reflect::set(&window, &"__interleave".into(), &fresh);
            fresh
        });
    let _ = Reflect::set(&root, &"liveBench".into(), &bench);
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

/// Sequential page → pool worker → page round trips, timed in batches of 20 (the browser's clock
/// is coarse), against the same two hops through the page's own `postMessage`.
async fn roundtrip(batches: u32) -> Result<JsValue, JsValue> {
    const BATCH: u32 = 20;
    let workers = pool::take(1).await.map_err(err)?;
    let worker = workers[0].clone();
    let mut per_trip = Vec::new();
    for b in 0..batches.max(1) {
        let start = now_ms();
        for i in 0..BATCH {
            let id = b * BATCH + i;
            pool::ask(worker.clone(), ToWorker::Ping { id }, |m| {
                matches!(m, FromWorker::Pong { .. })
            })
            .await
            .map_err(err)?;
        }
        per_trip.push((now_ms() - start) * 1000.0 / f64::from(BATCH));
    }
    pool::give_back(workers);
    let mut base = Vec::new();
    for _ in 0..batches.max(1) {
        let start = now_ms();
        for _ in 0..BATCH {
            channel_trip().await?;
        }
        base.push((now_ms() - start) * 1000.0 / f64::from(BATCH));
    }
    Ok(object(&[
        ("worker_us", array(&per_trip).into()),
        ("same_thread_us", array(&base).into()),
    ]))
}

type Listener = Closure<dyn FnMut(MessageEvent)>;

/// One round trip through the page's own `postMessage` (ping, then an echoed pong): the same
/// two hops through the event loop, without a worker (the baseline).
async fn channel_trip() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let slot: Rc<RefCell<Option<Listener>>> = Rc::default();
    let promise = {
        let (window, slot) = (window.clone(), slot.clone());
        Promise::new(&mut move |resolve, _| {
            let w = window.clone();
            let on = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                match e.data().as_string().as_deref() {
                    Some("interleave-bench-ping") => {
                        let _ = w.post_message(&JsValue::from_str("interleave-bench-pong"), "*");
                    }
                    Some("interleave-bench-pong") => {
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                    _ => {}
                }
            });
            let _ = window.add_event_listener_with_callback("message", on.as_ref().unchecked_ref());
            *slot.borrow_mut() = Some(on);
        })
    };
    window.post_message(&JsValue::from_str("interleave-bench-ping"), "*")?;
    JsFuture::from(promise).await?;
    if let Some(on) = slot.borrow_mut().take() {
        let _ = window.remove_event_listener_with_callback("message", on.as_ref().unchecked_ref());
    }
    Ok(())
}

/// Starting `n` workers on the compiled module and pinging each, against starting one.
async fn pool_startup(n: u32) -> Result<JsValue, JsValue> {
    let time = |k: u32| async move {
        let start = now_ms();
        let spawns: Vec<_> = (0..k).map(|_| pool::spawn_worker()).collect();
        let mut ws = Vec::new();
        for s in spawns {
            ws.push(s.await?);
        }
        for (i, w) in ws.iter().enumerate() {
            pool::ask(w.clone(), ToWorker::Ping { id: i as u32 }, |m| {
                matches!(m, FromWorker::Pong { .. })
            })
            .await?;
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
    for kind in ["exec", "spawn_local"] {
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
    ]))
}
