//! Differential test: the simulator's event loop against CPython's asyncio on a virtual clock.
//!
//! `tests/sim_asyncio_ref.py` runs the same async tasks on asyncio with a clock that jumps
//! instead of sleeping; every `log` must happen at the same virtual time, in the same order.
//! Needs `python3` (3.11 or later): `cargo xtask test` installs it when missing, and the test
//! fails with a message rather than passing unchecked without it.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use sim_support::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// A tiny deterministic generator (64-bit LCG), so failures are reproducible by seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[derive(Clone, Debug)]
enum Op {
    Sleep(u64),
    Compute(u64),
    Yield,
    Log(String),
    Lock,
    Unlock,
}

fn random_tasks(seed: u64) -> Vec<(String, Vec<Op>)> {
    let mut g = Lcg(seed);
    let n = 2 + g.next(3);
    (0..n)
        .map(|i| {
            let name = format!("t{i}");
            let mut ops = Vec::new();
            let mut locked = false;
            for k in 0..(3 + g.next(6)) {
                let op = match g.next(6) {
                    0 => Op::Sleep(1 + g.next(4) * 250),
                    1 => Op::Compute(1 + g.next(4) * 200),
                    2 => Op::Yield,
                    3 if !locked => {
                        locked = true;
                        Op::Lock
                    }
                    3 => {
                        locked = false;
                        Op::Unlock
                    }
                    _ => Op::Log(format!("{name}.{k}")),
                };
                ops.push(op);
                if !matches!(ops.last(), Some(Op::Log(_))) {
                    ops.push(Op::Log(format!("{name}.{k}")));
                }
            }
            if locked {
                ops.push(Op::Unlock);
            }
            (name, ops)
        })
        .collect()
}

fn scenario_text(tasks: &[(String, Vec<Op>)]) -> String {
    let mut s = String::from("mutex m\n");
    for (name, ops) in tasks {
        s.push_str(&format!("\nasync {name} {{\n"));
        for op in ops {
            let line = match op {
                Op::Sleep(us) => format!("sleep {us}us"),
                Op::Compute(us) => format!("compute {us}us"),
                Op::Yield => "yield".to_string(),
                Op::Log(t) => format!("log \"{t}\""),
                Op::Lock => "lock m".to_string(),
                Op::Unlock => "unlock m".to_string(),
            };
            s.push_str(&format!("  {line}\n"));
        }
        s.push_str("}\n");
    }
    s
}

fn spec_json(tasks: &[(String, Vec<Op>)]) -> serde_json::Value {
    let tasks: Vec<serde_json::Value> = tasks
        .iter()
        .map(|(name, ops)| {
            let steps: Vec<serde_json::Value> = ops
                .iter()
                .map(|op| match op {
                    Op::Sleep(us) => serde_json::json!(["sleep", us]),
                    Op::Compute(us) => serde_json::json!(["compute", us]),
                    Op::Yield => serde_json::json!(["yield"]),
                    Op::Log(t) => serde_json::json!(["log", t]),
                    Op::Lock => serde_json::json!(["lock"]),
                    Op::Unlock => serde_json::json!(["unlock"]),
                })
                .collect();
            serde_json::json!({"name": name, "steps": steps})
        })
        .collect();
    serde_json::Value::Array(tasks)
}

/// Runs every scenario through the reference in one `python3` process.
fn asyncio_logs(specs: &serde_json::Value) -> Vec<Vec<(u64, String, String)>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sim_asyncio_ref.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "python3 could not start ({e}): the asyncio differential test needs CPython 3.11+ \
                 on PATH (`cargo xtask setup` installs it)"
            )
        });
    child
        .stdin
        .take()
        .expect("stdin was piped")
        .write_all(specs.to_string().as_bytes())
        .expect("the reference reads the scenarios from stdin");
    let out = child.wait_with_output().expect("python3 ran to its end");
    assert!(
        out.status.success(),
        "asyncio reference failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the reference prints one JSON array of logs")
}

fn sim_logs(src: &str) -> Vec<(u64, String, String)> {
    let r = run(src);
    r.trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            interleave::trace::EventKind::Log { task, text } => Some((
                e.t,
                r.trace.tasks[task.0 as usize].name.clone(),
                text.clone(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn the_event_loop_logs_like_asyncio_on_a_virtual_clock() {
    let seeds = 0..300u64;
    let all: Vec<Vec<(String, Vec<Op>)>> = seeds.clone().map(random_tasks).collect();
    let specs = serde_json::Value::Array(all.iter().map(|t| spec_json(t)).collect());
    let expected = asyncio_logs(&specs);
    assert_eq!(expected.len(), all.len());
    let total: usize = expected.iter().map(Vec::len).sum();
    assert!(total > 3000, "the reference logged only {total} lines");
    for ((seed, tasks), want) in seeds.zip(&all).zip(expected) {
        let src = scenario_text(tasks);
        assert_eq!(sim_logs(&src), want, "seed {seed}, scenario:\n{src}");
    }
}
