//! Compiles task bodies to flat programs of ops with jump targets, so `repeat` runs lazily and a
//! task's whole position is its program counter plus a small stack of block frames.
//!
//! Names are resolved here once. A step whose names do not resolve (only possible when the
//! scenario skipped validation) becomes [`Op::Invalid`], which fails the task with the reason
//! when it runs: neither runner panics on user input.

use super::text::step_text;
use crate::model::{Micros, ResourceKind, Scenario, Step, StepKind, StoreOp, TaskRef};
use crate::trace::{ResId, TaskId};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One instruction. Task lists and strings are indices into the [`Program`]'s tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Compute(Micros),
    Sleep(Micros),
    Yield,
    Lock(ResId),
    Unlock(ResId),
    Read(ResId),
    Write(ResId),
    Acquire(ResId, u32),
    Release(ResId, u32),
    Wait {
        cv: ResId,
        mutex: ResId,
    },
    Notify(ResId),
    NotifyAll(ResId),
    Send(ResId, i64),
    Recv(ResId),
    Close(ResId),
    Spawn(u32),
    Join(u32),
    Gather(u32),
    Cancel(u32),
    After(Micros, u32),
    Load(ResId),
    Store(ResId, StoreOp),
    Incr(ResId),
    Fail(u32),
    Log(u32),
    /// A step whose names did not resolve: fails the task with `strs[i]`.
    Invalid(u32),
    /// Enters a `repeat` (count ≥ 1, body never empty: empty ones are dropped at compile time).
    RepeatStart {
        count: u64,
    },
    /// Loops back to the op after `start` while iterations remain.
    RepeatEnd {
        start: u32,
    },
    TimeoutStart {
        dur: Micros,
    },
    TimeoutEnd,
    TryStart {
        catch: u32,
    },
    /// Leaves a `try` body normally: jumps over the `catch` block to `end`.
    TryEnd {
        end: u32,
    },
}

impl Op {
    /// Control ops run silently between steps; every other op is a step with a `Step` event.
    pub(crate) fn is_control(self) -> bool {
        matches!(
            self,
            Op::RepeatEnd { .. } | Op::TimeoutEnd | Op::TryEnd { .. }
        )
    }
}

/// The compiled body of one task declaration (shared by its replicas).
#[derive(Clone, Debug, Default)]
pub(crate) struct Program {
    pub ops: Vec<Op>,
    /// The `Step` text of each op (empty for control ops).
    pub texts: Vec<Rc<str>>,
    /// Messages for `fail`, `log` and invalid steps.
    pub strs: Vec<String>,
    /// Task lists of `spawn`, `join`, `gather`, `cancel` and `after`, deduplicated; steps
    /// that name the same tasks share one list.
    pub lists: Vec<Vec<TaskId>>,
    /// Compiling only: the list each written reference list became, so that `join d` on
    /// 20,000 lines resolves `d` once, not 20,000 times.
    lists_by_refs: BTreeMap<Vec<(String, Option<u32>)>, u32>,
}

/// Name tables for resolving a scenario's steps.
pub(crate) struct Names<'s> {
    res: BTreeMap<&'s str, (ResId, ResourceKind)>,
    /// Declaration name → (first task id, replica count, replicated with `xN`).
    tasks: BTreeMap<&'s str, (u32, u32, bool)>,
}

impl<'s> Names<'s> {
    pub(crate) fn new(scenario: &'s Scenario) -> Self {
        let mut res = BTreeMap::new();
        for (i, r) in scenario.resources.iter().enumerate() {
            res.entry(r.name.as_str())
                .or_insert((ResId(i as u32), r.kind));
        }
        let mut tasks = BTreeMap::new();
        let mut next = 0u32;
        for decl in &scenario.tasks {
            let n = decl.replicas.unwrap_or(1).max(1);
            tasks
                .entry(decl.name.as_str())
                .or_insert((next, n, decl.replicas.is_some()));
            next = next.saturating_add(n);
        }
        Names { res, tasks }
    }

    /// The tasks a reference names: a whole group, or one replica.
    pub(crate) fn task_ref(&self, r: &TaskRef) -> Result<Vec<TaskId>, String> {
        let Some(&(first, n, replicated)) = self.tasks.get(r.name.as_str()) else {
            return Err(format!("unknown task \"{}\"", r.name));
        };
        match r.replica {
            None => Ok((first..first + n).map(TaskId).collect()),
            Some(i) if replicated && i >= 1 && i <= n => Ok(vec![TaskId(first + i - 1)]),
            Some(i) => Err(format!("unknown task \"{}#{i}\"", r.name)),
        }
    }

