//! Browser tests in a dedicated worker, where live mode runs them: our executor, its sync
//! primitives and the live engine, on the real clock and real `setTimeout` timers.
//!
//! No test bounds a time from above (a loaded machine only makes timers late): each checks
//! an order, or that a wait lasted at least as long as it asked for.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use interleave::exec::{Executor, Micros, Policy};
use interleave::live::engine::{Engine, Host};
use interleave::live::proto::{Out, Role, Setup, ToWorker};
use interleave::sync::{Channel, Mutex};
use interleave::trace::EventKind;
use interleave::web::clock::{epoch_ms, RealClock};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// An executor on the worker's real clock, starting now.
fn real_executor() -> Executor {
    Executor::with_clock(Policy::Fifo, Rc::new(RealClock::new(epoch_ms())))
}

/// Lets real time pass until `deadline` (run time, µs) on a `setTimeout`, as the worker does.
async fn wait_for(now: Micros, deadline: Option<Micros>) {
    let us = deadline.map_or(1_000, |d| d.saturating_sub(now));
    TimeoutFuture::new(us.div_ceil(1_000) as u32).await;
}

/// Runs the executor's rounds, sleeping on real timers between them, until every task ended.
async fn run_to_end(ex: &Executor) {
    while ex.live_tasks() > 0 {
        ex.run_until_stalled();
        if ex.live_tasks() > 0 {
            wait_for(ex.now(), ex.next_deadline()).await;
        }
    }
}

#[wasm_bindgen_test]
fn these_tests_run_in_a_dedicated_worker() {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    assert!(global
        .dyn_ref::<web_sys::DedicatedWorkerGlobalScope>()
        .is_some());
    assert!(web_sys::window().is_none(), "a worker has no window");
}

#[wasm_bindgen_test]
async fn sleeping_tasks_wake_in_deadline_order_on_real_timers() {
    let ex = real_executor();
    let log = Rc::new(RefCell::new(Vec::new()));
    for (name, ms) in [("slow", 30u64), ("fast", 10), ("middle", 20)] {
        let (handle, log) = (ex.handle(), log.clone());
        ex.spawn(async move {
            handle.sleep(ms * 1_000).await;
            log.borrow_mut().push((name, handle.now()));
        });
    }
    run_to_end(&ex).await;
    let log = log.take();
    let names: Vec<&str> = log.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["fast", "middle", "slow"]);
    let (_, slow_woke) = log[2];
    assert!(slow_woke >= 30_000, "a 30 ms sleep lasted {slow_woke} µs");
}

#[wasm_bindgen_test]
async fn a_mutex_hands_off_in_fifo_order_across_real_sleeps() {
    let ex = real_executor();
    let mutex = Rc::new(Mutex::new(0u32));
    let order = Rc::new(RefCell::new(Vec::new()));
    for who in ["a", "b", "c"] {
        let (handle, mutex, order) = (ex.handle(), mutex.clone(), order.clone());
        ex.spawn(async move {
            let mut held = mutex.lock().await;
            order.borrow_mut().push(who);
            // Hold it across a real timer, so the others queue behind.
            handle.sleep(5_000).await;
            *held += 1;
        });
    }
    run_to_end(&ex).await;
    assert_eq!(*order.borrow(), ["a", "b", "c"]);
    assert_eq!(*mutex.try_lock().expect("nobody holds it at the end"), 3);
}

#[wasm_bindgen_test]
async fn a_channel_carries_values_between_tasks_that_sleep() {
    let ex = real_executor();
    let channel = Rc::new(Channel::bounded(1));
    let got = Rc::new(RefCell::new(Vec::new()));
    {
        let (handle, channel) = (ex.handle(), channel.clone());
        ex.spawn(async move {
            for value in 1..=3 {
                handle.sleep(2_000).await;
                channel.send(value).await.expect("the receiver is there");
            }
        });
    }
    {
        let (channel, got) = (channel.clone(), got.clone());
        ex.spawn(async move {
            for _ in 0..3 {
                let value = channel.recv().await.expect("three values come");
                got.borrow_mut().push(value);
            }
        });
    }
    run_to_end(&ex).await;
    assert_eq!(*got.borrow(), [1, 2, 3]);
}

/// What an engine hands the page.
struct Collect(RefCell<Vec<Out>>);

impl Host for Collect {
    fn compute(&self, _: Micros) {}

    fn flush(&self, items: Vec<Out>) {
        self.0.borrow_mut().extend(items);
    }
}

