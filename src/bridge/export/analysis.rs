//! What an exporter needs to know about a scenario before it writes code: who uses what.

use crate::model::{Micros, ResourceKind, Scenario, Start, Step, StepKind, TaskKind, TaskRef};
use std::collections::{HashMap, HashSet};

/// Which runtime's primitives a resource becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Only coroutines use it: asyncio's (or tokio's) awaitable one.
    Async,
    /// Threads or jobs use it: a blocking one.
    Threads,
    /// A process uses it (only channels can be): an inter-process queue.
    Processes,
}

pub struct Analysis {
    pub family: HashMap<String, Family>,
    /// The mutex each condvar is waited with, when it is always the same one.
    pub cond_lock: HashMap<String, Option<String>>,
    /// Channels that some step closes.
    pub closed: HashSet<String>,
    /// The longest single wait or piece of work, for the watchdog.
    pub longest: Micros,
}

pub fn analyse(s: &Scenario) -> Analysis {
    let mut users: HashMap<String, HashSet<TaskKind>> = HashMap::new();
    let mut cond_lock: HashMap<String, Option<String>> = HashMap::new();
    let mut closed = HashSet::new();
    let mut longest: Micros = 0;
    for task in &s.tasks {
        if let Start::At(d) = task.start {
            longest = longest.max(d);
        }
        walk(&task.body, &mut |step| {
            let mut use_name = |n: &str| {
                users.entry(n.to_string()).or_default().insert(task.kind);
            };
            match &step.kind {
                StepKind::Compute { dur, .. }
                | StepKind::Sleep { dur, .. }
                | StepKind::Timeout { dur, .. } => longest = longest.max(*dur),
                StepKind::After { delay, .. } => longest = longest.max(*delay),
                StepKind::Lock(r)
                | StepKind::Unlock(r)
                | StepKind::Read(r)
                | StepKind::Write(r)
                | StepKind::Notify(r)
                | StepKind::NotifyAll(r)
                | StepKind::Recv(r)
                | StepKind::Load(r)
                | StepKind::Incr(r) => use_name(&r.name),
                StepKind::Close(r) => {
                    use_name(&r.name);
                    closed.insert(r.name.clone());
                }
                StepKind::Acquire { sem, .. } | StepKind::Release { sem, .. } => {
                    use_name(&sem.name)
                }
                StepKind::Send { ch, .. } => use_name(&ch.name),
                StepKind::Store { var, .. } => use_name(&var.name),
                StepKind::Wait { cv, mutex } => {
                    use_name(&cv.name);
                    use_name(&mutex.name);
                    let entry = cond_lock
                        .entry(cv.name.clone())
                        .or_insert_with(|| Some(mutex.name.clone()));
                    if entry.as_deref() != Some(mutex.name.as_str()) {
                        *entry = None;
                    }
                }
                _ => {}
            }
        });
    }
    let family = s
        .resources
        .iter()
        .map(|r| {
            let kinds = users.get(&r.name).cloned().unwrap_or_default();
            let family = if kinds.contains(&TaskKind::Process) {
                Family::Processes
            } else if !kinds.is_empty()
                && kinds.iter().all(|k| *k == TaskKind::Async)
                && !matches!(r.kind, ResourceKind::Var { .. })
            {
                Family::Async
            } else {
                Family::Threads
            };
            (r.name.clone(), family)
        })
        .collect();
    // A condvar is written with its lock only when the lock is as async (or not) as it is.
    Analysis {
        family,
        cond_lock,
        closed,
        longest,
    }
}

/// Every step, blocks' insides too, in order.
pub fn walk<'a>(steps: &'a [Step], f: &mut impl FnMut(&'a Step)) {
    for step in steps {
        f(step);
        match &step.kind {
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => walk(body, f),
            StepKind::Try { body, catch } => {
                walk(body, f);
                walk(catch, f);
            }
            _ => {}
        }
    }
}

/// The task names a declaration stands for: `t`, or `t#1` … `t#n`.
pub fn replica_names(name: &str, replicas: Option<u32>) -> Vec<String> {
    match replicas {
        None => vec![name.to_string()],
        Some(n) => (1..=n).map(|i| format!("{name}#{i}")).collect(),
    }
}

/// The tasks that references stand for, one name each: `t#2` as written, a replicated `t` as
/// all of its replicas, anything else as written.
pub fn referenced_tasks(s: &Scenario, refs: &[TaskRef]) -> Vec<String> {
    let mut names = Vec::new();
    for r in refs {
        match (r.replica, s.tasks.iter().find(|t| t.name == r.name)) {
            (Some(i), _) => names.push(format!("{}#{i}", r.name)),
            (None, Some(t)) => names.extend(replica_names(&t.name, t.replicas)),
            (None, None) => names.push(r.name.clone()),
        }
    }
    names
}

/// What the scenario says that the target runtime cannot: each becomes a line of the comment
/// at the top of the program.
pub fn inexpressible(s: &Scenario, runtime: &str) -> Vec<String> {
    let r = &s.runtime;
    let mut out = Vec::new();
    if let Some(p) = r.policy {
        out.push(format!(
            "the event loop's `policy {}`: {runtime} runs ready tasks in its own order",
            format!("{p:?}").to_lowercase()
        ));
    }
    if r.cores.is_some() || r.quantum.is_some() {
        out.push(format!(
            "`cores` and `quantum`: {runtime} threads share the machine's real cores"
        ));
    }
    if r.pool_queue.is_some() {
        out.push("`pool_queue`: the real pool takes jobs in the order they come".into());
    }
    if r.thread_start.is_some() || r.process_start.is_some() {
        out.push("`thread_start` and `process_start`: starting costs what it really costs".into());
    }
    if s.tasks.iter().any(|t| t.priority != 0) {
        out.push("task priorities".into());
    }
    if s.resources
        .iter()
        .any(|r| matches!(r.kind, ResourceKind::Channel { capacity: Some(0) }))
    {
        out.push(
            "a rendezvous channel (`capacity 0`): it becomes a queue that holds one value".into(),
        );
    }
    out
}
