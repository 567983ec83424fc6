//! Validation of task bodies and expectations: every name a step uses, processes, static holds.

use super::{starts_by_itself, Decl, Validator, Want};
use crate::model::print::task_ref_text;
use crate::model::suggest::shown;
use crate::model::types::limits::MAX_NESTING;
use crate::model::vocab::step_word;
use crate::model::{
    Expect, ExpectKind, NameRef, ResourceKind, Step, StepKind, StoreOp, TaskDecl, TaskKind, TaskRef,
};
use std::collections::BTreeSet;

/// What the checks of one step need to know about the task it is in.
struct Ctx<'t> {
    task: &'t TaskDecl,
    /// Names the task locks (`lock`, `read`, `write`) anywhere in its body.
    locks: BTreeSet<&'t str>,
    /// Semaphores the task acquires anywhere in its body.
    acquires: BTreeSet<&'t str>,
}

impl<'a> Validator<'a> {
    pub(crate) fn task(&mut self, task: &'a TaskDecl) {
        let mut ctx = Ctx {
            task,
            locks: BTreeSet::new(),
            acquires: BTreeSet::new(),
        };
        collect_holds(&task.body, &mut ctx, 0);
        self.steps(&task.body, &ctx, 0);
    }

    fn steps(&mut self, body: &'a [Step], ctx: &Ctx, depth: usize) {
        for step in body {
            self.step(step, ctx, depth);
        }
    }

    fn step(&mut self, step: &'a Step, ctx: &Ctx, depth: usize) {
        let word = step_word(&step.kind);
        if ctx.task.kind == TaskKind::Process {
            self.process_rule(step, ctx.task);
        }
        match &step.kind {
            StepKind::Compute { label, .. } | StepKind::Sleep { label, .. } => {
                if let Some(l) = label {
                    self.text(step.pos, "the label", l);
                }
            }
            StepKind::Yield => {}
            StepKind::Lock(m) => self.name(word, m, Want::Mutex),
            StepKind::Read(r) | StepKind::Write(r) => self.name(word, r, Want::RwLock),
            StepKind::Unlock(m) => {
                self.name(word, m, Want::Lock);
                if !ctx.locks.contains(m.name.as_str()) {
                    self.warning(
                        step.pos,
                        format!("unlock {}, but {} never locks it", m.name, ctx.task.name),
                        Some(
                            "the task will fail here: it can only unlock what it holds".to_string(),
                        ),
                    );
                }
            }
            StepKind::Acquire { sem, n } | StepKind::Release { sem, n } => {
                self.permits(word, sem, *n, step);
                if word == "release" && !ctx.acquires.contains(sem.name.as_str()) {
                    self.warning(
                        step.pos,
                        format!(
                            "release {}, but {} never acquires it",
                            sem.name, ctx.task.name
                        ),
                        Some(
                            "the task will fail here: it can only release permits it holds"
                                .to_string(),
                        ),
                    );
                }
            }
            StepKind::Wait { cv, mutex } => {
                self.name(word, cv, Want::Condvar);
                self.name(word, mutex, Want::Mutex);
                if !ctx.locks.contains(mutex.name.as_str()) {
                    self.warning(
                        step.pos,
                        format!(
                            "wait releases {}, but {} never locks it",
                            mutex.name, ctx.task.name
                        ),
                        Some(format!("lock {} before waiting on {}", mutex.name, cv.name)),
                    );
                }
            }
            StepKind::Notify(cv) | StepKind::NotifyAll(cv) => self.name(word, cv, Want::Condvar),
            StepKind::Send { ch, .. } | StepKind::Recv(ch) | StepKind::Close(ch) => {
                self.name(word, ch, Want::Channel)
            }
            StepKind::Spawn(refs) | StepKind::Gather(refs) => {
                for r in refs {
                    self.task_ref(word, r, true, Some(ctx.task));
                }
            }
            StepKind::Join(refs) | StepKind::Cancel(refs) => {
                for r in refs {
                    self.task_ref(word, r, false, Some(ctx.task));
                }
            }
            StepKind::After { task, .. } => {
                self.task_ref("after", task, true, Some(ctx.task));
            }
            StepKind::Load(v) | StepKind::Incr(v) => self.name(word, v, Want::Var),
            StepKind::Store { var, op } => {
                self.name(word, var, Want::Var);
                let n = match op {
                    StoreOp::Add(n) | StoreOp::Sub(n) | StoreOp::Set(n) => *n,
                };
                if n < 0 {
                    self.error(
                        step.pos,
                        format!("store cannot write the negative amount {n}"),
                        Some("write store v -N to subtract N from what load read".to_string()),
                    );
                }
            }
            StepKind::Fail(msg) => self.text(step.pos, "the message", msg),
            StepKind::Log(msg) => self.text(step.pos, "the text", msg),
            StepKind::Repeat { count, body } => {
                if *count == 0 {
                    self.warning(step.pos, "repeat 0 never runs its body", None);
                }
                self.nested(step, body, ctx, depth);
            }
            StepKind::Timeout { body, .. } => {
                self.nested(step, body, ctx, depth);
            }
            StepKind::Try { body, catch } => {
                if self.nested(step, body, ctx, depth) {
                    self.steps(catch, ctx, depth + 1);
                }
            }
        }
    }

