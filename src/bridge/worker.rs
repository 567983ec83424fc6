//! The bridge worker's entry (trunk's `data-bin="bridge"`): answers the page's requests.

use super::protocol::{reply_to, BridgeReply, BridgeRequest, Said};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Installs the message handler and tells the page it is ready.
pub fn install() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to_page = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = reply_to(request(&event.data()));
        let _ = reply_to_page.post_message(&reply_object(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // A panic would otherwise reach the page only as "unreachable": say what broke.
    std::panic::set_hook(Box::new(|info| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&object(&[("fatal", info.to_string().into())]));
    }));
    let _ = scope.post_message(&object(&[("ready", true.into())]));
}

/// The request in a message; a field that is missing reads as empty, and is refused as such.
fn request(data: &JsValue) -> BridgeRequest {
    let text = |key: &str| {
        Reflect::get(data, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let id = Reflect::get(data, &"id".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    match text("op").as_str() {
        "export" => BridgeRequest::Export {
            id,
            scenario: text("scenario"),
            target: text("target"),
            lang: text("lang"),
        },
        _ => BridgeRequest::Import {
            id,
            source: text("source"),
            cpu: text("cpu"),
            lang: text("lang"),
        },
    }
}

fn reply_object(reply: &BridgeReply) -> JsValue {
    let list = |items: &[Said]| -> JsValue {
        items
            .iter()
            .map(|s| {
                let hint = s.hint.as_deref().map_or(JsValue::NULL, JsValue::from_str);
                object(&[
                    ("line", s.line.into()),
                    ("col", s.col.into()),
                    ("message", s.message.as_str().into()),
                    ("hint", hint),
                ])
            })
            .collect::<Array>()
            .into()
    };
    let text = reply
        .text
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    object(&[
        ("id", reply.id.into()),
        ("text", text),
        ("errors", list(&reply.errors)),
        ("notes", list(&reply.notes)),
    ])
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&o, &(*key).into(), value);
    }
    o.into()
}
