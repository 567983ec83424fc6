//! Browser tests under `wasm-pack test --headless --chrome`: the core and the app's page glue in wasm.
#![cfg(target_arch = "wasm32")]

use interleave::model::{Diagnostic, Pos};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn diagnostics_format_the_same_in_the_browser() {
    let d =
        Diagnostic::error(Pos::new(3, 7), "unknown mutex \"m2\"").with_hint("did you mean \"m1\"?");
    assert_eq!(
        d.to_string(),
        "3:7: unknown mutex \"m2\" (hint: did you mean \"m1\"?)"
    );
}

#[wasm_bindgen_test]
fn publish_puts_values_on_window_interleave() {
    use interleave::web::contract::{publish, Field};
    publish(Field::Text, &JsValue::from_f64(42.0));
    let window = web_sys::window().expect("a browser test has a window");
    let root = js_sys::Reflect::get(&window, &"__interleave".into()).expect("published root");
    let value = js_sys::Reflect::get(&root, &"text".into()).expect("published value");
    assert_eq!(value.as_f64(), Some(42.0));
}

#[wasm_bindgen_test]
fn preset_traces_hash_the_same_as_the_native_build() {
    use interleave::model::{load, presets::presets};
    use interleave::sim::{simulate, trace_hash, SimOptions};
    // Written by the native test `tests/golden_hashes.rs`, which checks the same lines.
    let golden = include_str!("golden/trace_hashes.txt");
    let browser: String = presets()
        .iter()
        .map(|p| {
            let scenario = load(p.source).expect("every preset loads");
            let run = simulate(&scenario, &SimOptions::default());
            format!("{} {:016x}\n", p.id, trace_hash(&run.trace))
        })
        .collect();
    assert_eq!(browser, golden);
}

#[wasm_bindgen_test]
fn a_run_in_slices_hashes_the_same_as_the_native_build() {
    use interleave::model::{load, presets::presets};
    use interleave::sim::{trace_hash, SimOptions, SimSession};
    // The app runs big scenarios in slices; in wasm too that is the same run, event for event.
    let golden = include_str!("golden/trace_hashes.txt");
    let browser: String = presets()
        .iter()
        .map(|p| {
            let scenario = load(p.source).expect("every preset loads");
            let run = SimSession::new(&scenario, &SimOptions::default()).finish(3);
            format!("{} {:016x}\n", p.id, trace_hash(&run.trace))
        })
        .collect();
    assert_eq!(browser, golden);
}
