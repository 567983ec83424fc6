//! The module level: imports, functions, shared state, marker lines and the program's entry.

use super::source::Marker;
use super::stmt::Frame;
use super::value::{Family, ResKind, ResRef, Value};
use super::{ImportOptions, Importer, R};
use crate::model::{self, Diagnostic, Pos, Start, Step, TaskDecl, TaskKind};
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

/// The modules a program may import, and the names it may import from them.
const MODULES: [&str; 7] = [
    "asyncio",
    "threading",
    "time",
    "queue",
    "multiprocessing",
    "concurrent.futures",
    "concurrent",
];

/// The task a program's entry becomes when it does more than `asyncio.run(main())`: the main
/// thread, named as Python names the entry module.
pub const ENTRY_TASK: &str = "__main__";

impl<'s> Importer<'s> {
    pub(super) fn module(&mut self, body: &'s [Stmt], opts: &ImportOptions) -> R<()> {
        self.scenario.title = opts.title.clone().or_else(|| docstring(body));
        self.collect_shared_vars(body);
        let mut entry: Vec<&'s Stmt> = Vec::new();
        let mut header_lines: Vec<(Pos, String)> = Vec::new();
        let mut marked_tasks: Vec<(&'s StmtFunctionDef, Marker)> = Vec::new();
        let mut previous_end = TextSize::from(0);
        for (i, stmt) in body.iter().enumerate() {
            let gap = self.markers_between(previous_end, stmt.start());
            previous_end = self.statement_end(stmt);
            if self.in_helpers(stmt.start()) {
                continue;
            }
            let mut gap_markers: Vec<Marker> =
                gap.into_iter().filter(|m| !is_helpers_marker(m)).collect();
            if let Stmt::FunctionDef(def) = stmt {
                if let Some(last) = gap_markers.last() {
                    if is_task_header(&last.text) {
                        marked_tasks.push((def, gap_markers.pop().expect("just seen")));
                    }
                }
            }
            for m in gap_markers {
                if !self.declared_by_marker(&m, None)? {
                    header_lines.push((self.lines.pos(m.offset), m.text));
                }
            }
            if let Some(m) = self.trailing_marker(stmt) {
                if !self.declared_by_marker(&m, Some(stmt))? {
                    header_lines.push((self.lines.pos(m.offset), m.text));
                }
                continue;
            }
            if i == 0 && is_docstring(stmt) {
                continue;
            }
            match stmt {
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let name = alias.name.as_str();
                        self.check_module(name, alias.range().start())?;
                        let local = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                        // `import concurrent.futures` binds `concurrent`.
                        let bound = if alias.asname.is_some() {
                            name
                        } else {
                            name.split('.').next().unwrap_or(name)
                        };
                        self.aliases.insert(
                            local.split('.').next().unwrap_or(local).to_string(),
                            bound.to_string(),
                        );
                    }
                }
                Stmt::ImportFrom(from) => {
                    let module = from.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                    self.check_module(module, from.range().start())?;
                    for alias in &from.names {
                        let local = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                        self.aliases.insert(
                            local.to_string(),
                            format!("{module}.{}", alias.name.as_str()),
                        );
                    }
                }
                Stmt::FunctionDef(def) => {
                    self.functions.insert(def.name.as_str().to_string(), def);
                }
                Stmt::If(if_stmt) if is_main_guard(&if_stmt.test) => {
                    if !if_stmt.elif_else_clauses.is_empty() {
                        return Err(self.error(
                            stmt,
                            "`else` after `if __name__ == '__main__':` is not supported",
                            "drop the else branch",
                        ));
                    }
                    entry.extend(if_stmt.body.iter());
                }
                Stmt::Assign(assign)
                    if assign.targets.len() == 1 && assign.targets[0].is_name_expr() =>
                {
                    let name = assign.targets[0]
                        .as_name_expr()
                        .expect("checked")
                        .id
                        .as_str()
                        .to_string();
                    self.module_assign(&name, &assign.value)?;
                }
                Stmt::ClassDef(_) => {
                    return Err(self.error(stmt, "classes are not supported", "write the work as functions: `def` for threads and pool jobs, `async def` for coroutines"));
                }
                _ => entry.push(stmt),
            }
        }
        self.header(&header_lines)?;
        for (def, marker) in marked_tasks {
            self.marked_task(def, &marker)?;
        }
        self.entry(&entry)
    }

    /// Marker lines outside any function: scenario text (runtime settings, expectations, the
    /// lesson, resources without a Python counterpart such as `rwlock`).
    fn header(&mut self, lines: &[(Pos, String)]) -> R<()> {
        if lines.is_empty() {
            return Ok(());
        }
        let text: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
        let parsed = model::parse(&text).map_err(|d| {
            let first = d.into_iter().find(Diagnostic::is_error).expect("an error");
            let at = lines
                .get(first.line.saturating_sub(1) as usize)
                .map(|(p, _)| *p)
                .unwrap_or_default();
            Diagnostic::error(
                at,
                format!(
                    "this `# interleave:` line is not scenario text: {}",
                    first.message
                ),
            )
        })?;
        let s = &mut self.scenario;
        if parsed.title.is_some() {
            s.title = parsed.title;
            s.title_zh = parsed.title_zh;
        }
        s.lesson = parsed.lesson;
        s.runtime = parsed.runtime;
        s.expects.extend(parsed.expects);
        for r in parsed.resources {
            self.declare_resource(&r.name, r.kind, r.pos)?;
        }
        Ok(())
    }

    /// A marker line that declares one resource (`# interleave: rwlock r`) declares it at once,
    /// so resources keep their written order. On `name = …`, the Python name stands for it.
    fn declared_by_marker(&mut self, m: &Marker, stmt: Option<&Stmt>) -> R<bool> {
        let Ok(parsed) = model::parse(&format!("{}\n", m.text)) else {
            return Ok(false);
        };
        let [resource] = parsed.resources.as_slice() else {
            return Ok(false);
        };
        if parsed.tasks.len() + parsed.expects.len() > 0 || parsed.title.is_some() {
            return Ok(false);
        }
        let at = self.lines.pos(m.offset);
        self.declare_resource(&resource.name, resource.kind, at)?;
        let Some(Stmt::Assign(assign)) = stmt else {
            return Ok(true);
        };
        let Some(target) = assign.targets.first().and_then(|t| t.as_name_expr()) else {
            return Ok(true);
        };
        let family = if self.lines.text(&*assign.value).starts_with("asyncio.") {
            Family::Asyncio
        } else {
            Family::Threading
        };
        let kind = match resource.kind {
            model::ResourceKind::Mutex => Some(ResKind::Mutex { reentrant: false }),
            model::ResourceKind::Semaphore { .. } => Some(ResKind::Semaphore),
            model::ResourceKind::Channel { .. } => Some(ResKind::Queue),
            _ => None,
        };
        if let Some(kind) = kind {
            self.globals.insert(
                target.id.as_str().to_string(),
                Value::Res(ResRef {
                    name: resource.name.clone(),
                    kind,
                    family,
                }),
            );
        }
        Ok(true)
    }

    /// A function with a task header above it (`# interleave: thread t x2`) is that task.
    fn marked_task(&mut self, def: &'s StmtFunctionDef, marker: &Marker) -> R<()> {
        let at = self.lines.pos(marker.offset);
        let parsed = model::parse(&format!("{} {{\n}}\n", marker.text)).map_err(|d| {
            Diagnostic::error(
                at,
                format!("this task header is not scenario text: {}", d[0].message),
            )
        })?;
        let mut decl = parsed
            .tasks
            .into_iter()
            .next()
            .ok_or_else(|| Diagnostic::error(at, "a task header declares a task"))?;
        let wants_async = decl.kind == TaskKind::Async;
        if def.is_async != wants_async {
            return Err(Diagnostic::error(
                at,
                format!(
                    "`{}` is a {} task, so its function is written with {}",
                    decl.name,
                    task_word(decl.kind),
                    if wants_async { "`async def`" } else { "`def`" }
                ),
            ));
        }
        self.declare_name(&decl.name, at)?;
        decl.pos = at;
        let index = self.scenario.tasks.len();
        self.scenario.tasks.push(decl.clone());
        let mut frame = Frame::new(decl.kind);
        let mut body = Vec::new();
        self.following.push(def.name.as_str().to_string());
        self.block(&mut frame, &def.body, &mut body)?;
        self.following.pop();
        self.scenario.tasks[index].body = super::stmt::tidy(body);
        Ok(())
    }

    /// The statements that run when the program runs: `asyncio.run(main())` alone makes
    /// `main` the one starting task; anything more runs as the main thread, [`ENTRY_TASK`].
    fn entry(&mut self, entry: &[&'s Stmt]) -> R<()> {
        if entry.is_empty() {
            if self.scenario.tasks.is_empty() {
                return Err(Diagnostic::error(Pos::new(1, 1), "the program starts nothing")
                    .with_hint("end it with `if __name__ == '__main__':` and `asyncio.run(main())`, or start threads there"));
            }
            return Ok(());
        }
        if let [single] = entry {
            if let Some((func, args)) = self.asyncio_run_of(single) {
                self.new_task(
                    TaskKind::Async,
                    &func,
                    args,
                    self.pos(*single),
                    None,
                    Start::AtZero,
                )?;
                return Ok(());
            }
        }
        let at = self.pos(entry[0]);
        self.declare_name(ENTRY_TASK, at)?;
        let index = self.scenario.tasks.len();
        self.scenario.tasks.push(TaskDecl {
            kind: TaskKind::Thread,
            name: ENTRY_TASK.into(),
            replicas: None,
            start: Start::AtZero,
            priority: 0,
            body: Vec::new(),
            pos: at,
        });
        let mut frame = Frame::new(TaskKind::Thread);
        let mut body: Vec<Step> = Vec::new();
        self.statements(&mut frame, entry, &mut body)?;
        self.scenario.tasks[index].body = super::stmt::tidy(body);
        Ok(())
    }

    /// `asyncio.run(f())` with `f` an `async def` of the program: `f` and its arguments.
    fn asyncio_run_of(&mut self, stmt: &Stmt) -> Option<(String, Vec<Value>)> {
        let Stmt::Expr(e) = stmt else { return None };
        let call = e.value.as_call_expr()?;
        if self.qualified(&call.func)? != "asyncio.run" || call.arguments.args.len() != 1 {
            return None;
        }
        let inner = call.arguments.args[0].as_call_expr()?;
        let name = inner.func.as_name_expr()?.id.as_str();
        let def = self.functions.get(name)?;
        if !def.is_async || !inner.arguments.args.iter().all(|a| a.is_literal_expr()) {
            return None;
        }
        let args = inner
            .arguments
            .args
            .iter()
            .map(literal)
            .collect::<Option<Vec<_>>>()?;
        Some((name.to_string(), args))
    }

    fn module_assign(&mut self, name: &str, value: &'s Expr) -> R<()> {
        if let Some(v) = literal(value) {
            if let (Value::Int(init), true) = (&v, self.shared_vars.contains(name)) {
                let pos = self.lines.pos(value.range().start());
                self.declare_resource(name, model::ResourceKind::Var { init: *init }, pos)?;
            }
            self.globals.insert(name.to_string(), v);
            return Ok(());
        }
        // A resource made at module level (`lock = threading.Lock()`) keeps the variable's name.
        let mut frame = Frame::new(TaskKind::Thread);
        frame.naming = Some(name.to_string());
        let mut steps = Vec::new();
        let v = self.eval(&mut frame, value, &mut steps)?;
        if !steps.is_empty() || matches!(v, Value::Task(_)) {
            return Err(self.error(
                value,
                "only resources and literals can be made at module level",
                "start tasks inside a function or under `if __name__ == '__main__':`",
            ));
        }
        self.globals.insert(name.to_string(), v);
        Ok(())
    }

    /// Names that some function declares `global`: the module's shared variables.
    fn collect_shared_vars(&mut self, body: &[Stmt]) {
        fn walk(stmts: &[Stmt], out: &mut std::collections::HashSet<String>) {
            for s in stmts {
                match s {
                    Stmt::Global(g) => out.extend(g.names.iter().map(|n| n.as_str().to_string())),
                    Stmt::FunctionDef(d) => walk(&d.body, out),
                    Stmt::For(f) => walk(&f.body, out),
                    Stmt::With(w) => walk(&w.body, out),
                    Stmt::Try(t) => {
                        walk(&t.body, out);
                        for h in &t.handlers {
                            walk(&h.as_except_handler().expect("one kind").body, out);
                        }
                    }
                    Stmt::If(i) => walk(&i.body, out),
                    _ => {}
                }
            }
        }
        walk(body, &mut self.shared_vars);
    }

    fn check_module(&self, module: &str, at: TextSize) -> R<()> {
        if MODULES.contains(&module) {
            return Ok(());
        }
        Err(Diagnostic::error(self.lines.pos(at), format!("module `{module}` is not supported"))
            .with_hint("Interleave reads asyncio, threading, time, queue, multiprocessing and concurrent.futures; write other work as `# interleave: compute 200ms`"))
    }

    pub(super) fn declare_name(&mut self, name: &str, at: Pos) -> R<()> {
        if !self.names.insert(name.to_string()) {
            return Err(
                Diagnostic::error(at, format!("the name `{name}` is used for two things"))
                    .with_hint("rename one of them"),
            );
        }
        self.declared.push(name.to_string());
        Ok(())
    }

    /// Takes back every name declared after the first `keep`.
    pub(super) fn forget_names_after(&mut self, keep: usize) {
        for name in self.declared.drain(keep..) {
            self.names.remove(&name);
        }
    }

    pub(super) fn declare_resource(
        &mut self,
        name: &str,
        kind: model::ResourceKind,
        at: Pos,
    ) -> R<()> {
        self.declare_name(name, at)?;
        self.scenario.resources.push(model::Resource {
            name: name.to_string(),
            kind,
            pos: at,
        });
        Ok(())
    }

    /// Markers whose comment starts in `[from, to)`.
    pub(super) fn markers_between(&self, from: TextSize, to: TextSize) -> Vec<Marker> {
        self.markers
            .iter()
            .filter(|m| m.offset >= from && m.offset < to)
            .cloned()
            .collect()
    }

    /// A marker at the end of a simple statement's last line stands for that statement.
    pub(super) fn trailing_marker(&self, stmt: &Stmt) -> Option<Marker> {
        if is_compound(stmt) {
            return None;
        }
        let end = stmt.end();
        let line_end = self.lines.line_end(end);
        self.markers
            .iter()
            .find(|m| m.offset >= end && m.offset < line_end)
            .cloned()
    }

    /// Where a statement ends: the end of its last line, so that a comment there is its own
    /// (a compound statement's last line belongs to its innermost block).
    pub(super) fn statement_end(&self, stmt: &Stmt) -> TextSize {
        self.lines.line_end(stmt.end())
    }

    /// Inside `# interleave: begin helpers` … `# interleave: end helpers`: an exported
    /// program's own machinery, which the reader skips.
    fn in_helpers(&self, at: TextSize) -> bool {
        let mut inside = false;
        for m in &self.markers {
            if m.offset > at {
                break;
            }
            match m.text.as_str() {
                "begin helpers" => inside = true,
                "end helpers" => inside = false,
                _ => {}
            }
        }
        inside
    }

    pub(super) fn pos(&self, node: &impl Ranged) -> Pos {
        self.lines.pos(node.range().start())
    }

    pub(super) fn error(
        &self,
        node: &impl Ranged,
        message: impl Into<String>,
        hint: &str,
    ) -> Diagnostic {
        Diagnostic::error(self.pos(node), message).with_hint(hint)
    }
}

