//! Executor behaviour: exact hook-event sequences per policy and round semantics here;
//! timers and the task lifecycle (joins, cancellation, shutdown) in `exec/`.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::exec::{
    yield_now, BlockOnError, Clock, EndKind, ExecEvent, Executor, JoinError, Policy,
    RecordingHooks, RunOutcome, TaskId, VirtualClock,
};
use interleave::sync::Channel;
use std::rc::Rc;
use ExecEvent::*;

#[path = "exec/lifecycle.rs"]
mod lifecycle;
#[path = "exec/timers.rs"]
mod timers;

fn t(n: u32) -> TaskId {
    TaskId(n)
}

fn recorded(policy: Policy) -> (Executor, RecordingHooks) {
    let ex = Executor::with_policy(policy);
    let rec = RecordingHooks::new();
    ex.set_hooks(Box::new(rec.clone()));
    (ex, rec)
}

/// Spawns `n` tasks from outside that each yield once, then end.
fn spawn_yielders(ex: &Executor, n: u32) {
    for _ in 0..n {
        ex.spawn(async { yield_now().await });
    }
}

/// The order in which tasks were polled.
fn polls(events: &[ExecEvent]) -> Vec<u32> {
    events
        .iter()
        .filter_map(|e| match e {
            PollStart(id) => Some(id.0),
            _ => None,
        })
        .collect()
}

#[test]
fn fifo_policy_runs_each_round_front_to_back() {
    let (ex, rec) = recorded(Policy::Fifo);
    spawn_yielders(&ex, 3);
    ex.run_until_stalled();
    #[rustfmt::skip]
    assert_eq!(rec.take(), vec![
        Spawned { task: t(0), by: None },     // spawned from outside any task
        Ready(t(0)),                          // a spawn joins the back of the queue at once
        Spawned { task: t(1), by: None },
        Ready(t(1)),
        Spawned { task: t(2), by: None },
        Ready(t(2)),
        Round { entries: 3 },                 // round 1 is exactly the three spawns
        PollStart(t(0)),                      // front to back
        Woken { task: t(0), by: Some(t(0)) }, // yield_now wakes itself (reported at once)...
        Ready(t(0)),                          // ...so it goes to the back, for round 2
        PollEnd(t(0)),
        PollStart(t(1)),
        Woken { task: t(1), by: Some(t(1)) },
        Ready(t(1)),
        PollEnd(t(1)),
        PollStart(t(2)),
        Woken { task: t(2), by: Some(t(2)) },
        Ready(t(2)),
        PollEnd(t(2)),
        Round { entries: 3 },                 // round 2: the three yielders, in yield order
        PollStart(t(0)),
        PollEnd(t(0)),
        Ended { task: t(0), how: EndKind::Completed },
        PollStart(t(1)),
        PollEnd(t(1)),
        Ended { task: t(1), how: EndKind::Completed },
        PollStart(t(2)),
        PollEnd(t(2)),
        Ended { task: t(2), how: EndKind::Completed },
    ]);
    assert_eq!(ex.live_tasks(), 0);
}

#[test]
fn lifo_policy_runs_each_round_back_to_front() {
    let (ex, rec) = recorded(Policy::Lifo);
    spawn_yielders(&ex, 3);
    ex.run_until_stalled();
    let events = rec.take();
    #[rustfmt::skip]
    assert_eq!(events[6..], [
        Round { entries: 3 },                 // round 1 holds [0, 1, 2]
        PollStart(t(2)),                      // the newest entry first
        Woken { task: t(2), by: Some(t(2)) },
        Ready(t(2)),                          // the next round is built as [2, ...
        PollEnd(t(2)),
        PollStart(t(1)),
        Woken { task: t(1), by: Some(t(1)) },
        Ready(t(1)),                          // ... 1, ...
        PollEnd(t(1)),
        PollStart(t(0)),
        Woken { task: t(0), by: Some(t(0)) },
        Ready(t(0)),                          // ... 0]
        PollEnd(t(0)),
        Round { entries: 3 },
        PollStart(t(0)),                      // so its back is task 0 this time
        PollEnd(t(0)),
        Ended { task: t(0), how: EndKind::Completed },
        PollStart(t(1)),
        PollEnd(t(1)),
        Ended { task: t(1), how: EndKind::Completed },
        PollStart(t(2)),
        PollEnd(t(2)),
        Ended { task: t(2), how: EndKind::Completed },
    ]);
}