    /// Descends into a block unless it is nested too deep; false when it is.
    fn nested(&mut self, step: &'a Step, body: &'a [Step], ctx: &Ctx, depth: usize) -> bool {
        if depth + 1 > MAX_NESTING {
            self.error(
                step.pos,
                format!("blocks are nested more than {MAX_NESTING} deep"),
                Some(format!(
                    "the nesting limit is {MAX_NESTING}; move some steps out"
                )),
            );
            return false;
        }
        self.steps(body, ctx, depth + 1);
        true
    }

    fn name(&mut self, word: &str, r: &NameRef, want: Want) {
        self.resolve(word, &r.name, r.pos, want);
    }

    /// `acquire S N` / `release S N`: a semaphore, at least one permit, never more than it has.
    fn permits(&mut self, word: &str, sem: &NameRef, n: u32, step: &Step) {
        let decl = self.resolve(word, &sem.name, sem.pos, Want::Semaphore);
        if n == 0 {
            self.error(
                step.pos,
                format!("{word} 0 permits does nothing"),
                Some("the count must be at least 1".to_string()),
            );
        }
        if let Some(Decl::Resource(ResourceKind::Semaphore { permits })) = decl {
            if word == "acquire" && n > permits {
                self.warning(
                    step.pos,
                    format!(
                        "acquire {n} permits of {}, which has only {permits}: this never succeeds",
                        sem.name
                    ),
                    None,
                );
            }
        }
    }

    /// Processes share no memory: no locks, semaphores, condvars or variables.
    fn process_rule(&mut self, step: &Step, task: &TaskDecl) {
        if step.kind.is_channel_step() {
            return;
        }
        let Some(used) = step.kind.subject() else {
            return;
        };
        self.error(
            step.pos,
            format!(
                "process {} cannot {} {}: processes share no memory",
                task.name,
                step_word(&step.kind),
                used.name
            ),
            Some("send messages through a channel instead, or make it a thread".to_string()),
        );
    }

