//! The event loop's timing rules (asyncio's rounds), checked as exact event sequences.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use sim_support::*;

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn tasks_starting_at_zero_are_queued_in_declaration_order_before_anything_runs() {
    let r = run("async a {\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n");
    assert_eq!(
        lines(&r.trace),
        v(&[
            "0 a spawned", // T7 (docs/LANGUAGE.md §5.1): every task that starts at 0 is queued first,
            "0 a ready",
            "0 b spawned", // ... in declaration order,
            "0 b ready",
            "0 a poll lane0", // and only then does the loop run its first round.
            "0 a log \"a\"",
            "0 a log a",
            "0 a unpoll", // the task leaves the loop, then ends
            "0 a ended completed",
            "0 b poll lane0", // the second entry of the same round
            "0 b log \"b\"",
            "0 b log b",
            "0 b unpoll",
            "0 b ended completed",
        ])
    );
}

#[test]
fn a_task_woken_mid_round_runs_after_the_rest_of_its_round() {
    let r = run(
        "channel q\n\nasync r {\n  recv q\n  log \"r\"\n}\n\nasync s {\n  send q 5\n}\n\nasync u {\n  log \"u\"\n}\n",
    );
    assert_eq!(
        lines_with(&r.trace, &["poll lane", "woken", "received", "blocked"]),
        v(&[
            "0 r poll lane0",
            "0 r blocked recv q", // nothing to receive: r awaits
            "0 s poll lane0",
            "0 r woken by s send q", // T4 (docs/LANGUAGE.md §5.1): the send wakes r, which joins the back of the queue,
            "0 r received q 5",      // holding the value already (direct hand-off)
            "0 u poll lane0",        // so u, queued when the round began, runs first,
            "0 r poll lane0",        // and r runs in the next round.
        ])
    );
    assert_eq!(logs(&r.trace), v(&["u", "r"]));
}

#[test]
fn timers_that_come_due_during_a_round_are_appended_at_the_next_round_start() {
    // b sets a 1 ms timer; a computes 2 ms (the timer comes due meanwhile); c yields.
    let r = run(
        "async b {\n  sleep 1ms\n  log \"b\"\n}\n\nasync a {\n  compute 2ms\n  log \"a\"\n}\n\nasync c {\n  yield\n  log \"c\"\n}\n",
    );
    assert_eq!(
        lines_with(&r.trace, &["poll lane", "fired", "woken"]),
        v(&[
            "0 b poll lane0",
            "0 a poll lane0", // T5 (docs/LANGUAGE.md §5.1): compute advances time inside the poll,
            "2000 c poll lane0", // so round 1 goes on at 2 ms with c, which yields;
            "2000 c poll lane0", // round 2: c, queued by its yield, was already waiting,
            "2000 - timer0 fired", // and b's timer (due at 1 ms) was appended behind it;
            "2000 b woken timer", // the task it wakes joins the back,
            "2000 b poll lane0", // running in round 3.
        ])
    );
    assert_eq!(logs(&r.trace), v(&["a", "c", "b"]));
}

#[test]
fn a_timer_entry_wakes_its_sleeper_into_the_following_round() {
    let r =
        run("async s {\n  sleep 1ms\n  log \"s\"\n}\n\nasync t {\n  sleep 1ms\n  log \"t\"\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["fired", "woken", "ready", "poll lane"])
            .into_iter()
            .filter(|l| l.starts_with("1000"))
            .collect::<Vec<_>>(),
        v(&[
            "1000 - timer0 fired", // T2 (docs/LANGUAGE.md §5.1): both due timers are appended at the round start,
            "1000 s woken timer", // T3 (docs/LANGUAGE.md §5.1): running a timer entry wakes its task,
            "1000 s ready",       // which joins the back of the queue;
            "1000 - timer1 fired",
            "1000 t woken timer",
            "1000 t ready",
            "1000 s poll lane0", // both run in the next round, in wake order.
            "1000 t poll lane0",
        ])
    );
}

#[test]
fn steps_that_can_complete_at_once_do_not_give_up_the_loop() {
    let r = run(
        "mutex m\nsemaphore s = 1\nchannel q\n\nasync a {\n  lock m\n  unlock m\n  acquire s\n  release s\n  send q\n  recv q\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n",
    );
    assert_eq!(polls(&r.trace), v(&["a", "b"]));
    assert_eq!(logs(&r.trace), v(&["a", "b"]));
}

#[test]
fn yield_moves_the_task_to_the_back_of_the_ready_queue() {
    let r = run("async a {\n  yield\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n");
    assert_eq!(polls(&r.trace), v(&["a", "b", "a"]));
    assert_eq!(logs(&r.trace), v(&["b", "a"]));
}

#[test]
fn compute_holds_the_loop_so_the_next_task_starts_when_it_ends() {
    let r = run("async a {\n  compute 1s\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["poll lane", "log a", "log b"]),
        v(&[
            "0 a poll lane0",
            "1000000 a log a",
            "1000000 b poll lane0",
            "1000000 b log b"
        ])
    );
    assert!(r
        .summary
        .explain()
        .contains("compute blocked the event loop for 1 s"));
}

