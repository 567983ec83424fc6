//! A scenario as a Python program: asyncio, threading, a thread pool and multiprocessing.

use super::analysis::{
    analyse, inexpressible, referenced_tasks, replica_names, walk, Analysis, Family,
};
use crate::model::{
    self, Micros, ResourceKind, Scenario, Start, Step, StepKind, StoreOp, TaskDecl, TaskKind,
    TaskRef,
};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// The runtime helpers every exported program ends with (start, join, the summary).
const RUNTIME: &str = include_str!("runtime.py");
/// Reader-writer locks, which Python lacks; written before the resources that use them.
const RWLOCK: &str = include_str!("rwlock.py");

/// Names a program's own code may not take: Python's keywords and the helpers' names.
const RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "match",
    "case",
    "type",
    "print",
    "range",
    "list",
    "globals",
    "reg",
    "asyncio",
    "threading",
    "time",
    "queue",
    "multiprocessing",
    "concurrent",
    "json",
    "os",
    "sys",
    "compute",
    "spawn",
    "join",
    "join_async",
    "gather",
    "gather_async",
    "cancel",
    "after",
    "incr",
    "acquire_n",
    "release_n",
    "acquire_n_async",
    "notify_unheld",
    "notify_unheld_async",
    "close",
    "recv",
    "recv_async",
    "thread_timeout",
    "RWLock",
    "AsyncRWLock",
    "RuntimeError",
    "Exception",
];

pub fn program(s: &Scenario) -> String {
    let a = analyse(s);
    let mut py = Py {
        s,
        a,
        out: String::new(),
        names: HashMap::new(),
    };
    py.name_everything();
    py.header();
    py.resources();
    for task in &s.tasks {
        py.task(task);
    }
    py.runtime();
    py.out
}

struct Py<'a> {
    s: &'a Scenario,
    a: Analysis,
    out: String,
    /// The Python identifier of each task and resource whose name is one.
    names: HashMap<String, String>,
}

/// Where a body is being written: in a coroutine or not, and what it holds.
struct Cx {
    is_async: bool,
    held: Vec<String>,
    /// Whether `reg` has been assigned yet in this function.
    reg: bool,
}

