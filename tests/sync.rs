//! Sync primitives: fast paths, FIFO fairness, cancellation while waiting, and their rules;
//! channels and the lock property test in `sync/`.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::exec::{yield_now, Executor, Policy, RunOutcome};
use interleave::sync::{
    Channel, Condvar, Mutex, RecvError, RwLock, Semaphore, SendError, TryRecvError, TrySendError,
};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[path = "sync/channel.rs"]
mod channel;
#[path = "sync/props.rs"]
mod props;

type Log = Rc<RefCell<Vec<u32>>>;

fn log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

/// Polls a future once with a no-op waker.
fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    let mut cx = Context::from_waker(Waker::noop());
    pin!(future).poll(&mut cx)
}

#[test]
fn free_resources_are_taken_on_the_first_poll() {
    let m = Mutex::new(0);
    assert!(poll_once(m.lock()).is_ready());
    let rw = RwLock::new(0);
    assert!(poll_once(rw.read()).is_ready());
    assert!(poll_once(rw.write()).is_ready());
    let s = Semaphore::new(3);
    assert!(poll_once(s.acquire(3)).is_ready());
    assert_eq!(s.available(), 0);
    let ch = Channel::bounded(1);
    assert_eq!(poll_once(ch.send(7)), Poll::Ready(Ok(())));
    assert_eq!(poll_once(ch.recv()), Poll::Ready(Ok(7)));
}

#[test]
fn mutex_wakes_waiters_in_fifo_order_and_refuses_bargers() {
    let ex = Executor::new();
    let m = Rc::new(Mutex::new(Vec::new()));
    let held = m.try_lock().expect("the mutex starts free");
    for i in 0..4 {
        let m = Rc::clone(&m);
        ex.spawn(async move { m.lock().await.push(i) });
    }
    ex.run_until_stalled();
    assert_eq!(m.waiting(), 4);
    drop(held);
    // The lock was handed to waiter 0, so a newcomer cannot take it in between.
    assert!(m.try_lock().is_none());
    ex.run_until_stalled();
    assert!(!m.is_locked());
    assert_eq!(*m.try_lock().unwrap(), vec![0, 1, 2, 3]);
}

#[test]
fn mutex_waiter_cancelled_while_waiting_leaves_the_queue_consistent() {
    let ex = Executor::new();
    let m = Rc::new(Mutex::new(Vec::new()));
    let held = m.try_lock().unwrap();
    let tasks: Vec<_> = (0..3)
        .map(|i| {
            let m = Rc::clone(&m);
            ex.spawn(async move { m.lock().await.push(i) })
        })
        .collect();
    ex.run_until_stalled();
    tasks[1].cancel();
    ex.run_until_stalled();
    assert_eq!(m.waiting(), 2);
    drop(held);
    ex.run_until_stalled();
    assert_eq!(*m.try_lock().unwrap(), vec![0, 2]);
}

#[test]
fn mutex_handed_to_a_waiter_that_is_cancelled_passes_to_the_next() {
    let ex = Executor::new();
    let m = Rc::new(Mutex::new(Vec::new()));
    let held = m.try_lock().unwrap();
    let tasks: Vec<_> = (0..2)
        .map(|i| {
            let m = Rc::clone(&m);
            ex.spawn(async move { m.lock().await.push(i) })
        })
        .collect();
    ex.run_until_stalled();
    drop(held); // granted to waiter 0, which has not run yet
    tasks[0].cancel();
    ex.run_until_stalled();
    assert!(!m.is_locked());
    assert_eq!(*m.try_lock().unwrap(), vec![1]);
}

#[test]
fn rwlock_readers_share_until_a_writer_waits() {
    let ex = Executor::new();
    let rw = Rc::new(RwLock::new(0));
    let order = log();
    let r1 = rw.try_read().expect("free");
    assert!(rw.try_read().is_some(), "readers share");
    let (rw2, o) = (Rc::clone(&rw), Rc::clone(&order));
    ex.spawn(async move {
        *rw2.write().await += 1;
        o.borrow_mut().push(1);
    });
    ex.run_until_stalled();
    // A writer waits, so new readers must queue behind it (writer preference).
    assert!(rw.try_read().is_none());
    let (rw3, o) = (Rc::clone(&rw), Rc::clone(&order));
    ex.spawn(async move {
        let value = *rw3.read().await;
        o.borrow_mut().push(10 + value);
    });
    ex.run_until_stalled();
    assert_eq!(rw.waiting(), 2);
    drop(r1);
    ex.run_until_stalled();
    // The writer went first; the reader saw its write.
    assert_eq!(*order.borrow(), vec![1, 11]);
    assert_eq!(rw.holders(), (0, false));
}

#[test]
fn rwlock_grants_the_readers_in_front_of_the_first_waiting_writer_together() {
    let ex = Executor::new();
    let rw = Rc::new(RwLock::new(()));
    let order = log();
    let w = rw.try_write().unwrap();
    // Queue: read 0, read 1, write 2, read 3.
    for (i, write) in [(0, false), (1, false), (2, true), (3, false)] {
        let (rw, o) = (Rc::clone(&rw), Rc::clone(&order));
        ex.spawn(async move {
            if write {
                let _g = rw.write().await;
                o.borrow_mut().push(i);
            } else {
                let _g = rw.read().await;
                o.borrow_mut().push(i);
                yield_now().await; // hold the read across a round
            }
        });
    }
    ex.run_until_stalled();
    drop(w);
    ex.try_tick(); // leftover wakes are drained; readers 0 and 1 hold together now
    assert_eq!(rw.holders(), (2, false));
    ex.run_until_stalled();
    assert_eq!(*order.borrow(), vec![0, 1, 2, 3]);
}

