//! Publishes each finished run on the page for tests and tools (`crate::web::contract`).

use crate::sim::RunSummary;
use crate::web::contract::{publish, publish_announced, Field};
use wasm_bindgen::JsValue;

/// Publishes a finished run's summary (the browser contract, [`Field::Summary`]).
pub fn publish_summary(summary: &RunSummary) {
    if let Ok(json) = serde_json::to_string(summary) {
        publish_announced(Field::Summary, &json);
    }
}

/// Publishes the current scenario text too, so tools can compare what a page shows.
pub fn publish_text(text: &str) {
    publish(Field::Text, &JsValue::from_str(text));
}
