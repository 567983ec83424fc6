//! Schedule explorer throughput in schedules per second (run with `cargo bench --bench explore`),
//! and against shuttle's depth-first checker on the same race, built and run in the same bench.

use interleave::explore::{explore, Clock, ExploreOptions, RandomOptions, Report};
use interleave::model::load;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn clock() -> Clock {
    let start = Instant::now();
    Box::new(move || start.elapsed().as_secs_f64() * 1e3)
}

/// Explores `src` `rounds` times and prints the best rate.
fn bench(name: &str, src: &str, opts: &ExploreOptions, rounds: u32) {
    let scenario = match load(src) {
        Ok(s) => s,
        Err(d) => panic!("{name}: {d:?}"),
    };
    let mut best = f64::MAX;
    let mut report: Option<Report> = None;
    for _ in 0..rounds {
        let started = Instant::now();
        let r = explore(&scenario, opts.clone(), clock());
        best = best.min(started.elapsed().as_secs_f64());
        report = Some(r);
    }
    let Some(r) = report else {
        return;
    };
    let runs = r.schedules + r.pruned;
    println!(
        "{name:<44} {:>7} schedules {:>7} pruned {:>7} states {:>9.1} ms {:>9.0} runs/s  {}",
        r.schedules,
        r.pruned,
        r.distinct_states,
        best * 1e3,
        runs as f64 / best,
        if r.exhaustive {
            "exhaustive"
        } else {
            "bounded"
        },
    );
}

/// Schedules shuttle has started, counted by the test body itself.
static SHUTTLE_RUNS: AtomicUsize = AtomicUsize::new(0);

/// The race of `FOUR_BY_THREE` in shuttle: four threads each load the counter, store it plus one
/// and load it again, on shuttle's atomics (each access is one of its scheduling points).
fn shuttle_race() {
    use shuttle::sync::atomic::{AtomicU64, Ordering::SeqCst};
    use shuttle::sync::Arc;
    SHUTTLE_RUNS.fetch_add(1, Ordering::Relaxed);
    let c = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let c = c.clone();
            shuttle::thread::spawn(move || {
                let v = c.load(SeqCst);
                c.store(v + 1, SeqCst);
                std::hint::black_box(c.load(SeqCst));
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
}

/// Shuttle's `check_dfs` for `schedules` schedules, best of `rounds`: schedules per second.
fn shuttle_rate(schedules: usize, rounds: u32) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        SHUTTLE_RUNS.store(0, Ordering::Relaxed);
        let started = Instant::now();
        shuttle::check_dfs(shuttle_race, Some(schedules));
        best = best.min(started.elapsed().as_secs_f64());
    }
    let ran = SHUTTLE_RUNS.load(Ordering::Relaxed);
    let rate = ran as f64 / best;
    println!(
        "{:<44} {ran:>7} schedules {:>25.1} ms {rate:>9.0} runs/s  (shuttle 0.9, check_dfs)",
        "shuttle: 4 threads load/store/load",
        best * 1e3,
    );
    rate
}

/// Four threads of three steps each: C(12; 3,3,3,3) = 369,600 interleavings.
const FOUR_BY_THREE: &str = "var c = 0\n\nthread t x4 {\n  load c\n  store c +1\n  load c\n}\n";

/// The anchor: our exhaustive search of the 4×3 race against shuttle running as many
/// schedules of the same race, measured here, now.
fn against_shuttle() {
    let scenario = match load(FOUR_BY_THREE) {
        Ok(s) => s,
        Err(d) => panic!("4x3 race: {d:?}"),
    };
    let opts = ExploreOptions {
        prune: false,
        max_schedules: 1_000_000,
        ..ExploreOptions::default()
    };
    let mut best = f64::MAX;
    let mut runs = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let r = explore(&scenario, opts.clone(), clock());
        best = best.min(started.elapsed().as_secs_f64());
        runs = r.schedules + r.pruned;
    }
    let ours = runs as f64 / best;
    println!(
        "{:<44} {runs:>7} schedules {:>25.1} ms {ours:>9.0} runs/s  (interleave, no pruning)",
        "interleave: 4 threads load/store/load",
        best * 1e3,
    );
    let theirs = shuttle_rate(runs as usize, 3);
    let ratio = ours / theirs;
    println!(
        "interleave / shuttle: {ratio:.2}× the schedules per second (target ≥ 1.25×: {})",
        if ratio >= 1.25 { "met" } else { "missed" }
    );
}

fn main() {
    // `cargo xtask bench core` asks for shuttle's rate alone, to set the browser's rate against.
    if std::env::args().any(|a| a == "shuttle") {
        let rate = shuttle_rate(369_600, 3);
        println!("shuttle_per_second {rate:.0}");
        return;
    }
    // Four tasks, each a read-modify-write of a shared counter: 4 threads race on `c`.
    let four_threads =
        "var c = 0\n\nthread t x4 {\n  load c\n  store c +1\n  load c\n  store c +1\n}\n";
    // Four async tasks sharing a lock, yielding inside the critical section.
    let four_async = "mutex m\nvar c = 0\n\nasync t x4 {\n  lock m\n  load c\n  yield\n  store c +1\n  unlock m\n  yield\n}\n";
    println!("schedule explorer throughput (best of 3; a run is one schedule, complete or pruned)");
    let plain = ExploreOptions {
        prune: false,
        max_schedules: 50_000,
        ..ExploreOptions::default()
    };
    let pruned = ExploreOptions::default();
    let random = ExploreOptions {
        random: Some(RandomOptions {
            runs: 20_000,
            depth: 3,
        }),
        ..ExploreOptions::default()
    };
    bench(
        "4 threads load/store x2, no pruning",
        four_threads,
        &plain,
        3,
    );
    bench("4 threads load/store x2, pruning", four_threads, &pruned, 3);
    bench(
        "4 threads load/store x2, random (PCT d=3)",
        four_threads,
        &random,
        3,
    );
    bench(
        "4 async tasks, mutex + yields, no pruning",
        four_async,
        &plain,
        3,
    );
    bench(
        "4 async tasks, mutex + yields, pruning",
        four_async,
        &pruned,
        3,
    );
    println!("\nagainst the anchor (best of 3, same race, same build)");
    against_shuttle();
}
