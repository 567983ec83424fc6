//! Exports the trace as Chrome Trace Event JSON (Perfetto); the PNG for slides is `slide.rs`.

use super::dom::download;
use super::model::RunModel;
use crate::trace::chrome;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag};
use yew::prelude::*;

/// Saves the run's trace as `interleave-trace.json`, which Perfetto and chrome://tracing open.
pub fn chrome_callback(model: Option<Rc<RunModel>>) -> Callback<()> {
    Callback::from(move |_| {
        let Some(m) = &model else { return };
        let json = chrome::export(m.trace());
        let parts = js_sys::Array::of1(&JsValue::from_str(&json));
        let options = BlobPropertyBag::new();
        options.set_type("application/json");
        if let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) {
            download(&blob, "interleave-trace.json");
        }
    })
}
