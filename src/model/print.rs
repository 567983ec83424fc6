//! The canonical printer: a [`Scenario`] to its one canonical text.
//!
//! The layout, so that `print(parse(text))` is stable and diffs stay small:
//! - sections in this order: the title, the lesson (`lesson`, `look`, `view`, then the stops
//!   as written), the runtime block, the resources, the tasks, the
//!   expectations; one blank line between sections and between two tasks; resources and
//!   expectations are one per line with no blank lines among them;
//! - the runtime block lists only the keys that were written, in the order of docs/LANGUAGE.md §3.2,
//!   indented by two spaces; a runtime with no key written is left out;
//! - task modifiers in the order `xN`, `at DUR` or `on spawn`, `priority P` (only when not 0);
//! - blocks indent by two spaces; an empty block prints as `{}`;
//! - durations use the largest unit that divides them exactly (`1000ms` → `1s`, `60s` → `1min`,
//!   `1500us` stays); zero prints as `0us`;
//! - names that are not plain identifiers, or that are a keyword of the language, print quoted;
//! - `acquire S`/`release S` omit the count when it is 1;
//! - the text ends with one line break (the empty scenario prints as the empty text).

pub use super::vocab::duration_text;
use super::vocab::{is_keyword, kind_word};
use super::vocab::{is_name_char, is_name_start};
use super::{
    Cores, EndState, Expect, ExpectKind, Lesson, LessonView, Micros, Policy, PoolQueue, Resource,
    ResourceKind, Said, Scenario, Step, StepKind, StoreOp, TaskDecl, TaskRef,
};
use std::fmt::Write;

/// Prints the canonical text of a scenario.
pub fn print(scenario: &Scenario) -> String {
    let mut sections: Vec<String> = Vec::new();
    if let Some(title) = &scenario.title {
        let said = Said {
            text: title.clone(),
            zh: scenario.title_zh.clone(),
        };
        sections.push(format!("scenario {}\n", said_text(&said)));
    }
    if !scenario.lesson.is_empty() {
        sections.push(lesson_text(&scenario.lesson));
    }
    let runtime = runtime_text(scenario);
    if !runtime.is_empty() {
        sections.push(runtime);
    }
    if !scenario.resources.is_empty() {
        let mut s = String::new();
        for r in &scenario.resources {
            s.push_str(&resource_text(r));
            s.push('\n');
        }
        sections.push(s);
    }
    for task in &scenario.tasks {
        sections.push(task_text(task));
    }
    if !scenario.expects.is_empty() {
        let mut s = String::new();
        for e in &scenario.expects {
            s.push_str(&expect_text(e));
            s.push('\n');
        }
        sections.push(s);
    }
    sections.join("\n")
}

/// `"text"`, then ` zh "…"` when there is a Chinese version.
fn said_text(said: &Said) -> String {
    match &said.zh {
        Some(zh) => format!("{} zh {}", quoted(&said.text), quoted(zh)),
        None => quoted(&said.text),
    }
}

/// The lesson's lines in the order `lesson`, `look`, `view`, then the stops as written.
fn lesson_text(lesson: &Lesson) -> String {
    let mut s = String::new();
    if let Some(about) = &lesson.about {
        let _ = writeln!(s, "lesson {}", said_text(about));
    }
    if let Some(look) = &lesson.look {
        let _ = writeln!(s, "look {}", said_text(look));
    }
    match lesson.view {
        Some(LessonView::Threads) => s.push_str("view threads\n"),
        Some(LessonView::Tasks) => s.push_str("view tasks\n"),
        None => {}
    }
    for stop in &lesson.stops {
        let _ = write!(
            s,
            "stop {} {}",
            duration_text(stop.at),
            said_text(&stop.said)
        );
        if !stop.show.is_empty() {
            let _ = write!(s, " on {}", refs_text(&stop.show));
        }
        s.push('\n');
    }
    s
}

