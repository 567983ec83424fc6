//! Every preset's trace hash, checked against `tests/golden/trace_hashes.txt`, which the
//! browser test (`tests/web.rs`) checks too: the native and wasm builds give the same traces.
//!
//! After an intended change to the simulator, rewrite the file with
//! `INTERLEAVE_BLESS=1 cargo test --test golden_hashes` and review the diff.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::{load, presets::presets};
use interleave::sim::{simulate, trace_hash, SimOptions};

const GOLDEN_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/trace_hashes.txt");

fn current() -> String {
    presets()
        .iter()
        .map(|p| {
            let scenario = load(p.source).unwrap_or_else(|d| panic!("{}: {d:?}", p.id));
            let run = simulate(&scenario, &SimOptions::default());
            format!("{} {:016x}\n", p.id, trace_hash(&run.trace))
        })
        .collect()
}

#[test]
fn preset_trace_hashes_match_the_golden_file() {
    let now = current();
    if std::env::var_os("INTERLEAVE_BLESS").is_some() {
        std::fs::write(GOLDEN_PATH, &now).expect("golden file is writable");
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN_PATH).expect("golden file exists");
    assert_eq!(
        now, golden,
        "a preset's trace changed; bless it if intended"
    );
}
