//! The page's contract with tests, benchmarks and other tools: `window.__interleave`.
//!
//! Every field the app publishes is a [`Field`], documented here (docs/LIVE.md shows how the
//! tests use `test`). The run
//! summary ([`Field::Summary`], with its `interleave:run` event) is the documented browser
//! contract and is published in every build; the fields marked *devtools* exist only in builds
//! with the `devtools` cargo feature (the test and benchmark builds), never in a release.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// A field of `window.__interleave`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `summary`: the last finished run's summary, the JSON of `interleave run --json`
    /// (docs/LANGUAGE.md §8; the browser contract is §11.5). Each new value is also sent as the `detail` of an
    /// `interleave:run` event on `window`.
    Summary,
    /// `text`: the scenario text the page shows now.
    Text,
    /// `timeline`: the viewer's state, `{ playhead_us, playing, zoom: { t0, t1 }, view, lanes,
    /// applied, end_us, events, speed, selected, tour, highlighted, values }`, re-published when it
    /// changes
    /// (`tour`: the lesson stop shown, or null; `highlighted`: the task ids that stop highlights;
    /// `values`: each variable and channel row, `{ name, chips }`, with the chips reached).
    Timeline,
    /// `explore`: the explorer's last report (schedules, outcome groups, bounds). Each new
    /// value is also sent as the `detail` of an `interleave:explore` event on `window`.
    Explore,
    /// `compare`: the simulated-against-live comparison of the last live run.
    Compare,
    /// `pool`: the warm worker pool, `{ count, startup_ms, cores, iters_per_us }` or
    /// `{ error }`.
    Pool,
    /// *devtools*, `bench`: the frame-time benchmark of `?bench=frames`.
    FramesBench,
    /// *devtools*, `coreBench`: the simulator and explorer in wasm, `?bench=core`.
    CoreBench,
    /// *devtools*, `liveBench`: live mode's benchmarks, `?bench=live`.
    LiveBench,
    /// *devtools*, `test`: the test hooks of `?test=1` (`killWorkerOf`, `silenceWorkerOf`,
    /// `lastResult`, …).
    Test,
}

impl Field {
    /// The field's name on `window.__interleave`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Summary => "summary",
            Field::Text => "text",
            Field::Timeline => "timeline",
            Field::Explore => "explore",
            Field::Compare => "compare",
            Field::Pool => "pool",
            Field::FramesBench => "bench",
            Field::CoreBench => "coreBench",
            Field::LiveBench => "liveBench",
            Field::Test => "test",
        }
    }

    /// The event on `window` that announces each new value, for the fields that have one.
    pub fn event(self) -> Option<&'static str> {
        match self {
            Field::Summary => Some("interleave:run"),
            Field::Explore => Some("interleave:explore"),
            _ => None,
        }
    }
}

/// Sets `window.__interleave[field] = value`, creating the object on first use.
pub fn publish(field: Field, value: &JsValue) {
    if let Some(root) = web_sys::window().map(|w| object_in(&w, "__interleave")) {
        let _ = Reflect::set(&root, &field.key().into(), value);
    }
}

/// `window.__interleave[field]` as an object to add members to, created on first use.
pub fn published_object(field: Field) -> Option<JsValue> {
    let window = web_sys::window()?;
    Some(object_in(&object_in(&window, "__interleave"), field.key()))
}

/// Publishes `json` on `field`, and sends the field's event with it when it has one
/// ([`Field::event`]).
pub fn publish_announced(field: Field, json: &str) {
    let Ok(value) = js_sys::JSON::parse(json) else {
        return;
    };
    publish(field, &value);
    let Some(event_name) = field.event() else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&value);
    let event = web_sys::CustomEvent::new_with_event_init_dict(event_name, &init);
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
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
