//! The web-worker pool: compiles the worker's wasm once and starts N workers that share it.

use js_sys::{Object, Promise, Reflect, WebAssembly};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// A started pool: every worker has loaded the shared module and said it is ready.
pub struct WorkerPool {
    workers: Vec<Worker>,
    /// Milliseconds from the start of `WorkerPool::start` until the last worker was ready.
    pub startup_ms: f64,
}

/// Why the pool could not start, in words for the footer.
#[derive(Debug, Clone)]
pub struct PoolError(pub String);

impl WorkerPool {
    /// Compiles `worker_bg.wasm` once, then starts `count` workers and waits until each is ready.
    pub async fn start(count: u32) -> Result<WorkerPool, PoolError> {
        let started = now_ms();
        let window = web_sys::window().ok_or_else(|| PoolError("no window".into()))?;
        let response = window.fetch_with_str("worker_bg.wasm");
        // One compilation, shared: a compiled WebAssembly.Module is structured-cloneable,
        // so each worker instantiates it without fetching or compiling again.
        let module = JsFuture::from(WebAssembly::compile_streaming(&response))
            .await
            .map_err(|e| PoolError(format!("could not compile the worker module: {e:?}")))?;
        let mut workers = Vec::new();
        let mut ready = Vec::new();
        for _ in 0..count {
            let worker = Worker::new("pool-boot.js")
                .map_err(|e| PoolError(format!("could not create a worker: {e:?}")))?;
            ready.push(wait_for_message(&worker, "ready"));
            let init = Object::new();
            let _ = Reflect::set(&init, &"type".into(), &"init".into());
            let _ = Reflect::set(&init, &"module".into(), &module);
            worker
                .post_message(&init)
                .map_err(|e| PoolError(format!("could not start a worker: {e:?}")))?;
            workers.push(worker);
        }
        for promise in ready {
            JsFuture::from(promise)
                .await
                .map_err(|e| PoolError(format!("a worker failed to start: {e:?}")))?;
        }
        Ok(WorkerPool {
            workers,
            startup_ms: now_ms() - started,
        })
    }

    pub fn len(&self) -> usize {
        self.workers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.workers.is_empty()
    }

    /// Sends a ping to every worker and resolves when all have answered.
    pub async fn ping_all(&self) -> Result<(), PoolError> {
        for (i, worker) in self.workers.iter().enumerate() {
            let pong = wait_for_message(worker, "pong");
            let ping = Object::new();
            let _ = Reflect::set(&ping, &"type".into(), &"ping".into());
            let _ = Reflect::set(&ping, &"id".into(), &(i as u32).into());
            worker
                .post_message(&ping)
                .map_err(|e| PoolError(format!("could not ping worker {i}: {e:?}")))?;
            JsFuture::from(pong)
                .await
                .map_err(|e| PoolError(format!("worker {i} did not answer: {e:?}")))?;
        }
        Ok(())
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        for worker in &self.workers {
            worker.terminate();
        }
    }
}

type MessageHandler = Closure<dyn FnMut(MessageEvent)>;

/// A promise that resolves with the next message of type `kind` from `worker`, or rejects
/// when the worker reports an error first.
fn wait_for_message(worker: &Worker, kind: &'static str) -> Promise {
    let worker = worker.clone();
    Promise::new(&mut |resolve, reject| {
        let slot: Rc<RefCell<Option<MessageHandler>>> = Rc::default();
        let slot_in = slot.clone();
        let target = worker.clone();
        let on_message = MessageHandler::new(move |event: MessageEvent| {
            let data = event.data();
            let matches = Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|v| v.as_string())
                .is_some_and(|t| t == kind);
            if matches {
                let _ = resolve.call1(&JsValue::NULL, &data);
                if let Some(handler) = slot_in.borrow_mut().take() {
                    let _ = target.remove_event_listener_with_callback(
                        "message",
                        handler.as_ref().unchecked_ref(),
                    );
                }
            }
        });
        let _ =
            worker.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        *slot.borrow_mut() = Some(on_message);
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A failed start is reported once; the handler stays with the worker.
        on_error.forget();
    })
}

/// `performance.now()` in milliseconds, or 0 where there is no performance clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
