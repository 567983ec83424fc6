//! Publishes app state on `window.__interleave` for tests, benchmarks and other tools.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Sets `window.__interleave[key] = value`, creating the object on first use.
pub fn publish(key: &str, value: &JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let root = Reflect::get(&window, &"__interleave".into())
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| {
            let fresh: JsValue = Object::new().into();
            let _ = Reflect::set(&window, &"__interleave".into(), &fresh);
            fresh
        });
    let _ = Reflect::set(&root, &key.into(), value);
}
