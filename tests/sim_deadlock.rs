//! Deadlock detection: who is stuck, on what, held by whom, and the cycles of the wait-for graph.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use interleave::sim::{BlockedTask, Outcome, TaskState};
use sim_support::*;

fn blocked(task: &str, waits_for: &str, held_by: &[&str]) -> BlockedTask {
    BlockedTask {
        task: task.to_string(),
        waits_for: waits_for.to_string(),
        held_by: held_by.iter().map(|s| s.to_string()).collect(),
    }
}

const PHILOSOPHERS: &str = "mutex fork1\nmutex fork2\nmutex fork3\n\nthread p1 {\n  lock fork1\n  sleep 10ms\n  lock fork2\n}\n\nthread p2 {\n  lock fork2\n  sleep 10ms\n  lock fork3\n}\n\nthread p3 {\n  lock fork3\n  sleep 10ms\n  lock fork1\n}\n\nexpect deadlock\n";

#[test]
fn dining_philosophers_deadlock_with_one_cycle_through_all_three() {
    let r = run(PHILOSOPHERS);
    assert_eq!(r.summary.outcome, Outcome::Deadlock);
    assert_eq!(r.summary.makespan_us, 10 * MS);
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(
        d.blocked,
        vec![
            blocked("p1", "mutex fork2", &["p2"]),
            blocked("p2", "mutex fork3", &["p3"]),
            blocked("p3", "mutex fork1", &["p1"]),
        ]
    );
    assert_eq!(
        d.cycles,
        vec![vec!["p1".to_string(), "p2".to_string(), "p3".to_string()]]
    );
    assert_eq!(
        r.summary.explain(),
        "deadlock: p1 waits for fork2 held by p2, which waits for fork3 held by p3, which waits for fork1 held by p1"
    );
    assert!(r.summary.expects[0].passed);
    for t in &r.summary.tasks {
        assert_eq!((t.state, t.end_us), (TaskState::Blocked, None));
    }
}

#[test]
fn the_deadlock_json_has_the_documented_shape() {
    let r = run(PHILOSOPHERS);
    let json = serde_json::to_value(&r.summary).expect("serializes");
    assert_eq!(
        json["deadlock"]["blocked"][0],
        serde_json::json!({"task": "p1", "waits_for": "mutex fork2", "held_by": ["p2"]})
    );
    assert_eq!(
        json["deadlock"]["cycles"],
        serde_json::json!([["p1", "p2", "p3"]])
    );
}

#[test]
fn locking_a_mutex_twice_deadlocks_a_task_on_itself() {
    let r = run("mutex m\n\nasync a {\n  lock m\n  lock m\n}\n");
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(d.blocked, vec![blocked("a", "mutex m", &["a"])]);
    assert_eq!(d.cycles, vec![vec!["a".to_string()]]);
    assert_eq!(r.summary.explain(), "deadlock: a waits for m held by a");
}

#[test]
fn a_job_joining_a_job_that_cannot_get_a_worker_is_a_pool_starvation_deadlock() {
    let r = run("runtime {\n  workers 1\n}\n\njob inner on spawn {\n  log \"never\"\n}\n\njob outer {\n  spawn inner\n  join inner\n}\n");
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(
        d.blocked,
        vec![
            blocked("inner", "a pool worker", &["outer"]),
            blocked("outer", "join inner", &["inner"]),
        ]
    );
    assert_eq!(
        d.cycles,
        vec![vec!["inner".to_string(), "outer".to_string()]]
    );
    assert_eq!(
        r.summary.explain(),
        "deadlock: inner waits for a pool worker held by outer, which waits for inner to end"
    );
}

#[test]
fn a_receiver_nobody_sends_to_is_a_deadlock_without_a_cycle() {
    let r = run("channel q\n\nasync r {\n  recv q\n}\n\nthread w {\n  sleep 1ms\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Deadlock);
    assert_eq!(r.summary.makespan_us, MS);
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(d.blocked, vec![blocked("r", "channel q (recv)", &[])]);
    assert!(d.cycles.is_empty());
    assert_eq!(
        r.summary.explain(),
        "deadlock: r waits for channel q (recv)"
    );
    assert_eq!(end_of(&r.summary, "w"), (TaskState::Completed, Some(MS)));
}

#[test]
fn rwlock_and_semaphore_waits_name_their_holders() {
    let r = run("rwlock r\nsemaphore s = 2\n\nasync a {\n  read r\n  acquire s 2\n  acquire s\n}\n\nasync b {\n  write r\n}\n");
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(
        d.blocked,
        vec![
            blocked("a", "semaphore s", &["a"]),
            blocked("b", "rwlock r (write)", &["a"]),
        ]
    );
    assert_eq!(d.cycles, vec![vec!["a".to_string()]]);
}

#[test]
fn tasks_nobody_spawned_are_not_started_and_do_not_block_completion() {
    let r = run(
        "async x on spawn {\n  log \"x\"\n}\n\nasync a {\n  log \"a\"\n}\n\nexpect no deadlock\n",
    );
    assert_eq!(r.summary.outcome, Outcome::Completed);
    let x = task_of(&r.summary, "x");
    assert_eq!(
        (x.state, x.start_us, x.end_us),
        (TaskState::NotStarted, None, None)
    );
    assert!(r.summary.expects[0].passed);
}

#[test]
fn joining_a_task_nobody_spawns_deadlocks_the_joiner_only() {
    let r = run("async x on spawn {\n  log \"x\"\n}\n\nasync j {\n  join x\n}\n");
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(d.blocked, vec![blocked("j", "join x", &["x"])]);
    assert!(d.cycles.is_empty());
}

#[test]
fn two_separate_deadlocks_give_two_cycles_in_declaration_order() {
    let r = run("mutex a\nmutex b\nmutex c\nmutex d\n\nthread t1 {\n  lock a\n  sleep 1ms\n  lock b\n}\n\nthread t2 {\n  lock c\n  sleep 1ms\n  lock d\n}\n\nthread t3 {\n  lock b\n  sleep 1ms\n  lock a\n}\n\nthread t4 {\n  lock d\n  sleep 1ms\n  lock c\n}\n");
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(
        d.cycles,
        vec![
            vec!["t1".to_string(), "t3".to_string()],
            vec!["t2".to_string(), "t4".to_string()]
        ]
    );
    assert!(r.summary.explain().ends_with("(and 1 more cycles)"));
}

#[test]
fn ten_thousand_tasks_stuck_on_one_mutex_are_reported_quickly() {
    let started = std::time::Instant::now();
    let r = run("mutex m\n\nasync t x10000 {\n  lock m\n  lock m\n}\n");
    let d = r.summary.deadlock.clone().expect("deadlock info");
    assert_eq!(d.blocked.len(), 10_000);
    assert!(d.blocked[1..]
        .iter()
        .all(|b| b.held_by == vec!["t#1".to_string()]));
    assert_eq!(d.cycles, vec![vec!["t#1".to_string()]]);
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}