#[test]
fn two_computes_block_the_loop_for_one_second_at_the_longest_and_two_in_total() {
    // The summary names the longest block, the metrics add every poll up: two figures, each
    // labelled, so the header's 1 s and the metrics' 2 s no longer read as one that disagrees.
    let r = run("async a x2 {\n  compute 1s\n}\n");
    assert_eq!(
        r.summary.explain(),
        "completed in 2 s\nthe longest compute blocked the event loop for 1 s"
    );
    assert_eq!(interleave::trace::metrics(&r.trace).loop_blocked, 2 * S);
}

#[test]
fn sleeping_tasks_do_not_block_the_loop_and_the_summary_says_nothing_about_it() {
    let r = run("async a x2 {\n  sleep 1s\n}\n");
    assert_eq!(r.summary.makespan_us, S);
    assert_eq!(r.summary.explain(), "completed in 1 s");
}

#[test]
fn when_the_queue_is_empty_time_jumps_to_the_next_deadline() {
    let r = run("async a {\n  sleep 5s\n  log \"late\"\n}\n");
    let times: Vec<u64> = r.trace.events.iter().map(|e| e.t).collect();
    assert!(times.iter().all(|&t| t == 0 || t == 5 * S), "{times:?}");
    assert_eq!(end_of(&r.summary, "a").1, Some(5 * S));
}

#[test]
fn at_timers_are_set_before_anything_runs_in_declaration_order() {
    let r = run(
        "async a at 2ms {\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n\nasync c at 1ms {\n  log \"c\"\n}\n",
    );
    assert_eq!(
        lines(&r.trace)[..5].to_vec(),
        v(&[
            "0 a timer0 set start a due 2000", // T7 (docs/LANGUAGE.md §5.1): the `at` timer of a,
            "0 b spawned",                     // b queued,
            "0 b ready",
            "0 c timer1 set start c due 1000", // then c's timer, all before anything runs
            "0 b poll lane0",
        ])
    );
    assert_eq!(
        lines_with(&r.trace, &["fired", "spawned", "poll lane"])
            .into_iter()
            .filter(|l| l.starts_with("1000 "))
            .collect::<Vec<_>>(),
        v(&["1000 - timer1 fired", "1000 c spawned", "1000 c poll lane0"])
    );
    assert_eq!(logs(&r.trace), v(&["b", "c", "a"]));
    assert_eq!(task_of(&r.summary, "a").start_us, Some(2 * MS));
}

#[test]
fn timers_due_at_the_same_instant_fire_in_the_order_they_were_set() {
    // b's 2 ms timer is set at 0; a's second timer, also due at 2 ms, only at 1 ms.
    let r = run("async a {\n  sleep 1ms\n  sleep 1ms\n  log \"a\"\n}\n\nasync b {\n  sleep 2ms\n  log \"b\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["b", "a"]));
}

#[test]
fn lifo_policy_runs_the_rounds_entries_from_the_back() {
    let r = run("runtime {\n  policy lifo\n}\n\nasync a {\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n\nasync c {\n  log \"c\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["c", "b", "a"]));
}

#[test]
fn lifo_policy_still_keeps_tasks_queued_during_a_round_for_the_next_round() {
    // Under lifo c runs first and yields: it is now the last entry, but it joined during
    // round 1, so the policy picks among round 1's remaining entries (b, then a) first.
    let r = run("runtime {\n  policy lifo\n}\n\nasync a {\n  log \"a\"\n}\n\nasync b {\n  log \"b\"\n}\n\nasync c {\n  yield\n  log \"c\"\n}\n");
    assert_eq!(polls(&r.trace), v(&["c", "b", "a", "c"]));
    assert_eq!(logs(&r.trace), v(&["b", "a", "c"]));
}

#[test]
fn priority_policy_runs_the_highest_priority_first_and_queue_order_on_ties() {
    let r = run("runtime {\n  policy priority\n}\n\nasync a {\n  log \"a\"\n}\n\nasync b priority 2 {\n  log \"b\"\n}\n\nasync c priority 2 {\n  log \"c\"\n}\n\nasync d priority -1 {\n  log \"d\"\n}\n");
    assert_eq!(logs(&r.trace), v(&["b", "c", "a", "d"]));
}

#[test]
fn random_policy_depends_only_on_the_seed() {
    let src = "runtime {\n  policy random\n}\n\nasync t x6 {\n  log \"x\"\n}\n";
    let order = |seed| polls(&run_seed(src, seed).trace);
    assert_eq!(order(3), order(3));
    let first = order(0);
    assert!(
        (1..20).any(|s| order(s) != first),
        "every seed gave {first:?}"
    );
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(sorted, v(&["t#1", "t#2", "t#3", "t#4", "t#5", "t#6"]));
}

#[test]
fn after_schedules_a_callback_and_the_caller_goes_on_at_once() {
    let r = run("async cb on spawn {\n  log \"cb\"\n}\n\nasync caller {\n  after 1s spawn cb\n  log \"on\"\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["timer", "spawned", "ended"]),
        v(&[
            "0 caller spawned",
            "0 caller timer0 set start cb due 1000000", // an event-loop timer,
            "0 caller ended completed",                 // the caller goes on and ends,
            "1000000 - timer0 fired",
            "1000000 cb spawned by caller", // the callback starts when the timer entry runs
            "1000000 cb ended completed",
        ])
    );
    assert_eq!(task_of(&r.summary, "caller").end_us, Some(0));
}