    fn resource(&self, name: &str, want: &[&str]) -> Result<ResId, String> {
        let Some(&(id, kind)) = self.res.get(name) else {
            return Err(format!("unknown {} \"{name}\"", want.join(" or ")));
        };
        if want.contains(&kind_word(kind)) {
            Ok(id)
        } else {
            Err(format!(
                "needs a {}, \"{name}\" is a {}",
                want.join(" or "),
                kind_word(kind)
            ))
        }
    }
}

/// The word that declares a resource of this kind.
pub(crate) fn kind_word(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Mutex => "mutex",
        ResourceKind::RwLock => "rwlock",
        ResourceKind::Semaphore { .. } => "semaphore",
        ResourceKind::Channel { .. } => "channel",
        ResourceKind::Condvar => "condvar",
        ResourceKind::Var { .. } => "var",
    }
}

/// Compiles every declaration's body, in declaration order.
pub(crate) fn compile(scenario: &Scenario, names: &Names<'_>) -> Vec<Program> {
    scenario
        .tasks
        .iter()
        .map(|decl| {
            let mut p = Program::default();
            compile_block(&decl.body, names, &mut p);
            p
        })
        .collect()
}

fn push(p: &mut Program, op: Op, text: String) -> usize {
    p.ops.push(op);
    p.texts.push(text.into());
    p.ops.len() - 1
}

fn push_str(p: &mut Program, s: &str) -> u32 {
    p.strs.push(s.to_string());
    (p.strs.len() - 1) as u32
}

fn compile_block(steps: &[Step], names: &Names<'_>, p: &mut Program) {
    for step in steps {
        compile_step(step, names, p);
    }
}

fn compile_step(step: &Step, names: &Names<'_>, p: &mut Program) {
    let text = step_text(&step.kind);
    match &step.kind {
        StepKind::Repeat { count, body } => {
            if *count == 0 {
                return;
            }
            let start = push(p, Op::RepeatStart { count: *count }, text);
            compile_block(body, names, p);
            if p.ops.len() == start + 1 {
                // An empty body would loop without making a single event: drop it.
                p.ops.truncate(start);
                p.texts.truncate(start);
                return;
            }
            push(
                p,
                Op::RepeatEnd {
                    start: start as u32,
                },
                String::new(),
            );
        }
        StepKind::Timeout { dur, body } => {
            push(p, Op::TimeoutStart { dur: *dur }, text);
            compile_block(body, names, p);
            push(p, Op::TimeoutEnd, String::new());
        }
        StepKind::Try { body, catch } => {
            let start = push(p, Op::TryStart { catch: 0 }, text);
            compile_block(body, names, p);
            if p.ops.len() == start + 1 {
                // Nothing can fail in an empty `try`, so its `catch` can never run.
                p.ops.truncate(start);
                p.texts.truncate(start);
                return;
            }
            let leave = push(p, Op::TryEnd { end: 0 }, String::new());
            let catch_pc = p.ops.len() as u32;
            compile_block(catch, names, p);
            let end = p.ops.len() as u32;
            p.ops[start] = Op::TryStart { catch: catch_pc };
            p.ops[leave] = Op::TryEnd { end };
        }
        kind => {
            let op = match simple_op(kind, names, p) {
                Ok(op) => op,
                Err(msg) => Op::Invalid(push_str(p, &format!("{text}: {msg}"))),
            };
            push(p, op, text);
        }
    }
}

