//! Publishes the timeline's state on `window.__interleave.timeline` for tests and tools:
//! `{ playhead_us, playing, zoom: { t0, t1 }, view, lanes, applied, end_us, events, speed, selected,
//! tour, highlighted, values }`: `tour` is the lesson's stop shown (0-based, or null),
//! `highlighted` the tasks that stop highlights (and `highlightedResources` how many resources), and `values` each variable and channel row
//! with the chips the playhead has reached (`{ name, chips: ["t#1 read 0", …] }`).

use super::viewer_state::ViewerState;
use crate::lang::Lang;
use crate::trace::describe::{chip_in, res_name, ChipRow};
use crate::trace::layout::RowKey;
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
    tour: Option<usize>,
    highlighted: Vec<u32>,
    highlighted_resources: usize,
    values: Vec<(String, Vec<String>)>,
    run: usize,
}

/// At most this many chips of each value row are published.
const PUBLISHED_CHIPS: usize = 20;

/// Each variable and channel row: its name, and the labels of the first chips the playhead has
/// reached, as the canvas draws them (in English, so tests read one wording).
fn value_rows(state: &ViewerState) -> Vec<(String, Vec<String>)> {
    let (Some(m), Some(rows)) = (state.model.as_ref(), state.rows()) else {
        return Vec::new();
    };
    rows.rows
        .iter()
        .filter_map(|row| match row.key {
            RowKey::Res(r) => Some((r, row.key)),
            _ => None,
        })
        .map(|(r, key)| {
            let labels = m
                .row_chips(key)
                .iter()
                .map(|k| &m.chips[*k as usize])
                .take_while(|c| c.t as f64 <= state.playhead)
                .take(PUBLISHED_CHIPS)
                .map(|c| chip_in(m.trace(), c, ChipRow::Resource, Lang::En))
                .collect();
            (res_name(m.trace(), r).into_owned(), labels)
        })
        .collect()
}

#[hook]
pub fn use_publish(state: &UseReducerHandle<ViewerState>) {
    let p = Published {
        playhead: state.playhead.max(0.0).round() as u64,
        playing: state.playing,
        t0: state.vp.t0.round() as i64,
        t1: state.vp.t1.round() as i64,
        view: state.view.as_str(),
        // Rows of tasks, threads and workers; the variable and channel rows are in `values`.
        lanes: state.rows().map_or(0, |r| {
            r.rows
                .iter()
                .filter(|row| !matches!(row.key, RowKey::Res(_)))
                .count()
        }),
        applied: state.applied(),
        end: state.end(),
        events: state.model.as_ref().map_or(0, |m| m.times.len()),
        speed_pos: state.speed_pos,
        selected: state.selected.map(|t| t.0),
        tour: state.tour,
        highlighted: state.highlight.tasks.iter().map(|t| t.0).collect(),
        highlighted_resources: state.highlight.resources.len(),
        values: value_rows(state),
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
        set("tour", p.tour.map_or(JsValue::NULL, |i| (i as f64).into()));
        let highlighted = js_sys::Array::new();
        for t in &p.highlighted {
            highlighted.push(&(*t as f64).into());
        }
        set("highlighted", highlighted.into());
        set(
            "highlightedResources",
            (p.highlighted_resources as f64).into(),
        );
        let values = js_sys::Array::new();
        for (name, chips) in &p.values {
            let row = Object::new();
            let _ = Reflect::set(&row, &"name".into(), &name.as_str().into());
            let list = js_sys::Array::new();
            for c in chips {
                list.push(&c.as_str().into());
            }
            let _ = Reflect::set(&row, &"chips".into(), &list.into());
            values.push(&row.into());
        }
        set("values", values.into());
        publish(Field::Timeline, &o.into());
    });
}
