//! Benchmarks that run inside a worker: our executor's spawn + join against
//! `wasm_bindgen_futures::spawn_local` on the same workload (see `tests/e2e/bench-live.mjs`).

use crate::exec::{yield_now, Executor};
use crate::web::clock::now_ms;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Runs benchmark `kind` with `n` tasks; returns one timing per trial, in microseconds.
pub async fn in_worker(kind: &str, n: u32) -> Vec<f64> {
    let n = n.clamp(1, 1_000_000);
    let mut out = Vec::new();
    for _ in 0..7 {
        let us = match kind {
            "exec" => exec_spawn_join(n, false),
            "exec_yield" => exec_spawn_join(n, true),
            "spawn_local" => spawn_local_join(n, false).await,
            "spawn_local_yield" => spawn_local_join(n, true).await,
            "spawn_local_oneshot" => spawn_local_oneshot(n).await,
            "exec_phases" => return exec_phases(n),
            "box_floor" => box_floor(n),
            _ => return Vec::new(),
        };
        out.push(us);
    }
    out
}

/// `n` tasks spawned on our executor, each returning a number (after one `yield` if asked),
/// then joined in order.
fn exec_spawn_join(n: u32, yields: bool) -> f64 {
    let start = now_ms();
    let exec = Executor::new();
    let handle = exec.handle();
    let total = exec.block_on(async move {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                handle.spawn(async move {
                    if yields {
                        yield_now().await;
                    }
                    i as u64
                })
            })
            .collect();
        let mut sum = 0u64;
        for h in handles {
            sum += h.await.unwrap_or(0);
        }
        sum
    });
    std::hint::black_box(total.ok());
    (now_ms() - start) * 1000.0
}

/// The floor under any executor that stores tasks of different types: boxing `n` futures
/// (each as a spawn does) and freeing them, with no scheduling at all.
fn box_floor(n: u32) -> f64 {
    let start = now_ms();
    let boxes: Vec<Pin<Box<dyn Future<Output = u64>>>> = (0..n)
        .map(|i| Box::pin(async move { u64::from(i) }) as Pin<Box<dyn Future<Output = u64>>>)
        .collect();
    std::hint::black_box(&boxes);
    drop(boxes);
    (now_ms() - start) * 1000.0
}

/// Where our executor's time goes for `n` tasks spawned from outside, run, then joined: the
/// median over 7 trials of the µs spent spawning, running them, and taking their outputs.
fn exec_phases(n: u32) -> Vec<f64> {
    let mut trials: [Vec<f64>; 3] = Default::default();
    for _ in 0..7 {
        let exec = Executor::new();
        let t0 = now_ms();
        let handles: Vec<_> = (0..n)
            .map(|i| exec.spawn(async move { i as u64 }))
            .collect();
        let t1 = now_ms();
        exec.run_until_stalled();
        let t2 = now_ms();
        let mut sum = 0u64;
        for mut h in handles {
            sum += h.try_join().and_then(Result::ok).unwrap_or(0);
        }
        let t3 = now_ms();
        std::hint::black_box(sum);
        for (phase, ms) in trials.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
            phase.push(ms * 1000.0);
        }
    }
    trials
        .into_iter()
        .map(|mut t| {
            t.sort_by(f64::total_cmp);
            t[t.len() / 2]
        })
        .collect()
}

/// The same workload on the browser's microtask queue: `n` futures each record their number
/// (after one `yield` if asked), and the caller waits until all have.
async fn spawn_local_join(n: u32, yields: bool) -> f64 {
    let start = now_ms();
    let latch = Rc::new(Latch {
        left: Cell::new(n),
        sum: Cell::new(0),
        waker: RefCell::new(None),
    });
    for i in 0..n {
        let latch = latch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if yields {
                yield_now().await;
            }
            latch.sum.set(latch.sum.get() + i as u64);
            latch.left.set(latch.left.get() - 1);
            if latch.left.get() == 0 {
                if let Some(w) = latch.waker.borrow_mut().take() {
                    w.wake();
                }
            }
        });
    }
    LatchWait(latch.clone()).await;
    std::hint::black_box(latch.sum.get());
    (now_ms() - start) * 1000.0
}

/// `spawn_local` with a join of its own per task, as our `JoinHandle` gives: each task sends
/// its number through a one-shot slot, and the caller awaits the slots in order.
async fn spawn_local_oneshot(n: u32) -> f64 {
    let start = now_ms();
    let slots: Vec<Rc<OneShot>> = (0..n)
        .map(|i| {
            let slot = Rc::new(OneShot::default());
            let tx = slot.clone();
            wasm_bindgen_futures::spawn_local(async move {
                tx.value.set(Some(u64::from(i)));
                if let Some(w) = tx.waker.borrow_mut().take() {
                    w.wake();
                }
            });
            slot
        })
        .collect();
    let mut sum = 0u64;
    for slot in slots {
        sum += OneShotWait(slot).await;
    }
    std::hint::black_box(sum);
    (now_ms() - start) * 1000.0
}

#[derive(Default)]
struct OneShot {
    value: Cell<Option<u64>>,
    waker: RefCell<Option<Waker>>,
}

struct OneShotWait(Rc<OneShot>);

impl Future for OneShotWait {
    type Output = u64;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        match self.0.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                *self.0.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

struct Latch {
    left: Cell<u32>,
    sum: Cell<u64>,
    waker: RefCell<Option<Waker>>,
}

struct LatchWait(Rc<Latch>);

impl Future for LatchWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.left.get() == 0 {
            return Poll::Ready(());
        }
        *self.0.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}
