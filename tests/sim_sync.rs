//! Locks, semaphores and condition variables in the simulator: FIFO hand-off, preferences, failures.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use interleave::sim::{Outcome, TaskState};
use sim_support::*;

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn mutex_hands_off_to_waiters_in_fifo_order() {
    let r = run("mutex m\n\nasync a x3 {\n  lock m\n  sleep 1ms\n  unlock m\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["acquired m"]),
        v(&[
            "0 a#1 acquired m",
            "1000 a#2 acquired m",
            "2000 a#3 acquired m"
        ])
    );
    assert_eq!(
        lines(&r.trace)
            .into_iter()
            .filter(|l| l.starts_with("1000 ") && !l.contains(" timer0") && !l.contains("- timer"))
            .take(5)
            .collect::<Vec<_>>(),
        v(&[
            "1000 a#1 woken timer",
            "1000 a#1 ready",
            "1000 a#1 poll lane0",
            "1000 a#1 unlock m",
            "1000 a#1 released m",
        ])
    );
    let handoff: Vec<String> = lines(&r.trace)
        .into_iter()
        .skip_while(|l| l != "1000 a#1 released m")
        .take(4)
        .collect();
    assert_eq!(
        handoff,
        v(&[
            "1000 a#1 released m",
            "1000 a#2 woken by a#1 unlock m", // the head waiter is woken already holding m,
            "1000 a#2 acquired m",
            "1000 a#2 ready", // and joins the back of the ready queue
        ])
    );
}

#[test]
fn mutex_waiters_are_served_in_arrival_order_not_declaration_order() {
    let r = run("mutex m\n\nthread holder {\n  lock m\n  sleep 10ms\n  unlock m\n}\n\nthread late at 2ms {\n  lock m\n  unlock m\n}\n\nthread early at 1ms {\n  lock m\n  unlock m\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["acquired m"]),
        v(&[
            "0 holder acquired m",
            "10000 early acquired m",
            "10000 late acquired m"
        ])
    );
}

#[test]
fn rwlock_readers_share_and_a_waiting_writer_blocks_new_readers() {
    let r = run("rwlock doc\n\nthread reader x2 {\n  read doc\n  sleep 100ms\n  unlock doc\n}\n\nthread writer at 50ms {\n  write doc\n  sleep 100ms\n  unlock doc\n}\n\nthread late at 60ms {\n  read doc\n  unlock doc\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["acquired doc", "blocked"]),
        v(&[
            "0 reader#1 acquired doc shared",
            "0 reader#2 acquired doc shared", // readers share
            "50000 writer blocked write doc",
            "60000 late blocked read doc", // a waiting writer blocks a new reader
            "100000 writer acquired doc",  // after the last reader lets go
            "200000 late acquired doc shared",
        ])
    );
}

#[test]
fn semaphore_grants_several_permits_and_its_head_waiter_blocks_smaller_requests() {
    let r = run("semaphore s = 3\n\nthread a {\n  acquire s 2\n  sleep 10ms\n  release s 2\n}\n\nthread b at 1ms {\n  acquire s 2\n  release s 2\n}\n\nthread c at 2ms {\n  acquire s\n  release s\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["acquired s", "blocked"]),
        v(&[
            "0 a acquired s 2",
            "1000 b blocked permits s 2",
            "2000 c blocked permits s 1", // one permit is free, but b waits ahead of c
            "10000 b acquired s 2",
            "10000 c acquired s",
        ])
    );
}

#[test]
fn condvar_wait_releases_the_mutex_and_relocks_it_after_the_notifier_unlocks() {
    let r = run("mutex m\ncondvar ready\n\nthread waiter {\n  lock m\n  wait ready m\n  unlock m\n}\n\nthread setter {\n  sleep 100ms\n  lock m\n  notify ready\n  unlock m\n}\n");
    assert_eq!(
        lines_with(&r.trace, &[" m", "notify", "woken by"]),
        v(&[
            "0 waiter lock m",
            "0 waiter acquired m",
            "0 waiter wait ready m",
            "0 waiter released m", // wait releases the mutex
            "0 waiter blocked notify ready",
            "100000 setter lock m",
            "100000 setter acquired m",
            "100000 setter notify ready",
            "100000 waiter woken by setter notify ready",
            "100000 waiter blocked lock m", // the notifier still holds m: queue for it
            "100000 setter unlock m",
            "100000 setter released m",
            "100000 waiter woken by setter unlock m",
            "100000 waiter acquired m",
            "100000 waiter unlock m",
            "100000 waiter released m",
        ])
    );
    assert_eq!(r.summary.outcome, Outcome::Completed);
}

