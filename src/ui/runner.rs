//! Runs a scenario in the simulator for the views, and publishes each result on the page.

use crate::model::{Scenario, Step, StepKind};
use crate::sim::{simulate, RunSummary, SimOptions};
use crate::ui::publish::publish;
use crate::ui::run_view::{RunMode, RunView};
use wasm_bindgen::JsValue;

/// Above this many estimated step executions, the app says "simulating…" and lets the page
/// paint before it starts, so that a big run never looks like a frozen page.
pub const BIG_RUN: u64 = 20_000;

/// Roughly how many steps a run executes (replicas times steps, loops multiplied out).
pub fn estimated_work(scenario: &Scenario) -> u64 {
    fn steps(body: &[Step]) -> u64 {
        body.iter().fold(0u64, |sum, step| {
            let inner = match &step.kind {
                StepKind::Repeat { count, body } => count.saturating_mul(steps(body)),
                StepKind::Timeout { body, .. } => steps(body),
                StepKind::Try { body, catch } => steps(body).saturating_add(steps(catch)),
                _ => 0,
            };
            sum.saturating_add(1).saturating_add(inner)
        })
    }
    scenario.tasks.iter().fold(0u64, |sum, task| {
        let copies = u64::from(task.replicas.unwrap_or(1));
        sum.saturating_add(copies.saturating_mul(steps(&task.body)))
    })
}

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