/// The index of the list of tasks `refs` names, in the order first named, each task once.
/// Linear in the tasks named: a set of ids seen, not a search of the list so far.
fn list(refs: &[TaskRef], names: &Names<'_>, p: &mut Program) -> Result<u32, String> {
    let key: Vec<(String, Option<u32>)> =
        refs.iter().map(|r| (r.name.clone(), r.replica)).collect();
    if let Some(&index) = p.lists_by_refs.get(&key) {
        return Ok(index);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut ids: Vec<TaskId> = Vec::new();
    // A name written twice (`join d, d`) adds nothing the second time.
    let mut names_seen = std::collections::BTreeSet::new();
    for r in refs {
        if !names_seen.insert((r.name.as_str(), r.replica)) {
            continue;
        }
        for id in names.task_ref(r)? {
            if seen.insert(id) {
                ids.push(id);
            }
        }
    }
    p.lists.push(ids);
    let index = (p.lists.len() - 1) as u32;
    p.lists_by_refs.insert(key, index);
    Ok(index)
}

fn simple_op(kind: &StepKind, names: &Names<'_>, p: &mut Program) -> Result<Op, String> {
    const MUTEX: &[&str] = &["mutex"];
    const RW: &[&str] = &["rwlock"];
    const SEM: &[&str] = &["semaphore"];
    const CH: &[&str] = &["channel"];
    const CV: &[&str] = &["condvar"];
    const VAR: &[&str] = &["var"];
    let r = |name: &str, want: &[&str]| names.resource(name, want);
    Ok(match kind {
        StepKind::Compute { dur, .. } => Op::Compute(*dur),
        StepKind::Sleep { dur, .. } => Op::Sleep(*dur),
        StepKind::Yield => Op::Yield,
        StepKind::Lock(m) => Op::Lock(r(&m.name, MUTEX)?),
        StepKind::Unlock(m) => Op::Unlock(r(&m.name, &["mutex", "rwlock"])?),
        StepKind::Read(x) => Op::Read(r(&x.name, RW)?),
        StepKind::Write(x) => Op::Write(r(&x.name, RW)?),
        StepKind::Acquire { sem, n } => Op::Acquire(r(&sem.name, SEM)?, *n),
        StepKind::Release { sem, n } => Op::Release(r(&sem.name, SEM)?, *n),
        StepKind::Wait { cv, mutex } => Op::Wait {
            cv: r(&cv.name, CV)?,
            mutex: r(&mutex.name, MUTEX)?,
        },
        StepKind::Notify(cv) => Op::Notify(r(&cv.name, CV)?),
        StepKind::NotifyAll(cv) => Op::NotifyAll(r(&cv.name, CV)?),
        StepKind::Send { ch, value } => Op::Send(r(&ch.name, CH)?, value.unwrap_or(0)),
        StepKind::Recv(ch) => Op::Recv(r(&ch.name, CH)?),
        StepKind::Close(ch) => Op::Close(r(&ch.name, CH)?),
        StepKind::Spawn(refs) => Op::Spawn(list(refs, names, p)?),
        StepKind::Join(refs) => Op::Join(list(refs, names, p)?),
        StepKind::Gather(refs) => Op::Gather(list(refs, names, p)?),
        StepKind::Cancel(refs) => Op::Cancel(list(refs, names, p)?),
        StepKind::After { delay, task } => {
            Op::After(*delay, list(std::slice::from_ref(task), names, p)?)
        }
        StepKind::Load(v) => Op::Load(r(&v.name, VAR)?),
        StepKind::Store { var, op } => Op::Store(r(&var.name, VAR)?, *op),
        StepKind::Incr(v) => Op::Incr(r(&v.name, VAR)?),
        StepKind::Fail(msg) => Op::Fail(push_str(p, msg)),
        StepKind::Log(msg) => Op::Log(push_str(p, msg)),
        StepKind::Repeat { .. } | StepKind::Timeout { .. } | StepKind::Try { .. } => {
            return Err("a block is not a simple step".to_string())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;

    fn main_program(text: &str) -> Program {
        let scenario = load(text).expect("a valid scenario");
        let names = Names::new(&scenario);
        let main = scenario
            .tasks
            .iter()
            .position(|t| t.name == "main")
            .expect("a main task");
        compile(&scenario, &names).swap_remove(main)
    }

    #[test]
    fn the_same_group_joined_on_many_lines_is_resolved_once() {
        let mut text = String::from("async d x500 {\n}\n\nasync main {\n");
        for _ in 0..2_000 {
            text.push_str("  join d\n");
        }
        text.push_str("}\n");
        let p = main_program(&text);
        assert_eq!(p.lists.len(), 1, "one list for every `join d`");
        assert_eq!(p.lists[0].len(), 500);
    }

    #[test]
    fn a_name_written_many_times_in_one_step_adds_its_tasks_once() {
        let list = vec!["d"; 1_000].join(", ");
        let p = main_program(&format!(
            "async d x500 {{\n}}\n\nasync e {{\n}}\n\nasync main {{\n  join {list}, e, d#3\n}}\n"
        ));
        assert_eq!(p.lists.len(), 1);
        let ids = &p.lists[0];
        assert_eq!(
            ids.len(),
            501,
            "d's 500 replicas, then e; d#3 is already there"
        );
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "no task twice");
    }
}
