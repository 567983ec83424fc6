//! The footer: the warm worker pool for live mode (started when the app mounts), the machine's
//! real core count, and `compute`'s calibration.

use crate::live::pool::{self, PoolInfo};
use crate::live::run::test_hooks;
use crate::ui::publish::publish;
use js_sys::{Object, Reflect};
use yew::prelude::*;

/// How many pool workers the app starts (a live run's event loop gets one more, in the background).
const POOL_SIZE: usize = 4;

#[derive(Clone, PartialEq)]
enum PoolState {
    Starting,
    Ready(PoolInfo),
    Failed(String),
}

#[function_component(Footer)]
pub fn footer() -> Html {
    let state = use_state(|| PoolState::Starting);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            test_hooks::install();
            crate::live::bench_page::install();
            crate::live::bench_core::install();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match pool::warm_up(POOL_SIZE).await {
                    Ok(info) => PoolState::Ready(info),
                    Err(e) => PoolState::Failed(e.0),
                };
                publish_pool(&outcome);
                if matches!(outcome, PoolState::Ready(_)) {
                    // One more for the event loop of the first live run.
                    pool::refill(POOL_SIZE + 1);
                }
                state.set(outcome);
            });
        });
    }
    let (text, title) = match &*state {
        PoolState::Starting => ("starting workers…".to_string(), String::new()),
        PoolState::Ready(info) => (
            format!(
                "{} workers ready · started in {:.0} ms · {} cores",
                info.count, info.startup_ms, info.cores
            ),
            format!(
                "live mode runs on these web workers; this machine reports {} logical cores \
                 (navigator.hardwareConcurrency), so `cores` cannot be simulated live. \
                 compute is calibrated at {:.0} arithmetic iterations per µs on one idle core.",
                info.cores, info.iters_per_us
            ),
        ),
        PoolState::Failed(why) => (
            format!(
                "workers failed to start: {why}. Live mode needs web workers; reload to try again."
            ),
            String::new(),
        ),
    };
    let status = match &*state {
        PoolState::Ready(_) => "ready",
        PoolState::Starting => "starting",
        PoolState::Failed(_) => "failed",
    };
    html! {
        <footer class="footer">
            <span id="pool-status" data-state={status} {title}>{ text }</span>
        </footer>
    }
}

fn publish_pool(state: &PoolState) {
    let info = Object::new();
    let (status, count, ms, cores, rate) = match state {
        PoolState::Ready(i) => (
            "ready",
            i.count as f64,
            i.startup_ms,
            f64::from(i.cores),
            i.iters_per_us,
        ),
        PoolState::Starting => ("starting", 0.0, 0.0, 0.0, 0.0),
        PoolState::Failed(_) => ("failed", 0.0, 0.0, 0.0, 0.0),
    };
    let set = |k: &str, v: wasm_bindgen::JsValue| {
        let _ = Reflect::set(&info, &k.into(), &v);
    };
    set("status", status.into());
    set("count", count.into());
    set("startup_ms", ms.into());
    set("cores", cores.into());
    set("iters_per_us", rate.into());
    publish("pool", &info.into());
}
