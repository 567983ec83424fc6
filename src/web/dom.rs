//! Small browser helpers: the address, the language, the theme, the clipboard and files.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The page's address fragment, with its `#` (empty when there is none).
pub fn location_hash() -> String {
    let location = web_sys::window().map(|w| w.location());
    location.and_then(|l| l.hash().ok()).unwrap_or_default()
}

/// The page's address without its fragment: where a share link points.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// Drops the fragment from the address bar without reloading or firing `hashchange`, so that
/// a reload shows the user's autosaved work rather than the link they opened earlier.
pub fn clear_hash() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = Reflect::get(&window, &"history".into()) else {
        return;
    };
    let replace = Reflect::get(&history, &"replaceState".into());
    if let Ok(replace) = replace.and_then(|f| f.dyn_into::<Function>()) {
        let _ = replace.call3(&history, &JsValue::NULL, &"".into(), &page_base().into());
    }
}

/// The browser's preferred language tag, e.g. `zh-CN` or `en-US`.
pub fn navigator_language() -> String {
    let navigator = web_sys::window().map(|w| w.navigator());
    navigator.and_then(|n| n.language()).unwrap_or_default()
}

/// Whether the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(Ok(match_media)) =
        Reflect::get(&window, &"matchMedia".into()).map(|f| f.dyn_into::<Function>())
    else {
        return false;
    };
    let query = match_media.call1(&window, &"(prefers-color-scheme: dark)".into());
    let matches = query.and_then(|q| Reflect::get(&q, &"matches".into()));
    matches.map(|m| m.is_truthy()).unwrap_or(false)
}

/// Sets an attribute on `<html>` (its `lang`, its `data-theme`).
pub fn set_root_attr(name: &str, value: &str) {
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(root) = document.and_then(|d| d.document_element()) {
        let _ = root.set_attribute(name, value);
    }
}

/// Writes text to the clipboard; fails when the page may not (no permission, no focus).
pub async fn copy_to_clipboard(text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let clipboard = Reflect::get(&window.navigator(), &"clipboard".into())?;
    if clipboard.is_undefined() {
        return Err(JsValue::NULL);
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ())
}

/// Offers `text` as a download named `filename`.
pub fn download_text(filename: &str, text: &str) {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        download_blob(&blob, filename);
    }
}

/// The served name of a worker's file, `stem` + `suffix` (`"worker"`, `"_bg.wasm"`): the build
/// gives each worker's files a content hash and writes their names into the page (a
/// `<meta name="interleave-workers">`, xtask/src/worker_names.rs); without it, the plain name.
pub fn worker_file(stem: &str, suffix: &str) -> String {
    let hashed = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=interleave-workers]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .and_then(|names| {
            names.split_whitespace().find_map(|pair| {
                let (name, file) = pair.split_once('=')?;
                (name == stem).then(|| file.to_string())
            })
        });
    format!("{}{suffix}", hashed.unwrap_or_else(|| stem.to_string()))
}

/// A file name's stem from a scenario's title: letters, digits and `-` kept, the rest `_`.
pub fn file_stem(title: Option<&str>) -> String {
    title
        .unwrap_or("scenario")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect()
}

/// Offers a blob to the user as a download named `name`.
pub fn download_blob(blob: &web_sys::Blob, name: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The reason [`read_file`] gives for a file that is not text (the banner translates it).
pub const NOT_TEXT: &str = "the file is not text";

/// Reads a dropped or picked file as UTF-8 text.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| NOT_TEXT.to_string())
}

/// True when the event's target lies outside every element matching `selectors` (a pointer
/// press outside a popover and outside the button that opens it).
pub fn outside(e: &web_sys::Event, selectors: &str) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    el.closest(selectors).ok().flatten().is_none()
}
