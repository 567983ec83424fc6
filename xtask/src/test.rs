//! `cargo xtask test`: setup, then every suite in order, with a one-line summary of each.

use crate::run::{cmd, status};
use crate::setup::setup;
use std::process::Command;
use std::time::Instant;

/// One suite's result for the final summary.
struct Outcome {
    name: &'static str,
    passed: bool,
    seconds: f64,
    note: String,
}

pub fn test() -> Result<(), String> {
    setup()?;
    let mut outcomes = Vec::new();
    let mut suite = |name: &'static str, mut command: Command| {
        println!("\n== {name} ==");
        let started = Instant::now();
        let result = status(&mut command);
        let outcome = Outcome {
            name,
            passed: result.is_ok(),
            seconds: started.elapsed().as_secs_f64(),
            note: result.err().unwrap_or_default(),
        };
        let passed = outcome.passed;
        outcomes.push(outcome);
        passed
    };

    suite(
        "cargo fmt --check",
        with_args("cargo", &["fmt", "--all", "--", "--check"]),
    );
    suite(
        "clippy (host)",
        with_args(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    );
    // With the test and benchmark hooks (and the browser test files), then as a release.
    suite(
        "clippy (wasm32)",
        clippy_wasm(&[
            "--test",
            "web",
            "--test",
            "web_worker",
            "--features",
            "devtools",
        ]),
    );
    suite("clippy (wasm32 release features)", clippy_wasm(&[]));
    suite("native tests", with_args("cargo", &["test", "--workspace"]));
    suite(
        "tokio export (3 presets)",
        with_args("cargo", &["xtask", "tokio-check"]),
    );
    suite(
        "wasm-pack (headless chromium)",
        with_args(
            "wasm-pack",
            &[
                "test",
                "--headless",
                "--chrome",
                "--chromedriver",
                "/usr/bin/chromedriver",
                ".",
                // Everything after the path goes to `cargo test`: only the browser test files,
                // one on the page and one in a dedicated worker.
                "--test",
                "web",
                "--test",
                "web_worker",
            ],
        ),
    );
    suite(
        "release size budget",
        with_args("cargo", &["xtask", "budget"]),
    );
    // The e2e suite drives the page through the test hooks (the `devtools` feature).
    let built = suite(
        "trunk build (devtools)",
        with_args("trunk", &["build", "--offline", "--features", "devtools"]),
    );
    if built {
        suite(
            "browser end-to-end",
            with_args("node", &["--test", "tests/e2e/"]),
        );
    } else {
        outcomes.push(Outcome {
            name: "browser end-to-end",
            passed: false,
            seconds: 0.0,
            note: "skipped: trunk build failed".into(),
        });
    }

    println!("\n== summary ==");
    for o in &outcomes {
        let mark = if o.passed { "PASS" } else { "FAIL" };
        println!("  {mark}  {:<32} {:>7.1} s  {}", o.name, o.seconds, o.note);
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    if failed == 0 {
        println!("all {} suites passed", outcomes.len());
        Ok(())
    } else {
        Err(format!("{failed} of {} suites failed", outcomes.len()))
    }
}

/// `cargo clippy` of the library and the bins for wasm32, with `extra` targets and features.
fn clippy_wasm(extra: &[&str]) -> Command {
    let mut command = cmd("cargo");
    command
        .args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--bins",
        ])
        .args(extra)
        .args(["--", "-D", "warnings"]);
    command
}

fn with_args(program: &str, args: &[&str]) -> Command {
    let mut command = cmd(program);
    command.args(args);
    command
}
