//! `?bench=core`: the pure core measured in the browser on `window.__interleave.coreBench`
//! (driven by `tests/e2e/bench-core.mjs`): the simulator on a 10k-task scenario, and the
//! schedule explorer's rate on a 4-task scenario, with the same inputs as `benches/`.

use super::clock::now_ms;
use crate::explore::{explore, ExploreOptions};
use crate::model::load;
use crate::sim::{simulate, SimOptions};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

/// The 10k-task scenario of `benches/sim.rs`.
const TEN_K_TASKS: &str =
    "mutex m\n\nasync t x10000 {\n  sleep 1ms\n  lock m\n  yield\n  unlock m\n}\n";
/// The 4-thread race of `benches/explore.rs`.
const FOUR_THREADS: &str =
    "var c = 0\n\nthread t x4 {\n  load c\n  store c +1\n  load c\n  store c +1\n}\n";

/// Whether the page was opened with `?bench=core`.
fn requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| {
            s.trim_start_matches('?')
                .split('&')
                .any(|p| p == "bench=core")
        })
}

/// Installs `window.__interleave.coreBench` if the page asks for it.
pub fn install() {
    if !requested() {
        return;
    }
    let bench = Object::new();
    let simulate_10k = Closure::<dyn Fn() -> JsValue>::new(|| figures(simulate_10k()));
    let explore_rate = Closure::<dyn Fn(u32) -> JsValue>::new(|n| figures(explore_rate(n)));
    let _ = Reflect::set(&bench, &"simulate10k".into(), simulate_10k.as_ref());
    let _ = Reflect::set(&bench, &"exploreRate".into(), explore_rate.as_ref());
    // The page keeps these for its whole life.
    simulate_10k.forget();
    explore_rate.forget();
    crate::ui::publish::publish("coreBench", &bench.into());
}

fn figures(pairs: Vec<(&str, f64)>) -> JsValue {
    let out = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&out, &key.into(), &value.into());
    }
    out.into()
}

/// Simulates the 10k-task scenario once: milliseconds and trace events.
fn simulate_10k() -> Vec<(&'static str, f64)> {
    let Ok(scenario) = load(TEN_K_TASKS) else {
        return vec![("error", 1.0)];
    };
    let started = now_ms();
    let run = simulate(&scenario, &SimOptions::default());
    let ms = now_ms() - started;
    vec![("ms", ms), ("events", run.trace.events.len() as f64)]
}

/// Explores the 4-thread race without pruning, up to `max` schedules: runs per second.
fn explore_rate(max: u32) -> Vec<(&'static str, f64)> {
    let Ok(scenario) = load(FOUR_THREADS) else {
        return vec![("error", 1.0)];
    };
    let options = ExploreOptions {
        prune: false,
        max_schedules: u64::from(max),
        ..ExploreOptions::default()
    };
    let started = now_ms();
    let report = explore(&scenario, options, Box::new(now_ms));
    let ms = now_ms() - started;
    let runs = (report.schedules + report.pruned) as f64;
    vec![
        ("ms", ms),
        ("runs", runs),
        ("per_second", runs / (ms / 1e3)),
    ]
}
