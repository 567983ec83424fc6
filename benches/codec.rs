//! Share-link codec benchmark: encode and decode throughput on every preset and on a large scenario, and link lengths.
//!
//! Run with `cargo bench --bench codec`. Plain `std::time::Instant`: each case repeats
//! until it has run for a fixed time, then prints operations per second and MB/s of
//! scenario text.

use interleave::model::presets::presets;
use interleave::model::share::{decode_payload, encode_payload, link_len};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long each case runs; long enough to smooth out timer noise on a shared machine.
const BUDGET: Duration = Duration::from_millis(300);

/// Runs `op` until the budget is spent; returns (operations, elapsed).
fn measure(mut op: impl FnMut()) -> (u64, Duration) {
    let start = Instant::now();
    let mut ops = 0u64;
    while start.elapsed() < BUDGET {
        op();
        ops += 1;
    }
    (ops, start.elapsed())
}

fn report(name: &str, what: &str, text_bytes: usize, (ops, elapsed): (u64, Duration)) {
    let secs = elapsed.as_secs_f64();
    let per_sec = ops as f64 / secs;
    let mb_per_sec = per_sec * text_bytes as f64 / 1e6;
    println!(
        "{name:<24} {what:<6} {:>10.0} ops/s {:>8.2} MB/s {:>9.1} us/op",
        per_sec,
        mb_per_sec,
        1e6 / per_sec
    );
}

/// A large, realistic scenario: 600 task declarations with mixed steps, about 66 KB of text.
fn large_scenario() -> String {
    let mut text = String::from("scenario \"large\"\n\nruntime {\n  workers 8\n  seed 1\n}\n\n");
    for i in 0..40 {
        text.push_str(&format!("mutex m{i}\nvar v{i} = {i}\n"));
    }
    for i in 0..600 {
        let kind = ["async", "thread", "job"][i % 3];
        text.push_str(&format!(
            "\n{kind} task{i} x{} {{\n  lock m{}\n  load v{}\n  compute {}ms \"step {i}\"\n  store v{} +1\n  unlock m{}\n  sleep {}ms\n}}\n",
            1 + i % 4,
            i % 40,
            i % 40,
            1 + i % 17,
            i % 40,
            i % 40,
            5 * (i % 9)
        ));
    }
    text
}

fn main() {
    println!("== throughput ({} ms per case) ==", BUDGET.as_millis());
    let mut cases: Vec<(String, String)> = presets()
        .iter()
        .map(|p| (p.id.to_string(), p.source.to_string()))
        .collect();
    cases.push(("large (generated)".to_string(), large_scenario()));
    for (name, text) in &cases {
        let payload = encode_payload(text);
        assert_eq!(
            decode_payload(&payload).as_deref(),
            Ok(text.as_str()),
            "{name}"
        );
        report(
            name,
            "encode",
            text.len(),
            measure(|| {
                black_box(encode_payload(black_box(text)));
            }),
        );
        report(
            name,
            "decode",
            text.len(),
            measure(|| {
                let _ = black_box(decode_payload(black_box(&payload)));
            }),
        );
    }

    println!("\n== link lengths (fragment characters) ==");
    println!("{:<24} {:>6} {:>6}", "id", "text", "chars");
    let mut lengths: Vec<usize> = Vec::new();
    for (name, text) in &cases {
        let len = link_len(text);
        println!("{name:<24} {:>6} {len:>6}", text.len());
        if !name.starts_with("large") {
            lengths.push(len);
        }
    }
    lengths.sort_unstable();
    if let (Some(min), Some(max)) = (lengths.first(), lengths.last()) {
        let n = lengths.len();
        let median = if n % 2 == 1 {
            lengths[n / 2]
        } else {
            (lengths[n / 2 - 1] + lengths[n / 2]) / 2
        };
        println!("presets: {n}, min {min}, median {median}, max {max}");
    }
}