/// A name as written in canonical text: bare when it is a plain, non-keyword identifier.
pub fn name_text(name: &str) -> String {
    let mut chars = name.chars();
    let plain =
        chars.next().is_some_and(is_name_start) && chars.all(is_name_char) && !is_keyword(name);
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

/// `d`, or `d#2` for one replica.
pub(crate) fn task_ref_text(r: &TaskRef) -> String {
    match r.replica {
        Some(i) => format!("{}#{i}", name_text(&r.name)),
        None => name_text(&r.name),
    }
}

fn runtime_text(scenario: &Scenario) -> String {
    let rt = &scenario.runtime;
    let mut lines: Vec<String> = Vec::new();
    if let Some(n) = rt.workers {
        lines.push(format!("workers {n}"));
    }
    match rt.cores {
        Some(Cores::Unlimited) => lines.push("cores unlimited".to_string()),
        Some(Cores::Limited(n)) => lines.push(format!("cores {n}")),
        None => {}
    }
    if let Some(q) = rt.quantum {
        lines.push(format!("quantum {}", duration_text(q)));
    }
    if let Some(p) = rt.policy {
        let word = match p {
            Policy::Fifo => "fifo",
            Policy::Lifo => "lifo",
            Policy::Random => "random",
            Policy::Priority => "priority",
        };
        lines.push(format!("policy {word}"));
    }
    if let Some(p) = rt.pool_queue {
        let word = match p {
            PoolQueue::Fifo => "fifo",
            PoolQueue::Lifo => "lifo",
            PoolQueue::Priority => "priority",
        };
        lines.push(format!("pool_queue {word}"));
    }
    if let Some(d) = rt.thread_start {
        lines.push(format!("thread_start {}", duration_text(d)));
    }
    if let Some(d) = rt.process_start {
        lines.push(format!("process_start {}", duration_text(d)));
    }
    if let Some(n) = rt.seed {
        lines.push(format!("seed {n}"));
    }
    if let Some(d) = rt.max_time {
        lines.push(format!("max_time {}", duration_text(d)));
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut s = String::from("runtime {\n");
    for line in lines {
        let _ = writeln!(s, "  {line}");
    }
    s.push_str("}\n");
    s
}

/// A resource's declaration line, e.g. `channel q capacity 2`.
pub fn resource_text(r: &Resource) -> String {
    let name = name_text(&r.name);
    match r.kind {
        ResourceKind::Mutex => format!("mutex {name}"),
        ResourceKind::RwLock => format!("rwlock {name}"),
        ResourceKind::Semaphore { permits } => format!("semaphore {name} = {permits}"),
        ResourceKind::Channel { capacity: None } => format!("channel {name}"),
        ResourceKind::Channel { capacity: Some(n) } => format!("channel {name} capacity {n}"),
        ResourceKind::Condvar => format!("condvar {name}"),
        ResourceKind::Var { init } => format!("var {name} = {init}"),
    }
}

fn task_text(task: &TaskDecl) -> String {
    let mut s = task_head(task);
    s.push(' ');
    block_text(&mut s, &task.body, 0);
    s.push('\n');
    s
}

/// A task's declaration before its block, e.g. `thread t x2 on spawn`.
pub fn task_head(task: &TaskDecl) -> String {
    let mut s = format!("{} {}", kind_word(task.kind), name_text(&task.name));
    if let Some(n) = task.replicas {
        let _ = write!(s, " x{n}");
    }
    match task.start {
        super::Start::AtZero => {}
        super::Start::At(d) => {
            let _ = write!(s, " at {}", duration_text(d));
        }
        super::Start::OnSpawn => s.push_str(" on spawn"),
    }
    if task.priority != 0 {
        let _ = write!(s, " priority {}", task.priority);
    }
    s
}

/// Appends `{`, the steps one per line at `indent + 1`, and `}` (no line break after it).
fn block_text(s: &mut String, body: &[Step], indent: usize) {
    if body.is_empty() {
        s.push_str("{}");
        return;
    }
    s.push_str("{\n");
    for step in body {
        for _ in 0..=indent {
            s.push_str("  ");
        }
        step_text(s, step, indent + 1);
        s.push('\n');
    }
    for _ in 0..indent {
        s.push_str("  ");
    }
    s.push('}');
}

fn refs_text(refs: &[TaskRef]) -> String {
    refs.iter()
        .map(task_ref_text)
        .collect::<Vec<_>>()
        .join(", ")
}

fn step_text(s: &mut String, step: &Step, indent: usize) {
    s.push_str(&step_head(&step.kind));
    match &step.kind {
        StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => {
            s.push(' ');
            block_text(s, body, indent);
        }
        StepKind::Try { body, catch } => {
            s.push(' ');
            block_text(s, body, indent);
            s.push_str(" catch ");
            block_text(s, catch, indent);
        }
        _ => {}
    }
}

/// The canonical text of one step on one line; a block gives only its head (`repeat 3`,
/// `timeout 1s`, `try`). Trace `Step` events use it, so the event list reads like the text.
pub fn step_head(kind: &StepKind) -> String {
    let timed = |word: &str, dur: Micros, label: &Option<String>| match label {
        Some(l) => format!("{word} {} {}", duration_text(dur), quoted(l)),
        None => format!("{word} {}", duration_text(dur)),
    };
    let counted = |word: &str, name: &str, n: u32| {
        if n == 1 {
            format!("{word} {}", name_text(name))
        } else {
            format!("{word} {} {n}", name_text(name))
        }
    };
    match kind {
        StepKind::Compute { dur, label } => timed("compute", *dur, label),
        StepKind::Sleep { dur, label } => timed("sleep", *dur, label),
        StepKind::Yield => "yield".to_string(),
        StepKind::Lock(m) => format!("lock {}", name_text(&m.name)),
        StepKind::Unlock(m) => format!("unlock {}", name_text(&m.name)),
        StepKind::Read(r) => format!("read {}", name_text(&r.name)),
        StepKind::Write(r) => format!("write {}", name_text(&r.name)),
        StepKind::Acquire { sem, n } => counted("acquire", &sem.name, *n),
        StepKind::Release { sem, n } => counted("release", &sem.name, *n),
        StepKind::Wait { cv, mutex } => {
            format!("wait {} {}", name_text(&cv.name), name_text(&mutex.name))
        }
        StepKind::Notify(cv) => format!("notify {}", name_text(&cv.name)),
        StepKind::NotifyAll(cv) => format!("notify_all {}", name_text(&cv.name)),
        StepKind::Send { ch, value: None } => format!("send {}", name_text(&ch.name)),
        StepKind::Send { ch, value: Some(v) } => format!("send {} {v}", name_text(&ch.name)),
        StepKind::Recv(ch) => format!("recv {}", name_text(&ch.name)),
        StepKind::Close(ch) => format!("close {}", name_text(&ch.name)),
        StepKind::Spawn(refs) => format!("spawn {}", refs_text(refs)),
        StepKind::Join(refs) => format!("join {}", refs_text(refs)),
        StepKind::Gather(refs) => format!("gather {}", refs_text(refs)),
        StepKind::Cancel(refs) => format!("cancel {}", refs_text(refs)),
        StepKind::After { delay, task } => {
            format!(
                "after {} spawn {}",
                duration_text(*delay),
                task_ref_text(task)
            )
        }
        StepKind::Load(v) => format!("load {}", name_text(&v.name)),
        StepKind::Store { var, op } => {
            format!("store {} {}", name_text(&var.name), store_text(*op))
        }
        StepKind::Incr(v) => format!("incr {}", name_text(&v.name)),
        StepKind::Fail(msg) => format!("fail {}", quoted(msg)),
        StepKind::Log(msg) => format!("log {}", quoted(msg)),
        StepKind::Repeat { count, .. } => format!("repeat {count}"),
        StepKind::Timeout { dur, .. } => format!("timeout {}", duration_text(*dur)),
        StepKind::Try { .. } => "try".to_string(),
    }
}

/// `+N`, `-N` or `N`. The text has no way to add a negative amount or set a negative value,
/// so a negative amount flips the sign (same effect) and a negative constant is written as-is
/// (validation reports it, since it would read back as a subtraction).
fn store_text(op: StoreOp) -> String {
    match op {
        StoreOp::Add(n) if n >= 0 => format!("+{n}"),
        StoreOp::Add(n) => format!("-{}", n.unsigned_abs()),
        StoreOp::Sub(n) if n >= 0 => format!("-{n}"),
        StoreOp::Sub(n) => format!("+{}", n.unsigned_abs()),
        StoreOp::Set(n) => format!("{n}"),
    }
}

fn expect_text(e: &Expect) -> String {
    format!("expect {}", expect_body(&e.kind))
}

/// An expectation's text without the leading `expect` (`counter == 2`, `makespan <= 1s`).
pub fn expect_body(kind: &ExpectKind) -> String {
    match kind {
        ExpectKind::Var { var, op, value } => {
            format!("{} {} {value}", name_text(&var.name), op.symbol())
        }
        ExpectKind::Makespan { op, dur } => {
            format!("makespan {} {}", op.symbol(), duration_text(*dur))
        }
        ExpectKind::NoDeadlock => "no deadlock".to_string(),
        ExpectKind::Deadlock => "deadlock".to_string(),
        ExpectKind::Task { task, state } => {
            let word = match state {
                EndState::Completed => "completed",
                EndState::Failed => "failed",
                EndState::Cancelled => "cancelled",
            };
            format!("{} {word}", task_ref_text(task))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_use_the_largest_exact_unit() {
        assert_eq!(duration_text(0), "0us");
        assert_eq!(duration_text(1_500), "1500us");
        assert_eq!(duration_text(2_000), "2ms");
        assert_eq!(duration_text(60_000_000), "1min");
        assert_eq!(duration_text(90_000_000), "90s");
        assert_eq!(duration_text(u64::MAX), format!("{}us", u64::MAX));
    }

    #[test]
    fn names_are_quoted_only_when_needed() {
        assert_eq!(name_text("worker_1"), "worker_1");
        assert_eq!(name_text("任务1"), "任务1");
        assert_eq!(name_text("1st"), "\"1st\"");
        assert_eq!(name_text("two words"), "\"two words\"");
        assert_eq!(name_text("spawn"), "\"spawn\"");
        assert_eq!(name_text("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
