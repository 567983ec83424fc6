//! Exported presets run under CPython and agree with the simulator: async-only presets on the
//! outcome, the variables and the order of task ends that are 50 ms or more apart; the rest on
//! the outcome. Needs `python3` (3.11 or later), which `cargo xtask test` installs when missing.
//! No assertion is on an absolute time.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::bridge::export::{program, Target};
use interleave::model::presets::presets;
use interleave::model::{parse, Scenario, TaskKind};
use interleave::sim::{simulate, SimOptions};
use serde_json::Value;
use std::process::Command;

/// Presets whose outcome or variables depend on what Python cannot express, and why.
const NOT_COMPARED: &[(&str, &str)] = &[(
    "priority",
    "asyncio has no `policy priority`: the order, and so `last`, is asyncio's own",
)];

/// Runs the program and returns its summary (the last line it prints).
fn run_in_cpython(id: &str, code: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("interleave-cpython-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file = dir.join(format!("{id}.py"));
    std::fs::write(&file, code).expect("the program is written");
    let out = Command::new("python3").arg(&file).output().unwrap_or_else(|e| {
        panic!("python3 could not start ({e}): this test needs CPython 3.11+; `cargo xtask test` installs it")
    });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| {
        panic!(
            "{id}: no summary ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn async_only(s: &Scenario) -> bool {
    s.tasks.iter().all(|t| t.kind == TaskKind::Async)
}

#[test]
fn exported_presets_run_under_cpython_as_they_run_in_the_simulator() {
    let mut compared = 0;
    for p in presets() {
        if NOT_COMPARED.iter().any(|(id, _)| *id == p.id) {
            continue;
        }
        let scenario = parse(p.source).expect("presets parse");
        let sim = simulate(&scenario, &SimOptions::default()).summary;
        let sim = serde_json::to_value(&sim).expect("a summary is JSON");
        let real = run_in_cpython(p.id, &program(&scenario, Target::Python));
        assert_eq!(real["outcome"], sim["outcome"], "{}: outcome", p.id);
        compared += 1;
        if !async_only(&scenario) {
            continue;
        }
        assert_eq!(real["vars"], sim["vars"], "{}: variables", p.id);
        let ends = |summary: &Value| -> Vec<(String, Option<u64>)> {
            summary["tasks"]
                .as_array()
                .expect("tasks")
                .iter()
                .map(|t| {
                    (
                        t["name"].as_str().unwrap().to_string(),
                        t["end_us"].as_u64(),
                    )
                })
                .collect()
        };
        let (sim_ends, real_ends) = (ends(&sim), ends(&real));
        assert_eq!(
            sim_ends.iter().map(|t| &t.0).collect::<Vec<_>>(),
            real_ends.iter().map(|t| &t.0).collect::<Vec<_>>(),
            "{}: the same tasks",
            p.id
        );
        for (i, (a, a_end)) in sim_ends.iter().enumerate() {
            for (j, (b, b_end)) in sim_ends.iter().enumerate() {
                let (Some(a_end), Some(b_end)) = (a_end, b_end) else {
                    continue;
                };
                if a_end + 50_000 <= *b_end {
                    let (real_a, real_b) = (real_ends[i].1, real_ends[j].1);
                    assert!(real_a <= real_b, "{}: {a} ends 50 ms or more before {b} in the simulation, but not in CPython ({real_a:?} vs {real_b:?})", p.id);
                }
            }
        }
    }
    assert!(compared >= 19, "only {compared} presets compared");
}
