//! Runs a scenario in the simulator for the views, and publishes each result on the page.

use crate::model::Scenario;
use crate::sim::{simulate, RunSummary, SimOptions};
use crate::ui::run_view::{RunMode, RunView};
use crate::web::contract::{publish, publish_summary_json, Field};
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

/// Publishes a finished run's summary (the browser contract, [`Field::Summary`]).
pub fn publish_summary(summary: &RunSummary) {
    if let Ok(json) = serde_json::to_string(summary) {
        publish_summary_json(&json);
    }
}

/// Publishes the current scenario text too, so tools can compare what a page shows.
pub fn publish_text(text: &str) {
    publish(Field::Text, &JsValue::from_str(text));
}