impl Py<'_> {
    fn name_everything(&mut self) {
        let all = self
            .s
            .resources
            .iter()
            .map(|r| r.name.clone())
            .chain(self.s.tasks.iter().map(|t| t.name.clone()));
        for name in all {
            if is_identifier(&name) {
                self.names.insert(name.clone(), name);
            }
        }
    }

    fn plain(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// A resource's Python variable: its own name, or a made-up one (`res_3`) with a marker.
    fn var(&self, name: &str) -> String {
        match self.plain(name) {
            Some(n) => n.to_string(),
            None => format!(
                "res_{}",
                self.s
                    .resources
                    .iter()
                    .position(|r| r.name == name)
                    .unwrap_or(0)
            ),
        }
    }

    fn header(&mut self) {
        let s = self.s;
        let title = s
            .title
            .clone()
            .unwrap_or_else(|| "an Interleave scenario".into());
        let mut head = format!("# {title}");
        if let Some(zh) = &s.title_zh {
            let _ = write!(head, " ({zh})");
        }
        self.line(0, &head);
        if let Some(lesson) = s.lesson.about.as_ref().map(|l| l.text.clone()) {
            self.line(0, "#");
            for l in wrap(&lesson, 94) {
                self.line(0, &format!("# {l}"));
            }
        }
        let mut notes = vec![
            "real locks are not FIFO: a task that waited longer can be overtaken;".to_string(),
            "real timers are late, and `compute` is a busy loop on the clock, so times are close, not equal;".into(),
            "CPython's GIL runs one thread's Python code at a time, so threads that compute take turns;".into(),
        ];
        notes.extend(
            inexpressible(s, "Python")
                .into_iter()
                .map(|n| format!("not expressed: {n};")),
        );
        let intro = "#\n# Exported from Interleave. Run it with Python 3.11 or later. Every task runs on the real\n\
            # runtime (async tasks on asyncio, threads, jobs on a ThreadPoolExecutor, processes with\n\
            # multiprocessing), and the program prints a JSON summary shaped like `interleave run --json`\n\
            # to compare with the simulation. What differs from Interleave's simulator:";
        self.out.push_str(intro);
        self.out.push('\n');
        for n in notes {
            self.line(0, &format!("# - {n}"));
        }
        self.line(0, "#\n# Lines marked `# interleave:` say what Python cannot, so that importing this file into\n# Interleave gives the scenario back.");
        // The scenario's own settings, as scenario text.
        let settings = Scenario {
            title: s.title.clone(),
            title_zh: s.title_zh.clone(),
            lesson: s.lesson.clone(),
            runtime: s.runtime.clone(),
            expects: s.expects.clone(),
            ..Scenario::default()
        };
        for l in model::print(&settings)
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            self.line(0, &format!("# interleave: {l}"));
        }
        self.out
            .push_str("\nimport asyncio\nimport queue\nimport threading\nimport time\n");
        if self.s.tasks.iter().any(|t| t.kind == TaskKind::Process) {
            self.out.push_str("import multiprocessing\n");
        }
        self.out.push('\n');
    }

    fn resources(&mut self) {
        if self
            .s
            .resources
            .iter()
            .any(|r| r.kind == ResourceKind::RwLock)
        {
            self.out.push_str(RWLOCK);
            self.out.push_str("\n\n");
        }
        let used_vars: BTreeSet<String> =
            self.s.tasks.iter().flat_map(|t| vars_of(&t.body)).collect();
        for r in &self.s.resources {
            let var = self.var(&r.name);
            let family = self
                .a
                .family
                .get(&r.name)
                .copied()
                .unwrap_or(Family::Threads);
            let lib = match family {
                Family::Async => "asyncio",
                Family::Threads => "threading",
                Family::Processes => "multiprocessing",
            };
            let decl = model::resource_text(r);
            let plain = self.plain(&r.name).is_some();
            let (code, marked) = match r.kind {
                ResourceKind::Mutex => (
                    format!(
                        "{var} = {}.Lock()",
                        if family == Family::Async {
                            "asyncio"
                        } else {
                            "threading"
                        }
                    ),
                    !plain,
                ),
                ResourceKind::RwLock => (
                    format!(
                        "{var} = {}()",
                        if family == Family::Async {
                            "AsyncRWLock"
                        } else {
                            "RWLock"
                        }
                    ),
                    true,
                ),
                ResourceKind::Semaphore { permits } => (
                    format!(
                        "{var} = {}.Semaphore({permits})",
                        if family == Family::Async {
                            "asyncio"
                        } else {
                            "threading"
                        }
                    ),
                    !plain,
                ),
                ResourceKind::Channel { capacity } => {
                    let module = match family {
                        Family::Async => "asyncio",
                        Family::Threads => "queue",
                        Family::Processes => "multiprocessing",
                    };
                    let size = match capacity {
                        None => String::new(),
                        Some(0) => "maxsize=1".into(),
                        Some(n) => format!("maxsize={n}"),
                    };
                    (
                        format!("{var} = {module}.Queue({size})"),
                        !plain || capacity == Some(0),
                    )
                }
                ResourceKind::Condvar => match self.a.cond_lock.get(&r.name).cloned().flatten() {
                    Some(lock)
                        if plain
                            && self.plain(&lock).is_some()
                            && self.a.family.get(&lock) == Some(&family) =>
                    {
                        (format!("{var} = {lib}.Condition({lock})"), false)
                    }
                    _ => (
                        format!(
                            "{var} = {}.Condition()",
                            if family == Family::Async {
                                "asyncio"
                            } else {
                                "threading"
                            }
                        ),
                        true,
                    ),
                },
                ResourceKind::Var { init } => (
                    format!("{var} = {init}"),
                    !plain || !used_vars.contains(&r.name),
                ),
            };
            if marked {
                self.line(0, &format!("{code}  # interleave: {decl}"));
            } else {
                self.line(0, &code);
            }
        }
        self.out.push('\n');
    }

    fn task(&mut self, task: &TaskDecl) {
        let fname = match self.plain(&task.name) {
            Some(n) => n.to_string(),
            None => format!(
                "task_{}",
                self.s
                    .tasks
                    .iter()
                    .position(|t| t.name == task.name)
                    .unwrap_or(0)
            ),
        };
        let is_async = task.kind == TaskKind::Async;
        self.line(0, "");
        self.line(0, &format!("# interleave: {}", model::task_head(task)));
        self.line(
            0,
            &format!("{}def {fname}():", if is_async { "async " } else { "" }),
        );
        let globals: Vec<String> = vars_of(&task.body)
            .into_iter()
            .filter_map(|v| self.plain(&v).map(str::to_string))
            .collect();
        if !globals.is_empty() {
            self.line(1, &format!("global {}", globals.join(", ")));
        }
        let mut cx = Cx {
            is_async,
            held: Vec::new(),
            reg: false,
        };
        self.body(&task.body, 1, &mut cx);
    }

    fn body(&mut self, steps: &[Step], depth: usize, cx: &mut Cx) {
        if steps.is_empty() {
            self.line(depth, "pass");
        }
        for step in steps {
            self.step(step, depth, cx);
        }
    }

    fn step(&mut self, step: &Step, depth: usize, cx: &mut Cx) {
        let marker = model::step_head(&step.kind);
        let aw = if cx.is_async { "await " } else { "" };
        // Whether a resource's Python object can take this context's plain calls.
        let fits = |name: &str| {
            self.plain(name).is_some()
                && match self.a.family.get(name) {
                    Some(Family::Async) => cx.is_async,
                    Some(_) => !cx.is_async,
                    None => false,
                }
        };
        let (code, marked): (String, bool) = match &step.kind {
            StepKind::Compute { dur, .. } => (format!("compute({})", seconds(*dur)), true),
            StepKind::Sleep { dur, label } => {
                if cx.is_async {
                    (
                        format!("await asyncio.sleep({})", seconds(*dur)),
                        label.is_some() || *dur == 0,
                    )
                } else {
                    (format!("time.sleep({})", seconds(*dur)), label.is_some())
                }
            }
            StepKind::Yield => {
                if cx.is_async {
                    ("await asyncio.sleep(0)".into(), false)
                } else {
                    ("time.sleep(0)".into(), true)
                }
            }
            StepKind::Lock(m) => {
                cx.held.push(m.name.clone());
                (
                    format!("{aw}{}.acquire()", self.var(&m.name)),
                    !fits(&m.name),
                )
            }
            StepKind::Unlock(m) => {
                cx.held.retain(|h| h != &m.name);
                let is_rw = self.is_rwlock(&m.name);
                let call_aw = if is_rw && cx.is_async { "await " } else { "" };
                (
                    format!("{call_aw}{}.release()", self.var(&m.name)),
                    is_rw || !fits(&m.name),
                )
            }
            StepKind::Read(r) => (format!("{aw}{}.acquire_read()", self.var(&r.name)), true),
            StepKind::Write(r) => (format!("{aw}{}.acquire_write()", self.var(&r.name)), true),
            StepKind::Acquire { sem, n } => {
                if *n == 1 {
                    (
                        format!("{aw}{}.acquire()", self.var(&sem.name)),
                        !fits(&sem.name),
                    )
                } else if cx.is_async {
                    (
                        format!("await acquire_n_async({}, {n})", self.var(&sem.name)),
                        true,
                    )
                } else {
                    (format!("acquire_n({}, {n})", self.var(&sem.name)), true)
                }
            }
            StepKind::Release { sem, n } => {
                if *n == 1 {
                    (
                        format!("{}.release()", self.var(&sem.name)),
                        !fits(&sem.name),
                    )
                } else {
                    (format!("release_n({}, {n})", self.var(&sem.name)), true)
                }
            }
            StepKind::Wait { cv, mutex } => {
                let natural = fits(&cv.name)
                    && self.a.cond_lock.get(&cv.name).cloned().flatten().as_deref()
                        == Some(mutex.name.as_str())
                    && !self.marked_condvar(&cv.name);
                (format!("{aw}{}.wait()", self.var(&cv.name)), !natural)
            }
            StepKind::Notify(cv) | StepKind::NotifyAll(cv) => {
                let every = matches!(step.kind, StepKind::NotifyAll(_));
                let lock = self.a.cond_lock.get(&cv.name).cloned().flatten();
                let held = lock.as_ref().is_some_and(|l| cx.held.contains(l));
                if held && fits(&cv.name) && !self.marked_condvar(&cv.name) {
                    (
                        format!(
                            "{}.{}()",
                            self.var(&cv.name),
                            if every { "notify_all" } else { "notify" }
                        ),
                        false,
                    )
                } else {
                    let every = if every { ", every=True" } else { "" };
                    let helper = if cx.is_async {
                        "await notify_unheld_async"
                    } else {
                        "notify_unheld"
                    };
                    (format!("{helper}({}{every})", self.var(&cv.name)), true)
                }
            }
            StepKind::Send { ch, value } => {
                let v = value.map_or("None".to_string(), |v| v.to_string());
                let rendezvous = self.s.resources.iter().any(|r| {
                    r.name == ch.name
                        && matches!(r.kind, ResourceKind::Channel { capacity: Some(0) })
                });
                (
                    format!("{aw}{}.put({v})", self.var(&ch.name)),
                    !fits(&ch.name) || rendezvous,
                )
            }
            StepKind::Recv(ch) => {
                cx.reg = true;
                if self.a.closed.contains(&ch.name) {
                    let helper = if cx.is_async {
                        "await recv_async"
                    } else {
                        "recv"
                    };
                    (format!("reg = {helper}({})", self.var(&ch.name)), true)
                } else {
                    (
                        format!("reg = {aw}{}.get()", self.var(&ch.name)),
                        !fits(&ch.name),
                    )
                }
            }
            StepKind::Close(ch) => (format!("close({})", self.var(&ch.name)), true),
            StepKind::Spawn(ts) => (format!("spawn({})", self.task_args(ts)), true),
            StepKind::Join(ts) => (
                if cx.is_async {
                    format!("await join_async({})", self.task_args(ts))
                } else {
                    format!("join({})", self.task_args(ts))
                },
                true,
            ),
            StepKind::Gather(ts) => (
                if cx.is_async {
                    format!("await gather_async({})", self.task_args(ts))
                } else {
                    format!("gather({})", self.task_args(ts))
                },
                true,
            ),
            StepKind::Cancel(ts) => (format!("cancel({})", self.task_args(ts)), true),
            StepKind::After { delay, task } => (
                format!(
                    "after({}, {})",
                    seconds(*delay),
                    self.task_args(std::slice::from_ref(task))
                ),
                true,
            ),
            StepKind::Load(v) => {
                cx.reg = true;
                match self.plain(&v.name) {
                    Some(n) => (format!("reg = {n}"), false),
                    None => (format!("reg = {}", self.var(&v.name)), true),
                }
            }
            StepKind::Store { var, op } => {
                let target = self.var(&var.name);
                let plain = self.plain(&var.name).is_some();
                match op {
                    StoreOp::Set(n) => (format!("{target} = {n}"), !plain),
                    StoreOp::Add(n) if cx.reg => (format!("{target} = reg + {n}"), !plain),
                    // `reg - 0` reads back as `+0`: a marker keeps the `-0` the scenario wrote.
                    StoreOp::Sub(n) if cx.reg => {
                        (format!("{target} = reg - {n}"), !plain || *n == 0)
                    }
                    // Nothing read yet: the register still holds 0.
                    StoreOp::Add(n) => (format!("{target} = {n}"), true),
                    StoreOp::Sub(n) => (format!("{target} = -{n}"), true),
                }
            }
            StepKind::Incr(v) => (format!("incr({})", py_str(&self.var(&v.name))), true),
            StepKind::Fail(msg) => (format!("raise RuntimeError({})", py_str(msg)), false),
            StepKind::Log(text) => (format!("print({})", py_str(text)), false),
            StepKind::Repeat { count, body } => {
                self.line(depth, &format!("for _ in range({count}):"));
                self.body(body, depth + 1, cx);
                return;
            }
            StepKind::Timeout { dur, body } => {
                if cx.is_async {
                    self.line(
                        depth,
                        &format!("async with asyncio.timeout({}):", seconds(*dur)),
                    );
                } else {
                    self.line(
                        depth,
                        &format!(
                            "with thread_timeout({}):  # interleave: timeout {}",
                            seconds(*dur),
                            model::duration_text(*dur)
                        ),
                    );
                }
                self.body(body, depth + 1, cx);
                return;
            }
            StepKind::Try { body, catch } => {
                self.line(depth, "try:");
                self.body(body, depth + 1, cx);
                self.line(depth, "except Exception:");
                self.body(catch, depth + 1, cx);
                return;
            }
        };
        if marked {
            self.line(depth, &format!("{code}  # interleave: {marker}"));
        } else {
            self.line(depth, &code);
        }
    }

    fn is_rwlock(&self, name: &str) -> bool {
        self.s
            .resources
            .iter()
            .any(|r| r.name == name && r.kind == ResourceKind::RwLock)
    }

    /// A condvar declared with a marker has no lock the importer knows: its steps are marked.
    fn marked_condvar(&self, name: &str) -> bool {
        match self.a.cond_lock.get(name).cloned().flatten() {
            Some(lock) => {
                self.plain(name).is_none()
                    || self.plain(&lock).is_none()
                    || self.a.family.get(&lock) != self.a.family.get(name)
            }
            None => true,
        }
    }

    /// Task references as the helpers take them: every replica of a group, by its name.
    fn task_args(&self, refs: &[TaskRef]) -> String {
        referenced_tasks(self.s, refs)
            .iter()
            .map(|n| py_str(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn runtime(&mut self) {
        self.out.push_str("\n\n");
        self.out.push_str(RUNTIME);
        let s = self.s;
        let _ = writeln!(
            self.out,
            "\n\n_TITLE = {}",
            py_str(s.title.as_deref().unwrap_or(""))
        );
        let vars: Vec<String> = s
            .resources
            .iter()
            .filter(|r| matches!(r.kind, ResourceKind::Var { .. }))
            .map(|r| py_str(&self.var(&r.name)))
            .collect();
        let _ = writeln!(self.out, "_VARS = [{}]", vars.join(", "));
        let mut starts = Vec::new();
        let mut records = Vec::new();
        for (i, t) in s.tasks.iter().enumerate() {
            let fname = self
                .plain(&t.name)
                .map(str::to_string)
                .unwrap_or_else(|| format!("task_{i}"));
            let kind = kind_word(t.kind);
            for name in replica_names(&t.name, t.replicas) {
                match t.start {
                    Start::AtZero => starts.push(format!("({}, 0)", py_str(&name))),
                    Start::At(d) => starts.push(format!("({}, {})", py_str(&name), seconds(d))),
                    Start::OnSpawn => {}
                }
                records.push(format!("_Record({}, \"{kind}\", {fname})", py_str(&name)));
            }
        }
        let _ = writeln!(self.out, "_STARTS = [{}]", starts.join(", "));
        let quiet = 2.0 + 2.0 * self.a.longest as f64 / 1e6;
        let _ = writeln!(self.out, "_QUIET_SECONDS = {quiet}");
        let _ = writeln!(
            self.out,
            "_POOL = concurrent.futures.ThreadPoolExecutor(max_workers={})",
            s.runtime.workers()
        );
        let _ = writeln!(
            self.out,
            "_PROCESSES = multiprocessing.get_context(\"fork\")"
        );
        let _ = writeln!(
            self.out,
            "for _rec in [{}]:\n    _RECORDS[_rec.name] = _rec",
            records.join(", ")
        );
        self.out.push_str(
            "\nif __name__ == \"__main__\":\n    asyncio.run(_main())\n# interleave: end helpers\n",
        );
    }

    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }
}

/// The variables a body reads or writes, in first-use order.
fn vars_of(steps: &[Step]) -> Vec<String> {
    let mut seen = Vec::new();
    walk(steps, &mut |s| {
        if let StepKind::Load(v) | StepKind::Store { var: v, .. } = &s.kind {
            if !seen.contains(&v.name) {
                seen.push(v.name.clone());
            }
        }
    });
    seen
}

/// A Python identifier that is none of the reserved words.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && !RESERVED.contains(&name)
        && !name.starts_with('_')
}

/// Whole microseconds as exact decimal seconds: `1.5`, `0.000001`, `2`.
pub(super) fn seconds(us: Micros) -> String {
    let whole = us / 1_000_000;
    let frac = us % 1_000_000;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// A Python string literal (JSON's escapes are Python's too).
fn py_str(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

fn kind_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Async => "async",
        TaskKind::Thread => "thread",
        TaskKind::Job => "job",
        TaskKind::Process => "process",
    }
}
