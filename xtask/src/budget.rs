//! The release size budget, a suite of `cargo xtask test`: a release build of the app (as
//! `cargo xtask dist` makes it, into `target/dist-release/`) whose wasm files, gzipped, must stay
//! within their budgets, so no change grows the first load without anyone deciding it.

use crate::dist::gzip;
use crate::run::{cmd, repo_root, status};

/// Gzip bytes allowed per wasm file, by name prefix. The app and the live worker are the first
/// load; the code bridge is fetched on demand. These are the sizes at the time they were set
/// plus about 1%: lower them as cuts land (issue 16 aims at 400,000 and 150,000). The binary
/// wire (`src/wire.rs`) brought the app from 642,024 to 598,280 and the worker from 240,426 to
/// 186,285. The incremental explorer's checkpoints (which run in the worker) then brought the
/// worker to 190,418 and the app to 604,743; real shared memory for live runs (issue 17: the
/// futex locks, the SharedArrayBuffer view, the coordinator's mirror, the live bar's setting)
/// to 195,044 and 611,770; async tasks awaiting real mutexes (`Atomics.waitAsync`), and real
/// rwlocks and semaphores with their mirror, to 202,939 and 614,031; bounded channels and
/// condition variables in shared memory (their rings, queues and mirror) to 206,085 and
/// 614,642. The worker's warm-up then stopped running the page's coordinator in the worker
/// (`live::warm` drives the engine alone), which took the coordinator out of the worker's
/// download: 181,235; the trace rings, 182,486. Async tasks awaiting bounded channels and
/// condition variables in shared memory (their await loop, lines per side, the condvar's
/// notified look) then brought the worker to 186,571; compiling that loop once instead of once
/// per kind of resource saved only 471 B, so it stays generic and readable. Putting each
/// worker's batches back in order (`live::coord::arrivals`) and the event list's look-ahead
/// left the app at 620,805: a `BTreeMap` for the few held batches had cost 2,327 B more than
/// plain vectors. The executor's spare wakers and chunked task table then took the worker to
/// 187,311 (the app, which does not link the executor, stayed at 620,805).
const BUDGETS: [(&str, usize); 3] = [
    ("app-", 621_000),
    ("worker-", 188_000),
    ("bridge-", 720_000),
];

pub fn check() -> Result<(), String> {
    let out = repo_root().join("target/dist-release");
    status(
        cmd("trunk")
            .args(["build", "--offline", "--release", "--dist"])
            .arg(&out),
    )?;
    let mut over = Vec::new();
    let mut seen = 0;
    for entry in
        std::fs::read_dir(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".wasm") {
            continue;
        }
        let Some((_, budget)) = BUDGETS.iter().find(|(prefix, _)| name.starts_with(prefix)) else {
            over.push(format!(
                "{name} has no budget: give it one in xtask/src/budget.rs"
            ));
            continue;
        };
        seen += 1;
        let size = gzip(&std::fs::read(&path).map_err(|e| e.to_string())?)?.len();
        println!("  {name:<40} {size:>9} B gzip, budget {budget:>9} B");
        if size > *budget {
            over.push(format!(
                "{name} is {size} B gzip, over its budget of {budget} B"
            ));
        }
    }
    if seen < BUDGETS.len() {
        over.push(format!(
            "found {seen} of the {} budgeted wasm files",
            BUDGETS.len()
        ));
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}
