//! A scenario as a Rust program on tokio: async tasks on one event-loop thread, threads on
//! `std::thread`, jobs on tokio's blocking pool (`spawn_blocking`).

use super::analysis::{analyse, inexpressible, referenced_tasks, replica_names, Analysis};
use crate::model::{
    self, Micros, ResourceKind, Scenario, Start, Step, StepKind, StoreOp, TaskDecl, TaskKind,
    TaskRef,
};
use std::collections::HashMap;
use std::fmt::Write;

/// The machinery every exported program ends with (start, join, the summary).
const RUNTIME: &str = include_str!("runtime.tokio.rs");

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

pub fn program(s: &Scenario) -> String {
    let mut rs = Rs {
        s,
        a: analyse(s),
        out: String::new(),
        fields: HashMap::new(),
        fns: HashMap::new(),
    };
    rs.name_everything();
    rs.header();
    rs.world();
    for task in &s.tasks {
        rs.task(task);
    }
    rs.tables();
    rs.out.push('\n');
    rs.out.push_str(RUNTIME);
    rs.out
}

struct Rs<'a> {
    s: &'a Scenario,
    a: Analysis,
    out: String,
    /// Each resource's field of `World`.
    fields: HashMap<String, String>,
    /// Each task declaration's function.
    fns: HashMap<String, String>,
}

struct Cx {
    blocking: bool,
}

