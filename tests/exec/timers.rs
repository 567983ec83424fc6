//! Executor timers: deadline order, virtual time jumps, timer entries in rounds, priorities.

use super::*;

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
