//! One rule, both runners: the lifecycle rules in `rules::lifecycle` are what the simulator
//! and live mode's coordinator both do. Changing a rule there (for example "join fails on the
//! *last* failure") changes both, and this file is the test that shows it in both.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::live::local::run_local;
use interleave::model::parse;
use interleave::sim::{simulate, RunSummary, SimOptions, TaskState};

/// Two tasks fail at different times. `waiter` joins them while they run (woken by the first
/// failure); `after` joins them once both have failed (it picks the first by end order).
const TWO_FAILURES: &str = "\
async late {
  sleep 200ms
  fail \"late boom\"
}

async early {
  sleep 100ms
  fail \"early boom\"
}

async waiter {
  join late, early
}

async after {
  sleep 300ms
  join late, early
}
";

fn both(text: &str) -> [RunSummary; 2] {
    let scenario = parse(text).expect("the scenario parses");
    let simulated = simulate(&scenario, &SimOptions::default()).summary;
    let (_, live) = run_local(&scenario, 10_000_000);
    [simulated, live]
}

fn error_of<'a>(summary: &'a RunSummary, task: &str) -> Option<&'a str> {
    let row = summary.tasks.iter().find(|t| t.name == task)?;
    assert_eq!(row.state, TaskState::Failed, "{task} failed");
    row.error.as_deref()
}

#[test]
fn join_fails_on_the_first_failure_in_both_runners() {
    for summary in both(TWO_FAILURES) {
        for joiner in ["waiter", "after"] {
            assert_eq!(
                error_of(&summary, joiner),
                Some("task early failed: early boom"),
                "{joiner}, mode {:?}",
                summary.mode
            );
        }
    }
}

#[test]
fn spawn_of_a_started_task_fails_in_both_runners() {
    let text = "\
async worker on spawn {
  sleep 10ms
}

async main {
  spawn worker
  spawn worker
}
";
    for summary in both(text) {
        assert_eq!(
            error_of(&summary, "main"),
            Some("task worker already started"),
            "mode {:?}",
            summary.mode
        );
    }
}

#[test]
fn cancel_of_a_task_not_yet_started_ends_it_in_both_runners() {
    let text = "\
async late at 1s {
  sleep 10ms
}

async main {
  cancel late
}
";
    for summary in both(text) {
        let late = summary
            .tasks
            .iter()
            .find(|t| t.name == "late")
            .expect("late");
        assert_eq!(late.state, TaskState::Cancelled, "mode {:?}", summary.mode);
        assert_eq!(
            late.start_us, None,
            "it never started (mode {:?})",
            summary.mode
        );
    }
}
