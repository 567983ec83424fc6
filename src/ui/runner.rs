//! Runs a scenario in the simulator for the views, and publishes each result on the page.

use crate::model::Scenario;
use crate::sim::{simulate, RunSummary, SimOptions};
use crate::ui::publish::publish;
use crate::ui::run_view::{RunMode, RunView};
use wasm_bindgen::JsValue;

/// Above this many estimated step executions a run goes in slices, with progress and cancel,
/// so that a big run never freezes the page.
pub const BIG_RUN: u64 = 20_000;

/// Simulates `scenario` (with `seed` overriding its own, when given) as run `generation`.
pub fn run_sim(scenario: &Scenario, seed: Option<u64>, generation: u32) -> RunView {
    let options = SimOptions {
        seed,
        ..SimOptions::default()
    };
    let run = simulate(scenario, &options);
    let mut summary = run.summary;
    summary.mode = Some("sim".to_string());
    RunView {
        scenario: scenario.clone(),
        trace: run.trace,
        summary,
        mode: RunMode::Sim,
        generation,
    }
}

/// The browser contract: `window.__interleave.summary` holds the run summary JSON, and an
/// `interleave:run` event carries it as its `detail`.
pub fn publish_summary(summary: &RunSummary) {
    let Ok(json) = serde_json::to_string(summary) else {
        return;
    };
    let Ok(value) = js_sys::JSON::parse(&json) else {
        return;
    };
    publish("summary", &value);
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&value);
    let event = web_sys::CustomEvent::new_with_event_init_dict("interleave:run", &init);
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

/// Publishes the current scenario text too, so tools can compare what a page shows.
pub fn publish_text(text: &str) {
    publish("text", &JsValue::from_str(text));
}
