//! Threads, processes, the pool and cores: timings against the event loop, time slicing, queues.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use interleave::sim::{
    simulate_with, Candidate, ChoiceKind, ChoicePoint, Chooser, DefaultChooser, Outcome,
    SimOptions, TaskState,
};
use sim_support::*;

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn ends(r: &interleave::sim::SimRun) -> Vec<(String, Option<u64>)> {
    r.summary
        .tasks
        .iter()
        .map(|t| (t.name.clone(), t.end_us))
        .collect()
}

#[test]
fn sleeping_coroutines_and_sleeping_threads_both_overlap() {
    let r = run("async a x2 {\n  sleep 1s\n}\n\nthread t x2 {\n  sleep 1s\n}\n");
    assert!(
        ends(&r).iter().all(|(_, e)| *e == Some(S)),
        "{:?}",
        ends(&r)
    );
}

#[test]
fn computing_coroutines_take_turns_while_computing_threads_run_in_parallel() {
    let r = run("async a x2 {\n  compute 1s\n}\n\nthread t x2 {\n  compute 1s\n}\n");
    assert_eq!(
        ends(&r),
        vec![
            ("a#1".to_string(), Some(S)),
            ("a#2".to_string(), Some(2 * S)), // compute blocks the one event loop
            ("t#1".to_string(), Some(S)),     // each thread computes on its own lane
            ("t#2".to_string(), Some(S)),
        ]
    );
    assert_eq!(r.summary.makespan_us, 2 * S);
}

#[test]
fn threads_run_on_lanes_of_their_own() {
    let r = run("runtime {\n  workers 2\n}\n\nthread t x2 {\n  log \"x\"\n}\n\nprocess p {\n  log \"y\"\n}\n");
    let names: Vec<&str> = r.trace.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "event loop",
            "worker 1",
            "worker 2",
            "thread t#1",
            "thread t#2",
            "process p"
        ]
    );
    assert_eq!(polls(&r.trace), v(&["t#1", "t#2", "p"]));
    assert!(lines(&r.trace).contains(&"0 t#2 poll lane4".to_string()));
}

#[test]
fn same_instant_loads_and_stores_on_two_threads_interleave_and_lose_an_update() {
    let src = "var c = 0\n\nthread t x2 {\n  load c\n  store c +1\n}\n";
    let r = run(src);
    assert_eq!(
        lines_with(&r.trace, &["loaded", "wrote"]),
        v(&[
            "0 t#1 loaded c 0",
            "0 t#2 loaded c 0",
            "0 t#1 wrote c 1",
            "0 t#2 wrote c 1"
        ])
    );
    assert_eq!(r.summary.vars.get("c"), Some(1));
}

/// Lets the lane with the lowest index act first: threads then run to their next wait.
struct LowestLaneFirst;

impl Chooser for LowestLaneFirst {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        if point.kind != ChoiceKind::SameInstantOrder {
            return 0;
        }
        let key = |c: &Candidate| match c {
            Candidate::Lane { lane, .. } => lane.0,
            _ => u32::MAX,
        };
        (0..point.candidates.len())
            .min_by_key(|&i| key(&point.candidates[i]))
            .unwrap_or(0)
    }
}

#[test]
fn the_chooser_decides_same_instant_order_so_the_update_can_also_survive() {
    let scenario = load("var c = 0\n\nthread t x2 {\n  load c\n  store c +1\n}\n");
    let r = simulate_with(&scenario, &SimOptions::default(), &mut LowestLaneFirst);
    assert_eq!(r.summary.vars.get("c"), Some(2));
}

/// Records every choice point it sees, answering like the default chooser.
struct Recorder(DefaultChooser, Vec<(ChoiceKind, usize)>);

impl Chooser for Recorder {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        assert!(
            point.candidates.len() >= 2,
            "asked with fewer than 2 candidates"
        );
        self.1.push((point.kind, point.candidates.len()));
        self.0.choose(point)
    }
}

#[test]
fn every_kind_of_choice_goes_through_the_chooser_with_at_least_two_candidates() {
    let scenario = load("runtime {\n  workers 1\n  cores 2\n  quantum 1ms\n}\n\nasync a x2 {\n  log \"a\"\n}\n\nthread t x3 {\n  compute 2ms\n}\n\njob j x3 {\n  compute 1ms\n}\n");
    let mut rec = Recorder(DefaultChooser::new(&scenario, 0), Vec::new());
    let r = simulate_with(&scenario, &SimOptions::default(), &mut rec);
    let base = interleave::sim::simulate(&scenario, &SimOptions::default());
    assert_eq!(r, base, "the recorder answers like the default chooser");
    for kind in [
        ChoiceKind::NextReadyTask,
        ChoiceKind::NextThreadForCore,
        ChoiceKind::SameInstantOrder,
        ChoiceKind::NextPoolJob,
    ] {
        assert!(rec.1.iter().any(|(k, _)| *k == kind), "no {kind:?} choice");
    }
}