fn is_helpers_marker(m: &Marker) -> bool {
    matches!(m.text.as_str(), "begin helpers" | "end helpers")
}

fn is_task_header(text: &str) -> bool {
    matches!(
        text.split_whitespace().next(),
        Some("async" | "thread" | "job" | "process")
    )
}

pub(super) fn task_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Async => "async",
        TaskKind::Thread => "thread",
        TaskKind::Job => "job",
        TaskKind::Process => "process",
    }
}

pub(super) fn is_compound(stmt: &Stmt) -> bool {
    matches!(
        stmt,
        Stmt::FunctionDef(_)
            | Stmt::ClassDef(_)
            | Stmt::For(_)
            | Stmt::While(_)
            | Stmt::If(_)
            | Stmt::With(_)
            | Stmt::Try(_)
            | Stmt::Match(_)
    )
}

fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if e.value.is_string_literal_expr())
}

fn docstring(body: &[Stmt]) -> Option<String> {
    let Stmt::Expr(e) = body.first()? else {
        return None;
    };
    let text = e.value.as_string_literal_expr()?.value.to_str();
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(
        first
            .chars()
            .take(model::limits::MAX_STRING_CHARS)
            .collect(),
    )
}

/// `__name__ == "__main__"`, either way round.
fn is_main_guard(test: &Expr) -> bool {
    let Some(cmp) = test.as_compare_expr() else {
        return false;
    };
    if cmp.comparators.len() != 1 || !cmp.ops[0].is_eq() {
        return false;
    }
    let is_name = |e: &Expr| {
        e.as_name_expr()
            .is_some_and(|n| n.id.as_str() == "__name__")
    };
    let is_main = |e: &Expr| {
        e.as_string_literal_expr()
            .is_some_and(|s| s.value.to_str() == "__main__")
    };
    (is_name(&cmp.left) && is_main(&cmp.comparators[0]))
        || (is_main(&cmp.left) && is_name(&cmp.comparators[0]))
}

