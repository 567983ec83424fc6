//! Executor behaviour: exact hook-event sequences per policy, rounds, timers, joins, cancellation.

use interleave::exec::{
    yield_now, BlockOnError, Clock, EndKind, ExecEvent, Executor, JoinError, Policy,
    RecordingHooks, RunOutcome, TaskId, VirtualClock,
};
use interleave::sync::Channel;
use std::rc::Rc;
use ExecEvent::*;

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

#[test]
fn timers_fire_in_deadline_order_with_ties_in_insertion_order() {
    let (ex, rec) = recorded(Policy::Fifo);
    let h = ex.handle();
    for delay in [30, 10, 20, 10] {
        let h = h.clone();
        ex.spawn(async move { h.sleep(delay).await });
    }
    assert_eq!(ex.run(), RunOutcome::Completed);
    let fired: Vec<(u64, Option<TaskId>)> = rec
        .timed_events()
        .into_iter()
        .filter_map(|(at, e)| match e {
            TimerFired { owner } => Some((at, owner)),
            _ => None,
        })
        .collect();
    // Time jumped to each deadline; the two 10us timers fire in the order they were set.
    assert_eq!(
        fired,
        vec![
            (10, Some(t(1))),
            (10, Some(t(3))),
            (20, Some(t(2))),
            (30, Some(t(0)))
        ]
    );
    assert_eq!(ex.now(), 30);
    assert_eq!(ex.timers_len(), 0);
}

#[test]
fn a_due_timer_is_an_entry_and_its_sleeper_runs_one_round_later() {
    let (ex, rec) = recorded(Policy::Fifo);
    let h = ex.handle();
    ex.spawn(async move { h.sleep(5).await });
    assert_eq!(ex.run(), RunOutcome::Completed);
    #[rustfmt::skip]
    assert_eq!(rec.timed_events()[2..], [
        (0, Round { entries: 1 }),
        (0, PollStart(t(0))),
        (0, TimerSet { owner: Some(t(0)), deadline: 5 }),
        (0, PollEnd(t(0))),
        (0, Blocked(t(0))),
        (5, Round { entries: 1 }),            // nothing was ready: time jumped to 5
        (5, TimerFired { owner: Some(t(0)) }),// the round's one entry is the due timer
        (5, Woken { task: t(0), by: None }),  // a timer wakes on nobody's behalf
        (5, Ready(t(0))),
        (5, Round { entries: 1 }),            // the sleeper runs in the following round
        (5, PollStart(t(0))),
        (5, PollEnd(t(0))),
        (5, Ended { task: t(0), how: EndKind::Completed }),
    ]);
}

#[test]
fn run_until_stalled_never_moves_the_clock() {
    let ex = Executor::new();
    let h = ex.handle();
    let j = ex.spawn(async move { h.sleep(100).await });
    ex.run_until_stalled();
    assert_eq!(ex.now(), 0);
    assert!(!j.is_finished());
    assert_eq!(ex.next_deadline(), Some(100));
    assert_eq!(
        ex.run_until(99),
        RunOutcome::TimeLimit { next_deadline: 100 }
    );
    assert_eq!(ex.run(), RunOutcome::Completed);
    assert_eq!(ex.now(), 100);
}

#[test]
fn join_handle_yields_the_output_and_wakes_its_joiner() {
    let (ex, rec) = recorded(Policy::Fifo);
    let h = ex.handle();
    let out = ex.block_on(async move {
        let child = h.spawn(async { 6 * 7 });
        child.await
    });
    assert_eq!(out, Ok(Ok(42)));
    #[rustfmt::skip]
    assert_eq!(rec.take(), vec![
        Spawned { task: t(0), by: None },     // block_on runs its future as task 0
        Ready(t(0)),
        Round { entries: 1 },
        PollStart(t(0)),
        Spawned { task: t(1), by: Some(t(0)) },// spawned from inside task 0
        Ready(t(1)),
        PollEnd(t(0)),
        Blocked(t(0)),                        // the child has not run: the join waits
        Round { entries: 1 },
        PollStart(t(1)),
        PollEnd(t(1)),
        Ended { task: t(1), how: EndKind::Completed },
        Woken { task: t(0), by: Some(t(1)) }, // the end of a task wakes its joiner
        Ready(t(0)),
        Round { entries: 1 },
        PollStart(t(0)),
        PollEnd(t(0)),
        Ended { task: t(0), how: EndKind::Completed },
    ]);
}

#[test]
fn joining_a_finished_task_completes_without_waiting() {
    let ex = Executor::new();
    let child = ex.spawn(async { "done" });
    ex.run_until_stalled();
    assert!(child.is_finished());
    let (ex2, rec) = recorded(Policy::Fifo);
    assert_eq!(ex2.block_on(child), Ok(Ok("done")));
    assert!(!rec.events().iter().any(|e| matches!(e, Blocked(_))));
}

