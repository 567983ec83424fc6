//! The page's side of the bridge worker: started on first use, then one request at a time by id.

use crate::bridge::protocol::{BridgeReply, BridgeRequest, FromBridge};
use crate::web::dom::worker_file;
use crate::web::message::{bytes_of, post_to_worker};
use crate::wire::{self, Channel};
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// The worker and what waits on it.
struct Bridge {
    worker: Worker,
    /// Resolves once the worker's wasm has loaded; rejects if it cannot.
    ready: Promise,
    ready_settle: Option<(Function, Function)>,
    pending: HashMap<u32, (Function, Function)>,
    /// Replies that came, until their request's caller takes them.
    replies: HashMap<u32, BridgeReply>,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Sends `make(id)` to the bridge worker (starting it the first time) and waits for the reply.
pub async fn ask(make: impl FnOnce(u32) -> BridgeRequest) -> Result<BridgeReply, String> {
    let ready = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if b.is_none() {
            *b = Some(start()?);
        }
        Ok::<_, String>(b.as_ref().expect("just started").ready.clone())
    })?;
    JsFuture::from(ready).await.map_err(|e| {
        // A bridge that could not start is forgotten, so the next request tries again.
        stop();
        e.as_string().unwrap_or_else(|| format!("{e:?}"))
    })?;
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let message = wire::encode(Channel::Bridge, &make(id));
    let reply = Promise::new(&mut |resolve, reject| {
        BRIDGE.with(|b| {
            if let Some(b) = b.borrow_mut().as_mut() {
                b.pending.insert(id, (resolve, reject));
            }
        });
    });
    BRIDGE.with(|b| match b.borrow().as_ref() {
        Some(b) => {
            post_to_worker(&b.worker, &message);
            Ok(())
        }
        None => Err("the code bridge stopped".to_string()),
    })?;
    JsFuture::from(reply)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    BRIDGE
        .with(|b| b.borrow_mut().as_mut().and_then(|b| b.replies.remove(&id)))
        .ok_or_else(|| "the code bridge stopped".to_string())
}

fn start() -> Result<Bridge, String> {
    let (script, wasm) = (
        worker_file("bridge", ".js"),
        worker_file("bridge", "_bg.wasm"),
    );
    let worker = Worker::new(&format!("bridge-boot.js?script={script}&wasm={wasm}"))
        .map_err(|e| format!("could not start the code bridge: {e:?}"))?;
    let mut settle = None;
    let ready = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        on_message(&event.data());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        fail_all(&format!("the code bridge failed: {}", event.message()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Ok(Bridge {
        worker,
        ready,
        ready_settle: settle,
        pending: HashMap::new(),
        replies: HashMap::new(),
    })
}

fn on_message(data: &JsValue) {
    let Some(bytes) = bytes_of(data) else {
        // bridge-boot.js reports a wasm that would not load as a plain object.
        let why = Reflect::get(data, &"fatal".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "it sent something unexpected".to_string());
        fail_all(&format!("the code bridge failed: {why}"));
        return;
    };
    match wire::decode::<FromBridge>(Channel::Bridge, &bytes) {
        Ok(FromBridge::Ready) => BRIDGE.with(|b| {
            if let Some((resolve, _)) = b.borrow_mut().as_mut().and_then(|b| b.ready_settle.take())
            {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }),
        Ok(FromBridge::Reply(reply)) => {
            let waiter = BRIDGE.with(|b| {
                let mut b = b.borrow_mut();
                let b = b.as_mut()?;
                let waiter = b.pending.remove(&reply.id)?;
                b.replies.insert(reply.id, reply);
                Some(waiter)
            });
            if let Some((resolve, _)) = waiter {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
        Ok(FromBridge::Fatal(why)) => fail_all(&format!("the code bridge failed: {why}")),
        Err(why) => fail_all(&format!("the code bridge failed: {why}")),
    }
}

/// Rejects everything waiting and forgets the worker (the next request starts a new one).
fn fail_all(why: &str) {
    let bridge = BRIDGE.with(|b| b.borrow_mut().take());
    let Some(mut bridge) = bridge else { return };
    let why = JsValue::from_str(why);
    if let Some((_, reject)) = bridge.ready_settle.take() {
        let _ = reject.call1(&JsValue::NULL, &why);
    }
    for (_, (_, reject)) in bridge.pending.drain() {
        let _ = reject.call1(&JsValue::NULL, &why);
    }
    bridge.worker.terminate();
}

fn stop() {
    if let Some(bridge) = BRIDGE.with(|b| b.borrow_mut().take()) {
        bridge.worker.terminate();
    }
}