#[test]
fn random_policy_is_reproducible_from_its_seed() {
    let run = |seed| {
        let (ex, rec) = recorded(Policy::Random { seed });
        for _ in 0..6 {
            ex.spawn(async {
                yield_now().await;
                yield_now().await;
            });
        }
        ex.run_until_stalled();
        rec.take()
    };
    let first = run(7);
    // Same seed, same events, event for event.
    assert_eq!(first, run(7));
    let order = polls(&first);
    // Three rounds, and each round polls all six tasks once, in some order.
    assert_eq!(order.len(), 18);
    for round in order.chunks(6) {
        let mut sorted = round.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4, 5]);
    }
    // Randomness is real: across seeds, more than one order shows up.
    let orders: Vec<Vec<u32>> = (0..8).map(|seed| polls(&run(seed))).collect();
    assert!(orders.iter().any(|o| *o != orders[0]));
}

#[test]
fn random_policy_with_seed_7_gives_this_order() {
    let (ex, rec) = recorded(Policy::Random { seed: 7 });
    spawn_yielders(&ex, 4);
    ex.run_until_stalled();
    // Drawn by ChaCha8 seeded with 7: round 1 picks among [0, 1, 2, 3], round 2 among the
    // yielders as they re-queued ([3, 2, 1, 0]). Pinned so that a change of generator or of
    // the picking rule is noticed: seeded runs must stay reproducible across versions.
    assert_eq!(polls(&rec.take()), vec![3, 2, 1, 0, 3, 1, 2, 0]);
}

#[test]
fn priority_policy_runs_higher_first_and_fifo_among_equals() {
    let (ex, rec) = recorded(Policy::Priority);
    for priority in [1, 5, 3, 5] {
        ex.spawn_with_priority(priority, async { yield_now().await });
    }
    ex.run_until_stalled();
    // Round 1: priority 5 (tasks 1 then 3, spawn order), then 3 (task 2), then 1 (task 0).
    // Round 2: the yielders re-queued in that order, and the same rule gives the same order.
    assert_eq!(polls(&rec.take()), vec![1, 3, 2, 0, 1, 3, 2, 0]);
}

#[test]
fn a_task_woken_during_a_round_runs_in_the_next_round() {
    let (ex, rec) = recorded(Policy::Fifo);
    let ch = Rc::new(Channel::unbounded());
    let rx = Rc::clone(&ch);
    ex.spawn(async move { rx.recv().await.unwrap() });
    ex.spawn(async move { ch.try_send(1).unwrap() });
    ex.spawn(async {});
    ex.run_until_stalled();
    #[rustfmt::skip]
    assert_eq!(rec.take()[6..], [
        Round { entries: 3 },
        PollStart(t(0)),
        PollEnd(t(0)),
        Blocked(t(0)),                        // nothing to receive: it waits
        PollStart(t(1)),
        Woken { task: t(0), by: Some(t(1)) }, // the send wakes the receiver...
        Ready(t(0)),                          // ...which joins the back of the queue
        PollEnd(t(1)),
        Ended { task: t(1), how: EndKind::Completed },
        PollStart(t(2)),                      // task 2 was in the round already: it goes first
        PollEnd(t(2)),
        Ended { task: t(2), how: EndKind::Completed },
        Round { entries: 1 },                 // the receiver waited for this round
        PollStart(t(0)),
        PollEnd(t(0)),
        Ended { task: t(0), how: EndKind::Completed },
    ]);
}

#[test]
fn waking_a_queued_task_again_does_not_queue_it_twice() {
    let (ex, rec) = recorded(Policy::Fifo);
    let ch = Rc::new(Channel::unbounded());
    let rx = Rc::clone(&ch);
    ex.spawn(async move { (rx.recv().await.unwrap(), rx.recv().await.unwrap()) });
    ex.run_until_stalled();
    rec.take();
    // Two sends from outside: the first wakes the receiver, the second finds it queued.
    ch.try_send(1).unwrap();
    ch.try_send(2).unwrap();
    ex.run_until_stalled();
    #[rustfmt::skip]
    assert_eq!(rec.take(), vec![
        Woken { task: t(0), by: None },       // a wake from outside the executor
        Ready(t(0)),                          // only once
        Round { entries: 1 },
        PollStart(t(0)),                      // both messages are there: it ends in one poll
        PollEnd(t(0)),
        Ended { task: t(0), how: EndKind::Completed },
    ]);
}
