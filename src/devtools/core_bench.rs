//! `?bench=core`: the pure core measured in the browser on `window.__interleave.coreBench`
//! (driven by `tests/e2e/bench-core.mjs`): the simulator on a 10k-task scenario, and the
//! schedule explorer's rate on a 4-task scenario, with the same inputs as `benches/`, on the
//! page and in a web worker as the app runs it.

use crate::explore::{
    explore, explorer_bytes, parse_from_explorer, ExploreOptions, FromExplorer, ToExplorer,
};
use crate::model::load;
use crate::sim::{simulate, SimOptions};
use crate::web::clock::now_ms;
use js_sys::{Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{MessageEvent, Worker};

/// The 10k-task scenario of `benches/sim.rs`.
const TEN_K_TASKS: &str =
    "mutex m\n\nasync t x10000 {\n  sleep 1ms\n  lock m\n  yield\n  unlock m\n}\n";
/// The 4×3 race that `benches/explore.rs` runs against shuttle (369,600 interleavings).
const FOUR_THREADS: &str = "var c = 0\n\nthread t x4 {\n  load c\n  store c +1\n  load c\n}\n";

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
    let in_worker = Closure::<dyn Fn(u32) -> Promise>::new(|n| {
        future_to_promise(async move { Ok(figures(explore_rate_in_worker(n).await)) })
    });
    let _ = Reflect::set(&bench, &"exploreRate".into(), explore_rate.as_ref());
    let _ = Reflect::set(&bench, &"exploreRateInWorker".into(), in_worker.as_ref());
    // The page keeps these for its whole life.
    simulate_10k.forget();
    explore_rate.forget();
    in_worker.forget();
    crate::web::contract::publish(crate::web::contract::Field::CoreBench, &bench.into());
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

fn race_options(max: u32) -> ExploreOptions {
    ExploreOptions {
        prune: false,
        max_schedules: u64::from(max),
        ..ExploreOptions::default()
    }
}

/// Explores the 4-thread race without pruning, up to `max` schedules: runs per second.
fn explore_rate(max: u32) -> Vec<(&'static str, f64)> {
    let Ok(scenario) = load(FOUR_THREADS) else {
        return vec![("error", 1.0)];
    };
    let options = race_options(max);
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

/// The same search in a fresh explorer worker, as the app runs it (slices, progress messages):
/// runs per second from posting the start to receiving the final report.
async fn explore_rate_in_worker(max: u32) -> Vec<(&'static str, f64)> {
    let Ok(worker) = crate::live::pool::spawn_worker().await else {
        return vec![("error", 1.0)];
    };
    let start = ToExplorer::ExploreStart {
        id: 1,
        text: FOUR_THREADS.to_string(),
        options: race_options(max),
    };
    let started = now_ms();
    let report = final_report(&worker, &explorer_bytes(&start)).await;
    let ms = now_ms() - started;
    worker.terminate();
    match report {
        Some((runs, progress_messages)) => vec![
            ("ms", ms),
            ("runs", runs),
            ("per_second", runs / (ms / 1e3)),
            ("progress_messages", progress_messages),
        ],
        None => vec![("error", 1.0)],
    }
}

/// Posts `start` to `worker` and waits for its `explore_done`: the runs it made, and how many
/// progress messages came before it.
async fn final_report(worker: &Worker, start: &[u8]) -> Option<(f64, f64)> {
    let result: Rc<RefCell<Option<(f64, f64)>>> = Rc::default();
    let progress = Rc::new(RefCell::new(0.0));
    let mut keep = None;
    let done = Promise::new(&mut |resolve, _reject| {
        let (result, progress) = (result.clone(), progress.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(bytes) = crate::web::message::bytes_of(&e.data()) else {
                return;
            };
            match parse_from_explorer(&bytes) {
                Ok(FromExplorer::ExploreProgress { .. }) => *progress.borrow_mut() += 1.0,
                Ok(FromExplorer::ExploreDone { report, .. }) => {
                    let runs = (report.schedules + report.pruned) as f64;
                    *result.borrow_mut() = Some((runs, *progress.borrow()));
                    let _ = resolve.call0(&JsValue::NULL);
                }
                Ok(FromExplorer::ExploreError { .. }) => {
                    let _ = resolve.call0(&JsValue::NULL);
                }
                Err(_) => {}
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        keep = Some(on_message);
    });
    crate::web::message::post_to_worker(worker, start);
    JsFuture::from(done).await.ok()?;
    worker.set_onmessage(None);
    drop(keep);
    let out = result.borrow_mut().take();
    out
}
