//! localStorage: read a value once, and keep a value saved whenever it changes.

use yew::prelude::*;

/// Why a save failed when the page has no storage (the banner translates it).
pub const STORAGE_OFF: &str = "the browser's storage is turned off for this page";
/// Why a save failed when the browser gave no reason (the banner translates it).
pub const STORAGE_REFUSED: &str = "the browser refused to save";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value for `key`, if storage is available and holds one.
pub fn read_storage(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; a full or disabled storage is ignored (for settings).
pub fn write_storage(key: &str, value: &str) {
    let _ = try_write_storage(key, value);
}

/// Stores `value` under `key`, or says why it could not (storage full, or turned off).
pub fn try_write_storage(key: &str, value: &str) -> Result<(), String> {
    let storage = storage().ok_or(STORAGE_OFF)?;
    storage.set_item(key, value).map_err(|e| {
        js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| STORAGE_REFUSED.to_string())
    })
}

/// Saves `value` under `key` after every render in which it changed.
#[hook]
pub fn use_local_storage(key: &'static str, value: String) {
    use_effect_with(value, move |value| write_storage(key, value));
}
