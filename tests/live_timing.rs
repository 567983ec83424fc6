//! A live run measures timing checks instead of failing them; outcome and value checks stay verdicts.

use interleave::model::load;
use interleave::rules::RunMode;
use interleave::sim::{simulate, SimOptions};

#[test]
fn a_live_run_measures_its_timing_check_but_still_fails_a_value_check() {
    let scenario =
        load("var x = 0\n\nasync a {\n  sleep 2s\n  incr x\n}\n\nexpect makespan <= 1s\n")
            .expect("valid");
    let mut summary = simulate(&scenario, &SimOptions::default()).summary;
    assert!(!summary.success(), "the simulation judges its timing");
    assert!(summary.explain().contains("expect makespan <= 1s failed"));
    summary.mode = Some(RunMode::Live.word().to_string());
    assert!(summary.success(), "live, a slow makespan is a measurement");
    let text = summary.explain();
    assert!(
        text.contains("timing makespan <= 1s measured live"),
        "{text}"
    );
    assert!(!text.contains("failed"), "{text}");

    let scenario = load("var x = 0\n\nasync a {\n  incr x\n}\n\nexpect x == 2\n").expect("valid");
    let mut summary = simulate(&scenario, &SimOptions::default()).summary;
    summary.mode = Some(RunMode::Live.word().to_string());
    assert!(!summary.success(), "a value check is a verdict live too");
}
