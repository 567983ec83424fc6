//! Validation: names declared and of the right kind, uniqueness, ranges and limits.
//!
//! Validation reads the model only, so it also checks scenarios built by the editor rather
//! than parsed. Every problem is reported, errors and warnings alike, sorted by position.
//! Runtime settings carry no position in the model: their range errors (which the parser
//! already reports with a position for text) are reported at 0:0, meaning "not tied to a
//! place in the text", and start with `runtime:`.

use crate::model::suggest::{did_you_mean_name, list, shown, MAX_COMPARISONS};
use crate::model::types::limits::{MAX_STRING_CHARS, MAX_TASKS, MAX_WORKERS};
use crate::model::{capped, MAX_DIAGNOSTICS};
use crate::model::{Cores, Diagnostic, Pos, ResourceKind, Scenario, Start, TaskDecl};
use std::collections::BTreeMap;

mod lesson;
mod steps;

/// Checks a parsed scenario; returns errors and warnings (empty when all is well).
pub fn validate(scenario: &Scenario) -> Vec<Diagnostic> {
    let mut v = Validator::new(scenario);
    v.declarations();
    v.runtime();
    v.task_count();
    for task in &scenario.tasks {
        v.task(task);
    }
    for e in &scenario.expects {
        v.expect(e);
    }
    v.lesson(&scenario.lesson);
    v.never_spawned();
    let mut out = v.out;
    out.sort_by_key(|d| (d.line, d.col));
    capped(out)
}

/// What a declared name stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Decl<'a> {
    Resource(ResourceKind),
    Task(&'a TaskDecl),
}

/// What a step or expectation needs a name to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    Mutex,
    RwLock,
    Lock,
    Semaphore,
    Channel,
    Condvar,
    Var,
    Task,
    /// Anything declared: a tour stop may highlight tasks and resources alike.
    Shown,
}

impl Want {
    /// "mutex", as in `unknown mutex "m2"`.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Want::Mutex => "mutex",
            Want::RwLock => "rwlock",
            Want::Lock => "mutex or rwlock",
            Want::Semaphore => "semaphore",
            Want::Channel => "channel",
            Want::Condvar => "condvar",
            Want::Var => "variable",
            Want::Task => "task",
            Want::Shown => "task or resource",
        }
    }

    /// "a mutex", as in `lock needs a mutex`.
    pub(crate) fn with_article(self) -> &'static str {
        match self {
            Want::Mutex => "a mutex",
            Want::RwLock => "an rwlock",
            Want::Lock => "a mutex or an rwlock",
            Want::Semaphore => "a semaphore",
            Want::Channel => "a channel",
            Want::Condvar => "a condvar",
            Want::Var => "a variable",
            Want::Task => "a task",
            Want::Shown => "a task or a resource",
        }
    }

    pub(crate) fn fits(self, decl: &Decl) -> bool {
        use ResourceKind as R;
        match (self, decl) {
            (Want::Task | Want::Shown, Decl::Task(_)) => true,
            (Want::Shown, Decl::Resource(_)) => true,
            (_, Decl::Task(_)) => false,
            (want, Decl::Resource(kind)) => matches!(
                (want, kind),
                (Want::Mutex | Want::Lock, R::Mutex)
                    | (Want::RwLock | Want::Lock, R::RwLock)
                    | (Want::Semaphore, R::Semaphore { .. })
                    | (Want::Channel, R::Channel { .. })
                    | (Want::Condvar, R::Condvar)
                    | (Want::Var, R::Var { .. })
            ),
        }
    }

    /// How to declare a missing name of this kind.
    fn declare_example(self, name: &str) -> String {
        let name = crate::model::print::name_text(name);
        match self {
            Want::Mutex | Want::Lock => format!("mutex {name}"),
            Want::RwLock => format!("rwlock {name}"),
            Want::Semaphore => format!("semaphore {name} = 1"),
            Want::Channel => format!("channel {name}"),
            Want::Condvar => format!("condvar {name}"),
            Want::Var => format!("var {name} = 0"),
            Want::Task | Want::Shown => format!("async {name} {{ ... }}"),
        }
    }
}

