//! `cargo xtask tokio-check`: the Rust (tokio) export of three presets compiles, runs, and ends
//! with the simulator's outcome and variables (the crate is tests/tokio-export).

use crate::run::{cmd, repo_root, status};
use serde_json::Value;
use std::path::Path;

/// One preset with threads and a mutex, one async with a failing gather, one with a bounded
/// channel that is closed.
const PRESETS: [&str; 3] = ["mutex-counter", "gather-failure", "bounded-channel"];

pub fn tokio_check() -> Result<(), String> {
    let root = repo_root();
    let dir = root.join("target/tokio-export");
    std::fs::create_dir_all(dir.join("src/bin")).map_err(|e| e.to_string())?;
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root.join("tests/tokio-export").join(file), dir.join(file))
            .map_err(|e| format!("{file}: {e}"))?;
    }
    status(cmd("cargo").args(["build", "--quiet", "--bin", "interleave"]))?;
    let interleave = root.join("target/debug/interleave");
    for id in PRESETS {
        let scenario = dir.join(format!("{id}.txt"));
        std::fs::write(&scenario, output(&interleave, &["presets", "--print", id])?)
            .map_err(|e| e.to_string())?;
        let program = output(&interleave, &["export", "--rust", path(&scenario)])?;
        std::fs::write(
            dir.join("src/bin")
                .join(format!("{}.rs", id.replace('-', "_"))),
            program,
        )
        .map_err(|e| e.to_string())?;
    }
    status(
        cmd("cargo")
            .current_dir(&dir)
            .args(["build", "--release", "--locked"]),
    )?;
    for id in PRESETS {
        let scenario = dir.join(format!("{id}.txt"));
        let sim = summary(
            &output(&interleave, &["run", path(&scenario), "--json"]).or_else(|e| {
                // `run` exits 1 when the run fails, which some presets are meant to.
                if e.starts_with('{') {
                    Ok(e)
                } else {
                    Err(e)
                }
            })?,
        )?;
        let real = summary(
            output(&dir.join("target/release").join(id.replace('-', "_")), &[])?
                .lines()
                .last()
                .unwrap_or_default(),
        )?;
        for key in ["outcome", "vars"] {
            if sim[key] != real[key] {
                return Err(format!(
                    "{id}: {key} is {} under tokio, {} in the simulator",
                    real[key], sim[key]
                ));
            }
        }
        println!(
            "  {id}: {} {} under tokio, as in the simulator",
            real["outcome"], real["vars"]
        );
    }
    Ok(())
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// A command's standard output; when it exits non-zero, its output as the error.
fn output(program: &Path, args: &[&str]) -> Result<String, String> {
    let out = cmd(path(program))
        .args(args)
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

fn summary(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not a run summary ({e}): {text}"))
}