/// A literal's value: numbers, strings, `None`, and tuples or lists of them.
pub(super) fn literal(e: &Expr) -> Option<Value> {
    literal_within(e, 0)
}

/// [`literal`], giving up past a depth no honest program reaches (`- - - … 1`).
fn literal_within(e: &Expr, depth: usize) -> Option<Value> {
    if depth > 100 {
        return None;
    }
    let literal = |e: &Expr| literal_within(e, depth + 1);
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            ruff_python_ast::Number::Int(i) => i.as_i64().map(Value::Int),
            ruff_python_ast::Number::Float(f) => Some(Value::Float(*f)),
            _ => None,
        },
        Expr::StringLiteral(s) => Some(Value::Str(s.value.to_str().to_string())),
        Expr::NoneLiteral(_) => Some(Value::None),
        Expr::UnaryOp(u) if u.op.is_u_sub() => match literal(&u.operand)? {
            Value::Int(n) => Some(Value::Int(-n)),
            Value::Float(x) => Some(Value::Float(-x)),
            _ => None,
        },
        Expr::Tuple(t) => t
            .elts
            .iter()
            .map(literal)
            .collect::<Option<Vec<_>>>()
            .map(Value::List),
        Expr::List(l) => l
            .elts
            .iter()
            .map(literal)
            .collect::<Option<Vec<_>>>()
            .map(Value::List),
        _ => None,
    }
}