/// "a channel", as in `lock needs a mutex, "q" is a channel`.
pub(crate) fn decl_article(decl: &Decl) -> &'static str {
    match decl {
        Decl::Task(_) => "a task",
        Decl::Resource(kind) => match kind {
            ResourceKind::Mutex => "a mutex",
            ResourceKind::RwLock => "an rwlock",
            ResourceKind::Semaphore { .. } => "a semaphore",
            ResourceKind::Channel { .. } => "a channel",
            ResourceKind::Condvar => "a condvar",
            ResourceKind::Var { .. } => "a variable",
        },
    }
}

/// The validator's state: the symbol table and the diagnostics so far.
pub(crate) struct Validator<'a> {
    pub(crate) scenario: &'a Scenario,
    /// Every declared name and what it is (the first declaration wins).
    pub(crate) names: BTreeMap<&'a str, Decl<'a>>,
    pub(crate) out: Vec<Diagnostic>,
    /// Comparisons "did you mean" may still spend (see `suggest::MAX_COMPARISONS`).
    suggestion_budget: usize,
}

/// `on line 3`, or nothing for a position that does not come from text.
fn on_line(pos: Pos) -> String {
    if pos.line == 0 {
        String::new()
    } else {
        format!(" on line {}", pos.line)
    }
}

impl<'a> Validator<'a> {
    fn new(scenario: &'a Scenario) -> Self {
        let mut names = BTreeMap::new();
        for r in &scenario.resources {
            names
                .entry(r.name.as_str())
                .or_insert(Decl::Resource(r.kind));
        }
        for t in &scenario.tasks {
            names.entry(t.name.as_str()).or_insert(Decl::Task(t));
        }
        Validator {
            scenario,
            names,
            out: Vec::new(),
            suggestion_budget: MAX_COMPARISONS,
        }
    }

    pub(crate) fn error(&mut self, pos: Pos, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::error(pos, msg);
        d.hint = hint;
        self.out.push(d);
    }

    pub(crate) fn warning(&mut self, pos: Pos, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::warning(pos, msg);
        d.hint = hint;
        self.out.push(d);
    }

    /// Checks that every text the user wrote fits on one line and within the length limit.
    pub(crate) fn text(&mut self, pos: Pos, what: &str, text: &str) {
        self.text_within(pos, what, text, MAX_STRING_CHARS);
    }

    /// [`Self::text`] with its own limit (lesson texts may be a paragraph).
    pub(crate) fn text_within(&mut self, pos: Pos, what: &str, text: &str, limit: usize) {
        let n = text.chars().count();
        if n > limit {
            self.error(
                pos,
                format!("{what} has {n} characters; the limit is {limit}"),
                None,
            );
        }
        if text.chars().any(char::is_control) {
            self.error(
                pos,
                format!("{what} contains a line break or another control character"),
                Some("keep it on one line".to_string()),
            );
        }
    }

    /// Names are non-empty, printable, and unique across all declarations.
    fn declarations(&mut self) {
        let sc = self.scenario;
        let mut decls: Vec<(&str, Pos, bool)> = Vec::new();
        for r in &sc.resources {
            decls.push((&r.name, r.pos, false));
        }
        for t in &sc.tasks {
            decls.push((&t.name, t.pos, true));
        }
        // Written order: the later of two equal names is the duplicate.
        decls.sort_by_key(|(_, pos, _)| (pos.line, pos.col));
        let mut first: BTreeMap<&str, Pos> = BTreeMap::new();
        for (name, pos, is_task) in decls {
            if name.is_empty() {
                self.error(pos, "a name cannot be empty", None);
                continue;
            }
            let quoted = shown(name);
            self.text(pos, &format!("the name \"{quoted}\""), name);
            if is_task && name.contains('#') {
                self.error(
                    pos,
                    format!("the task name \"{quoted}\" contains `#`, which marks replicas (d#2)"),
                    Some("choose a name without #".to_string()),
                );
            }
            if let Some(at) = first.get(name) {
                self.error(
                    pos,
                    format!("\"{quoted}\" is already declared{}", on_line(*at)),
                    Some("names are unique across all declarations; rename one".to_string()),
                );
            } else {
                first.insert(name, pos);
            }
        }
    }

