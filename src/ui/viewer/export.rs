//! Exports: the timeline as a PNG image and the trace as Chrome Trace Event JSON (Perfetto).

use super::dom::download;
use super::model::RunModel;
use crate::trace::chrome;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlCanvasElement};
use yew::prelude::*;

/// Saves what the canvas shows now as `interleave-timeline.png`.
pub fn png_callback(canvas: NodeRef) -> Callback<()> {
    Callback::from(move |_| {
        let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let done = Closure::once_into_js(move |blob: JsValue| {
            if let Some(blob) = blob.dyn_ref::<Blob>() {
                download(blob, "interleave-timeline.png");
            }
        });
        let _ = c.to_blob(done.unchecked_ref());
    })
}

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
