//! The `interleave` command line: exit codes, output formats, stdin, errors.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_interleave"))
}

/// Writes `src` to a fresh temporary file named after the test.
fn file(name: &str, src: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("interleave-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, src).expect("write scenario");
    path
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const OK: &str =
    "scenario \"ok\"\n\nvar c = 0\n\nasync a x2 {\n  sleep 1s\n  incr c\n}\n\nexpect c == 2\n";

#[test]
fn run_exits_0_and_explains_a_completed_run_whose_expects_pass() {
    let p = file("ok.txt", OK);
    let o = run(&["run", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "completed in 1 s\n");
}

#[test]
fn run_exits_1_when_an_expect_fails() {
    let p = file("expect.txt", &OK.replace("c == 2", "c == 3"));
    let o = run(&["run", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "completed in 1 s\nexpect c == 3 failed (c is 2)\n"
    );
}

#[test]
fn run_exits_1_on_failure_and_on_deadlock() {
    let failing = file("fail.txt", "async t1 {\n  fail \"boom\"\n}\n");
    let o = run(&["run", failing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "t1 failed: boom\n");
    let stuck = file("dead.txt", "mutex m\n\nasync a {\n  lock m\n  lock m\n}\n");
    let o = run(&["run", stuck.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("deadlock: a waits for m held by a"));
}

#[test]
fn run_exits_1_at_a_limit() {
    let p = file(
        "limit.txt",
        "runtime {\n  max_time 1s\n}\n\nasync a {\n  sleep 2s\n}\n",
    );
    let o = run(&["run", p.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["outcome"], "limit");
    assert_eq!(v["limit"], "max_time");
}

#[test]
fn invalid_input_exits_2_with_file_line_col_errors() {
    let p = file("bad.txt", "mutex m\n\nasync a {\n  lock m2\n}\n");
    let path = p.to_str().unwrap();
    let o = run(&["run", path]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with(&format!("{path}:4:")), "{err}");
    assert!(err.contains("m2"), "{err}");
    assert!(stdout(&o).is_empty());
    let o = run(&["check", path]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_file_and_bad_usage_exit_2() {
    assert_eq!(run(&["run", "/nonexistent/x.txt"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["run"]).status.code(), Some(2));
    assert_eq!(run(&["run", "x", "--seed", "many"]).status.code(), Some(2));
    assert_eq!(
        run(&["presets", "--print", "no-such"]).status.code(),
        Some(2)
    );
}

#[test]
fn json_output_matches_the_documented_schema() {
    let p = file("json.txt", OK);
    let o = run(&["run", p.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "scenario",
            "outcome",
            "makespan_us",
            "tasks",
            "vars",
            "expects",
            "deadlock",
            "events"
        ]
    );
    assert_eq!(v["scenario"], "ok");
    assert_eq!(v["outcome"], "completed");
    assert_eq!(v["makespan_us"], 1_000_000);
    assert_eq!(
        v["tasks"][0],
        serde_json::json!({"name": "a#1", "kind": "async", "state": "completed",
                           "start_us": 0, "end_us": 1_000_000, "error": null})
    );
    assert_eq!(v["vars"], serde_json::json!({"c": 2}));
    assert_eq!(
        v["expects"],
        serde_json::json!([{"text": "c == 2", "passed": true}])
    );
    assert!(v["deadlock"].is_null());
    assert!(v["events"].as_u64().unwrap() > 0);
}

#[test]
fn vars_keep_their_declaration_order_in_json() {
    let p = file(
        "order.txt",
        "var zeta = 1\nvar alpha = 2\nvar mid = 3\n\nasync a {\n  incr zeta\n}\n",
    );
    let o = run(&["run", p.to_str().unwrap(), "--json"]);
    let text = stdout(&o);
    let z = text.find("\"zeta\"").unwrap();
    let a = text.find("\"alpha\"").unwrap();
    let m = text.find("\"mid\"").unwrap();
    assert!(z < a && a < m, "{text}");
}

#[test]
fn run_reads_stdin_for_dash_and_seed_overrides_the_runtime_seed() {
    let src = "runtime {\n  policy random\n}\n\nasync t x5 {\n  log \"x\"\n}\n";
    let json_for = |seed: &str| {
        let mut child = bin()
            .args(["run", "-", "--json", "--seed", seed])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawns");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(src.as_bytes())
            .unwrap();
        let o = child.wait_with_output().expect("runs");
        assert_eq!(o.status.code(), Some(0));
        stdout(&o)
    };
    assert_eq!(json_for("4"), json_for("4"));
}

#[test]
fn chrome_trace_writes_a_trace_event_document() {
    let p = file("chrome.txt", OK);
    let out = p.with_extension("json");
    let o = run(&[
        "run",
        p.to_str().unwrap(),
        "--chrome-trace",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).expect("written");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert!(v.is_object() || v.is_array());
}

#[test]
fn check_reports_ok_for_a_valid_scenario() {
    let p = file("check.txt", OK);
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "ok: 2 task(s), 1 resource(s), 1 expect(s)\n");
}

#[test]
fn share_prints_a_fragment_that_decodes_to_the_canonical_text() {
    let p = file("share.txt", OK);
    let o = run(&["share", p.to_str().unwrap(), "--seed", "9"]);
    assert_eq!(o.status.code(), Some(0));
    let fragment = stdout(&o);
    let params = interleave::model::share::parse_fragment(fragment.trim()).expect("parses");
    assert_eq!(params.seed, Some(9));
    let scenario = interleave::model::load(OK).unwrap();
    assert_eq!(params.text, interleave::model::print(&scenario));
}

#[test]
fn presets_lists_ids_first_and_prints_a_source() {
    let o = run(&["presets"]);
    assert_eq!(o.status.code(), Some(0));
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert!(first.starts_with("gather-vs-threads\t"), "{first}");
    let o = run(&["presets", "--print", "lost-update"]);
    assert_eq!(
        stdout(&o),
        interleave::model::presets::find("lost-update")
            .unwrap()
            .source
    );
}

#[test]
fn help_and_version_work_anywhere_on_the_line() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["run", "--help"],
        &["explore", "x.txt", "-h"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).starts_with("usage:"), "{args:?}: {}", stdout(&o));
    }
    for args in [&["--version"][..], &["-V"], &["run", "--version"]] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_eq!(
            stdout(&o).trim(),
            format!("interleave {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    // A summary of 5,000 tasks is far more than a pipe holds, so the writer meets the closed
    // pipe while it still has lines to write.
    let p = file("many.txt", "async t x5000 {\n  sleep 1ms\n}\n");
    let mut child = bin()
        .args(["run", p.to_str().unwrap(), "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().expect("piped"), &mut first)
        .expect("some output");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("ends");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}
