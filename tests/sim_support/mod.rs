//! Shared helpers for the simulator tests: load text, run, and read the trace as short lines.
#![allow(dead_code)]

use interleave::model::{self, Scenario};
use interleave::sim::{simulate, RunSummary, SimOptions, SimRun, TaskState};
use interleave::trace::{EndHow, EventKind, ResId, TaskId, TimerWhat, Trace, WaitFor, WakeCause};

/// Parses and validates scenario text; panics with the diagnostics if it does not load.
pub fn load(src: &str) -> Scenario {
    match model::load(src) {
        Ok(s) => s,
        Err(d) => panic!("scenario does not load: {d:#?}"),
    }
}

/// Loads and simulates with default options.
pub fn run(src: &str) -> SimRun {
    simulate(&load(src), &SimOptions::default())
}

pub fn run_seed(src: &str, seed: u64) -> SimRun {
    let options = SimOptions {
        seed: Some(seed),
        ..SimOptions::default()
    };
    simulate(&load(src), &options)
}

fn task(trace: &Trace, t: TaskId) -> String {
    trace.tasks[t.0 as usize].name.clone()
}

fn res(trace: &Trace, r: ResId) -> String {
    trace.resources[r.0 as usize].name.clone()
}

fn wait(trace: &Trace, w: &WaitFor) -> String {
    match w {
        WaitFor::Lock(r) => format!("lock {}", res(trace, *r)),
        WaitFor::Read(r) => format!("read {}", res(trace, *r)),
        WaitFor::Write(r) => format!("write {}", res(trace, *r)),
        WaitFor::Permits(r, n) => format!("permits {} {n}", res(trace, *r)),
        WaitFor::Notify(r) => format!("notify {}", res(trace, *r)),
        WaitFor::Send(r) => format!("send {}", res(trace, *r)),
        WaitFor::Recv(r) => format!("recv {}", res(trace, *r)),
        WaitFor::Join(ts) => format!(
            "join {}",
            ts.iter()
                .map(|t| task(trace, *t))
                .collect::<Vec<_>>()
                .join(",")
        ),
        WaitFor::Worker => "worker".to_string(),
        WaitFor::Core => "core".to_string(),
    }
}

fn cause(trace: &Trace, c: &WakeCause) -> String {
    match c {
        WakeCause::Timer => "timer".to_string(),
        WakeCause::Unlock(r) => format!("unlock {}", res(trace, *r)),
        WakeCause::Release(r) => format!("release {}", res(trace, *r)),
        WakeCause::Notify(r) => format!("notify {}", res(trace, *r)),
        WakeCause::Send(r) => format!("send {}", res(trace, *r)),
        WakeCause::Recv(r) => format!("recv {}", res(trace, *r)),
        WakeCause::Close(r) => format!("close {}", res(trace, *r)),
        WakeCause::Join(t) => format!("join {}", task(trace, *t)),
        WakeCause::Spawn => "spawn".to_string(),
        WakeCause::Cancel => "cancel".to_string(),
        WakeCause::Timeout => "timeout".to_string(),
    }
}

