//! Properties of the explorer: pruning by state never loses an outcome, schedules round-trip, hostile text never panics.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::explore::{explore, format_sched, parse_sched, replay, ExploreOptions, Report};
use interleave::explore::{ReplayStatus, MAX_CHOICE};
use interleave::model;
use interleave::sim::{trace_hash, SimOptions};
use proptest::prelude::*;

/// Snippets that interact: races on `v`, lock orders that can deadlock, a channel, a
/// semaphore, timers and compute. `K` is replaced by a number per task, so that who wrote
/// last shows in the final value.
const SNIPPETS: &[&str] = &[
    "load v\n  store v +K",
    "load v\n  yield\n  store v +K",
    "load v\n  sleep 1ms\n  store v K",
    "incr v",
    "yield",
    "sleep 1ms",
    "compute 1ms",
    "lock m\n  load v\n  yield\n  store v +K\n  unlock m",
    "lock m\n  lock n\n  unlock n\n  unlock m",
    "lock n\n  yield\n  lock m\n  unlock m\n  unlock n",
    "send q K",
    "recv q\n  store v +K",
    "acquire s\n  load v\n  sleep 1ms\n  store v +K\n  release s",
    "unlock m",
];

/// Small scenarios mixing every kind of choice point: the loop's rounds, same-instant
/// actions, cores, pool workers; timers, locks, a bounded channel, a semaphore.
fn scenario() -> impl Strategy<Value = String> {
    let task = (
        prop::sample::select(vec!["async", "thread", "job"]),
        prop::collection::vec(prop::sample::select(SNIPPETS), 1..4),
    );
    let runtime = prop::sample::select(vec!["", "  cores 1\n", "  cores 2\n  quantum 1ms\n"]);
    let workers = prop::sample::select(vec!["  workers 1\n", "  workers 2\n"]);
    (runtime, workers, prop::collection::vec(task, 2..4)).prop_map(|(rt, w, tasks)| {
        let mut src = format!(
            "runtime {{\n{w}{rt}}}\n\nmutex m\nmutex n\nvar v = 0\nchannel q capacity 1\nsemaphore s = 1\n\n"
        );
        for (i, (kind, snippets)) in tasks.iter().enumerate() {
            src.push_str(&format!("{kind} t{i} {{\n"));
            for s in snippets {
                let k = 10_i64.pow(i as u32).to_string();
                src.push_str(&format!("  {}\n", s.replace('K', &k)));
            }
            src.push_str("}\n\n");
        }
        src
    })
}

fn keys(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .groups
        .iter()
        .map(|g| serde_json::to_string(&g.key).unwrap_or_default())
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn pruning_by_state_finds_every_outcome_plain_enumeration_finds(src in scenario()) {
        let s = model::load(&src).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let plain = ExploreOptions { prune: false, max_schedules: 3_000, ..ExploreOptions::default() };
        let full = explore(&s, plain, Box::new(|| 0.0));
        prop_assume!(full.exhaustive);
        let pruned = explore(&s, ExploreOptions::default(), Box::new(|| 0.0));
        prop_assert!(pruned.exhaustive);
        prop_assert_eq!(keys(&pruned), keys(&full), "{}", src);
        prop_assert_eq!(pruned.makespan_min_us, full.makespan_min_us);
        prop_assert_eq!(pruned.makespan_max_us, full.makespan_max_us);
        for g in &pruned.groups {
            let (again, status) = replay(&s, &SimOptions::default(), &g.sched);
            prop_assert_eq!(status, ReplayStatus::Followed);
            prop_assert_eq!(format!("{:016x}", trace_hash(&again.trace)), g.trace_hash.clone());
        }
    }

    #[test]
    fn with_a_preemption_bound_pruning_still_finds_what_plain_enumeration_finds(
        src in scenario(), bound in 0u32..3) {
        let s = model::load(&src).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let opts = |prune| ExploreOptions {
            prune,
            preemption_bound: Some(bound),
            max_schedules: 3_000,
            ..ExploreOptions::default()
        };
        let full = explore(&s, opts(false), Box::new(|| 0.0));
        prop_assume!(full.schedules + full.pruned < 3_000);
        let pruned = explore(&s, opts(true), Box::new(|| 0.0));
        prop_assert_eq!(keys(&pruned), keys(&full), "{}", src);
        prop_assert_eq!(pruned.makespan_min_us, full.makespan_min_us);
        prop_assert_eq!(pruned.makespan_max_us, full.makespan_max_us);
        prop_assert!(pruned.groups.iter().all(|g| g.preemptions <= bound));
    }

    #[test]
    fn schedules_round_trip(sched in prop::collection::vec(
        prop_oneof![4 => Just(0u32), 2 => 0u32..4, 1 => 0..=MAX_CHOICE], 0..200)) {
        let text = format_sched(&sched);
        prop_assert_eq!(parse_sched(&text), Ok(sched));
    }

    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in "[0-9a-zA-Z.~ ,é-]{0,40}") {
        if let Ok(s) = parse_sched(&text) {
            // What reads, writes back to something that reads the same.
            prop_assert_eq!(parse_sched(&format_sched(&s)), Ok(s));
        }
    }
}