#[test]
fn with_limited_cores_threads_are_time_sliced_round_robin() {
    let r = run("runtime {\n  cores 2\n  quantum 10ms\n}\n\nthread w x4 {\n  compute 100ms\n}\n");
    assert_eq!(
        ends(&r),
        vec![
            ("w#1".to_string(), Some(190 * MS)), // slices [0,10), [20,30), … [180,190)
            ("w#2".to_string(), Some(190 * MS)),
            ("w#3".to_string(), Some(200 * MS)), // slices [10,20), … [190,200)
            ("w#4".to_string(), Some(200 * MS)),
        ]
    );
    assert_eq!(
        lines_with(&r.trace, &["poll", "ready"])
            .into_iter()
            .filter(|l| l.starts_with("10000 "))
            .collect::<Vec<_>>(),
        v(&[
            "10000 w#1 unpoll", // the quantum ends with others waiting: preempted
            "10000 w#1 ready",
            "10000 w#3 poll lane7 core0", // the freed core goes to the longest waiter
            "10000 w#2 unpoll",
            "10000 w#2 ready",
            "10000 w#4 poll lane8 core1",
        ])
    );
}

#[test]
fn one_core_runs_a_threads_instantaneous_steps_without_interleaving() {
    let r =
        run("runtime {\n  cores 1\n}\n\nvar c = 0\n\nthread t x2 {\n  load c\n  store c +1\n}\n");
    assert_eq!(r.summary.vars.get("c"), Some(2));
}

#[test]
fn a_threads_yield_hands_the_core_to_a_waiting_thread() {
    let r = run("runtime {\n  cores 1\n}\n\nthread a {\n  yield\n  log \"a\"\n}\n\nthread b {\n  log \"b\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["b", "a"]));
}

#[test]
fn the_event_loop_needs_a_core_too() {
    let r = run("runtime {\n  cores 1\n  quantum 100ms\n}\n\nasync a {\n  compute 10ms\n}\n\nthread t {\n  compute 10ms\n}\n");
    assert_eq!(r.summary.makespan_us, 20 * MS);
    assert_eq!(end_of(&r.summary, "a").1, Some(10 * MS));
    assert_eq!(end_of(&r.summary, "t").1, Some(20 * MS));
}

#[test]
fn a_quantum_preempts_a_computing_event_loop_for_a_waiting_thread() {
    let r = run("runtime {\n  cores 1\n  quantum 10ms\n}\n\nasync a {\n  compute 30ms\n}\n\nthread t {\n  compute 10ms\n}\n");
    assert_eq!(end_of(&r.summary, "t").1, Some(20 * MS));
    assert_eq!(end_of(&r.summary, "a").1, Some(40 * MS));
}

#[test]
fn jobs_wait_in_the_pool_queue_for_a_free_worker() {
    let r = run("runtime {\n  workers 2\n}\n\njob r x5 {\n  compute 100ms\n}\n");
    let e: Vec<Option<u64>> = ends(&r).into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        e,
        vec![
            Some(100 * MS),
            Some(100 * MS),
            Some(200 * MS),
            Some(200 * MS),
            Some(300 * MS)
        ]
    );
    assert!(lines(&r.trace).contains(&"100000 r#3 poll lane1".to_string()));
}

#[test]
fn pool_queue_lifo_gives_a_free_worker_the_newest_job() {
    let r = run("runtime {\n  workers 1\n  pool_queue lifo\n}\n\njob j x3 {\n  compute 1ms\n  log \"j\"\n}\n");
    assert_eq!(polls(&r.trace), v(&["j#3", "j#2", "j#1"]));
}

#[test]
fn pool_queue_priority_gives_a_free_worker_the_highest_priority_job() {
    let r = run("runtime {\n  workers 1\n  pool_queue priority\n}\n\njob low x2 {\n  compute 1ms\n}\n\njob high priority 3 {\n  compute 1ms\n}\n");
    assert_eq!(polls(&r.trace), v(&["high", "low#1", "low#2"]));
}

#[test]
fn a_sleeping_job_keeps_its_worker() {
    let r = run("runtime {\n  workers 1\n}\n\njob a {\n  sleep 1s\n}\n\njob b {\n  log \"b\"\n}\n");
    assert_eq!(end_of(&r.summary, "b").1, Some(S));
}

#[test]
fn a_thread_pays_its_start_cost_before_it_runs() {
    let r = run("runtime {\n  thread_start 5ms\n  workers 4\n}\n\nthread t {\n  compute 1ms\n}\n\njob j x8 {\n  compute 1ms\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["t spawned", "t ready", "t poll", "t ended"]),
        v(&[
            "0 t spawned",
            "5000 t ready",
            "5000 t poll lane5",
            "6000 t ended completed"
        ])
    );
    assert_eq!(end_of(&r.summary, "j#8").1, Some(2 * MS));
}

#[test]
fn a_process_pays_its_own_start_cost_and_talks_through_a_channel() {
    let r = run("runtime {\n  process_start 50ms\n}\n\nchannel results\n\nprocess p {\n  compute 100ms\n  send results 1\n}\n\nthread c {\n  recv results\n}\n");
    assert_eq!(end_of(&r.summary, "p").1, Some(150 * MS));
    assert_eq!(
        end_of(&r.summary, "c"),
        (TaskState::Completed, Some(150 * MS))
    );
    assert_eq!(r.summary.outcome, Outcome::Completed);
}
