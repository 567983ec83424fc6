//! A simulation advanced in slices writes the run `simulate` writes, whatever the slice sizes.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::Scenario;
use interleave::model::{load, presets::presets};
use interleave::sim::{simulate, SimOptions, SimRun, SimSession, Slice};
use proptest::prelude::*;

fn sliced(text: &str, options: &SimOptions, slice: u64) -> (SimRun, Vec<f64>) {
    sliced_scenario(&load(text).expect("loads"), options, slice)
}

fn sliced_scenario(scenario: &Scenario, options: &SimOptions, slice: u64) -> (SimRun, Vec<f64>) {
    let mut session = SimSession::new(scenario, options);
    let mut progress = Vec::new();
    loop {
        match session.advance(slice) {
            Slice::Running(done) => progress.push(done),
            Slice::Done(run) => return (*run, progress),
        }
    }
}

#[test]
fn every_preset_in_slices_gives_the_whole_run() {
    for p in presets() {
        let whole = simulate(&load(p.source).expect("loads"), &SimOptions::default());
        for slice in [1, 2, 7, 1000] {
            let (run, _) = sliced(p.source, &SimOptions::default(), slice);
            assert_eq!(run, whole, "{} in slices of {slice}", p.id);
        }
    }
}

#[test]
fn progress_rises_and_stays_below_one() {
    let text = "async t x200 {\n  repeat 20 {\n    yield\n  }\n}\n";
    let (run, progress) = sliced(text, &SimOptions::default(), 500);
    assert!(run.summary.success());
    assert!(
        progress.len() > 5,
        "a run of 4,000 steps takes many slices of 500"
    );
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert!(
        progress.iter().all(|p| (0.0..1.0).contains(p)),
        "{progress:?}"
    );
    assert!(*progress.last().unwrap() > 0.5, "{progress:?}");
}

#[test]
fn limits_end_a_sliced_run_as_they_end_a_whole_one() {
    let forever = "async t {\n  repeat 1000000 {\n    yield\n  }\n}\n";
    let options = SimOptions {
        max_events: 5_000,
        ..SimOptions::default()
    };
    let whole = simulate(&load(forever).expect("loads"), &options);
    let (run, _) = sliced(forever, &options, 333);
    assert_eq!(run, whole);
    assert_eq!(run.trace.events.len(), 5_000);

    // Over the task limit (only a hand-built scenario gets there: the parser caps replicas).
    let mut crowd = load("async t {\n  yield\n}\n").expect("loads");
    crowd.tasks[0].replicas = Some(20_000);
    let whole = simulate(&crowd, &SimOptions::default());
    assert_eq!(whole.summary.limit.as_deref(), Some("max_tasks"));
    let (run, progress) = sliced_scenario(&crowd, &SimOptions::default(), 10);
    assert_eq!(
        run, whole,
        "a scenario over the task limit is not run either way"
    );
    assert!(progress.is_empty());
}

const RACE: &str = "runtime {\n  policy random\n  seed 1\n}\n\nvar last = 0\n\nasync t x6 {\n  yield\n  load last\n  store last +1\n  yield\n}\n\nthread u x2 {\n  load last\n  sleep 1ms\n  store last +1\n}\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_slice_size_and_seed_give_the_whole_run(slice in 1u64..40, seed in 0u64..1000) {
        let options = SimOptions { seed: Some(seed), ..SimOptions::default() };
        let whole = simulate(&load(RACE).expect("loads"), &options);
        let (run, _) = sliced(RACE, &options, slice);
        prop_assert_eq!(run, whole);
    }
}

#[test]
fn a_recorded_schedule_replays_in_slices_as_it_replays_at_once() {
    use interleave::explore::{replay, ReplayChooser};
    let scenario = load(
        "var counter = 0\n\nthread t x3 {\n  repeat 4 {\n    load counter\n    store counter +1\n  }\n}\n",
    )
    .expect("loads");
    let options = SimOptions::default();
    let schedule = vec![2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1];
    let (whole, status) = replay(&scenario, &options, &schedule);
    for slice in [1, 3, 50] {
        let seed = scenario.runtime.seed();
        let chooser = ReplayChooser::new(&scenario, seed, schedule.clone());
        let mut session = SimSession::with_chooser(&scenario, &options, chooser);
        let run = loop {
            if let Slice::Done(run) = session.advance(slice) {
                break *run;
            }
        };
        assert_eq!(run, whole, "in slices of {slice}");
        assert_eq!(session.chooser().status(), status);
    }
}

#[test]
fn the_size_estimate_counts_the_quantum_slices_of_a_compute_on_limited_cores() {
    use interleave::sim::estimated_actions;
    let text = "runtime {\n  cores 1\n  quantum 1us\n}\n\nthread a {\n  compute 60s\n}\n\nthread b {\n  compute 60s\n}\n";
    let limited = load(text).expect("loads");
    assert!(
        estimated_actions(&limited) >= 120_000_000,
        "{}",
        estimated_actions(&limited)
    );
    let unlimited = load("thread a {\n  compute 60s\n}\n").expect("loads");
    assert_eq!(
        estimated_actions(&unlimited),
        1,
        "a compute on its own core is one action"
    );
}
