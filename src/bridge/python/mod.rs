//! Reads a subset of Python (asyncio, threading, thread pools, processes) as a scenario.
//!
//! The program is read the way it would run: each `asyncio.create_task`, `Thread`, `submit` or
//! `Process` becomes a task of its own, calls of the program's functions are followed, and
//! literal arguments fill names and `print`s. Anything outside the subset is an error with its
//! position and what to write instead; nothing is dropped without a word (docs/BRIDGE.md).

mod call;
mod module;
mod shape;
mod source;
mod stmt;
mod value;
pub mod zh;

use crate::model::{self, Diagnostic, Micros, Pos, Scenario};
use std::collections::{HashMap, HashSet};

/// What the reader of a program is told beyond the source.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The scenario's title; the module's docstring (its first line) when not given.
    pub title: Option<String>,
    /// Functions whose calls are CPU work of a given length (`--cpu work=200ms`).
    pub cpu: Vec<(String, Micros)>,
}

/// A program read as a scenario, with notes on what the scenario leaves out.
#[derive(Clone, Debug)]
pub struct Imported {
    pub scenario: Scenario,
    /// Warnings: what differs from the program (a `time.sleep` in a coroutine, a value a
    /// `print` cannot show, …).
    pub notes: Vec<Diagnostic>,
}

/// At most this many steps and tasks come out of one program, however its loops multiply.
const MAX_STEPS: usize = 100_000;
/// How deeply expressions may nest (and calls of the program's functions inside them).
const MAX_EXPRESSION_DEPTH: usize = 200;
/// How deeply blocks and followed calls may nest while a program is read.
const MAX_BLOCK_DEPTH: usize = 64;
/// A loop that starts tasks, or uses its variable, is unrolled up to this many times.
const MAX_UNROLL: i64 = 1_000;

/// Reads `src` as a scenario, or says (with positions) what it cannot read.
pub fn import(src: &str, opts: &ImportOptions) -> Result<Imported, Vec<Diagnostic>> {
    if src.len() > model::limits::MAX_SOURCE_BYTES {
        return Err(vec![Diagnostic::error(
            Pos::new(1, 1),
            format!(
                "the program is {} KiB; at most {} KiB can be read",
                src.len() / 1024,
                model::limits::MAX_SOURCE_BYTES / 1024
            ),
        )
        .with_hint("keep the part that shows the concurrency")]);
    }
    shape::check(src).map_err(|e| vec![e])?;
    let parsed = match ruff_python_parser::parse_module(src) {
        Ok(parsed) => parsed,
        Err(e) => {
            let lines = source::Lines::new(src);
            return Err(vec![Diagnostic::error(
                lines.pos(e.location.start()),
                format!("this is not valid Python: {}", e.error),
            )]);
        }
    };
    let mut importer = Importer {
        lines: source::Lines::new(src),
        markers: source::markers(src, parsed.tokens()),
        cpu: opts.cpu.iter().cloned().collect(),
        aliases: HashMap::new(),
        functions: HashMap::new(),
        globals: HashMap::new(),
        shared_vars: HashSet::new(),
        scenario: Scenario::default(),
        names: HashSet::new(),
        declared: Vec::new(),
        next_suffix: HashMap::new(),
        notes: Vec::new(),
        following: Vec::new(),
        steps: 0,
        expression_depth: 0,
        block_depth: 0,
    };
    importer
        .module(&parsed.syntax().body, opts)
        .map_err(|e| vec![e])?;
    let scenario = importer.scenario;
    // The scenario must hold on its own: the language's rules (a process sharing a lock, a
    // name used twice) are checked here, at the program's positions.
    let errors: Vec<Diagnostic> = model::validate(&scenario)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Imported {
        scenario,
        notes: importer.notes,
    })
}

/// `work=200ms` (a `--cpu` flag, or a line of the import dialog's CPU box).
pub fn parse_cpu(text: &str) -> Result<(String, Micros), String> {
    let (name, dur) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}`: write FUNCTION=DURATION, e.g. work=200ms"))?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_alphanumeric()) {
        return Err(format!("`{name}` is not a Python function name"));
    }
    let us = model::parse_duration(dur.trim()).ok_or_else(|| {
        format!(
            "`{}`: a duration is a number and a unit: 200ms, 1s, 500us",
            dur.trim()
        )
    })?;
    Ok((name.to_string(), us))
}

type R<T> = Result<T, Diagnostic>;

/// The reader's state while it walks one program.
struct Importer<'s> {
    lines: source::Lines<'s>,
    markers: Vec<source::Marker>,
    cpu: HashMap<String, Micros>,
    /// What an imported name stands for: `Thread` → `threading.Thread`, `cf` →
    /// `concurrent.futures`.
    aliases: HashMap<String, String>,
    functions: HashMap<String, &'s ruff_python_ast::StmtFunctionDef>,
    /// Module-level names: resources, literals, shared variables.
    globals: HashMap<String, value::Value>,
    /// Module-level integers that some function declares `global`: the scenario's variables.
    shared_vars: HashSet<String>,
    scenario: Scenario,
    /// Every name declared so far, tasks and resources together.
    names: HashSet<String>,
    /// The same names in the order declared, so a loop tried as a `repeat` can take back what
    /// it declared.
    declared: Vec<String>,
    /// The next suffix to try for a base name (`w` → `w_2`), so naming stays linear.
    next_suffix: HashMap<String, u32>,
    notes: Vec<Diagnostic>,
    /// The program's functions being followed, innermost last (recursion cannot be).
    following: Vec<String>,
    steps: usize,
    expression_depth: usize,
    block_depth: usize,
}
