//! The page's side of the bridge worker: started on first use, then one request at a time by id.

use crate::bridge::protocol::{BridgeReply, BridgeRequest, Said};
use crate::web::dom::worker_file;
use js_sys::{Array, Function, Object, Promise, Reflect};
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
    let message = request_object(&make(id));
    let reply = Promise::new(&mut |resolve, reject| {
        BRIDGE.with(|b| {
            if let Some(b) = b.borrow_mut().as_mut() {
                b.pending.insert(id, (resolve, reject));
            }
        });
    });
    BRIDGE.with(|b| match b.borrow().as_ref() {
        Some(b) => b
            .worker
            .post_message(&message)
            .map_err(|e| format!("{e:?}")),
        None => Err("the code bridge stopped".to_string()),
    })?;
    let value = JsFuture::from(reply)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    Ok(reply_from(&value))
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
    })
}

fn on_message(data: &JsValue) {
    if field(data, "ready").is_truthy() {
        BRIDGE.with(|b| {
            if let Some((resolve, _)) = b.borrow_mut().as_mut().and_then(|b| b.ready_settle.take())
            {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        return;
    }
    if let Some(why) = field(data, "fatal").as_string() {
        fail_all(&format!("the code bridge failed: {why}"));
        return;
    }
    let id = field(data, "id").as_f64().unwrap_or(0.0) as u32;
    let waiter = BRIDGE.with(|b| b.borrow_mut().as_mut().and_then(|b| b.pending.remove(&id)));
    if let Some((resolve, _)) = waiter {
        let _ = resolve.call1(&JsValue::NULL, data);
    }
}

fn field(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A request as the plain object the worker reads.
fn request_object(request: &BridgeRequest) -> JsValue {
    let o = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&o, &key.into(), &value);
    };
    match request {
        BridgeRequest::Import {
            id,
            source,
            cpu,
            lang,
        } => {
            set("op", "import".into());
            set("id", (*id).into());
            set("source", source.as_str().into());
            set("cpu", cpu.as_str().into());
            set("lang", lang.as_str().into());
        }
        BridgeRequest::Export {
            id,
            scenario,
            target,
            lang,
        } => {
            set("op", "export".into());
            set("id", (*id).into());
            set("scenario", scenario.as_str().into());
            set("target", target.as_str().into());
            set("lang", lang.as_str().into());
        }
    }
    o.into()
}

/// The reply object the worker posted.
fn reply_from(data: &JsValue) -> BridgeReply {
    let list = |key: &str| -> Vec<Said> {
        Array::from(&field(data, key))
            .iter()
            .map(|s| Said {
                line: field(&s, "line").as_f64().unwrap_or(0.0) as u32,
                col: field(&s, "col").as_f64().unwrap_or(0.0) as u32,
                message: field(&s, "message").as_string().unwrap_or_default(),
                hint: field(&s, "hint").as_string(),
            })
            .collect()
    };
    BridgeReply {
        id: field(data, "id").as_f64().unwrap_or(0.0) as u32,
        text: field(data, "text").as_string(),
        errors: list("errors"),
        notes: list("notes"),
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
