//! Task life in the simulator: spawn, join, gather, cancel, timeout, try/catch, repeat.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use interleave::sim::{Outcome, TaskState};
use sim_support::*;

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn error<'a>(s: &'a interleave::sim::RunSummary, name: &str) -> Option<&'a str> {
    task_of(s, name).error.as_deref()
}

#[test]
fn spawn_queues_an_on_spawn_task_at_the_back_and_the_spawner_goes_on() {
    let r = run("async x on spawn {\n  log \"x\"\n}\n\nasync a {\n  spawn x\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["a", "b", "x"]));
    assert!(lines(&r.trace).contains(&"0 x spawned by a".to_string()));
}

#[test]
fn spawning_a_group_starts_every_replica() {
    let r = run("thread w x3 on spawn {\n  sleep 1ms\n}\n\nasync a {\n  spawn w\n}\n");
    for name in ["w#1", "w#2", "w#3"] {
        assert_eq!(end_of(&r.summary, name), (TaskState::Completed, Some(MS)));
    }
}

#[test]
fn spawning_a_task_that_already_started_fails_the_spawner() {
    let r = run("async a on spawn {\n  sleep 1ms\n}\n\nasync b {\n  spawn a\n  spawn a\n}\n");
    assert_eq!(error(&r.summary, "b"), Some("task a already started"));
    assert_eq!(end_of(&r.summary, "a"), (TaskState::Completed, Some(MS)));
}

#[test]
fn join_waits_for_every_task_and_is_woken_by_the_last_to_end() {
    let r = run("async a {\n  sleep 1s\n}\n\nasync b {\n  sleep 2s\n}\n\nasync c {\n  join a, b\n  log \"joined\"\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["blocked", "woken by", "log joined"]),
        v(&[
            "0 c blocked join a,b",
            "2000000 c woken by b join b",
            "2000000 c log joined"
        ])
    );
}

#[test]
fn join_of_a_task_that_already_ended_goes_on_at_once() {
    let r = run("async a {\n  log \"a\"\n}\n\nasync b {\n  join a\n  log \"b\"\n}\n");
    assert_eq!(polls(&r.trace), v(&["a", "b"]));
}

#[test]
fn gather_fails_as_soon_as_the_first_task_fails_and_the_others_keep_running() {
    let r = run("async slow on spawn {\n  sleep 2s\n}\n\nasync broken on spawn {\n  sleep 500ms\n  fail \"connection reset\"\n}\n\nasync main {\n  gather slow, broken\n}\n");
    assert_eq!(
        end_of(&r.summary, "main"),
        (TaskState::Failed, Some(500 * MS))
    );
    assert_eq!(
        error(&r.summary, "main"),
        Some("task broken failed: connection reset")
    );
    assert_eq!(
        end_of(&r.summary, "slow"),
        (TaskState::Completed, Some(2 * S))
    );
    assert_eq!(r.summary.outcome, Outcome::Failed);
}

#[test]
fn joining_a_cancelled_task_fails_with_was_cancelled() {
    let r = run("async a {\n  sleep 1s\n}\n\nasync b {\n  cancel a\n  join a\n}\n");
    assert_eq!(error(&r.summary, "b"), Some("task a was cancelled"));
    assert_eq!(end_of(&r.summary, "a").0, TaskState::Cancelled);
}

#[test]
fn joining_a_task_that_has_not_started_waits_for_it_to_start_and_end() {
    let r = run("async x on spawn {\n  sleep 1s\n}\n\nasync j {\n  join x\n}\n\nasync s {\n  sleep 1s\n  spawn x\n}\n");
    assert_eq!(end_of(&r.summary, "j"), (TaskState::Completed, Some(2 * S)));
}

#[test]
fn cancel_wakes_a_waiting_async_task_which_stops_when_polled() {
    let r = run("async a {\n  sleep 5s\n}\n\nasync c {\n  sleep 1s\n  cancel a\n}\n");
    assert_eq!(
        lines_with(
            &r.trace,
            &["cancel", "a woken", "a ready", "a poll", "a ended"]
        )
        .into_iter()
        .filter(|l| l.starts_with("1000000 "))
        .collect::<Vec<_>>(),
        v(&[
            "1000000 c cancel a",
            "1000000 a cancel requested by c",
            "1000000 - timer0 cancelled", // its sleep timer goes away,
            "1000000 a woken by c cancel",
            "1000000 a ready",      // it joins the back of the queue,
            "1000000 a poll lane0", // and stops as soon as it runs
            "1000000 a ended cancelled",
        ])
    );
    assert_eq!(r.summary.outcome, Outcome::Completed); // cancelled is not a failure
    assert_eq!(r.summary.makespan_us, S);
}

#[test]
fn an_async_task_that_cancels_itself_stops_at_its_next_await() {
    let r = run("async a {\n  cancel a\n  log \"still running\"\n  sleep 1s\n  log \"never\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["still running"]));
    assert_eq!(end_of(&r.summary, "a"), (TaskState::Cancelled, Some(0)));
}

#[test]
fn cancelling_a_blocked_thread_ends_it_at_once_and_releases_its_locks() {
    let r = run("mutex m\nmutex n\n\nthread holder {\n  lock n\n  sleep 10ms\n}\n\nthread t {\n  lock m\n  lock n\n}\n\nthread other {\n  sleep 1ms\n  lock m\n  log \"got m\"\n}\n\nthread c at 2ms {\n  cancel t\n}\n");
    assert_eq!(
        end_of(&r.summary, "t"),
        (TaskState::Cancelled, Some(2 * MS))
    );
    assert!(lines(&r.trace).contains(&"2000 t released m on exit".to_string()));
    assert_eq!(end_of(&r.summary, "other").1, Some(2 * MS));
}

#[test]
fn cancelling_a_computing_thread_ends_it_at_its_next_step_boundary() {
    let r = run("thread t {\n  compute 1s\n  log \"x\"\n}\n\nthread c at 100ms {\n  cancel t\n}\n");
    assert_eq!(end_of(&r.summary, "t"), (TaskState::Cancelled, Some(S)));
    assert!(logs(&r.trace).is_empty());
}

#[test]
fn cancelling_a_queued_job_takes_it_out_of_the_pool_queue() {
    let r = run("runtime {\n  workers 1\n}\n\njob busy {\n  compute 1s\n}\n\njob queued {\n  log \"ran\"\n}\n\nasync c {\n  cancel queued\n}\n");
    assert_eq!(
        end_of(&r.summary, "queued"),
        (TaskState::Cancelled, Some(0))
    );
    assert!(logs(&r.trace).is_empty());
}

#[test]
fn cancelling_a_task_before_it_starts_ends_it_and_a_later_spawn_fails() {
    let r = run("async x on spawn {\n  log \"x\"\n}\n\nasync a {\n  cancel x\n  spawn x\n}\n");
    assert_eq!(end_of(&r.summary, "x").0, TaskState::Cancelled);
    assert_eq!(task_of(&r.summary, "x").start_us, None);
    assert_eq!(
        error(&r.summary, "a"),
        Some("task x was cancelled before it started")
    );
}

#[test]
fn a_timeout_that_expires_fails_the_task_with_timed_out_after() {
    let r = run("async a {\n  timeout 1s {\n    sleep 2s\n  }\n}\n");
    assert_eq!(end_of(&r.summary, "a"), (TaskState::Failed, Some(S)));
    assert_eq!(error(&r.summary, "a"), Some("timed out after 1s"));
}

#[test]
fn a_timeout_whose_block_finishes_is_cancelled_and_costs_nothing() {
    let r = run("async a {\n  timeout 1s {\n    sleep 10ms\n  }\n}\n");
    assert_eq!(
        end_of(&r.summary, "a"),
        (TaskState::Completed, Some(10 * MS))
    );
    assert!(lines(&r.trace).contains(&"10000 - timer0 cancelled".to_string()));
    assert_eq!(r.summary.makespan_us, 10 * MS);
}

#[test]
fn a_timeout_on_a_thread_wakes_it_from_its_wait() {
    let r = run("mutex m\n\nthread h {\n  lock m\n  sleep 5s\n}\n\nthread t {\n  timeout 100ms {\n    lock m\n  }\n}\n");
    assert_eq!(end_of(&r.summary, "t"), (TaskState::Failed, Some(100 * MS)));
    assert_eq!(error(&r.summary, "t"), Some("timed out after 100ms"));
}

#[test]
fn try_runs_catch_instead_of_failing_the_task() {
    let r = run("async careful {\n  try {\n    sleep 100ms\n    fail \"service unavailable\"\n    log \"never\"\n  } catch {\n    log \"retry\"\n    sleep 100ms\n  }\n  log \"after\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["retry", "after"]));
    assert_eq!(
        end_of(&r.summary, "careful"),
        (TaskState::Completed, Some(200 * MS))
    );
}

#[test]
fn a_try_inside_a_timeout_does_not_catch_the_timeout_but_one_outside_does() {
    let r = run("async a {\n  try {\n    timeout 1s {\n      try {\n        sleep 2s\n      } catch {\n        log \"inner\"\n      }\n    }\n  } catch {\n    log \"outer\"\n  }\n}\n");
    assert_eq!(logs(&r.trace), v(&["outer"]));
    assert_eq!(end_of(&r.summary, "a"), (TaskState::Completed, Some(S)));
}

#[test]
fn a_failed_join_inside_try_runs_catch() {
    let r = run("async bad {\n  fail \"x\"\n}\n\nasync j {\n  try {\n    join bad\n  } catch {\n    log \"caught\"\n  }\n}\n");
    assert_eq!(logs(&r.trace), v(&["caught"]));
    assert_eq!(end_of(&r.summary, "j").0, TaskState::Completed);
    assert_eq!(r.summary.outcome, Outcome::Failed);
}

#[test]
fn repeat_runs_its_body_the_given_number_of_times() {
    let r = run("var n = 0\n\nasync a {\n  repeat 3 {\n    repeat 2 {\n      incr n\n    }\n    log \"round\"\n  }\n}\n");
    assert_eq!(r.summary.vars.get("n"), Some(6));
    assert_eq!(logs(&r.trace).len(), 3);
}

#[test]
fn after_from_a_thread_starts_the_task_at_its_instant() {
    let r = run("thread x on spawn {\n  log \"x\"\n}\n\nthread a {\n  after 5ms spawn x\n}\n");
    assert_eq!(task_of(&r.summary, "x").start_us, Some(5 * MS));
    assert!(lines(&r.trace).contains(&"5000 x spawned by a".to_string()));
}

#[test]
fn loads_and_stores_use_the_tasks_private_register() {
    let r = run("var v = 10\nvar w = 0\n\nasync a {\n  load v\n  store w +5\n  store v -3\n  store v 99\n}\n");
    assert_eq!(r.summary.vars.get("v"), Some(99));
    assert_eq!(r.summary.vars.get("w"), Some(15));
    let written: Vec<String> = lines_with(&r.trace, &["wrote"]);
    assert_eq!(
        written,
        v(&["0 a wrote w 15", "0 a wrote v 7", "0 a wrote v 99"])
    );
}

#[test]
fn an_async_task_cancelled_mid_compute_that_never_awaits_again_ends_cancelled() {
    let r =
        run("async a {\n  compute 1s\n  log \"done\"\n}\n\nthread c at 100ms {\n  cancel a\n}\n");
    assert_eq!(logs(&r.trace), v(&["done"]));
    assert_eq!(end_of(&r.summary, "a"), (TaskState::Cancelled, Some(S)));
}
