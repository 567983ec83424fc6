//! Task lifecycle on the executor: join handles, cancellation, shutdown, stalls, foreign wakes.

use super::*;

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
fn a_waker_given_back_by_an_ended_task_wakes_its_next_owner() {
    // The first tasks end in one poll without keeping their wakers, which go back to the
    // executor's spares; later tasks get those wakers at their first poll, rebound to them.
    let ex = Executor::new();
    let h = ex.handle();
    for _ in 0..3 {
        ex.spawn(async {});
    }
    ex.run_until_stalled();
    let woke = Rc::new(std::cell::Cell::new(0));
    let sleepers: Vec<_> = (1..=3)
        .map(|i| {
            let (h, woke) = (h.clone(), Rc::clone(&woke));
            ex.spawn(async move {
                h.sleep(i).await;
                woke.set(woke.get() + 1);
                i
            })
        })
        .collect();
    assert_eq!(ex.run(), RunOutcome::Completed);
    assert_eq!(woke.get(), 3, "each sleeper was woken by its own timer");
    let outputs: Vec<_> = sleepers.into_iter().map(|j| ex.block_on(j)).collect();
    assert_eq!(outputs, vec![Ok(Ok(1)), Ok(Ok(2)), Ok(Ok(3))]);
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
fn a_task_that_panics_ends_and_leaves_the_executor_usable() {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    let ex = Executor::new();
    let h = ex.handle();
    let joiner = ex.spawn(async move {
        let bad = h.spawn(async { panic!("boom") });
        bad.await
    });
    let caught = catch_unwind(AssertUnwindSafe(|| ex.run_until_stalled()));
    assert!(
        caught.is_err(),
        "the panic reaches whoever drives the executor"
    );
    // The panicked task counts as cancelled, so its joiner is not stuck.
    assert_eq!(ex.run(), RunOutcome::Completed);
    assert_eq!(ex.block_on(joiner), Ok(Ok(Err(JoinError::Cancelled))));
    assert_eq!(ex.block_on(async { 5 }), Ok(5));
}

#[test]
fn driving_an_executor_from_inside_its_own_task_is_refused_not_tangled() {
    let ex = Rc::new(Executor::new());
    let inner = Rc::clone(&ex);
    let j = ex.spawn(async move { inner.block_on(async { 1 }) });
    ex.run_until_stalled();
    // The nested block_on ran no round; it reports that its future could not progress.
    let nested = ex.block_on(j).expect("the outer task completes");
    assert!(matches!(nested, Ok(Err(BlockOnError::Stalled { .. }))));
    // The future it spawned still runs on the outer rounds.
    assert_eq!(ex.run(), RunOutcome::Completed);
}

#[test]
fn a_completed_task_drops_its_future_at_once_and_keeps_only_the_output() {
    // The guard lives in the future's state until the future completes.
    struct Guard(std::rc::Rc<std::cell::Cell<bool>>);
    impl Drop for Guard {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let dropped = std::rc::Rc::new(std::cell::Cell::new(false));
    let guard = Guard(dropped.clone());
    let ex = Executor::new();
    let child = ex.spawn(async move {
        yield_now().await;
        let _keep = &guard;
        String::from("output")
    });
    ex.run_until_stalled();
    assert!(child.is_finished());
    assert!(
        dropped.get(),
        "the future was dropped when it completed, not when joined"
    );
    assert_eq!(ex.block_on(child), Ok(Ok(String::from("output"))));
}
