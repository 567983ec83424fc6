//! The Chrome Trace Event export: valid JSON with the phases Perfetto and chrome://tracing expect.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::trace::{chrome, task_spans, SpanState};
use serde_json::Value;
use trace_support::scenarios::{runtime_tour, sleepers_and_mutex, two_computes};
use trace_support::S;

fn events(json: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(json).expect("the export is valid JSON");
    doc["traceEvents"]
        .as_array()
        .expect("traceEvents is an array")
        .clone()
}

fn with_phase<'a>(evs: &'a [Value], ph: &str) -> Vec<&'a Value> {
    evs.iter().filter(|e| e["ph"] == ph).collect()
}

#[test]
fn lanes_are_named_threads_of_one_process() {
    let evs = events(&chrome::export(&sleepers_and_mutex()));
    let names: Vec<(u64, &str)> = with_phase(&evs, "M")
        .into_iter()
        .filter(|e| e["name"] == "thread_name")
        .map(|e| {
            (
                e["tid"].as_u64().unwrap_or(0),
                e["args"]["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![(1, "event loop"), (2, "t1"), (3, "t2"), (4, "events")]
    );
    assert!(with_phase(&evs, "M")
        .iter()
        .any(|e| e["name"] == "process_name"));
}

#[test]
fn each_running_span_is_a_complete_slice_on_its_lane_in_microseconds() {
    let trace = two_computes();
    let evs = events(&chrome::export(&trace));
    let slices = with_phase(&evs, "X");
    let running = task_spans(&trace)
        .iter()
        .flatten()
        .filter(|s| matches!(s.state, SpanState::Running { .. }))
        .count();
    assert_eq!(slices.len(), running);
    let second = slices
        .iter()
        .find(|e| e["args"]["task"] == "a2")
        .expect("a2 ran");
    assert_eq!(
        (second["ts"].as_u64(), second["dur"].as_u64()),
        (Some(S), Some(S))
    );
    assert_eq!(
        (second["tid"].as_u64(), second["name"].as_str()),
        (Some(1), Some("a2 · compute 1s"))
    );
}

#[test]
fn every_task_life_opens_and_closes_with_its_waits_nested_inside() {
    let evs = events(&chrome::export(&runtime_tour()));
    for id in 0..5u64 {
        let mine: Vec<&Value> = evs
            .iter()
            .filter(|e| e["cat"] == "task" && e["id"] == id)
            .collect();
        let mut depth = 0i32;
        for e in &mine {
            depth += if e["ph"] == "b" { 1 } else { -1 };
            assert!(depth >= 0, "task {id}: an end before its begin");
        }
        assert_eq!(depth, 0, "task {id}: every begin has an end");
        assert!(mine.len() >= 2);
    }
    let failed = evs
        .iter()
        .find(|e| e["ph"] == "e" && e["name"] == "j3")
        .expect("j3's life ends");
    assert_eq!(failed["args"]["ended"], "failed: boom");
    let wait = evs
        .iter()
        .find(|e| e["ph"] == "b" && e["id"] == 3 && e["name"] == "acquire s");
    assert!(
        wait.is_some(),
        "j2's wait for s is a nested slice named after it"
    );
}

#[test]
fn wakes_and_logs_are_instants_and_queue_depths_are_counters() {
    let evs = events(&chrome::export(&sleepers_and_mutex()));
    let instants = with_phase(&evs, "i");
    let wake = instants
        .iter()
        .find(|e| e["cat"] == "wake" && e["args"]["task"] == "t2")
        .expect("t2 is woken");
    assert_eq!(wake["args"]["by"], "t1");
    assert_eq!(wake["args"]["cause"], "unlock m by t1");
    assert_eq!(wake["tid"], 2, "on the lane of t1, which unlocked");
    assert_eq!(instants.iter().filter(|e| e["cat"] == "log").count(), 2);
    let ready = |evs: &[Value]| -> Vec<(u64, u64)> {
        with_phase(evs, "C")
            .iter()
            .filter(|e| e["name"] == "ready queue")
            .map(|e| {
                (
                    e["ts"].as_u64().unwrap_or(0),
                    e["args"]["depth"].as_u64().unwrap_or(99),
                )
            })
            .collect()
    };
    assert_eq!(
        ready(&evs),
        vec![(0, 0)],
        "queued and drained within each instant"
    );
    let computes = events(&chrome::export(&two_computes()));
    assert_eq!(
        ready(&computes),
        vec![(0, 1), (S, 0)],
        "a2 waits in the queue while a1 computes"
    );
}
