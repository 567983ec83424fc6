//! Simulator throughput in trace events per second (run with `cargo bench --bench sim`).

use interleave::model::load;
use interleave::sim::{simulate, SimOptions};
use std::time::{Duration, Instant};

/// Runs `src` `rounds` times and prints the best time and the throughput.
fn bench(name: &str, src: &str, rounds: u32) {
    let scenario = match load(src) {
        Ok(s) => s,
        Err(d) => panic!("{name}: {d:?}"),
    };
    let options = SimOptions {
        seed: None,
        max_events: 50_000_000,
    };
    let mut best = Duration::MAX;
    let mut events = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        let run = simulate(&scenario, &options);
        let took = started.elapsed();
        events = run.trace.events.len();
        assert_eq!(run.summary.limit, None, "{name} hit a limit");
        best = best.min(took);
    }
    let per_sec = events as f64 / best.as_secs_f64();
    println!(
        "{name:<34} {events:>9} events  {:>9.2} ms  {:>6.2} M events/s",
        best.as_secs_f64() * 1e3,
        per_sec / 1e6
    );
}

fn main() {
    println!("simulator throughput (best of several runs)");
    bench(
        "10k async tasks (sleep, lock, yield)",
        "mutex m\n\nasync t x10000 {\n  sleep 1ms\n  lock m\n  yield\n  unlock m\n}\n",
        5,
    );
    bench(
        "10k threads (sleep, lock)",
        "mutex m\n\nthread t x10000 {\n  sleep 1ms\n  lock m\n  unlock m\n}\n",
        5,
    );
    bench(
        "4 async tasks x25k (lock, yield)",
        "mutex m\n\nasync t x4 {\n  repeat 25000 {\n    lock m\n    yield\n    unlock m\n  }\n}\n",
        5,
    );
    bench(
        "4 threads x40k (load, store, yield)",
        "var c = 0\n\nthread t x4 {\n  repeat 40000 {\n    load c\n    store c +1\n    yield\n  }\n}\n",
        5,
    );
    bench(
        "2 cores, 8 threads, 1us quantum",
        "runtime {\n  cores 2\n  quantum 1us\n}\n\nthread t x8 {\n  compute 20ms\n}\n",
        5,
    );
}
