//! Publishes app state on `window.__interleave` for tests, benchmarks and other tools.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Sets `window.__interleave[key] = value`, creating the object on first use.
pub fn publish(key: &str, value: &JsValue) {
    if let Some(root) = web_sys::window().map(|w| object_in(&w, "__interleave")) {
        let _ = Reflect::set(&root, &key.into(), value);
    }
}

/// `window.__interleave[key]` as an object to add fields to, created on first use.
pub fn published_object(key: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Some(object_in(&object_in(&window, "__interleave"), key))
}

/// `parent[key]` if it is an object, else a fresh object put there.
fn object_in(parent: &JsValue, key: &str) -> JsValue {
    Reflect::get(parent, &key.into())
        .ok()
        .filter(JsValue::is_object)
        .unwrap_or_else(|| {
            let fresh: JsValue = Object::new().into();
            let _ = Reflect::set(parent, &key.into(), &fresh);
            fresh
        })
}
