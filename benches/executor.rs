//! Executor benchmarks: ours against futures' `LocalPool` and async-executor's `LocalExecutor`.
//!
//! Run with `cargo bench --bench executor`. Each figure is the median of several runs; a
//! ratio is ours / baseline, so below 1.0 means ours is faster.

use async_executor::LocalExecutor;
use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;
use interleave::exec::{yield_now, Executor};
use interleave::sync::Channel;
use std::hint::black_box;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Timed runs per figure (after one warm-up run).
const REPS: usize = 11;

/// The median and the best time of a contender's runs.
#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    best: Duration,
}

/// Runs the contenders in turn, `REPS` times (after a warm-up round). Interleaving them
/// spreads any background load over all of them alike.
fn measure<const N: usize>(runs: [fn() -> Duration; N]) -> [Stats; N] {
    for run in runs {
        run();
    }
    let mut times = [(); N].map(|()| Vec::with_capacity(REPS));
    for _ in 0..REPS {
        for (run, t) in runs.iter().zip(times.iter_mut()) {
            t.push(run());
        }
    }
    times.map(|mut t| {
        t.sort_unstable();
        Stats {
            median: t[REPS / 2],
            best: t[0],
        }
    })
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

// ===== spawn + join =====

fn ours_spawn_join(n: usize) -> Duration {
    let ex = Executor::new();
    let h = ex.handle();
    timed(|| {
        ex.block_on(async move {
            let tasks: Vec<_> = (0..n).map(|_| h.spawn(async {})).collect();
            for task in tasks {
                task.await.expect("not cancelled");
            }
        })
        .expect("completes");
    })
}

fn pool_spawn_join(n: usize) -> Duration {
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    timed(|| {
        pool.run_until(async move {
            let tasks: Vec<_> = (0..n)
                .map(|_| {
                    spawner
                        .spawn_local_with_handle(async {})
                        .expect("pool alive")
                })
                .collect();
            for task in tasks {
                task.await;
            }
        });
    })
}

fn smol_spawn_join(n: usize) -> Duration {
    let ex = LocalExecutor::new();
    timed(|| {
        futures_lite::future::block_on(ex.run(async {
            let tasks: Vec<_> = (0..n).map(|_| ex.spawn(async {})).collect();
            for task in tasks {
                task.await;
            }
        }));
    })
}

// ===== tasks x yields =====

const YIELD_TASKS: usize = 300;
const YIELDS: usize = 300;

fn ours_yields() -> Duration {
    let ex = Executor::new();
    timed(|| {
        for _ in 0..YIELD_TASKS {
            ex.spawn(async {
                for _ in 0..YIELDS {
                    yield_now().await;
                }
            });
        }
        ex.run_until_stalled();
    })
}

fn pool_yields() -> Duration {
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    timed(|| {
        for _ in 0..YIELD_TASKS {
            spawner
                .spawn_local(async {
                    for _ in 0..YIELDS {
                        futures_lite::future::yield_now().await;
                    }
                })
                .expect("pool alive");
        }
        pool.run();
    })
}

fn smol_yields() -> Duration {
    let ex = LocalExecutor::new();
    timed(|| {
        for _ in 0..YIELD_TASKS {
            ex.spawn(async {
                for _ in 0..YIELDS {
                    futures_lite::future::yield_now().await;
                }
            })
            .detach();
        }
        while ex.try_tick() {}
    })
}

// ===== ping-pong over a pair of channels (our channels, on each executor) =====

const ROUND_TRIPS: u32 = 100_000;

/// The two sides of the ping-pong: returns (pinger, ponger) futures.
fn ping_pong() -> (
    impl std::future::Future<Output = ()>,
    impl std::future::Future<Output = ()>,
) {
    let ping = Rc::new(Channel::unbounded());
    let pong = Rc::new(Channel::unbounded());
    let (ping2, pong2) = (Rc::clone(&ping), Rc::clone(&pong));
    let pinger = async move {
        for i in 0..ROUND_TRIPS {
            ping.send(i).await.expect("open");
            black_box(pong.recv().await.expect("open"));
        }
    };
    let ponger = async move {
        for _ in 0..ROUND_TRIPS {
            let v = ping2.recv().await.expect("open");
            pong2.send(v).await.expect("open");
        }
    };
    (pinger, ponger)
}

fn ours_ping_pong() -> Duration {
    let ex = Executor::new();
    let (pinger, ponger) = ping_pong();
    timed(|| {
        ex.spawn(ponger);
        ex.spawn(pinger);
        ex.run_until_stalled();
    })
}

fn pool_ping_pong() -> Duration {
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    let (pinger, ponger) = ping_pong();
    timed(|| {
        spawner.spawn_local(ponger).expect("pool alive");
        spawner.spawn_local(pinger).expect("pool alive");
        pool.run();
    })
}

fn smol_ping_pong() -> Duration {
    let ex = LocalExecutor::new();
    let (pinger, ponger) = ping_pong();
    timed(|| {
        ex.spawn(ponger).detach();
        ex.spawn(pinger).detach();
        while ex.try_tick() {}
    })
}

// ===== timers in virtual time (ours only) =====

const TIMERS: u64 = 100_000;

fn ours_timers() -> Duration {
    let ex = Executor::new();
    let h = ex.handle();
    timed(|| {
        for i in 0..TIMERS {
            let h = h.clone();
            // Spread deadlines so that the heap is exercised and many share an instant.
            ex.spawn(async move { h.sleep(i * 7919 % 10_007 + 1).await });
        }
        ex.run();
    })
}

// ===== report =====

fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 10_000.0 {
        format!("{:>9.2} ms", us / 1000.0)
    } else {
        format!("{:>9.1} us", us)
    }
}

