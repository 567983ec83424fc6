//! Publishes the timeline's state on `window.__interleave.timeline` for tests and tools:
//! `{ playhead_us, playing, zoom: { t0, t1 }, view, lanes, applied, end_us, events, speed, selected }`.

use super::viewer_state::ViewerState;
use crate::web::contract::{publish, Field};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// What is published; re-published only when it changes.
#[derive(Clone, PartialEq)]
struct Published {
    playhead: u64,
    playing: bool,
    t0: i64,
    t1: i64,
    view: &'static str,
    lanes: usize,
    applied: usize,
    end: u64,
    events: usize,
    speed_pos: u32,
    selected: Option<u32>,
    run: usize,
}

#[hook]
pub fn use_publish(state: &UseReducerHandle<ViewerState>) {
    let p = Published {
        playhead: state.playhead.max(0.0).round() as u64,
        playing: state.playing,
        t0: state.vp.t0.round() as i64,
        t1: state.vp.t1.round() as i64,
        view: state.view.as_str(),
        lanes: state.rows().map_or(0, |r| r.rows.len()),
        applied: state.applied(),
        end: state.end(),
        events: state.model.as_ref().map_or(0, |m| m.times.len()),
        speed_pos: state.speed_pos,
        selected: state.selected.map(|t| t.0),
        run: state
            .model
            .as_ref()
            .map_or(0, |m| std::rc::Rc::as_ptr(m) as usize),
    };
    let speed = state.speed();
    use_effect_with(p, move |p| {
        let o = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&o, &k.into(), &v);
        };
        set("playhead_us", (p.playhead as f64).into());
        set("playing", p.playing.into());
        let zoom = Object::new();
        let _ = Reflect::set(&zoom, &"t0".into(), &(p.t0 as f64).into());
        let _ = Reflect::set(&zoom, &"t1".into(), &(p.t1 as f64).into());
        set("zoom", zoom.into());
        set("view", p.view.into());
        set("lanes", (p.lanes as f64).into());
        set("applied", (p.applied as f64).into());
        set("end_us", (p.end as f64).into());
        set("events", (p.events as f64).into());
        set("speed", speed.into());
        set(
            "selected",
            p.selected.map_or(JsValue::NULL, |t| (t as f64).into()),
        );
        publish(Field::Timeline, &o.into());
    });
}
