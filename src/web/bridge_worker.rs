//! The bridge worker's entry (trunk's `data-bin="bridge"`): answers the code panel's requests
//! with `bridge::protocol::reply_to`.

use super::message::{bytes_of, post_to_page};
use crate::bridge::protocol::{reply_to, FromBridge};
use crate::wire::{self, Channel};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn post(msg: &FromBridge) {
    post_to_page(&wire::encode(Channel::Bridge, msg));
}

/// Installs the message handler and tells the page it is ready.
pub fn install() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // A message that is not a request has no id to answer to; the page only sends requests.
        let request = bytes_of(&event.data()).map(|b| wire::decode(Channel::Bridge, &b));
        if let Some(Ok(request)) = request {
            post(&FromBridge::Reply(reply_to(request)));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // A panic would otherwise reach the page only as "unreachable": say what broke.
    std::panic::set_hook(Box::new(|info| post(&FromBridge::Fatal(info.to_string()))));
    post(&FromBridge::Ready);
}