/// One event as a short line: `<time_us> <task> <what>`, e.g. `0 a lock m` or `1000 b woken timer`.
pub fn line(trace: &Trace, kind: &EventKind) -> String {
    let n = |t: &TaskId| task(trace, *t);
    match kind {
        EventKind::Spawned { task, by } => match by {
            Some(b) => format!("{} spawned by {}", n(task), n(b)),
            None => format!("{} spawned", n(task)),
        },
        EventKind::Ready { task } => format!("{} ready", n(task)),
        EventKind::PollStart { task, lane, core } => match core {
            Some(c) => format!("{} poll lane{} core{c}", n(task), lane.0),
            None => format!("{} poll lane{}", n(task), lane.0),
        },
        EventKind::PollEnd { task, .. } => format!("{} unpoll", n(task)),
        EventKind::Step { task, text } => format!("{} {text}", n(task)),
        EventKind::Blocked { task, on } => format!("{} blocked {}", n(task), wait(trace, on)),
        EventKind::Sleeping { task, until } => format!("{} sleeping until {until}", n(task)),
        EventKind::Woken { task, by, cause: c } => match by {
            Some(b) => format!("{} woken by {} {}", n(task), n(b), cause(trace, c)),
            None => format!("{} woken {}", n(task), cause(trace, c)),
        },
        EventKind::Acquired {
            task,
            res: r,
            n: k,
            shared,
        } => format!(
            "{} acquired {}{}{}",
            n(task),
            res(trace, *r),
            if *k != 1 {
                format!(" {k}")
            } else {
                String::new()
            },
            if *shared { " shared" } else { "" }
        ),
        EventKind::Released {
            task,
            res: r,
            n: k,
            on_exit,
        } => format!(
            "{} released {}{}{}",
            n(task),
            res(trace, *r),
            if *k != 1 {
                format!(" {k}")
            } else {
                String::new()
            },
            if *on_exit { " on exit" } else { "" }
        ),
        EventKind::Sent { task, ch, value } => {
            format!("{} sent {} {value}", n(task), res(trace, *ch))
        }
        EventKind::Received { task, ch, value } => {
            format!("{} received {} {value}", n(task), res(trace, *ch))
        }
        EventKind::Closed { task, ch } => format!("{} closed {}", n(task), res(trace, *ch)),
        EventKind::Loaded { task, var, value } => {
            format!("{} loaded {} {value}", n(task), res(trace, *var))
        }
        EventKind::VarWritten { task, var, value } => {
            format!("{} wrote {} {value}", n(task), res(trace, *var))
        }
        EventKind::Log { task, text } => format!("{} log {text}", n(task)),
        EventKind::TimerSet {
            timer,
            owner,
            due,
            what,
        } => {
            let what = match what {
                TimerWhat::Sleep => "sleep".to_string(),
                TimerWhat::Start(t) => format!("start {}", n(t)),
                TimerWhat::Timeout => "timeout".to_string(),
            };
            format!("{} timer{} set {what} due {due}", n(owner), timer.0)
        }
        EventKind::TimerFired { timer } => format!("- timer{} fired", timer.0),
        EventKind::TimerCancelled { timer } => format!("- timer{} cancelled", timer.0),
        EventKind::CancelRequested { task, by } => {
            format!("{} cancel requested by {}", n(task), n(by))
        }
        EventKind::Ended { task, how } => match how {
            EndHow::Completed => format!("{} ended completed", n(task)),
            EndHow::Failed(m) => format!("{} ended failed: {m}", n(task)),
            EndHow::Cancelled => format!("{} ended cancelled", n(task)),
        },
    }
}

/// Every event as `<t> <line>`.
pub fn lines(trace: &Trace) -> Vec<String> {
    trace
        .events
        .iter()
        .map(|e| format!("{} {}", e.t, line(trace, &e.kind)))
        .collect()
}

/// Only the events whose line (without the time) contains one of `words`.
pub fn lines_with(trace: &Trace, words: &[&str]) -> Vec<String> {
    trace
        .events
        .iter()
        .map(|e| (e.t, line(trace, &e.kind)))
        .filter(|(_, l)| words.iter().any(|w| l.contains(w)))
        .map(|(t, l)| format!("{t} {l}"))
        .collect()
}

/// The tasks in the order they were polled (one entry per `PollStart`).
pub fn polls(trace: &Trace) -> Vec<String> {
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PollStart { task: t, .. } => Some(task(trace, *t)),
            _ => None,
        })
        .collect()
}

/// The `log` texts in order.
pub fn logs(trace: &Trace) -> Vec<String> {
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Log { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A task's summary entry by name.
pub fn task_of<'a>(s: &'a RunSummary, name: &str) -> &'a interleave::sim::TaskSummary {
    s.tasks
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no task {name}"))
}

/// `(state, end_us)` of a task.
pub fn end_of(s: &RunSummary, name: &str) -> (TaskState, Option<u64>) {
    let t = task_of(s, name);
    (t.state, t.end_us)
}

pub const MS: u64 = 1_000;
pub const S: u64 = 1_000_000;