fn ratio(ours: Duration, base: Duration) -> String {
    format!("{:>6.2}", ours.as_secs_f64() / base.as_secs_f64())
}

fn main() {
    // `cargo bench` passes `--bench`; a filter word, if any, selects cases by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    // EXEC_BENCH_ONLY=ours|localpool|localexecutor runs one contender alone (for profilers).
    let only = std::env::var("EXEC_BENCH_ONLY").ok();
    type Case = (
        &'static str,
        fn() -> Duration,
        fn() -> Duration,
        fn() -> Duration,
    );
    let cases: [Case; 4] = [
        (
            "spawn+join 1k",
            || ours_spawn_join(1_000),
            || pool_spawn_join(1_000),
            || smol_spawn_join(1_000),
        ),
        (
            "spawn+join 25k",
            || ours_spawn_join(25_000),
            || pool_spawn_join(25_000),
            || smol_spawn_join(25_000),
        ),
        (
            "300 tasks x 300 yields",
            ours_yields,
            pool_yields,
            smol_yields,
        ),
        (
            "ping-pong 100k (our chan)",
            ours_ping_pong,
            pool_ping_pong,
            smol_ping_pong,
        ),
    ];
    println!(
        "{:<26} {:>12} {:>12} {:>7} {:>14} {:>7}   best-of-{REPS} ratios",
        format!("case (median of {REPS})"),
        "ours",
        "LocalPool",
        "ratio",
        "LocalExecutor",
        "ratio"
    );
    for (name, ours, pool, smol) in cases {
        if !wanted(name) {
            continue;
        }
        if let Some(only) = only.as_deref() {
            let run = match only {
                "localpool" => pool,
                "localexecutor" => smol,
                _ => ours,
            };
            let [one] = measure([run]);
            println!("{:<26} {} ({only} only)", name, show(one.median));
            continue;
        }
        let [o, p, s] = measure([ours, pool, smol]);
        println!(
            "{:<26} {} {} {} {:>14} {}   {} / {}",
            name,
            show(o.median),
            show(p.median),
            ratio(o.median, p.median),
            show(s.median),
            ratio(o.median, s.median),
            ratio(o.best, p.best).trim(),
            ratio(o.best, s.best).trim(),
        );
    }
    if wanted("timers") && only.as_deref().is_none_or(|o| o == "ours") {
        let [t] = measure([ours_timers]);
        println!("{:<26} {}", "100k timers (virtual)", show(t.median));
    }
}
