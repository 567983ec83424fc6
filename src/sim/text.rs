//! Canonical text for steps, durations and names, as trace `Step` events and the summary show them.
//!
//! It follows the canonical printer's rules (largest exact unit, `0us` for zero, names quoted
//! when not a plain identifier or a keyword), so a step in the event list reads exactly as it
//! reads in the editor's text view.

use crate::model::{EndState, ExpectKind, Micros, StepKind, StoreOp, TaskRef};

/// A duration in the largest unit that divides it exactly (`0us` for zero).
pub fn fmt_dur(us: Micros) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("min", 60_000_000),
        ("s", 1_000_000),
        ("ms", 1_000),
        ("us", 1),
    ];
    if us == 0 {
        return "0us".to_string();
    }
    for (unit, size) in UNITS {
        if us % size == 0 {
            return format!("{}{unit}", us / size);
        }
    }
    format!("{us}us")
}

/// A duration for people: `1 s`, `1.5 s`, `20 ms`, `300 µs`, `2 min`.
pub fn fmt_human(us: Micros) -> String {
    fn decimal(value: Micros, size: Micros) -> String {
        let whole = value / size;
        let frac = value % size;
        if frac == 0 {
            return whole.to_string();
        }
        let digits = size.ilog10() as usize;
        let s = format!("{frac:0digits$}");
        format!("{whole}.{}", s.trim_end_matches('0'))
    }
    if us >= 60_000_000 && us % 60_000_000 == 0 {
        format!("{} min", us / 60_000_000)
    } else if us >= 1_000_000 {
        format!("{} s", decimal(us, 1_000_000))
    } else if us >= 1_000 {
        format!("{} ms", decimal(us, 1_000))
    } else {
        format!("{us} µs")
    }
}

/// Words a bare name must not be (the language's keywords), so step text reads back the same.
const KEYWORDS: &[&str] = &[
    "scenario",
    "runtime",
    "mutex",
    "rwlock",
    "semaphore",
    "channel",
    "condvar",
    "var",
    "async",
    "thread",
    "job",
    "process",
    "expect",
    "compute",
    "sleep",
    "yield",
    "lock",
    "unlock",
    "read",
    "write",
    "acquire",
    "release",
    "wait",
    "notify",
    "notify_all",
    "send",
    "recv",
    "close",
    "spawn",
    "join",
    "gather",
    "cancel",
    "after",
    "load",
    "store",
    "incr",
    "fail",
    "log",
    "repeat",
    "timeout",
    "try",
    "catch",
    "capacity",
    "unlimited",
    "at",
    "on",
    "priority",
    "makespan",
    "no",
    "deadlock",
    "completed",
    "failed",
    "cancelled",
];

/// A name as canonical text writes it: bare when it is a plain, non-keyword identifier.
pub fn fmt_name(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name);
    if plain {
        name.to_string()
    } else {
        quoted(name)
    }
}

/// A string literal with `"` and `\` escaped.
pub fn quoted(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

fn ref_text(r: &TaskRef) -> String {
    match r.replica {
        Some(i) => format!("{}#{i}", fmt_name(&r.name)),
        None => fmt_name(&r.name),
    }
}

fn refs_text(refs: &[TaskRef]) -> String {
    refs.iter().map(ref_text).collect::<Vec<_>>().join(", ")
}

/// The canonical text of one step; a block prints only its head (`repeat 3`, `timeout 1s`, `try`).
pub fn step_text(kind: &StepKind) -> String {
    let timed = |word: &str, dur: Micros, label: &Option<String>| match label {
        Some(l) => format!("{word} {} {}", fmt_dur(dur), quoted(l)),
        None => format!("{word} {}", fmt_dur(dur)),
    };
    let counted = |word: &str, name: &str, n: u32| match n {
        1 => format!("{word} {}", fmt_name(name)),
        _ => format!("{word} {} {n}", fmt_name(name)),
    };
    match kind {
        StepKind::Compute { dur, label } => timed("compute", *dur, label),
        StepKind::Sleep { dur, label } => timed("sleep", *dur, label),
        StepKind::Yield => "yield".to_string(),
        StepKind::Lock(m) => format!("lock {}", fmt_name(&m.name)),
        StepKind::Unlock(m) => format!("unlock {}", fmt_name(&m.name)),
        StepKind::Read(r) => format!("read {}", fmt_name(&r.name)),
        StepKind::Write(r) => format!("write {}", fmt_name(&r.name)),
        StepKind::Acquire { sem, n } => counted("acquire", &sem.name, *n),
        StepKind::Release { sem, n } => counted("release", &sem.name, *n),
        StepKind::Wait { cv, mutex } => {
            format!("wait {} {}", fmt_name(&cv.name), fmt_name(&mutex.name))
        }
        StepKind::Notify(cv) => format!("notify {}", fmt_name(&cv.name)),
        StepKind::NotifyAll(cv) => format!("notify_all {}", fmt_name(&cv.name)),
        StepKind::Send { ch, value: None } => format!("send {}", fmt_name(&ch.name)),
        StepKind::Send { ch, value: Some(v) } => format!("send {} {v}", fmt_name(&ch.name)),
        StepKind::Recv(ch) => format!("recv {}", fmt_name(&ch.name)),
        StepKind::Close(ch) => format!("close {}", fmt_name(&ch.name)),
        StepKind::Spawn(refs) => format!("spawn {}", refs_text(refs)),
        StepKind::Join(refs) => format!("join {}", refs_text(refs)),
        StepKind::Gather(refs) => format!("gather {}", refs_text(refs)),
        StepKind::Cancel(refs) => format!("cancel {}", refs_text(refs)),
        StepKind::After { delay, task } => {
            format!("after {} spawn {}", fmt_dur(*delay), ref_text(task))
        }
        StepKind::Load(v) => format!("load {}", fmt_name(&v.name)),
        StepKind::Store { var, op } => format!("store {} {}", fmt_name(&var.name), store_text(*op)),
        StepKind::Incr(v) => format!("incr {}", fmt_name(&v.name)),
        StepKind::Fail(msg) => format!("fail {}", quoted(msg)),
        StepKind::Log(msg) => format!("log {}", quoted(msg)),
        StepKind::Repeat { count, .. } => format!("repeat {count}"),
        StepKind::Timeout { dur, .. } => format!("timeout {}", fmt_dur(*dur)),
        StepKind::Try { .. } => "try".to_string(),
    }
}

fn store_text(op: StoreOp) -> String {
    match op {
        StoreOp::Add(n) if n >= 0 => format!("+{n}"),
        StoreOp::Add(n) => format!("-{}", n.unsigned_abs()),
        StoreOp::Sub(n) if n >= 0 => format!("-{n}"),
        StoreOp::Sub(n) => format!("+{}", n.unsigned_abs()),
        StoreOp::Set(n) => format!("{n}"),
    }
}

/// An expectation's text without the leading `expect` (`counter == 2`, `makespan <= 1s`).
pub fn expect_text(kind: &ExpectKind) -> String {
    match kind {
        ExpectKind::Var { var, op, value } => {
            format!("{} {} {value}", fmt_name(&var.name), op.symbol())
        }
        ExpectKind::Makespan { op, dur } => format!("makespan {} {}", op.symbol(), fmt_dur(*dur)),
        ExpectKind::NoDeadlock => "no deadlock".to_string(),
        ExpectKind::Deadlock => "deadlock".to_string(),
        ExpectKind::Task { task, state } => {
            let word = match state {
                EndState::Completed => "completed",
                EndState::Failed => "failed",
                EndState::Cancelled => "cancelled",
            };
            format!("{} {word}", ref_text(task))
        }
    }
}
