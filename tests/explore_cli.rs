//! The `explore` command and `--sched` on `run` and `share`: output, JSON, exit codes, bad input.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use std::path::PathBuf;
use std::process::{Command, Output};

fn file(name: &str, src: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("interleave-explore-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, src).expect("write scenario");
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interleave"))
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ABBA: &str = "mutex a\nmutex b\n\nasync t1 {\n  lock a\n  lock b\n  unlock b\n  unlock a\n}\n\nasync t2 {\n  lock b\n  yield\n  lock a\n  unlock a\n  unlock b\n}\n";

const SAFE: &str = "mutex m\nvar c = 0\n\nthread t x2 {\n  lock m\n  load c\n  store c +1\n  unlock m\n}\n\nexpect c == 2\n";

#[test]
fn explore_lists_the_deadlock_first_with_its_schedule_and_exits_1() {
    let p = file("abba.txt", ABBA);
    let o = run(&["explore", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("exhaustive: every schedule covered"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("1. deadlock: t1 waits for b held by t2"));
    let first = first.expect("the deadlock is the first outcome");
    assert_eq!(lines[first + 1].trim(), "schedule: 1");
}

#[test]
fn explore_exits_0_when_every_schedule_passes() {
    let p = file("safe.txt", SAFE);
    let o = run(&["explore", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("c = 2"));
}

#[test]
fn explore_json_has_groups_bounds_and_counts() {
    let p = file("abba-json.txt", ABBA);
    let o = run(&[
        "explore",
        p.to_str().unwrap(),
        "--json",
        "--max-schedules",
        "1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["exhaustive"], false);
    assert_eq!(v["bounds"], serde_json::json!(["max_schedules"]));
    assert_eq!(v["schedules"], 1);
    assert_eq!(v["groups"][0]["kind"], "completed");
    assert_eq!(v["groups"][0]["schedule"], "");
}

#[test]
fn explore_takes_a_preemption_bound_and_random_runs() {
    let p = file("abba-bound.txt", ABBA);
    let path = p.to_str().unwrap();
    let o = run(&["explore", path, "--json", "--preemption-bound", "0"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["mode"], "dfs");
    let o = run(&["explore", path, "--json", "--random", "20", "--seed", "3"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["mode"], "random");
    assert_eq!(v["schedules"], 20);
    assert_eq!(v["bounds"], serde_json::json!(["random"]));
}

#[test]
fn run_follows_a_schedule_and_share_puts_it_in_the_link() {
    let p = file("abba-run.txt", ABBA);
    let path = p.to_str().unwrap();
    let o = run(&["run", path, "--sched", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("deadlock: "), "{}", stdout(&o));
    let o = run(&["run", path]);
    assert_eq!(o.status.code(), Some(0), "the default schedule completes");
    let o = run(&["share", path, "--sched", "1"]);
    assert!(
        stdout(&o).trim_end().ends_with("&sched=1"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_bad_schedule_or_number_exits_2_and_a_misfit_schedule_warns() {
    let p = file("abba-bad.txt", ABBA);
    let path = p.to_str().unwrap();
    let o = run(&["run", path, "--sched", "1..0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("empty choice at character 3"),
        "{}",
        stderr(&o)
    );
    let o = run(&["explore", path, "--max-schedules", "lots"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("expected a whole number, got `lots`"));
    let o = run(&["run", path, "--sched", "7"]);
    assert!(
        stderr(&o).contains("warning: The schedule does not fit"),
        "{}",
        stderr(&o)
    );
}