#[test]
fn cancelling_a_waiting_task_drops_it_at_its_next_poll_opportunity() {
    let (ex, rec) = recorded(Policy::Fifo);
    let h = ex.handle();
    let sleeper = ex.spawn(async move { h.sleep(1_000).await });
    let probe = Rc::new(());
    let held = Rc::clone(&probe);
    let waiter = ex.spawn(async move {
        let _held = held;
        std::future::pending::<()>().await
    });
    ex.run_until_stalled();
    rec.take();
    sleeper.cancel();
    waiter.cancel();
    ex.run_until_stalled();
    #[rustfmt::skip]
    assert_eq!(rec.take(), vec![
        Woken { task: t(0), by: None },       // cancel wakes the task from outside...
        Ready(t(0)),
        Woken { task: t(1), by: None },
        Ready(t(1)),
        Round { entries: 2 },
        Ended { task: t(0), how: EndKind::Cancelled }, // ...and its turn drops it, no poll
        Ended { task: t(1), how: EndKind::Cancelled },
    ]);
    assert_eq!(
        Rc::strong_count(&probe),
        1,
        "the future and what it held were dropped"
    );
    // The dropped sleep took its timer with it: time does not jump to 1000.
    assert_eq!(ex.timers_len(), 0);
    assert_eq!(ex.run(), RunOutcome::Completed);
    assert_eq!(ex.now(), 0);
    assert_eq!(ex.block_on(sleeper), Ok(Err(JoinError::Cancelled)));
}

#[test]
fn cancelling_a_queued_task_means_it_is_never_polled() {
    let (ex, rec) = recorded(Policy::Fifo);
    let j = ex.spawn(async { unreachable!("a cancelled task is not polled") });
    j.cancel();
    ex.run_until_stalled();
    assert!(!rec.events().iter().any(|e| matches!(e, PollStart(_))));
    assert!(j.is_finished());
}

#[test]
fn cancelling_a_finished_task_keeps_its_output() {
    let ex = Executor::new();
    let j = ex.spawn(async { 5 });
    ex.run_until_stalled();
    j.cancel();
    assert_eq!(ex.block_on(j), Ok(Ok(5)));
}

#[test]
fn block_on_reports_a_future_that_can_never_complete() {
    let ex = Executor::new();
    let ch: Rc<Channel<u8>> = Rc::new(Channel::unbounded());
    let rx = Rc::clone(&ch);
    let result = ex.block_on(async move { rx.recv().await });
    assert_eq!(result, Err(BlockOnError::Stalled { blocked: 1 }));
    let text = BlockOnError::Stalled { blocked: 1 }.to_string();
    assert!(text.contains("can never complete"), "{text}");
}

#[test]
fn run_reports_tasks_blocked_forever_as_stalled() {
    let ex = Executor::new();
    let (a, b) = (
        Rc::new(Channel::<u8>::unbounded()),
        Rc::new(Channel::<u8>::unbounded()),
    );
    let (a2, b2) = (Rc::clone(&a), Rc::clone(&b));
    ex.spawn(async move { a.recv().await });
    ex.spawn(async move { b.recv().await });
    assert_eq!(ex.run(), RunOutcome::Stalled { blocked: 2 });
    drop((a2, b2));
}

#[test]
fn dropping_the_executor_drops_unfinished_tasks_and_breaks_cycles() {
    let probe = Rc::new(());
    let held = Rc::clone(&probe);
    let j = {
        let ex = Executor::new();
        let h = ex.handle();
        // The task holds a handle to its own executor: a cycle the drop must break.
        let j = ex.spawn(async move {
            let _held = held;
            h.sleep(10).await;
        });
        ex.run_until_stalled();
        j
    };
    assert_eq!(Rc::strong_count(&probe), 1);
    assert!(j.is_finished());
}

#[test]
fn a_stale_waker_of_an_ended_task_does_nothing() {
    let (ex, rec) = recorded(Policy::Fifo);
    let stash = Rc::new(std::cell::RefCell::new(None));
    let put = Rc::clone(&stash);
    ex.spawn(std::future::poll_fn(move |cx| {
        *put.borrow_mut() = Some(cx.waker().clone());
        std::task::Poll::Ready(())
    }));
    ex.run_until_stalled();
    let waker = stash
        .borrow_mut()
        .take()
        .expect("the task stored its waker");
    // The slot is reused by a new task, which must not be woken by the old waker.
    let h = ex.handle();
    ex.spawn(async move { h.sleep(1).await });
    ex.run_until_stalled();
    rec.take();
    waker.wake();
    assert!(!ex.try_tick(), "nothing became ready");
    assert_eq!(rec.take(), vec![]);
}

