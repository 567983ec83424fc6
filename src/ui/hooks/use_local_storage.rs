//! localStorage: read a value once, and keep a value saved whenever it changes.

use yew::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value for `key`, if storage is available and holds one.
pub fn read_storage(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; a full or disabled storage is ignored (autosave is best effort).
pub fn write_storage(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Saves `value` under `key` after every render in which it changed.
#[hook]
pub fn use_local_storage(key: &'static str, value: String) {
    use_effect_with(value, move |value| write_storage(key, value));
}
