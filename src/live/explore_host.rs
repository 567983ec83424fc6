//! The schedule explorer inside a web worker: answers the explorer's messages, running the
//! search in slices and posting each slice's progress to the page.
//!
//! Between slices the worker goes back to its event loop through a `MessageChannel` (not a
//! zero-delay `setTimeout`, which browsers clamp to 4 ms once nested), so a cancel message
//! from the page is handled within one slice and the search loses almost no time to yielding.

use crate::explore::{ExploreSession, FromExplorer, ToExplorer};
use crate::web::clock::now_ms;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{MessageChannel, MessageEvent};

/// Wall-clock work per slice. Nothing paints in a worker, so slices can be longer than the
/// page's; this bounds how late a cancel is seen and how often progress is posted.
pub const WORKER_SLICE_MS: f64 = 40.0;

#[derive(Default)]
struct Host {
    session: Option<ExploreSession>,
    /// The channel whose message runs the next slice, made on first use.
    channel: Option<MessageChannel>,
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

fn post(msg: &FromExplorer) {
    crate::web::message::post_to_page(&crate::explore::explorer_bytes(msg));
}

/// Handles one page message.
pub fn handle(msg: ToExplorer) {
    match msg {
        ToExplorer::ExploreStart { id, text, options } => {
            let now: Rc<dyn Fn() -> f64> = Rc::new(now_ms);
            match ExploreSession::start(id, &text, options, now, WORKER_SLICE_MS) {
                Ok(session) => {
                    // A new start replaces the search in progress; its slices stop at once.
                    HOST.with(|h| h.borrow_mut().session = Some(session));
                    schedule_slice();
                }
                Err(message) => {
                    HOST.with(|h| h.borrow_mut().session = None);
                    post(&FromExplorer::ExploreError { id, message });
                }
            }
        }
        ToExplorer::ExploreCancel { id } => {
            let ended = HOST.with(|h| {
                let mut h = h.borrow_mut();
                match h.session.as_mut() {
                    Some(s) if s.id == id => {
                        let msg = s.cancel();
                        h.session = None;
                        Some(msg)
                    }
                    _ => None,
                }
            });
            if let Some(msg) = ended {
                post(&msg);
            }
        }
    }
}

/// Queues the next slice behind whatever messages are already waiting.
fn schedule_slice() {
    HOST.with(|h| {
        let mut h = h.borrow_mut();
        if h.channel.is_none() {
            let Ok(channel) = MessageChannel::new() else {
                return;
            };
            let on_tick = Closure::<dyn FnMut(MessageEvent)>::new(|_| run_slice());
            channel
                .port1()
                .set_onmessage(Some(on_tick.as_ref().unchecked_ref()));
            // The handler lives as long as the worker does.
            on_tick.forget();
            h.channel = Some(channel);
        }
        if let Some(channel) = &h.channel {
            let _ = channel.port2().post_message(&JsValue::NULL);
        }
    });
}

fn run_slice() {
    let msg = HOST.with(|h| h.borrow_mut().session.as_mut().map(|s| s.slice()));
    let Some(msg) = msg else {
        return;
    };
    let more = matches!(msg, FromExplorer::ExploreProgress { .. });
    post(&msg);
    if more {
        schedule_slice();
    } else {
        HOST.with(|h| h.borrow_mut().session = None);
    }
}
