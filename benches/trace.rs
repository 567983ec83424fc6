//! Trace views on generated traces of 100k and 1M events: build times, and inspector lookup latency.
//!
//! Run with `cargo bench --bench trace`. The UI calls `Inspector::at` on every animation frame,
//! so its p95 must stay well under a millisecond.

#[path = "../tests/trace_support/mod.rs"]
mod trace_support;

use interleave::trace::{chrome, lane_spans, metrics, task_spans, Inspector, Trace};
use std::hint::black_box;
use std::time::{Duration, Instant};
use trace_support::gen::{generate, GenConfig};

fn ms(d: Duration) -> String {
    format!("{:9.1} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:7.1} µs", d.as_secs_f64() * 1e6)
}

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = black_box(f());
    println!("  {label:<28} {}", ms(start.elapsed()));
    out
}

/// Percentiles of `n` lookups at pseudo-random instants.
fn lookups(label: &str, trace: &Trace, inspector: &Inspector, n: usize) {
    let end = trace.events.last().map_or(0, |e| e.t);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut samples: Vec<Duration> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let t = x % (end + 1);
            let start = Instant::now();
            black_box(inspector.at(t));
            start.elapsed()
        })
        .collect();
    samples.sort();
    let pct = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize];
    println!(
        "  {label:<28} p50 {}  p95 {}  max {}  ({n} random t)",
        us(pct(0.5)),
        us(pct(0.95)),
        us(pct(1.0))
    );
}

fn bench(name: &str, cfg: GenConfig) {
    let trace = generate(&cfg);
    println!(
        "{name}: {} events, {} tasks, {} lanes, last event at {:.1} s",
        trace.events.len(),
        trace.tasks.len(),
        trace.lanes.len(),
        trace.events.last().map_or(0, |e| e.t) as f64 / 1e6
    );
    let spans = time("task_spans", || task_spans(&trace));
    println!(
        "  {:<28} {:>9}",
        "  spans",
        spans.iter().map(Vec::len).sum::<usize>()
    );
    time("lane_spans", || lane_spans(&trace));
    time("metrics", || metrics(&trace));
    let inspector = time("Inspector::new", || Inspector::new(&trace));
    println!("  {:<28} {:>9}", "  checkpoints", inspector.checkpoints());
    time("chrome::export", || chrome::export(&trace).len());
    lookups("Inspector::at", &trace, &inspector, 2_000);
}

fn main() {
    bench("100k", GenConfig::sized(1, 100_000));
    bench("1M", GenConfig::sized(2, 1_000_000));
    let many = GenConfig {
        asyncs: 1_000,
        threads: 100,
        jobs: 900,
        workers: 16,
        ..GenConfig::sized(3, 1_000_000)
    };
    bench(
        "1M, 2000 tasks",
        GenConfig {
            steps: (many.events / 5_000).max(2) as u32,
            ..many
        },
    );
}