#[test]
fn a_notify_with_no_waiter_is_lost() {
    let r = run("mutex m\ncondvar cv\n\nthread n {\n  notify cv\n}\n\nthread w at 1ms {\n  lock m\n  wait cv m\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Deadlock);
    let d = r.summary.deadlock.expect("deadlock info");
    assert_eq!(d.blocked.len(), 1);
    assert_eq!(d.blocked[0].task, "w");
    assert_eq!(d.blocked[0].waits_for, "notify on cv");
    assert!(d.cycles.is_empty());
}

#[test]
fn notify_all_wakes_every_waiter_and_they_relock_in_fifo_order() {
    let r = run("mutex m\ncondvar cv\n\nthread w x3 {\n  lock m\n  wait cv m\n  log \"up\"\n  unlock m\n}\n\nthread n at 1ms {\n  notify_all cv\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["acquired m"])
            .into_iter()
            .filter(|l| l.starts_with("1000 "))
            .collect::<Vec<_>>(),
        v(&[
            "1000 w#1 acquired m",
            "1000 w#2 acquired m",
            "1000 w#3 acquired m"
        ])
    );
    assert_eq!(r.summary.outcome, Outcome::Completed);
}

#[test]
fn notify_wakes_only_the_longest_waiter() {
    let r = run("mutex m\ncondvar cv\n\nthread w x2 {\n  lock m\n  wait cv m\n  unlock m\n}\n\nthread n at 1ms {\n  notify cv\n}\n");
    assert_eq!(r.summary.outcome, Outcome::Deadlock);
    assert_eq!(end_of(&r.summary, "w#1"), (TaskState::Completed, Some(MS)));
    assert_eq!(end_of(&r.summary, "w#2"), (TaskState::Blocked, None));
}

#[test]
fn a_task_that_ends_holding_locks_and_permits_releases_them_on_exit() {
    let r = run("mutex m\nsemaphore s = 2\n\nasync a {\n  lock m\n  acquire s 2\n}\n\nasync b {\n  lock m\n  acquire s 2\n  log \"b\"\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["released", "b acquired"]),
        v(&[
            "0 a released m on exit", // a runs first and ends holding both:
            "0 a released s 2 on exit",
            "0 b acquired m", // b then finds both free
            "0 b acquired s 2",
            "0 b released m on exit",
            "0 b released s 2 on exit",
        ])
    );
    assert_eq!(r.summary.outcome, Outcome::Completed);
}

#[test]
fn a_failed_task_also_releases_on_exit() {
    let r = run("mutex m\n\nthread a {\n  lock m\n  sleep 1ms\n  fail \"boom\"\n}\n\nthread b {\n  lock m\n}\n");
    assert_eq!(end_of(&r.summary, "b"), (TaskState::Completed, Some(MS)));
    assert_eq!(r.summary.outcome, Outcome::Failed);
    assert_eq!(r.summary.explain(), "a failed: boom");
}

#[test]
fn unlock_of_a_mutex_the_task_does_not_hold_fails_it() {
    let r = run("mutex m\n\nasync a {\n  unlock m\n}\n");
    let t = task_of(&r.summary, "a");
    assert_eq!(t.state, TaskState::Failed);
    assert_eq!(
        t.error.as_deref(),
        Some("cannot unlock m: a does not hold it")
    );
}

#[test]
fn release_of_more_permits_than_held_fails_the_task() {
    let r = run("semaphore s = 3\n\nasync a {\n  acquire s\n  release s 2\n}\n");
    assert_eq!(
        task_of(&r.summary, "a").error.as_deref(),
        Some("cannot release 2 permits of s: a holds 1")
    );
}

#[test]
fn wait_without_holding_the_mutex_fails_the_task() {
    let r = run("mutex m\ncondvar cv\n\nthread a {\n  wait cv m\n}\n");
    assert_eq!(
        task_of(&r.summary, "a").error.as_deref(),
        Some("cannot wait on cv: a does not hold m")
    );
}

#[test]
fn try_catches_an_unlock_of_something_not_held() {
    let r = run(
        "mutex m\n\nasync a {\n  try {\n    unlock m\n  } catch {\n    log \"caught\"\n  }\n}\n",
    );
    assert_eq!(logs(&r.trace), v(&["caught"]));
    assert_eq!(end_of(&r.summary, "a").0, TaskState::Completed);
}

#[test]
fn a_mutex_protects_a_read_modify_write_across_threads() {
    let r = run(
        "mutex m\nvar c = 0\n\nthread t x4 {\n  lock m\n  load c\n  store c +1\n  unlock m\n}\n",
    );
    assert_eq!(r.summary.vars.get("c"), Some(4));
}
