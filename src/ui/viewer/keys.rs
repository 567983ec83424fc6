//! The timeline's keys (docs/APP.md A7): Space, ←/→ (Shift: 10 events), Home/End, +/−/0, and
//! N/P for the lesson's tour.

use super::dom::typing_target;
use super::viewer_state::{Action, ZOOM_STEP};
use wasm_bindgen::JsCast;

/// The action for a key press, or `None` when the key is not the timeline's (or belongs to a
/// text field, a button's own Space, or a shortcut with Ctrl, Alt or Meta).
pub fn action_for(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() || typing_target(e) {
        return None;
    }
    let ten = if e.shift_key() { 10 } else { 1 };
    Some(match e.key().as_str() {
        // Space always plays or pauses, even with a button focused (Run, just clicked): the
        // button's own Space click is held back by `holds_space_click`.
        " " | "Spacebar" => Action::TogglePlay,
        "ArrowLeft" => Action::Step(-ten),
        "ArrowRight" => Action::Step(ten),
        "Home" => Action::Home,
        "End" => Action::End,
        "+" | "=" => Action::Zoom(ZOOM_STEP),
        "-" | "_" | "−" => Action::Zoom(1.0 / ZOOM_STEP),
        "0" => Action::Fit,
        "n" | "N" => Action::TourStep(1),
        "p" | "P" => Action::TourStep(-1),
        _ => return None,
    })
}

/// True for the key-up of a Space that the timeline took, on a button or link: a button clicks
/// on Space's key-up, and that click would restart the run instead of pausing it.
pub fn holds_space_click(e: &web_sys::KeyboardEvent) -> bool {
    if !matches!(e.key().as_str(), " " | "Spacebar") || typing_target(e) {
        return false;
    }
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return false;
    }
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_lowercase().as_str(),
                "button" | "a" | "summary"
            )
        })
}
