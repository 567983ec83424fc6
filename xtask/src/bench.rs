//! `cargo xtask bench`: runs every native benchmark in `benches/` and prints their figures, then
//! the simulator and the explorer in the browser (`cargo xtask bench core`), the timeline's
//! frame times (`cargo xtask bench frames [sizes…]`), live mode (`cargo xtask bench live`) and
//! the first load under mobile throttling (`cargo xtask bench load`);
//! each browser benchmark can also run alone by its name.

use crate::run::{cmd, repo_root, status};

pub fn bench(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("frames") {
        return frames(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("live") {
        return live(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("core") {
        return core();
    }
    if args.first().map(String::as_str) == Some("load") {
        return load();
    }
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("benches"))
        .map_err(|e| format!("cannot read benches/: {e}"))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            if path.extension()? != "rs" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    if let Some(only) = args.first() {
        names.retain(|n| n == only);
    }
    for name in names {
        println!("\n== bench {name} ==");
        status(cmd("cargo").args(["bench", "--bench", &name]))?;
    }
    if args.is_empty() {
        core()?;
        frames(&[])?;
        live(&[])?;
        load()?;
    }
    Ok(())
}

/// The first load under mobile throttling (`tests/e2e/bench-load.mjs`): the app's release build
/// and a yew hello-world (`tests/load-hello`), built the same way in the same run and served
/// precompressed, as a host would.
pub fn load() -> Result<(), String> {
    println!("\n== bench load (first load under mobile throttling, against a yew hello-world) ==");
    crate::setup::setup()?;
    let root = repo_root();
    let out = root.join("target/bench-load");
    status(
        cmd("trunk")
            .args(["build", "--offline", "--release", "--dist"])
            .arg(out.join("app")),
    )?;
    status(
        cmd("trunk")
            .current_dir(root.join("tests/load-hello"))
            .env("CARGO_TARGET_DIR", root.join("target/load-hello"))
            .args(["build", "--release", "--dist"])
            .arg(out.join("hello")),
    )?;
    for site in ["app", "hello"] {
        crate::dist::precompress(&out.join(site))?;
    }
    status(
        cmd("node")
            .arg("tests/e2e/bench-load.mjs")
            .arg(out.join("hello"))
            .arg(out.join("app")),
    )
}

/// The simulator and the explorer in headless Chromium (release build): the 10k-task scenario
/// and the explorer's schedules per second, the same inputs as the native benches.
pub fn core() -> Result<(), String> {
    println!("\n== bench core (simulator and explorer in headless Chromium) ==");
    crate::setup::setup()?;
    // Shuttle's native rate on the same race, measured in this run, is the browser's anchor.
    let shuttle = shuttle_rate()?;
    println!("shuttle 0.9, 4x3 race, natively: {shuttle} schedules/s");
    status(cmd("trunk").args(["build", "--offline", "--release", "--features", "devtools"]))?;
    status(
        cmd("node")
            .arg("tests/e2e/bench-core.mjs")
            .env("SHUTTLE_PER_SECOND", &shuttle),
    )
}

/// Shuttle's schedules per second on the 4x3 race (`benches/explore.rs shuttle`).
fn shuttle_rate() -> Result<String, String> {
    let out = cmd("cargo")
        .args(["bench", "--bench", "explore", "--", "shuttle"])
        .output()
        .map_err(|e| format!("cannot run the explore bench: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("shuttle_per_second "))
        .map(str::to_string)
        .ok_or_else(|| "the explore bench printed no shuttle rate".to_string())
}

/// Live mode in headless Chromium: a release build, then `tests/e2e/bench-live.mjs`, which
/// prints message round trips, pool start-up, CPU speedup, executor vs `spawn_local`, frame
/// times during a blocked live run (each against a baseline), and every preset sim vs live.
pub fn live(args: &[String]) -> Result<(), String> {
    println!("\n== bench live (web workers in headless Chromium) ==");
    crate::setup::setup()?;
    status(cmd("trunk").args(["build", "--offline", "--release", "--features", "devtools"]))?;
    status(cmd("node").arg("tests/e2e/bench-live.mjs").args(args))
}

/// The timeline's frame times in headless Chromium: a release build, then
/// `tests/e2e/bench-frames.mjs`, which prints paint p50/p95 for runs of 10k, 100k and 1M events.
pub fn frames(sizes: &[String]) -> Result<(), String> {
    println!("\n== bench frames (timeline paint in headless Chromium) ==");
    crate::setup::setup()?;
    status(cmd("trunk").args(["build", "--offline", "--release", "--features", "devtools"]))?;
    status(cmd("node").arg("tests/e2e/bench-frames.mjs").args(sizes))
}
