//! Parser benchmark: parse, validate and print throughput on large generated scenarios.
//!
//! Run with `cargo bench --bench parse`. `parse` refuses text over 256 KiB, so the input is
//! six different documents of about 250 KiB each (about 1.5 MB in all, 1,000+ tasks each);
//! each case repeats over all six until a time budget is spent and prints MB/s of
//! scenario text. Plain `std::time::Instant`, no harness, to stay quick to build on 2 cores.

use interleave::model::{parse, print, validate, Scenario};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long each case runs.
const BUDGET: Duration = Duration::from_secs(2);
/// Stay a little under the 256 KiB limit.
const DOC_BYTES: usize = 250 * 1024;
const DOCS: usize = 6;

/// One realistic document: resources, then many tasks mixing every kind of step, then expects.
fn document(seed: usize) -> String {
    let mut s = format!(
        "scenario \"bench {seed}\"\n\nruntime {{\n  workers 8\n  cores 4\n  seed {seed}\n}}\n\n"
    );
    for i in 0..40 {
        s.push_str(&format!(
            "mutex m{i}\nsemaphore s{i} = 3\nchannel q{i} capacity 4\nvar v{i} = 0\n"
        ));
    }
    s.push_str("condvar cv\nrwlock 读写锁\n\n");
    let mut task = 0usize;
    while s.len() < DOC_BYTES - 2_000 {
        let r = (task * 7 + seed) % 40;
        let kind = ["async", "thread", "job"][task % 3];
        s.push_str(&format!(
            "{kind} worker_{task} x2 priority {} {{\n  compute {}ms \"step {task}\"\n  lock m{r}\n  load v{r}\n  store v{r} +1\n  unlock m{r}\n  acquire s{r} 2\n  sleep {}us\n  release s{r} 2\n  send q{r} {task}\n  recv q{r}\n  read 读写锁\n  unlock 读写锁\n  repeat 3 {{\n    yield\n    incr v{r}\n  }}\n  try {{\n    timeout 1s {{\n      sleep 10ms\n    }}\n  }} catch {{\n    log \"timed out # not a comment\"\n  }}\n}}\n\n",
            task % 5,
            1 + task % 20,
            500 + task * 13 % 1000,
        ));
        task += 1;
    }
    s.push_str("async main {\n  join worker_0, worker_1#2\n}\n\nexpect v0 >= 1\nexpect makespan <= 1min\nexpect no deadlock\nexpect main completed\n");
    s
}

fn measure(mut op: impl FnMut()) -> (u64, Duration) {
    let start = Instant::now();
    let mut rounds = 0u64;
    while start.elapsed() < BUDGET {
        op();
        rounds += 1;
    }
    (rounds, start.elapsed())
}

fn report(what: &str, bytes: usize, (rounds, elapsed): (u64, Duration)) {
    let secs = elapsed.as_secs_f64();
    let mb = (rounds as f64 * bytes as f64) / 1e6;
    println!(
        "{what:<10} {:>8.1} MB/s {:>9.2} ms per 1.5 MB round ({rounds} rounds)",
        mb / secs,
        secs * 1e3 / rounds as f64
    );
}

fn main() {
    let docs: Vec<String> = (0..DOCS).map(document).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let parsed: Vec<Scenario> = docs
        .iter()
        .map(|d| {
            parse(d).unwrap_or_else(|e| {
                panic!("bench document does not parse: {:?}", &e[..e.len().min(3)])
            })
        })
        .collect();
    let tasks: usize = parsed.iter().map(|s| s.tasks.len()).sum();
    for s in &parsed {
        let errors = validate(s).into_iter().filter(|d| d.is_error()).count();
        assert_eq!(errors, 0, "bench document has validation errors");
    }
    println!(
        "{DOCS} documents, {:.2} MB of text, {tasks} task declarations; {BUDGET:?} per case",
        bytes as f64 / 1e6
    );
    report(
        "parse",
        bytes,
        measure(|| {
            for d in &docs {
                black_box(parse(black_box(d)).is_ok());
            }
        }),
    );
    report(
        "validate",
        bytes,
        measure(|| {
            for s in &parsed {
                black_box(validate(black_box(s)).len());
            }
        }),
    );
    report(
        "load",
        bytes,
        measure(|| {
            for d in &docs {
                black_box(interleave::model::load(black_box(d)).is_ok());
            }
        }),
    );
    report(
        "print",
        bytes,
        measure(|| {
            for s in &parsed {
                black_box(print(black_box(s)).len());
            }
        }),
    );
}
