//! The frame-time benchmark mode (`?bench=frames`): generates runs of a requested size with the
//! real simulator, and records each paint's duration and each animation frame's interval so
//! `tests/e2e/bench-frames.mjs` can report p50/p95 per size.
//!
//! In this mode `window.__interleave.bench` offers `load(events)` (returns the events made and
//! the ms it took to simulate and index), `reset()` and `stats()` (`{ paint_ms, frame_ms, work_ms, rects }`).

use crate::model::load;
use crate::sim::{simulate, SimOptions};
use crate::ui::run::{next_generation, RunView};
use crate::web::contract::{publish, Field};
use js_sys::{Array, Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::Callback;

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static PAINT: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static RECTS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static FRAMES: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static WORK: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static LAST_FRAME: Cell<Option<f64>> = const { Cell::new(None) };
    /// When the current animation frame's callback began (`performance.now()`), until its paint.
    static FRAME_START: Cell<Option<f64>> = const { Cell::new(None) };
}

/// The page was opened with `?bench=frames`.
pub fn requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| s.split(['?', '&']).any(|kv| kv == "bench=frames"))
}

/// Records one paint's duration (ms) and how many rectangles it drew.
pub fn record_paint(ms: f64, rects: usize) {
    if ON.with(Cell::get) {
        PAINT.with(|p| p.borrow_mut().push(ms));
        RECTS.with(|r| r.borrow_mut().push(rects as f64));
        // The whole update of an animation frame: state, every panel's re-render, the paint.
        if let Some(start) = FRAME_START.with(Cell::take) {
            WORK.with(|w| w.borrow_mut().push(super::dom::now_ms() - start));
        }
    }
}

/// Records the interval since the previous animation frame, and when this one began.
pub fn record_frame(now: f64) {
    if ON.with(Cell::get) {
        FRAME_START.with(|s| s.set(Some(super::dom::now_ms())));
        if let Some(last) = LAST_FRAME.with(|l| l.replace(Some(now))) {
            FRAMES.with(|f| f.borrow_mut().push(now - last));
        }
    }
}

/// A scenario that makes about `events` events: async tasks contending for a lock on the event
/// loop, jobs sharing a semaphore on the pool, and threads computing and sleeping.
fn scenario_text(rounds: u64) -> String {
    format!(
        "scenario \"frame benchmark\"\nruntime {{\n  workers 4\n  max_time 100min\n}}\nmutex m\nsemaphore s = 2\n\
         async a x8 {{\n  repeat {rounds} {{\n    lock m\n    compute 1ms\n    unlock m\n    sleep 2ms\n  }}\n}}\n\
         job j x6 {{\n  repeat {rounds} {{\n    acquire s\n    compute 3ms\n    release s\n    sleep 1ms\n  }}\n}}\n\
         thread t x4 {{\n  repeat {rounds} {{\n    compute 2ms\n    sleep 1ms\n  }}\n}}\n"
    )
}

/// Simulates the benchmark scenario with enough rounds for about `events` events.
fn generate(events: usize) -> Option<RunView> {
    let probe = simulate(&load(&scenario_text(10)).ok()?, &SimOptions::default());
    let per_round = (probe.summary.events as f64 / 10.0).max(1.0);
    let rounds = ((events as f64 / per_round).ceil() as u64).max(1);
    let scenario = load(&scenario_text(rounds)).ok()?;
    let options = SimOptions {
        max_events: events,
        ..SimOptions::default()
    };
    let run = simulate(&scenario, &options);
    Some(RunView::from_sim(&scenario, run, next_generation()))
}

/// Installs `window.__interleave.bench`; `show` swaps the viewer's run.
pub fn install(show: Callback<Rc<RunView>>) {
    ON.with(|on| on.set(true));
    let bench = Object::new();
    let load_fn = Closure::<dyn FnMut(f64) -> JsValue>::new(move |events: f64| {
        let started = super::dom::now_ms();
        let Some(run) = generate(events.max(1.0) as usize) else {
            return JsValue::NULL;
        };
        let made = run.trace.events.len();
        show.emit(Rc::new(run));
        let out = Object::new();
        let _ = Reflect::set(&out, &"events".into(), &(made as f64).into());
        let _ = Reflect::set(
            &out,
            &"load_ms".into(),
            &(super::dom::now_ms() - started).into(),
        );
        out.into()
    });
    let reset_fn = Closure::<dyn FnMut()>::new(|| {
        PAINT.with(|p| p.borrow_mut().clear());
        RECTS.with(|r| r.borrow_mut().clear());
        FRAMES.with(|f| f.borrow_mut().clear());
        WORK.with(|w| w.borrow_mut().clear());
        LAST_FRAME.with(|l| l.set(None));
    });
    let stats_fn = Closure::<dyn FnMut() -> JsValue>::new(|| {
        let arr = |v: &RefCell<Vec<f64>>| {
            v.borrow()
                .iter()
                .map(|x| JsValue::from_f64(*x))
                .collect::<Array>()
        };
        let out = Object::new();
        let _ = Reflect::set(&out, &"paint_ms".into(), &PAINT.with(arr));
        let _ = Reflect::set(&out, &"rects".into(), &RECTS.with(arr));
        let _ = Reflect::set(&out, &"frame_ms".into(), &FRAMES.with(arr));
        let _ = Reflect::set(&out, &"work_ms".into(), &WORK.with(arr));
        out.into()
    });
    let _ = Reflect::set(&bench, &"load".into(), load_fn.as_ref());
    let _ = Reflect::set(&bench, &"reset".into(), reset_fn.as_ref());
    let _ = Reflect::set(&bench, &"stats".into(), stats_fn.as_ref());
    // The benchmark page lives until it is closed: these closures must outlive every call.
    load_fn.forget();
    reset_fn.forget();
    stats_fn.forget();
    publish(Field::FramesBench, &bench.into());
}
