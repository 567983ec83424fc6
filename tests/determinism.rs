//! Determinism: the same scenario and seed give the same trace, event for event.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::{load, presets::presets};
use interleave::sim::{simulate, trace_hash, SimOptions};

fn options(seed: Option<u64>) -> SimOptions {
    SimOptions {
        seed,
        ..SimOptions::default()
    }
}

#[test]
fn every_preset_gives_the_same_trace_twice() {
    for p in presets() {
        let scenario = load(p.source).unwrap_or_else(|d| panic!("{}: {d:?}", p.id));
        let a = simulate(&scenario, &options(None));
        let b = simulate(&scenario, &options(None));
        assert_eq!(trace_hash(&a.trace), trace_hash(&b.trace), "{}", p.id);
        assert_eq!(a, b, "{}", p.id);
    }
}

#[test]
fn the_trace_hash_tells_different_traces_apart() {
    let hashes: Vec<u64> = presets()
        .iter()
        .map(|p| {
            let scenario = load(p.source).expect("preset loads");
            trace_hash(&simulate(&scenario, &options(None)).trace)
        })
        .collect();
    let mut unique = hashes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), hashes.len());
}

#[test]
fn the_trace_hash_is_stable_across_builds() {
    // FNV-1a of the JSON of an empty trace: a fixed value, whatever the platform.
    let empty = interleave::trace::Trace::default();
    let json = serde_json::to_vec(&empty).expect("serializes");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    assert_eq!(trace_hash(&empty), h);
}

const RANDOM: &str = "runtime {\n  policy random\n  seed 1\n}\n\nvar last = 0\n\nasync t x8 {\n  yield\n  load last\n  store last +1\n  yield\n}\n";

#[test]
fn a_random_policy_run_depends_on_the_seed_only() {
    let scenario = load(RANDOM).expect("loads");
    let hash = |seed| trace_hash(&simulate(&scenario, &options(seed)).trace);
    assert_eq!(hash(Some(5)), hash(Some(5)));
    assert_eq!(hash(None), hash(Some(1)), "the runtime seed is the default");
    assert_ne!(hash(Some(5)), hash(Some(6)));
}