#[test]
fn rwlock_writer_that_stops_waiting_lets_the_readers_behind_it_in() {
    let ex = Executor::new();
    let rw = Rc::new(RwLock::new(()));
    let r = rw.try_read().unwrap();
    let rw2 = Rc::clone(&rw);
    let writer = ex.spawn(async move { drop(rw2.write().await) });
    let rw3 = Rc::clone(&rw);
    let reader = ex.spawn(async move { drop(rw3.read().await) });
    ex.run_until_stalled();
    assert!(!reader.is_finished(), "blocked behind the waiting writer");
    writer.cancel();
    ex.run_until_stalled();
    assert!(
        reader.is_finished(),
        "joined the reader already holding the lock"
    );
    drop(r);
    assert_eq!(rw.holders(), (0, false));
}

#[test]
fn semaphore_large_request_at_the_head_blocks_smaller_ones_behind_it() {
    let ex = Executor::new();
    let s = Rc::new(Semaphore::new(3));
    let order = log();
    assert!(s.try_acquire(2));
    for (i, n) in [(0, 2), (1, 1)] {
        let (s, o) = (Rc::clone(&s), Rc::clone(&order));
        ex.spawn(async move {
            s.acquire(n).await;
            o.borrow_mut().push(i);
        });
    }
    ex.run_until_stalled();
    // One permit is free, but the request for one waits behind the request for two.
    assert_eq!(s.available(), 1);
    assert!(order.borrow().is_empty());
    assert!(
        !s.try_acquire(1),
        "try_acquire does not jump the queue either"
    );
    s.release(2);
    ex.run_until_stalled();
    assert_eq!(*order.borrow(), vec![0, 1]);
    assert_eq!(s.available(), 0);
}

#[test]
fn semaphore_waiter_cancelled_at_the_head_lets_the_next_through() {
    let ex = Executor::new();
    let s = Rc::new(Semaphore::new(1));
    let s2 = Rc::clone(&s);
    let big = ex.spawn(async move { s2.acquire(2).await });
    let s3 = Rc::clone(&s);
    let small = ex.spawn(async move { s3.acquire(1).await });
    ex.run_until_stalled();
    assert!(!small.is_finished());
    big.cancel();
    ex.run_until_stalled();
    assert!(small.is_finished());
    assert_eq!((s.available(), s.waiting()), (0, 0));
}

#[test]
fn semaphore_permits_granted_to_a_cancelled_waiter_are_returned() {
    let ex = Executor::new();
    let s = Rc::new(Semaphore::new(0));
    let s2 = Rc::clone(&s);
    let j = ex.spawn(async move { s2.acquire(2).await });
    ex.run_until_stalled();
    s.release(2); // granted to the waiter, which has not run
    j.cancel();
    ex.run_until_stalled();
    assert_eq!(s.available(), 2);
}

#[test]
fn condvar_wait_never_misses_a_notify_made_under_the_mutex() {
    for policy in [Policy::Fifo, Policy::Lifo, Policy::Random { seed: 3 }] {
        let ex = Executor::with_policy(policy);
        let state = Rc::new((Mutex::new(false), Condvar::new()));
        let s = Rc::clone(&state);
        let waiter = ex.spawn(async move {
            let (m, cv) = &*s;
            let mut ready = m.lock().await;
            while !*ready {
                ready = cv.wait(ready).await;
            }
        });
        let s = Rc::clone(&state);
        ex.spawn(async move {
            let (m, cv) = &*s;
            *m.lock().await = true;
            cv.notify_one();
        });
        assert_eq!(ex.run(), RunOutcome::Completed, "{policy:?}");
        assert!(waiter.is_finished());
        assert!(!state.0.is_locked());
    }
}

#[test]
fn condvar_notify_one_wakes_the_longest_waiter_and_notify_all_the_rest() {
    let ex = Executor::new();
    let state = Rc::new((Mutex::new(()), Condvar::new()));
    let order = log();
    for i in 0..4 {
        let (s, o) = (Rc::clone(&state), Rc::clone(&order));
        ex.spawn(async move {
            let (m, cv) = &*s;
            let g = m.lock().await;
            let _g = cv.wait(g).await;
            o.borrow_mut().push(i);
        });
    }
    ex.run_until_stalled();
    assert_eq!(state.1.waiting(), 4);
    assert!(state.1.notify_one());
    ex.run_until_stalled();
    assert_eq!(*order.borrow(), vec![0]);
    assert_eq!(state.1.notify_all(), 3);
    ex.run_until_stalled();
    assert_eq!(*order.borrow(), vec![0, 1, 2, 3]);
    assert!(!state.1.notify_one(), "nobody left to notify");
}

#[test]
fn condvar_notification_of_a_cancelled_waiter_passes_to_the_next() {
    let ex = Executor::new();
    let cv = Rc::new(Condvar::new());
    let woken = Rc::new(Cell::new(false));
    let cv1 = Rc::clone(&cv);
    let first = ex.spawn(async move { cv1.notified().await });
    let (cv2, w) = (Rc::clone(&cv), Rc::clone(&woken));
    ex.spawn(async move {
        cv2.notified().await;
        w.set(true);
    });
    ex.run_until_stalled();
    cv.notify_one(); // meant for the first waiter...
    first.cancel(); // ...which leaves before it runs
    ex.run_until_stalled();
    assert!(woken.get(), "the notification was not lost");
}