#[test]
fn timers_inherit_their_owner_priority_under_the_priority_policy() {
    let (ex, rec) = recorded(Policy::Priority);
    let h = ex.handle();
    for priority in [0, 9] {
        let h = h.clone();
        ex.spawn_with_priority(priority, async move { h.sleep(10).await });
    }
    ex.run();
    let fired: Vec<Option<TaskId>> = rec
        .events()
        .into_iter()
        .filter_map(|e| match e {
            TimerFired { owner } => Some(owner),
            _ => None,
        })
        .collect();
    // Same deadline, set by task 0 first, but task 1's priority 9 puts its timer first.
    assert_eq!(fired, vec![Some(t(1)), Some(t(0))]);
}

#[test]
fn a_detached_task_still_runs_and_frees_its_slot() {
    let ex = Executor::new();
    let ran = Rc::new(std::cell::Cell::new(false));
    let r = Rc::clone(&ran);
    drop(ex.spawn(async move {
        yield_now().await;
        r.set(true);
    }));
    assert_eq!(ex.run(), RunOutcome::Completed);
    assert!(ran.get());
    assert_eq!(ex.live_tasks(), 0);
}

#[test]
fn a_finished_task_keeps_its_output_after_the_executor_is_dropped() {
    let mut j = {
        let ex = Executor::new();
        let j = ex.spawn(async { String::from("kept") });
        ex.run_until_stalled();
        j
    };
    assert_eq!(j.try_join(), Some(Ok(String::from("kept"))));
}

#[test]
fn spawning_through_a_handle_after_shutdown_gives_a_cancelled_task() {
    let h = Executor::new().handle();
    let mut j = h.spawn(async { 1 });
    assert!(j.is_finished());
    assert_eq!(j.try_join(), Some(Err(JoinError::Cancelled)));
}

#[test]
fn an_executor_can_run_inside_a_task_of_another() {
    let (outer, rec) = recorded(Policy::Fifo);
    let got = outer.block_on(async {
        let inner = Executor::new();
        let a = inner.spawn(async {
            yield_now().await;
            1
        });
        // The inner executor's rounds run inside this poll; its wakes must not leak out.
        let sum = inner.block_on(async move { a.await.unwrap() + 1 });
        yield_now().await;
        sum
    });
    assert_eq!(got, Ok(Ok(2)));
    // The outer executor saw only its own task: one yield, so two polls.
    assert_eq!(polls(&rec.take()), vec![0, 0]);
}

#[test]
fn a_wake_from_another_thread_queues_the_task() {
    use std::sync::{Arc, Mutex};
    let (ex, rec) = recorded(Policy::Fifo);
    let slot: Arc<Mutex<Option<std::task::Waker>>> = Arc::new(Mutex::new(None));
    let put = Arc::clone(&slot);
    let mut polled = 0;
    let j = ex.spawn(std::future::poll_fn(move |cx| {
        polled += 1;
        if polled == 1 {
            *put.lock().unwrap() = Some(cx.waker().clone());
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(polled)
        }
    }));
    ex.run_until_stalled();
    rec.take();
    let waker = slot
        .lock()
        .unwrap()
        .take()
        .expect("stored on the first poll");
    std::thread::spawn(move || waker.wake()).join().unwrap();
    ex.run_until_stalled();
    #[rustfmt::skip]
    assert_eq!(rec.take(), vec![
        Woken { task: t(0), by: None },       // from another thread: nobody on ours woke it
        Ready(t(0)),
        Round { entries: 1 },
        PollStart(t(0)),
        PollEnd(t(0)),
        Ended { task: t(0), how: EndKind::Completed },
    ]);
    assert_eq!(ex.block_on(j), Ok(Ok(2)));
}

#[test]
fn sleeping_until_a_past_deadline_takes_one_round_for_the_timer_and_one_for_the_task() {
    let rec = RecordingHooks::new();
    let clock = Rc::new(VirtualClock::starting_at(50));
    let ex = Executor::with_clock(Policy::Fifo, clock.clone());
    ex.set_hooks(Box::new(rec.clone()));
    let h = ex.handle();
    ex.spawn(async move { h.sleep_until(10).await });
    ex.run_until_stalled();
    let rounds = rec
        .events()
        .iter()
        .filter(|e| matches!(e, Round { .. }))
        .count();
    // Round 1 polls the task (timer set), round 2 fires the timer, round 3 finishes the task.
    assert_eq!(rounds, 3);
    assert_eq!(ex.live_tasks(), 0);
    assert_eq!(clock.now(), 50, "a past deadline moves no time");
}
