//! The `explore` command: every schedule of a scenario (or random ones), grouped by outcome.

use super::load::load;
use super::out::out;
use super::{Opts, FAILED, INVALID, OK};
use interleave::explore::{explore, parse_sched, replay, Clock, ExploreOptions, RandomOptions};
use interleave::model::Scenario;
use interleave::sim::{SimOptions, SimRun};
use std::time::Instant;

/// PCT's bug depth when `--random` is given without `--depth`.
const DEFAULT_DEPTH: u32 = 3;

pub(super) fn explore_cmd(o: &Opts) -> u8 {
    let scenario = match load(o.file.as_deref().unwrap_or("-")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let defaults = ExploreOptions::default();
    let opts = ExploreOptions {
        max_schedules: o.max_schedules.unwrap_or(defaults.max_schedules),
        preemption_bound: o.preemption_bound,
        time_budget_ms: o.time_budget_ms,
        prune: !o.no_prune,
        seed: o.seed,
        random: o.random.map(|runs| RandomOptions {
            runs,
            depth: o.depth.unwrap_or(DEFAULT_DEPTH),
        }),
        ..defaults
    };
    let started = Instant::now();
    let clock: Clock = Box::new(move || started.elapsed().as_secs_f64() * 1e3);
    let report = explore(&scenario, opts, clock);
    if o.json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => out!("{s}"),
            Err(e) => {
                eprintln!("cannot write the report: {e}");
                return FAILED;
            }
        }
    } else {
        out!("{}", report.text());
        if report.groups.iter().any(|g| !g.schedule.is_empty()) {
            out!("replay one with: interleave run FILE --sched SCHEDULE");
        }
    }
    if report.all_passed() {
        OK
    } else {
        FAILED
    }
}

/// `run --sched S`: the run along a schedule; a schedule that does not fit is a warning.
pub(super) fn run_sched(
    scenario: &Scenario,
    options: &SimOptions,
    text: &str,
) -> Result<SimRun, u8> {
    let sched = match parse_sched(text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("--sched: {e}");
            return Err(INVALID);
        }
    };
    let (run, status) = replay(scenario, options, &sched);
    if let Some(msg) = status.message() {
        eprintln!("warning: {msg}");
    }
    Ok(run)
}