#[wasm_bindgen_test]
async fn the_live_engine_runs_an_event_loop_on_real_timers() {
    let text = "async slow {\n  sleep 30ms\n  log \"slow\"\n}\n\nasync fast {\n  sleep 10ms\n  log \"fast\"\n}\n";
    let setup = Setup {
        run: 1,
        text: text.to_string(),
        t0_ms: epoch_ms(),
        iters_per_us: 1.0,
        role: Role::Loop,
        lane: 0,
        seed: 1,
        shared_memory: false,
    };
    let clock = Rc::new(RealClock::new(setup.t0_ms));
    let host = Rc::new(Collect(RefCell::new(Vec::new())));
    let engine =
        Engine::new(&setup, clock.clone(), host.clone(), None).expect("the engine sets up");
    engine.handle(ToWorker::Start { run: 1, task: 0 });
    engine.handle(ToWorker::Start { run: 1, task: 1 });
    while !engine.idle() {
        engine.drive();
        if !engine.idle() {
            use interleave::exec::Clock;
            wait_for(clock.now(), engine.next_deadline()).await;
        }
    }
    let mut out = host.0.take();
    out.extend(engine.take_out());
    let logs: Vec<(String, Micros)> = out
        .iter()
        .filter_map(|o| match o {
            Out::Event(e) => match &e.kind {
                EventKind::Log { text, .. } => Some((text.clone(), e.t)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let names: Vec<&str> = logs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["fast", "slow"]);
    assert!(logs[1].1 >= 30_000, "slow logged at {} µs", logs[1].1);
    let ends = out.iter().filter(|o| matches!(o, Out::End { .. })).count();
    assert_eq!(ends, 2, "both tasks reported their end");
}

#[wasm_bindgen_test]
fn timer_delays_round_up_and_never_exceed_what_set_timeout_honours() {
    use interleave::web::clock::timeout_ms;
    assert_eq!(timeout_ms(1), 1, "a microsecond still waits a millisecond");
    assert_eq!(timeout_ms(2_000_000), 2_000);
    // 2^31 ms and more would fire at once in a browser.
    assert_eq!(timeout_ms(3_000_000_000_000), i32::MAX as u32);
}

/// Gives up after it has been asked `patience` times, so a test can watch a park time out.
struct Asked {
    holder: Option<Option<u32>>,
    patience: u32,
}

impl interleave::shm::Waiting for Asked {
    fn blocked(&mut self, holder: Option<u32>) {
        self.holder = Some(holder);
    }
    fn give_up(&mut self) -> bool {
        self.patience = self.patience.saturating_sub(1);
        self.patience == 0
    }
}

#[wasm_bindgen_test]
fn the_futex_locks_run_over_js_atomics_in_a_worker() {
    use interleave::shm::{mutex, rwlock, semaphore, GaveUp, Memory};
    use interleave::web::shared_memory::{isolated, SharedMemory};
    // The test runner serves its pages cross-origin isolated; without that there is no
    // `SharedArrayBuffer` to test on, and saying so beats passing quietly.
    assert!(isolated(), "the test worker must be cross-origin isolated");
    let words = mutex::WORDS + semaphore::WORDS + rwlock::WORDS;
    let mem = SharedMemory::new(2, words).expect("isolated, so the buffer exists");
    let (m, s, rw) = (0, mutex::WORDS, mutex::WORDS + semaphore::WORDS);

    // A mutex held by task 1: task 2 cannot take it, parks on the real word, names the holder,
    // and gives up when asked to (as a cancelled thread does).
    assert!(mutex::try_lock(&mem, m, 1));
    assert_eq!(mutex::owner(&mem, m), Some(1));
    assert!(!mutex::try_lock(&mem, m, 2));
    let mut waiting = Asked {
        holder: None,
        patience: 2,
    };
    assert_eq!(mutex::lock(&mem, m, 2, &mut waiting), Err(GaveUp));
    assert_eq!(
        waiting.holder,
        Some(Some(1)),
        "the waiter learned who holds it"
    );
    assert_eq!(
        mutex::unlock(&mem, m, 2).map_err(|e| e.holder),
        Err(Some(1))
    );
    mutex::unlock(&mem, m, 1).expect("the owner unlocks");
    assert_eq!(mutex::owner(&mem, m), None);

    // A semaphore of 2 permits.
    semaphore::init(&mem, s, 2);
    assert!(semaphore::try_acquire(&mem, s, 2));
    assert!(!semaphore::try_acquire(&mem, s, 1));
    semaphore::release(&mem, s, 1, 1);
    assert!(semaphore::try_acquire(&mem, s, 1));
    assert_eq!(semaphore::released_by(&mem, s), Some(1));

    // An rwlock: readers share, a writer excludes them.
    assert!(rwlock::try_read(&mem, rw));
    assert!(rwlock::try_read(&mem, rw));
    let mut waiting = Asked {
        holder: None,
        patience: 1,
    };
    assert_eq!(rwlock::write(&mem, rw, 3, &mut waiting), Err(GaveUp));
    rwlock::unlock_read(&mem, rw, 1);
    rwlock::unlock_read(&mem, rw, 2);
    let mut waiting = Asked {
        holder: None,
        patience: 1,
    };
    assert!(rwlock::write(&mem, rw, 3, &mut waiting).is_ok());
    assert_eq!(rwlock::writer(&mem, rw), Some(3));
    rwlock::unlock_write(&mem, rw, 3);
    assert_eq!(rwlock::unlocked_by(&mem, rw), Some(3));

    // The 64-bit cells hold the variables: a load and a store are separate, `add` is atomic.
    mem.store_cell(1, 41);
    assert_eq!(mem.add_cell(1, 1), 41);
    assert_eq!(mem.load_cell(1), 42);
    assert_eq!(mem.load_cell(0), 0, "cells do not overlap");
    // `max_cell` only ever raises a cell (the time of a lock's last release).
    assert_eq!(mem.max_cell(0, 7), 0);
    assert_eq!(mem.max_cell(0, 5), 7);
    assert_eq!(mem.load_cell(0), 7);

    // A bounded channel of 2: a ring of cells behind words of its own. It fills, a sender
    // parks on the real word and gives up when asked to, items come out in order, and a
    // close refuses a send and, once drained, a receive.
    use interleave::shm::channel::{self, Chan, Refused};
    let ring = Chan {
        at: 0,
        cells: 0,
        cap: 2,
    };
    let mem = SharedMemory::new(Chan::cells_for(2), channel::WORDS).expect("isolated");
    let clock = std::cell::Cell::new(0);
    let now = || {
        clock.set(clock.get() + 1);
        clock.get()
    };
    let patient = || Asked {
        holder: None,
        patience: u32::MAX,
    };
    for v in [7, 8] {
        let sent = channel::send(&mem, ring, v, 1, now, &mut patient()).expect("room");
        assert_eq!(sent.waited, None);
    }
    let mut waiting = Asked {
        holder: None,
        patience: 1,
    };
    assert_eq!(
        channel::send(&mem, ring, 9, 1, now, &mut waiting),
        Err(Refused::GaveUp),
        "a full ring parks its sender"
    );
    let first = channel::recv(&mem, ring, 2, now, &mut patient()).expect("an item");
    assert_eq!((first.value, first.waited), (7, None));
    channel::close(&mem, ring, 3, now).expect("open until now");
    assert!(matches!(
        channel::send(&mem, ring, 9, 1, now, &mut patient()),
        Err(Refused::Closed { woken_by: None, .. })
    ));
    let second = channel::recv(&mem, ring, 2, now, &mut patient()).expect("drained");
    assert_eq!(second.value, 8);
    assert!(second.at > first.at, "stamped in order");
    assert!(matches!(
        channel::recv(&mem, ring, 2, now, &mut patient()),
        Err(Refused::Closed { .. })
    ));

    // A condition variable: a queue of waiters and a signal word each. A notify with nobody
    // waiting is lost; one waiter queued is signalled by the next notify and wakes at once.
    use interleave::shm::condvar::{self, Cv};
    let queue = Cv {
        at: 0,
        cells: 0,
        cap: 2,
    };
    let mem = SharedMemory::new(2, condvar::WORDS + 2).expect("isolated");
    let signal = |t: u32| condvar::WORDS + t as usize;
    assert_eq!(
        condvar::notify(&mem, queue, 1, false, signal),
        Vec::<u32>::new()
    );
    condvar::enqueue(&mem, queue, 0, signal(0)).expect("room");
    let mut waiting = Asked {
        holder: None,
        patience: 1,
    };
    assert_eq!(
        condvar::await_notify(&mem, queue, 0, signal(0), &mut waiting),
        Err(GaveUp),
        "not notified yet: it parks, and leaves the queue when it gives up"
    );
    assert_eq!(condvar::waiters(&mem, queue), Vec::<u32>::new());
    condvar::enqueue(&mem, queue, 0, signal(0)).expect("room");
    assert_eq!(condvar::notify(&mem, queue, 1, false, signal), vec![0]);
    assert_eq!(
        condvar::await_notify(&mem, queue, 0, signal(0), &mut patient()),
        Ok(Some(1)),
        "woken by task 1"
    );
}