    /// Runtime ranges (the parser reports these with positions for text).
    fn runtime(&mut self) {
        let rt = &self.scenario.runtime;
        let none = Pos::default();
        if let Some(n) = rt.workers {
            if !(1..=MAX_WORKERS).contains(&n) {
                self.error(
                    none,
                    format!("runtime: workers must be between 1 and {MAX_WORKERS}, not {n}"),
                    None,
                );
            }
        }
        if rt.cores == Some(Cores::Limited(0)) {
            self.error(
                none,
                "runtime: cores must be at least 1",
                Some("write cores unlimited for no limit".to_string()),
            );
        }
        if rt.quantum == Some(0) {
            self.error(none, "runtime: the quantum must be longer than 0us", None);
        }
    }

    /// Replica counts and the limit on tasks after replication.
    fn task_count(&mut self) {
        let mut total: u64 = 0;
        let mut reported = false;
        for t in &self.scenario.tasks {
            if t.replicas == Some(0) {
                self.error(
                    t.pos,
                    format!("{} has x0; a task needs at least 1 replica", t.name),
                    Some("remove x0 for one task, or write x2 or more".to_string()),
                );
            }
            total = total.saturating_add(u64::from(t.replicas.unwrap_or(1)));
            if total > MAX_TASKS as u64 && !reported {
                reported = true;
                let all: u64 = self
                    .scenario
                    .tasks
                    .iter()
                    .map(|t| u64::from(t.replicas.unwrap_or(1)))
                    .sum();
                self.error(
                    t.pos,
                    format!(
                        "the scenario has {all} tasks after replication; the limit is {MAX_TASKS}"
                    ),
                    Some("use fewer or smaller replica groups".to_string()),
                );
            }
        }
    }

    /// Resolves a name to what it must be; reports unknown names and wrong kinds.
    /// `user` is the step keyword (or `expect`) for messages.
    pub(crate) fn resolve(
        &mut self,
        user: &str,
        name: &str,
        pos: Pos,
        want: Want,
    ) -> Option<Decl<'a>> {
        match self.names.get(name).copied() {
            Some(decl) if want.fits(&decl) => Some(decl),
            Some(decl) => {
                let hint = match (want, decl) {
                    (Want::Var, Decl::Task(_)) => Some(format!(
                        "to check how a task ended write expect {name} completed"
                    )),
                    _ => None,
                };
                self.error(
                    pos,
                    format!(
                        "{user} needs {}, \"{}\" is {}",
                        want.with_article(),
                        shown(name),
                        decl_article(&decl)
                    ),
                    hint,
                );
                None
            }
            None => {
                let noun = want.noun();
                let shown = shown(name);
                // Past the listed diagnostics nobody reads the details: skip their cost.
                if self.out.len() >= MAX_DIAGNOSTICS {
                    self.error(pos, format!("unknown {noun} \"{shown}\""), None);
                    return None;
                }
                let same_kind: Vec<&str> = self
                    .names
                    .iter()
                    .filter(|(_, d)| want.fits(d))
                    .map(|(n, _)| *n)
                    .collect();
                let msg = if same_kind.is_empty() {
                    format!("unknown {noun} \"{shown}\"; no {noun} is declared")
                } else {
                    format!(
                        "unknown {noun} \"{shown}\"; declared: {}",
                        list(&same_kind, 8)
                    )
                };
                let budget = &mut self.suggestion_budget;
                let hint = did_you_mean_name(name, &same_kind, budget).unwrap_or_else(|| {
                    format!(
                        "declare it at the top level: {}",
                        want.declare_example(&shown)
                    )
                });
                self.error(pos, msg, Some(hint));
                None
            }
        }
    }
}

/// Whether a task starts by itself (everything but `on spawn`).
pub(crate) fn starts_by_itself(task: &TaskDecl) -> bool {
    task.start != Start::OnSpawn
}