impl Rs<'_> {
    fn name_everything(&mut self) {
        for (i, r) in self.s.resources.iter().enumerate() {
            let field = if is_ident(&r.name) {
                r.name.clone()
            } else {
                format!("res_{i}")
            };
            self.fields.insert(r.name.clone(), field);
        }
        for (i, t) in self.s.tasks.iter().enumerate() {
            let f = if is_ident(&t.name) {
                format!("task_{}", t.name)
            } else {
                format!("task_{i}")
            };
            self.fns.insert(t.name.clone(), f);
        }
    }

    fn header(&mut self) {
        let s = self.s;
        let title = s
            .title
            .clone()
            .unwrap_or_else(|| "an Interleave scenario".into());
        let _ = writeln!(
            self.out,
            "//! {title}{}",
            s.title_zh
                .as_ref()
                .map(|z| format!(" ({z})"))
                .unwrap_or_default()
        );
        if let Some(lesson) = &s.lesson.about {
            self.out.push_str("//!\n");
            for l in super::python::wrap(&lesson.text, 94) {
                let _ = writeln!(self.out, "//! {l}");
            }
        }
        self.out.push_str(
            "//!\n//! Exported from Interleave. Put it in a crate's src/main.rs with\n\
             //! `tokio = { version = \"1\", features = [\"rt\", \"time\", \"sync\", \"macros\"] }` and run it with\n\
             //! `cargo run --release`. Async tasks run on one thread (a current-thread runtime, like one\n\
             //! event loop), threads on std::thread, jobs on tokio's blocking pool of `WORKERS` threads, and\n\
             //! it prints a JSON summary shaped like `interleave run --json`. What differs from the simulator:\n\
             //! - real locks are not FIFO in general; here they are tokio's fair semaphores, which are;\n\
             //! - real timers are late, and `compute` is a busy loop on the clock, so times are close, not equal;\n\
             //! - a notify with nobody waiting is kept by tokio's `Notify` for the next waiter;\n\
             //! - a thread cannot be cancelled, or stopped by a timeout, from outside;\n",
        );
        let mut extra = inexpressible(s, "tokio");
        if s.tasks.iter().any(|t| t.kind == TaskKind::Process) {
            extra.push(
                "processes: they run as threads (Rust has no fork that keeps this program's state)"
                    .into(),
            );
        }
        for n in extra {
            let _ = writeln!(self.out, "//! - not expressed: {n};");
        }
        self.out.push_str(
            "\n#![allow(dead_code, unused_imports, unused_mut, unused_variables, unused_assignments, clippy::all)]\n\n\
             use std::collections::{HashMap, VecDeque};\nuse std::future::Future;\nuse std::pin::Pin;\n\
             use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed, Ordering::SeqCst};\n\
             use std::sync::{Mutex as StdMutex, OnceLock};\nuse std::time::{Duration, Instant};\n\
             use tokio::sync::{Notify, Semaphore};\n\n",
        );
    }

    fn world(&mut self) {
        self.out
            .push_str("/// The scenario's shared resources.\nstruct World {\n");
        for r in &self.s.resources {
            let ty = match r.kind {
                ResourceKind::Mutex | ResourceKind::RwLock | ResourceKind::Semaphore { .. } => {
                    "Semaphore"
                }
                ResourceKind::Channel { .. } => "Channel",
                ResourceKind::Condvar => "Notify",
                ResourceKind::Var { .. } => "AtomicI64",
            };
            let _ = writeln!(
                self.out,
                "    /// {}\n    {}: {ty},",
                model::resource_text(r),
                self.fields[&r.name]
            );
        }
        self.out
            .push_str("}\n\nfn world() -> World {\n    World {\n");
        for r in &self.s.resources {
            let init = match r.kind {
                ResourceKind::Mutex => "Semaphore::new(1)".to_string(),
                ResourceKind::RwLock => "Semaphore::new(READERS as usize)".to_string(),
                ResourceKind::Semaphore { permits } => format!("Semaphore::new({permits})"),
                ResourceKind::Channel { capacity } => format!(
                    "Channel::new({}, {})",
                    rs_str(&r.name),
                    capacity.map_or("usize::MAX".to_string(), |c| c.to_string())
                ),
                ResourceKind::Condvar => "Notify::new()".to_string(),
                ResourceKind::Var { init } => format!("AtomicI64::new({init})"),
            };
            let _ = writeln!(self.out, "        {}: {init},", self.fields[&r.name]);
        }
        self.out
            .push_str("    }\n}\n\nfn vars(w: &World) -> Vec<(&'static str, i64)> {\n    vec![");
        let vars: Vec<String> = self
            .s
            .resources
            .iter()
            .filter(|r| matches!(r.kind, ResourceKind::Var { .. }))
            .map(|r| {
                format!(
                    "({}, w.{}.load(SeqCst))",
                    rs_str(&r.name),
                    self.fields[&r.name]
                )
            })
            .collect();
        self.out.push_str(&vars.join(", "));
        self.out.push_str("]\n}\n");
    }

    fn task(&mut self, task: &TaskDecl) {
        let f = self.fns[&task.name].clone();
        let blocking = task.kind != TaskKind::Async;
        let _ = writeln!(self.out, "\n// {}", model::task_head(task));
        if blocking {
            let _ = writeln!(self.out, "fn {f}(w: &'static World) -> Step {{");
        } else {
            let _ = writeln!(self.out, "async fn {f}(w: &'static World) -> Step {{");
        }
        self.out
            .push_str("    let mut reg: i64 = 0;\n    let mut held = Held::default();\n");
        let mut cx = Cx { blocking };
        self.body(&task.body, 1, &mut cx);
        self.out.push_str("    Ok(())\n}\n");
    }

    fn body(&mut self, steps: &[Step], depth: usize, cx: &mut Cx) {
        for step in steps {
            self.step(step, depth, cx);
        }
    }

    /// `wait` written for the context: awaited in a coroutine, blocked on in a thread.
    fn wait(&self, cx: &Cx, future: &str) -> String {
        if cx.blocking {
            format!("blk({future})")
        } else {
            format!("{future}.await")
        }
    }

    fn step(&mut self, step: &Step, depth: usize, cx: &mut Cx) {
        let f = |name: &str| format!("w.{}", self.fields[name]);
        let key = |name: &str| rs_str(name);
        let code = match &step.kind {
            StepKind::Compute { dur, .. } => format!("compute({dur});"),
            StepKind::Sleep { dur, .. } => match cx.blocking {
                true => format!("std::thread::sleep(Duration::from_micros({dur}));"),
                false => format!("tokio::time::sleep(Duration::from_micros({dur})).await;"),
            },
            StepKind::Yield => match cx.blocking {
                true => "std::thread::yield_now();".into(),
                false => "tokio::task::yield_now().await;".into(),
            },
            StepKind::Lock(m) => format!("{};", self.wait(cx, &format!("lock(&{})", f(&m.name)))),
            StepKind::Unlock(m) if self.is_rwlock(&m.name) => {
                format!("unlock_rw(&{}, &mut held, {});", f(&m.name), key(&m.name))
            }
            StepKind::Unlock(m) => format!("unlock(&{});", f(&m.name)),
            StepKind::Read(r) => format!(
                "{};",
                self.wait(
                    cx,
                    &format!("read(&{}, &mut held, {})", f(&r.name), key(&r.name))
                )
            ),
            StepKind::Write(r) => format!(
                "{};",
                self.wait(
                    cx,
                    &format!("write(&{}, &mut held, {})", f(&r.name), key(&r.name))
                )
            ),
            StepKind::Acquire { sem, n } => format!(
                "{};",
                self.wait(cx, &format!("acquire(&{}, {n})", f(&sem.name)))
            ),
            StepKind::Release { sem, n } => format!("release(&{}, {n});", f(&sem.name)),
            StepKind::Wait { cv, mutex } => format!(
                "{};",
                self.wait(cx, &format!("wait(&{}, &{})", f(&cv.name), f(&mutex.name)))
            ),
            StepKind::Notify(cv) => format!("{}.notify_one();", f(&cv.name)),
            StepKind::NotifyAll(cv) => format!("{}.notify_waiters();", f(&cv.name)),
            StepKind::Send { ch, value } => format!(
                "{}?;",
                self.wait(cx, &format!("{}.send({})", f(&ch.name), value.unwrap_or(0)))
            ),
            StepKind::Recv(ch) => format!(
                "reg = {}?;",
                self.wait(cx, &format!("{}.recv()", f(&ch.name)))
            ),
            StepKind::Close(ch) => format!("{}.close()?;", f(&ch.name)),
            StepKind::Spawn(ts) => format!("spawn(&[{}]);", self.task_args(ts)),
            StepKind::Join(ts) => format!(
                "{}?;",
                self.wait(cx, &format!("join(&[{}])", self.task_args(ts)))
            ),
            StepKind::Gather(ts) => format!(
                "{}?;",
                self.wait(cx, &format!("gather(&[{}])", self.task_args(ts)))
            ),
            StepKind::Cancel(ts) => format!("cancel(&[{}]);", self.task_args(ts)),
            StepKind::After { delay, task } => format!(
                "after({delay}, &[{}]);",
                self.task_args(std::slice::from_ref(task))
            ),
            StepKind::Load(v) => format!("reg = {}.load(SeqCst);", f(&v.name)),
            StepKind::Store { var, op } => match op {
                StoreOp::Add(n) => {
                    format!("{}.store(reg.wrapping_add({n}), SeqCst);", f(&var.name))
                }
                StoreOp::Sub(n) => {
                    format!("{}.store(reg.wrapping_sub({n}), SeqCst);", f(&var.name))
                }
                StoreOp::Set(n) => format!("{}.store({n}, SeqCst);", f(&var.name)),
            },
            StepKind::Incr(v) => format!("{}.fetch_add(1, SeqCst);", f(&v.name)),
            StepKind::Fail(msg) => format!("fail({})?;", rs_str(msg)),
            StepKind::Log(text) => format!("log({});", rs_str(text)),
            StepKind::Repeat { count, body } => {
                self.line(depth, &format!("for _ in 0..{count}u64 {{"));
                self.body(body, depth + 1, cx);
                self.line(depth, "}");
                return;
            }
            StepKind::Timeout { dur, body } => {
                let text = model::duration_text(*dur);
                if cx.blocking {
                    self.line(depth, &format!("// timeout {text}: a thread cannot be stopped from outside, so its steps run without it"));
                    self.line(depth, "{");
                    self.body(body, depth + 1, cx);
                    self.line(depth, "}");
                } else {
                    self.line(
                        depth,
                        &format!("tokio::time::timeout(Duration::from_micros({dur}), async {{"),
                    );
                    self.body(body, depth + 1, cx);
                    self.line(depth + 1, "Ok::<(), String>(())");
                    self.line(
                        depth,
                        &format!(
                            "}})\n{}.await\n{}.map_err(|_| {})??;",
                            indent(depth),
                            indent(depth),
                            rs_str(&format!("timed out after {text}"))
                        ),
                    );
                }
                return;
            }
            StepKind::Try { body, catch } => {
                if cx.blocking {
                    self.line(depth, "if (|| -> Step {");
                } else {
                    self.line(depth, "if async {");
                }
                self.body(body, depth + 1, cx);
                self.line(depth + 1, "Ok::<(), String>(())");
                self.line(
                    depth,
                    if cx.blocking {
                        "})()\n.is_err()\n{"
                    } else {
                        "}\n.await\n.is_err()\n{"
                    },
                );
                self.body(catch, depth + 1, cx);
                self.line(depth, "}");
                return;
            }
        };
        self.line(depth, &code);
    }

    fn is_rwlock(&self, name: &str) -> bool {
        self.s
            .resources
            .iter()
            .any(|r| r.name == name && r.kind == ResourceKind::RwLock)
    }

    fn task_args(&self, refs: &[TaskRef]) -> String {
        referenced_tasks(self.s, refs)
            .iter()
            .map(|n| rs_str(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn tables(&mut self) {
        let s = self.s;
        let _ = writeln!(
            self.out,
            "\nconst TITLE: &str = {};",
            rs_str(s.title.as_deref().unwrap_or(""))
        );
        let _ = writeln!(self.out, "const WORKERS: usize = {};", s.runtime.workers());
        let quiet: Micros = 2_000_000 + 2 * self.a.longest;
        let _ = writeln!(self.out, "/// The watchdog's quiet time: longer than any one step of the scenario.\nconst QUIET_US: u64 = {quiet};");
        let mut starts = Vec::new();
        let mut records = Vec::new();
        for t in &s.tasks {
            let f = &self.fns[&t.name];
            let (kind, body) = match t.kind {
                TaskKind::Async => ("async", format!("Body::Async(|w| Box::pin({f}(w)))")),
                TaskKind::Thread => ("thread", format!("Body::Blocking({f})")),
                TaskKind::Job => ("job", format!("Body::Blocking({f})")),
                TaskKind::Process => ("process", format!("Body::Blocking({f})")),
            };
            for name in replica_names(&t.name, t.replicas) {
                match t.start {
                    Start::AtZero => starts.push(format!("({}, 0)", rs_str(&name))),
                    Start::At(d) => starts.push(format!("({}, {d})", rs_str(&name))),
                    Start::OnSpawn => {}
                }
                records.push(format!(
                    "        Record {{ name: {}.into(), kind: \"{kind}\", body: {body}, ended: StdMutex::new(Ended {{ state: \"not_started\", ..Ended::default() }}), abort: StdMutex::new(None) }},",
                    rs_str(&name)
                ));
            }
        }
        let _ = writeln!(self.out, "/// The tasks that start by themselves, and when (µs).\nconst STARTS: &[(&str, u64)] = &[{}];", starts.join(", "));
        let _ = writeln!(
            self.out,
            "\nfn records() -> Vec<Record> {{\n    vec![\n{}\n    ]\n}}",
            records.join("\n")
        );
    }

    fn line(&mut self, depth: usize, text: &str) {
        self.out.push_str(&indent(depth));
        self.out.push_str(text);
        self.out.push('\n');
    }
}

fn indent(depth: usize) -> String {
    "    ".repeat(depth)
}

/// An ASCII identifier that is not a keyword (other names get a made-up one and a comment).
fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
        && name != "_"
}

/// A Rust string literal.
fn rs_str(text: &str) -> String {
    format!("{text:?}")
}
