//! `use_window_event`: listens to one event type on `window` while the component lives.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Calls `callback` for every `event` on `window`. The listener is added once; it calls the
/// callback of the latest render, and is removed when the component unmounts.
#[hook]
pub fn use_window_event(event: &'static str, callback: Callback<web_sys::Event>) {
    let latest = use_mut_ref(|| callback.clone());
    *latest.borrow_mut() = callback;
    use_effect_with(event, move |event| {
        let event = *event;
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            let callback = latest.borrow().clone();
            callback.emit(e);
        });
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ =
                window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = &window {
                let _ = window
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
            drop(listener);
        }
    });
}