    /// A task reference: declared, a task, an existing replica; spawnable when `spawns`.
    pub(super) fn task_ref(
        &mut self,
        word: &str,
        r: &TaskRef,
        spawns: bool,
        from: Option<&TaskDecl>,
    ) -> Option<&'a TaskDecl> {
        let Decl::Task(task) = self.resolve(word, &r.name, r.pos, Want::Task)? else {
            return None;
        };
        match (task.replicas, r.replica) {
            (None, Some(_)) => {
                self.error(
                    r.pos,
                    format!(
                        "\"{}\" has no replicas, so {} does not exist",
                        shown(&r.name),
                        task_ref_text(r)
                    ),
                    Some(format!(
                        "write {}, or give it replicas with x2",
                        crate::model::print::name_text(&r.name)
                    )),
                );
                return None;
            }
            (Some(n), Some(i)) if i == 0 || i > n => {
                self.error(
                    r.pos,
                    format!(
                        "{} does not exist: {} has {n} replicas",
                        task_ref_text(r),
                        r.name
                    ),
                    Some(format!("replicas are numbered from #1 to #{n}")),
                );
                return None;
            }
            _ => {}
        }
        if spawns && starts_by_itself(task) {
            self.error(
                r.pos,
                format!(
                    "cannot spawn \"{}\": it is not on spawn, so it starts by itself",
                    shown(&r.name)
                ),
                Some(format!(
                    "add on spawn to its declaration: {} {} on spawn {{ ... }}",
                    crate::model::vocab::kind_word(task.kind),
                    crate::model::print::name_text(&task.name)
                )),
            );
        }
        if let Some(from) = from.filter(|f| word == "join" && f.name == r.name) {
            if r.replica.is_none() || from.replicas.is_none() {
                self.warning(
                    r.pos,
                    format!("{} joins itself and would wait forever", from.name),
                    None,
                );
            }
        }
        Some(task)
    }

    pub(crate) fn expect(&mut self, e: &'a Expect) {
        match &e.kind {
            ExpectKind::Var { var, .. } => self.name("expect", var, Want::Var),
            ExpectKind::Task { task, .. } => {
                self.task_ref("expect", task, false, None);
            }
            ExpectKind::Makespan { .. } | ExpectKind::NoDeadlock | ExpectKind::Deadlock => {}
        }
    }
}

/// Adds the names of the tasks that `body` spawns (`spawn`, `gather`, `after … spawn`).
fn collect_spawns<'t>(body: &'t [Step], out: &mut BTreeSet<&'t str>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    for step in body {
        match &step.kind {
            StepKind::Spawn(refs) | StepKind::Gather(refs) => {
                out.extend(refs.iter().map(|r| r.name.as_str()));
            }
            StepKind::After { task, .. } => {
                out.insert(&task.name);
            }
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => {
                collect_spawns(body, out, depth + 1)
            }
            StepKind::Try { body, catch } => {
                collect_spawns(body, out, depth + 1);
                collect_spawns(catch, out, depth + 1);
            }
            _ => {}
        }
    }
}

impl Validator<'_> {
    /// An `on spawn` task that no step spawns never runs: almost always a forgotten step.
    pub(crate) fn never_spawned(&mut self) {
        let mut spawned = BTreeSet::new();
        for task in &self.scenario.tasks {
            collect_spawns(&task.body, &mut spawned, 0);
        }
        for task in &self.scenario.tasks {
            if !starts_by_itself(task) && !spawned.contains(task.name.as_str()) {
                self.warning(
                    task.pos,
                    format!(
                        "{} is on spawn, but no step spawns it, so it never runs",
                        task.name
                    ),
                    Some(format!(
                        "add spawn {} to another task, or remove on spawn",
                        crate::model::print::name_text(&task.name)
                    )),
                );
            }
        }
    }
}

/// Gathers what a task locks and acquires anywhere in its body (bounded by the nesting limit).
fn collect_holds<'t>(body: &'t [Step], ctx: &mut Ctx<'t>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    for step in body {
        match &step.kind {
            StepKind::Lock(r) | StepKind::Read(r) | StepKind::Write(r) => {
                ctx.locks.insert(&r.name);
            }
            StepKind::Acquire { sem, .. } => {
                ctx.acquires.insert(&sem.name);
            }
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => {
                collect_holds(body, ctx, depth + 1)
            }
            StepKind::Try { body, catch } => {
                collect_holds(body, ctx, depth + 1);
                collect_holds(catch, ctx, depth + 1);
            }
            _ => {}
        }
    }
}
