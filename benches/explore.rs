//! Schedule explorer throughput in schedules per second (run with `cargo bench --bench explore`).

use interleave::explore::{explore, Clock, ExploreOptions, RandomOptions, Report};
use interleave::model::load;
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

fn main() {
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
}
