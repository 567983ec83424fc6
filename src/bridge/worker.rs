//! The bridge worker's entry (trunk's `data-bin="bridge"`): answers the page's requests.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Installs the message handler and tells the page it is ready.
pub fn install() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data().as_string().unwrap_or_default();
        let _ = reply_to.post_message(&JsValue::from_str(&super::protocol::answer(&request)));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // A panic would otherwise reach the page only as "unreachable": say what broke.
    std::panic::set_hook(Box::new(|info| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&JsValue::from_str(&format!(
            "{{\"panic\":{:?}}}",
            info.to_string()
        )));
    }));
    let _ = scope.post_message(&JsValue::from_str("{\"ready\":true}"));
}
