//! A draggable (and keyboard-movable) divider that resizes the editor or the bottom panels.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    /// `true`: a vertical bar that moves left/right (the editor's width).
    pub vertical: bool,
    /// Where the divider is, in percent of the container (from the left, or from the bottom).
    pub value: f64,
    pub min: f64,
    pub max: f64,
    pub label: AttrValue,
    pub on_change: Callback<f64>,
}

#[function_component(Splitter)]
pub fn splitter(props: &SplitterProps) -> Html {
    let dragging = use_state(|| false);
    // The latest position, also between a key press and the render it causes, so that two
    // quick presses move it twice.
    let current = use_mut_ref(|| props.value);
    *current.borrow_mut() = props.value;
    let (vertical, min, max) = (props.vertical, props.min, props.max);
    let clamp = move |v: f64| v.max(min).min(max);
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            dragging.set(true);
        })
    };
    let onpointermove = {
        let (dragging, on_change) = (dragging.clone(), props.on_change.clone());
        Callback::from(move |e: PointerEvent| {
            if !*dragging {
                return;
            }
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let Some(parent) = target.and_then(|t| t.parent_element()) else {
                return;
            };
            let rect = parent.get_bounding_client_rect();
            let pct = if vertical {
                (f64::from(e.client_x()) - rect.left()) / rect.width() * 100.0
            } else {
                (rect.bottom() - f64::from(e.client_y())) / rect.height() * 100.0
            };
            if pct.is_finite() {
                on_change.emit(clamp(pct));
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let onkeydown = {
        let (current, on_change) = (current.clone(), props.on_change.clone());
        Callback::from(move |e: KeyboardEvent| {
            let step = match (vertical, e.key().as_str()) {
                (true, "ArrowLeft") | (false, "ArrowDown") => -2.0,
                (true, "ArrowRight") | (false, "ArrowUp") => 2.0,
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            let next = clamp(*current.borrow() + step);
            *current.borrow_mut() = next;
            on_change.emit(next);
        })
    };
    let style = if vertical {
        format!("left: calc({}% - 3px)", props.value)
    } else {
        format!("bottom: calc({}% - 3px)", props.value)
    };
    html! {
        <div class={classes!("header-splitter", if vertical { "header-splitter-v" } else { "header-splitter-h" }, (*dragging).then_some("header-splitter-on"))}
            {style} role="separator" tabindex="0" aria-label={props.label.clone()} title={props.label.clone()}
            aria-orientation={if vertical { "vertical" } else { "horizontal" }}
            aria-valuenow={format!("{:.0}", props.value)} aria-valuemin={format!("{min:.0}")} aria-valuemax={format!("{max:.0}")}
            {onpointerdown} {onpointermove} {onpointerup} {onkeydown} />
    }
}
