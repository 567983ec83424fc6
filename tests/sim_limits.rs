//! Limits of a run: virtual time, trace events, task count; lazy `repeat`; no panic on odd input.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use interleave::model::{
    NameRef, Pos, Resource, ResourceKind, Scenario, Start, Step, StepKind, TaskDecl, TaskKind,
};
use interleave::sim::{simulate, Outcome, SimOptions, TaskState};
use sim_support::*;
use std::time::Instant;

#[test]
fn a_run_past_max_time_stops_with_a_time_limit() {
    let r = run("async a {\n  sleep 20min\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Limit);
    assert_eq!(r.summary.limit.as_deref(), Some("max_time"));
    assert_eq!(r.summary.makespan_us, 600 * S);
    assert_eq!(end_of(&r.summary, "a"), (TaskState::Blocked, None));
    assert_eq!(
        r.summary.explain(),
        "stopped at the time limit (10 min, max_time) with 1 task(s) unfinished"
    );
}

#[test]
fn the_runtime_max_time_applies() {
    let r =
        run("runtime {\n  max_time 1s\n}\n\nasync a {\n  repeat 100 {\n    sleep 300ms\n  }\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Limit);
    assert_eq!(r.summary.makespan_us, S);
    assert!(r.trace.events.iter().all(|e| e.t <= S));
}

#[test]
fn a_run_past_max_events_stops_with_an_event_limit_and_a_trace_of_that_size() {
    let scenario = load("async a {\n  repeat 1000 {\n    yield\n  }\n}\n");
    let options = SimOptions {
        max_events: 100,
        ..SimOptions::default()
    };
    let r = simulate(&scenario, &options);
    assert_eq!(r.summary.outcome, Outcome::Limit);
    assert_eq!(r.summary.limit.as_deref(), Some("max_events"));
    assert_eq!(r.trace.events.len(), 100);
    assert_eq!(r.summary.events, 100);
}

#[test]
fn an_endless_busy_loop_hits_the_default_event_limit_quickly() {
    let started = Instant::now();
    let r = run("async a {\n  repeat 1000000000000 {\n    yield\n  }\n}\n");
    assert_eq!(r.summary.limit.as_deref(), Some("max_events"));
    assert_eq!(r.summary.events, 1_000_000);
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_huge_repeat_costs_only_the_events_it_makes() {
    let r = run("async a {\n  repeat 1000000000000000000 {\n    sleep 1min\n  }\n}\n");
    assert_eq!(r.summary.limit.as_deref(), Some("max_time"));
    assert!(r.summary.events < 200, "{} events", r.summary.events);
}

#[test]
fn an_empty_repeat_makes_no_work_at_all() {
    let r = run("async a {\n  repeat 1000000000000000000 {\n    repeat 0 {\n      log \"x\"\n    }\n  }\n  log \"done\"\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Completed);
    assert_eq!(logs(&r.trace), vec!["done".to_string()]);
}

fn step(kind: StepKind) -> Step {
    Step {
        kind,
        pos: Pos::default(),
    }
}

fn task(kind: TaskKind, name: &str, replicas: Option<u32>, body: Vec<Step>) -> TaskDecl {
    TaskDecl {
        kind,
        name: name.to_string(),
        replicas,
        start: Start::AtZero,
        priority: 0,
        body,
        pos: Pos::default(),
    }
}

#[test]
fn more_tasks_than_the_limit_are_not_run() {
    let scenario = Scenario {
        tasks: vec![task(TaskKind::Async, "t", Some(20_000), vec![])],
        ..Scenario::default()
    };
    let r = simulate(&scenario, &SimOptions::default());
    assert_eq!(r.summary.outcome, Outcome::Limit);
    assert_eq!(r.summary.limit.as_deref(), Some("max_tasks"));
    assert!(r.trace.events.is_empty());
}

#[test]
fn ten_thousand_tasks_run() {
    let r = run("async t x10000 {\n  sleep 1ms\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Completed);
    assert_eq!(r.summary.makespan_us, MS);
}

#[test]
fn unresolved_names_in_an_unvalidated_scenario_fail_the_task_instead_of_panicking() {
    let name = |n: &str| NameRef {
        name: n.to_string(),
        pos: Pos::default(),
    };
    let scenario = Scenario {
        resources: vec![Resource {
            name: "q".to_string(),
            kind: ResourceKind::Channel { capacity: None },
            pos: Pos::default(),
        }],
        tasks: vec![
            task(
                TaskKind::Thread,
                "a",
                None,
                vec![step(StepKind::Lock(name("nope")))],
            ),
            task(
                TaskKind::Thread,
                "b",
                None,
                vec![step(StepKind::Lock(name("q")))],
            ),
        ],
        ..Scenario::default()
    };
    let r = simulate(&scenario, &SimOptions::default());
    assert_eq!(
        task_of(&r.summary, "a").error.as_deref(),
        Some("lock nope: unknown mutex \"nope\"")
    );
    assert_eq!(
        task_of(&r.summary, "b").error.as_deref(),
        Some("lock q: needs a mutex, \"q\" is a channel")
    );
}

#[test]
fn zero_quantum_and_zero_workers_are_made_safe() {
    let mut scenario = load("job j x3 {\n  compute 1ms\n}\n\nthread t x2 {\n  compute 1ms\n}\n");
    scenario.runtime.quantum = Some(0);
    scenario.runtime.workers = Some(0);
    scenario.runtime.cores = Some(interleave::model::Cores::Limited(0));
    let r = simulate(&scenario, &SimOptions::default());
    assert_eq!(r.summary.outcome, Outcome::Completed);
    assert_eq!(r.summary.makespan_us, 5 * MS);
}
