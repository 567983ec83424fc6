//! The code a pool worker runs: answers the page's messages (for now, `ping` with `pong`).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Installs the message handler and tells the page this worker is ready.
///
/// Called from the worker binary's `main`, which wasm-bindgen runs once the page has handed
/// the worker its compiled module (see `static/pool-boot.js`).
pub fn install() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        // Anything that is not a well-formed request is ignored: a worker never panics on input.
        let Some(kind) = field_str(&data, "type") else {
            return;
        };
        if kind == "ping" {
            let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
            post(&reply_scope, "pong", id);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&scope, "ready", JsValue::NULL);
}

fn field_str(value: &JsValue, key: &str) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    Reflect::get(value, &key.into()).ok()?.as_string()
}

fn post(scope: &DedicatedWorkerGlobalScope, kind: &str, id: JsValue) {
    let message = Object::new();
    // Setting fields on a fresh plain object cannot fail.
    let _ = Reflect::set(&message, &"type".into(), &kind.into());
    let _ = Reflect::set(&message, &"id".into(), &id);
    let _ = scope.post_message(&message);
}
