//! Small browser handles the viewer keeps in state: an animation-frame ticker, event listeners,
//! resize and theme observers. Each removes itself from the page when dropped.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget};

/// Calls a function on the next animation frame after each `request`; dropping it cancels a
/// pending frame. The closure lives as long as the ticker, so a frame never calls a dropped one.
pub struct Ticker {
    pending: Rc<Cell<Option<i32>>>,
    closure: Closure<dyn FnMut(f64)>,
}

impl Ticker {
    pub fn new(mut on_frame: impl FnMut(f64) + 'static) -> Ticker {
        let pending = Rc::new(Cell::new(None));
        let flag = pending.clone();
        let closure = Closure::<dyn FnMut(f64)>::new(move |now: f64| {
            flag.set(None);
            on_frame(now);
        });
        Ticker { pending, closure }
    }

    /// Asks for one frame, unless one is already pending.
    pub fn request(&self) {
        if self.pending.get().is_some() {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(id) = window.request_animation_frame(self.closure.as_ref().unchecked_ref()) {
            self.pending.set(Some(id));
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.pending.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
    }
}

/// An event listener on a target, removed when dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Listener {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            kind,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Reports an element's content size (CSS px) whenever it changes, until dropped.
pub struct SizeWatch {
    observer: web_sys::ResizeObserver,
    _closure: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeWatch {
    pub fn new(el: &Element, mut on_size: impl FnMut(f64, f64) + 'static) -> Option<SizeWatch> {
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                let rect = entry.content_rect();
                on_size(rect.width(), rect.height());
            }
        });
        let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(SizeWatch {
            observer,
            _closure: closure,
        })
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls back when `<html>`'s attributes change (the theme toggle sets `data-theme`), until dropped.
pub struct ThemeWatch {
    observer: web_sys::MutationObserver,
    _closure: Closure<dyn FnMut()>,
}

impl ThemeWatch {
    pub fn new(on_change: impl FnMut() + 'static) -> Option<ThemeWatch> {
        let root = web_sys::window()?.document()?.document_element()?;
        let closure = Closure::<dyn FnMut()>::new(on_change);
        let observer = web_sys::MutationObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        let init = web_sys::MutationObserverInit::new();
        init.set_attributes(true);
        observer.observe_with_options(&root, &init).ok()?;
        Some(ThemeWatch {
            observer,
            _closure: closure,
        })
    }
}

impl Drop for ThemeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

pub use crate::web::clock::now_ms;

/// The page is in the dark theme (`<html data-theme="dark">`).
pub fn dark_theme() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"))
        .is_some_and(|t| t == "dark")
}

/// The device pixel ratio, at least 1 and at most 3 (more costs paint time and shows nothing).
pub fn pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 3.0)
}

pub use crate::web::dom::download_blob as download;

/// The event's target is a text field, a select or an editable element: keys belong to it.
pub fn typing_target(e: &web_sys::Event) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el
            .closest("[contenteditable=''], [contenteditable='true'], .cm-editor")
            .ok()
            .flatten()
            .is_some()
}
