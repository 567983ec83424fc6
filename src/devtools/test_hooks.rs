//! Test-only hooks on `window.__interleave.test`, present only when the page's address has
//! `test=1` (in its query or its fragment): `killWorkerOf(taskName)` makes the worker running
//! that task throw, as a crashing worker would; `silenceWorkerOf(taskName)` makes it stop
//! without an error event, as a worker the browser kills would; `panicWorkerOf(taskName)`
//! makes it panic, as a bug in it would; `holdPreparing` and
//! `liveWorkers` hold a live run before it starts and count the workers left running.

use crate::live::proto::ToWorker;
use crate::live::run::{latest_run, LiveResult};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

thread_local! {
    /// Whether the address asked for test hooks when the page opened (the app then drops the
    /// fragment and the query from the address bar).
    static ENABLED: std::cell::OnceCell<bool> = const { std::cell::OnceCell::new() };
}

/// Whether the page was opened with test hooks asked for; call [`remember`] before the app
/// rewrites the address.
pub fn enabled() -> bool {
    ENABLED.with(|e| *e.get_or_init(address_asks))
}

/// Reads the address now (the app's entry does this first thing).
pub fn remember() {
    let _ = enabled();
}

fn address_asks() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let has = |s: Result<String, JsValue>| {
        s.ok().is_some_and(|s| {
            s.trim_start_matches(['?', '#'])
                .split('&')
                .any(|p| p == "test=1")
        })
    };
    has(location.search()) || has(location.hash())
}

/// With test hooks on, publishes the finished run's trace as JSON on
/// `window.__interleave.test.trace` and its measurements on `.stats`.
pub fn publish_result(result: &LiveResult) {
    if !enabled() {
        return;
    }
    let Some(hooks) = hooks_object() else {
        return;
    };
    let trace = serde_json::to_string(&result.trace).unwrap_or_default();
    let _ = Reflect::set(&hooks, &"trace".into(), &JsValue::from_str(&trace));
    let stats = Object::new();
    let rtt: js_sys::Array = result
        .stats
        .round_trips_us
        .iter()
        .map(|us| JsValue::from_f64(*us as f64))
        .collect();
    let _ = Reflect::set(&stats, &"round_trips_us".into(), &rtt);
    let _ = Reflect::set(&stats, &"cores".into(), &f64::from(result.cores).into());
    let rings = f64::from(result.stats.ring_batches);
    let _ = Reflect::set(&stats, &"ring_batches".into(), &rings.into());
    let _ = Reflect::set(&hooks, &"stats".into(), &stats);
}

/// `window.__interleave.test`, created on first use.
fn hooks_object() -> Option<JsValue> {
    crate::web::contract::published_object(crate::web::contract::Field::Test)
}

/// Installs the hooks if the address asks for them.
pub fn install() {
    if !enabled() {
        return;
    }
    let Some(hooks) = hooks_object() else {
        return;
    };
    let faults = [
        ("killWorkerOf", ToWorker::Crash),
        ("silenceWorkerOf", ToWorker::Vanish),
        ("panicWorkerOf", ToWorker::Panic),
    ];
    for (name, how) in faults {
        let hook = Closure::<dyn Fn(String) -> bool>::new(move |task: String| {
            latest_run().is_some_and(|h| h.crash_worker_of(&task, how.clone()))
        });
        let f: &Function = hook.as_ref().unchecked_ref();
        let _ = Reflect::set(&hooks, &name.into(), f);
        // The hooks live as long as the page.
        hook.forget();
    }
    // `holdPreparing(true)`: live runs wait in their preparing phase, with their workers,
    // until Stop; `liveWorkers()`: `{ alive, idle, lent }`, the workers not terminated, those
    // with no run, and those a run holds.
    let hold = Closure::<dyn Fn(bool)>::new(crate::live::pool::hold_preparing);
    let _ = Reflect::set(
        &hooks,
        &"holdPreparing".into(),
        hold.as_ref().unchecked_ref::<Function>(),
    );
    hold.forget();
    let count = Closure::<dyn Fn() -> JsValue>::new(|| {
        let out = Object::new();
        let alive = crate::live::pool::alive() as f64;
        let _ = Reflect::set(&out, &"alive".into(), &alive.into());
        let idle = crate::live::pool::idle() as f64;
        let _ = Reflect::set(&out, &"idle".into(), &idle.into());
        let lent = crate::live::pool::lent() as f64;
        let _ = Reflect::set(&out, &"lent".into(), &lent.into());
        out.into()
    });
    let _ = Reflect::set(
        &hooks,
        &"liveWorkers".into(),
        count.as_ref().unchecked_ref::<Function>(),
    );
    count.forget();
    // `panic()`: a panic on the page, as a bug would cause one.
    let panic = Closure::<dyn Fn()>::new(|| panic!("a panic asked for by the test hooks"));
    let f: &Function = panic.as_ref().unchecked_ref();
    let _ = Reflect::set(&hooks, &"panic".into(), f);
    panic.forget();
}
