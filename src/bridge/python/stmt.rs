//! Statements inside functions: assignments, loops, `with`, `try`, `raise` and marker comments.

use super::module::literal;
use super::value::{Family, ResKind, Value};
use super::{Importer, MAX_BLOCK_DEPTH, MAX_STEPS, MAX_UNROLL, R};
use crate::model::{self, Diagnostic, Pos, Step, StepKind, StoreOp, TaskKind};
use ruff_python_ast::{Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextSize};
use std::collections::{HashMap, HashSet};

/// One running function: the kind of task it runs in and its local names.
pub struct Frame {
    pub kind: TaskKind,
    pub locals: HashMap<String, Value>,
    /// Names the function declared `global`.
    pub globals: HashSet<String>,
    /// The variable an expression is being assigned to: a resource made there takes its name.
    pub naming: Option<String>,
    /// Bumped by every step that writes the register (`load`, `recv`), so a stale read is seen.
    pub generation: u64,
    /// Jobs submitted inside each open `with ThreadPoolExecutor(…)`, innermost last.
    pub submitted: Vec<Vec<String>>,
    /// Re-entrant locks this function holds (taking one twice is refused: the language's
    /// mutexes are not re-entrant).
    pub held: Vec<String>,
}

impl Frame {
    /// Jobs waited for already need no wait when their pool's `with` ends.
    pub fn joined(&mut self, tasks: &[String]) {
        for open in &mut self.submitted {
            open.retain(|j| !tasks.contains(j));
        }
    }

    pub fn new(kind: TaskKind) -> Self {
        Frame {
            kind,
            locals: HashMap::new(),
            globals: HashSet::new(),
            naming: None,
            generation: 0,
            submitted: Vec::new(),
            held: Vec::new(),
        }
    }
}

/// Consecutive `spawn`s become one step, as `spawn a, b` reads.
pub fn tidy(steps: Vec<Step>) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(steps.len());
    for step in steps {
        if let (
            StepKind::Spawn(next),
            Some(Step {
                kind: StepKind::Spawn(prev),
                ..
            }),
        ) = (&step.kind, out.last_mut())
        {
            prev.extend(next.iter().cloned());
            continue;
        }
        out.push(step);
    }
    out
}

pub(super) fn step(kind: StepKind, pos: Pos) -> Step {
    Step { kind, pos }
}

impl<'s> Importer<'s> {
    pub(super) fn block(&mut self, f: &mut Frame, body: &'s [Stmt], out: &mut Vec<Step>) -> R<()> {
        // Blocks and followed calls are read by recursion: bound both, well above what a
        // scenario may nest, so a hostile program cannot overflow the stack.
        if self.block_depth > MAX_BLOCK_DEPTH {
            let at = body.first().map(|s| self.pos(s)).unwrap_or_default();
            return Err(Diagnostic::error(
                at,
                format!("blocks and calls are nested more than {MAX_BLOCK_DEPTH} deep"),
            )
            .with_hint(format!(
                "a scenario nests at most {} blocks: flatten the program",
                model::limits::MAX_NESTING
            )));
        }
        self.block_depth += 1;
        let stmts: Vec<&'s Stmt> = body.iter().collect();
        let result = self.statements(f, &stmts, out);
        self.block_depth -= 1;
        result
    }

    /// A block's statements in order, with the marker comments between them as steps.
    pub(super) fn statements(
        &mut self,
        f: &mut Frame,
        stmts: &[&'s Stmt],
        out: &mut Vec<Step>,
    ) -> R<()> {
        let mut previous_end: Option<TextSize> = None;
        for (i, stmt) in stmts.iter().enumerate() {
            if let Some(from) = previous_end {
                for m in self.markers_between(from, stmt.start()) {
                    self.marker_steps(f, &m.text, self.lines.pos(m.offset), out)?;
                }
            }
            previous_end = Some(self.statement_end(stmt));
            if let Some(m) = self.trailing_marker(stmt) {
                let before = out.len();
                self.marker_steps(f, &m.text, self.lines.pos(m.offset), out)?;
                // `reg = recv(q)  # interleave: recv q`: the name holds what the step read.
                let reads = out[before..]
                    .iter()
                    .any(|s| matches!(s.kind, StepKind::Load(_) | StepKind::Recv(_)));
                if let (true, Stmt::Assign(a)) = (reads, stmt) {
                    if let [Expr::Name(n)] = a.targets.as_slice() {
                        f.generation += 1;
                        f.locals.insert(
                            n.id.as_str().to_string(),
                            Value::Register {
                                var: String::new(),
                                generation: f.generation,
                                offset: 0,
                            },
                        );
                    }
                }
                continue;
            }
            if let Stmt::Return(ret) = stmt {
                if i + 1 != stmts.len() {
                    return Err(self.error(
                        *stmt,
                        "a `return` before the end of a block is not supported",
                        "a scenario's steps do not branch: move the return to the end",
                    ));
                }
                if ret
                    .value
                    .as_deref()
                    .is_some_and(|v| !v.is_none_literal_expr())
                {
                    self.notes.push(Diagnostic::warning(self.pos(*stmt), "the returned value is not part of the scenario (tasks do not return values)"));
                }
                continue;
            }
            self.statement(f, stmt, out)?;
        }
        Ok(())
    }

    /// `# interleave: STEP` inside a function: the step, as the language writes it.
    fn marker_steps(&mut self, f: &Frame, text: &str, at: Pos, out: &mut Vec<Step>) -> R<()> {
        if matches!(text, "begin helpers" | "end helpers") {
            return Ok(());
        }
        let kind = super::module::task_word(f.kind);
        let parsed = model::parse(&format!("{kind} _ {{\n{text}\n}}\n")).map_err(|d| {
            let first = d.into_iter().find(Diagnostic::is_error).expect("an error");
            Diagnostic::error(
                at,
                format!(
                    "this `# interleave:` comment is not a step: {}",
                    first.message
                ),
            )
            .with_hint(
                "write one step as the scenario language does, e.g. `# interleave: compute 200ms`",
            )
        })?;
        let mut steps = parsed
            .tasks
            .into_iter()
            .next()
            .map(|t| t.body)
            .unwrap_or_default();
        place(&mut steps, at);
        self.count_steps(steps.len(), at)?;
        out.extend(steps);
        Ok(())
    }

    pub(super) fn count_steps(&mut self, n: usize, at: Pos) -> R<()> {
        self.steps += n;
        if self.steps > MAX_STEPS || self.scenario.tasks.len() > model::limits::MAX_TASKS {
            return Err(Diagnostic::error(
                at,
                format!(
                    "the program unrolls into more than {MAX_STEPS} steps or {} tasks",
                    model::limits::MAX_TASKS
                ),
            )
            .with_hint("use smaller loop counts"));
        }
        Ok(())
    }

    fn statement(&mut self, f: &mut Frame, stmt: &'s Stmt, out: &mut Vec<Step>) -> R<()> {
        self.count_steps(1, self.pos(stmt))?;
        match stmt {
            Stmt::Expr(e) if e.value.is_string_literal_expr() => Ok(()),
            Stmt::Expr(e) => self.eval(f, &e.value, out).map(drop),
            Stmt::Pass(_) => Ok(()),
            Stmt::Global(g) => {
                f.globals.extend(g.names.iter().map(|n| n.as_str().to_string()));
                Ok(())
            }
            Stmt::Assign(a) => match a.targets.as_slice() {
                [Expr::Name(n)] => self.assign(f, n.id.as_str(), &a.value, out),
                _ => Err(self.error(stmt, "only `name = value` assignments are supported", "assign one name at a time")),
            },
            Stmt::AnnAssign(a) => match (&*a.target, &a.value) {
                (Expr::Name(n), Some(v)) => self.assign(f, n.id.as_str(), v, out),
                _ => Err(self.error(stmt, "only `name: type = value` assignments are supported", "give the name a value")),
            },
            Stmt::AugAssign(a) => self.aug_assign(f, stmt, a, out),
            Stmt::For(fr) => self.for_loop(f, stmt, fr, out),
            Stmt::With(w) => self.with(f, stmt, w, out),
            Stmt::Try(t) => self.try_stmt(f, stmt, t, out),
            Stmt::Raise(r) => self.raise(f, stmt, r, out),
            Stmt::While(_) => Err(self.error(stmt, "`while` loops are not supported", "a scenario has a fixed number of steps: use `for _ in range(N):` with a number")),
            Stmt::If(_) => Err(self.error(stmt, "`if` is not supported inside functions", "a scenario's steps do not branch on values: keep the branch that shows the concurrency")),
            Stmt::FunctionDef(_) => Err(self.error(stmt, "functions inside functions are not supported", "define the function at module level")),
            Stmt::Import(_) | Stmt::ImportFrom(_) => Err(self.error(stmt, "imports inside functions are not supported", "import at the top of the program")),
            _ => Err(self.error(stmt, format!("`{}` is not supported", first_word(self.lines.text(stmt))), "see the list of what Interleave reads in docs/BRIDGE.md")),
        }
    }

    fn assign(&mut self, f: &mut Frame, name: &str, value: &'s Expr, out: &mut Vec<Step>) -> R<()> {
        f.naming = Some(name.to_string());
        let v = self.eval(f, value, out);
        f.naming = None;
        let v = v?;
        if self.is_shared_var(f, name) {
            let at = self.pos(value);
            let op = match v {
                Value::Int(n) => StoreOp::Set(n),
                Value::Register {
                    generation, offset, ..
                } if generation == f.generation => {
                    if offset >= 0 {
                        StoreOp::Add(offset)
                    } else {
                        StoreOp::Sub(offset.saturating_neg())
                    }
                }
                Value::Register { .. } => {
                    return Err(self.error(
                        value,
                        "this value was read before a later read replaced it",
                        "a task keeps one value it read: store it before the next read",
                    ));
                }
                _ => {
                    return Err(self.error(value, format!("`{name}` is shared: it can be set to a number, or to a value just read plus or minus a number"), "write `{name} = {name} + 1`, `{name} += 1` or `{name} = 0`"));
                }
            };
            out.push(step(
                StepKind::Store {
                    var: model::NameRef {
                        name: name.to_string(),
                        pos: at,
                    },
                    op,
                },
                at,
            ));
            return Ok(());
        }
        f.locals.insert(name.to_string(), v);
        Ok(())
    }

    fn aug_assign(
        &mut self,
        f: &mut Frame,
        stmt: &'s Stmt,
        a: &'s ruff_python_ast::StmtAugAssign,
        out: &mut Vec<Step>,
    ) -> R<()> {
        let Expr::Name(target) = &*a.target else {
            return Err(self.error(
                stmt,
                "only `name += value` is supported",
                "use a plain name",
            ));
        };
        let name = target.id.as_str();
        let current = self.eval(f, &a.target, out)?;
        let operand = self.eval(f, &a.value, out)?;
        let at = self.pos(stmt);
        let result = arithmetic(current, a.op, operand).ok_or_else(|| {
            self.error(
                stmt,
                "this arithmetic is not supported",
                "add or subtract a whole number",
            )
        })?;
        if self.is_shared_var(f, name) {
            let Value::Register { offset, .. } = result else {
                unreachable!("a shared variable reads as the register")
            };
            let op = if offset >= 0 {
                StoreOp::Add(offset)
            } else {
                StoreOp::Sub(offset.saturating_neg())
            };
            out.push(step(
                StepKind::Store {
                    var: model::NameRef {
                        name: name.to_string(),
                        pos: at,
                    },
                    op,
                },
                at,
            ));
        } else {
            f.locals.insert(name.to_string(), result);
        }
        Ok(())
    }

    /// A module-level integer some function declares `global`, not shadowed by a local.
    pub(super) fn is_shared_var(&self, f: &Frame, name: &str) -> bool {
        !f.locals.contains_key(name) && self.shared_vars.contains(name) && self.names.contains(name)
    }

    fn for_loop(
        &mut self,
        f: &mut Frame,
        stmt: &'s Stmt,
        fr: &'s ruff_python_ast::StmtFor,
        out: &mut Vec<Step>,
    ) -> R<()> {
        if fr.is_async || !fr.orelse.is_empty() {
            return Err(self.error(
                stmt,
                "`async for` and `for … else` are not supported",
                "use a plain `for` loop",
            ));
        }
        let Expr::Name(target) = &*fr.target else {
            return Err(self.error(
                &*fr.target,
                "a loop variable must be one name",
                "write `for item in items:`",
            ));
        };
        let var = target.id.as_str().to_string();
        let at = self.pos(stmt);
        // `for _ in range(N)` whose body starts no task and does not use its variable is a
        // `repeat N`: the loop stays one block, however large N is.
        if let Some(count) = self.range_count(&fr.iter)? {
            let body_text = fr
                .body
                .iter()
                .map(|s| self.lines.text(s))
                .collect::<Vec<_>>()
                .join("\n");
            if var == "_" || !mentions(&body_text, &var) {
                let saved = (
                    self.scenario.tasks.len(),
                    self.scenario.resources.len(),
                    self.declared.len(),
                    f.locals.clone(),
                    self.next_suffix.clone(),
                );
                let mut body = Vec::new();
                f.locals.insert(var.clone(), Value::Int(0));
                self.block(f, &fr.body, &mut body)?;
                if self.scenario.tasks.len() == saved.0 && self.scenario.resources.len() == saved.1
                {
                    out.push(step(
                        StepKind::Repeat {
                            count: count as u64,
                            body,
                        },
                        at,
                    ));
                    return Ok(());
                }
                // It starts tasks: each turn makes its own, so the loop is unrolled.
                self.scenario.tasks.truncate(saved.0);
                self.scenario.resources.truncate(saved.1);
                self.forget_names_after(saved.2);
                self.next_suffix = saved.4;
                f.locals = saved.3;
            }
            if count > MAX_UNROLL {
                return Err(self.error(&*fr.iter, format!("this loop starts tasks or uses `{var}`, so it is unrolled, and {count} turns is more than {MAX_UNROLL}"), "use a smaller count"));
            }
            for i in 0..count {
                f.locals.insert(var.clone(), Value::Int(i));
                self.block(f, &fr.body, out)?;
            }
            return Ok(());
        }
        match self.eval(f, &fr.iter, out)? {
            Value::List(items) => {
                for item in items {
                    f.locals.insert(var.clone(), item);
                    self.block(f, &fr.body, out)?;
                }
                Ok(())
            }
            Value::JobResults(jobs) => {
                // Iterating `executor.map(…)` waits for each job's result in turn.
                for job in jobs {
                    out.push(step(StepKind::Join(vec![self.task_ref(&job, at)]), at));
                    f.joined(std::slice::from_ref(&job));
                    f.locals
                        .insert(var.clone(), Value::Opaque(format!("the result of {job}")));
                    self.block(f, &fr.body, out)?;
                }
                Ok(())
            }
            _ => Err(self.error(
                &*fr.iter,
                "a loop runs over `range(N)` with a number, or over a list",
                "build the list in the program, e.g. `tasks = [...]`",
            )),
        }
    }

    /// `range(N)`, `range(A, B)` with numbers: how many turns.
    pub(super) fn range_count(&self, iter: &Expr) -> R<Option<i64>> {
        let Some(call) = iter.as_call_expr() else {
            return Ok(None);
        };
        if call
            .func
            .as_name_expr()
            .is_none_or(|n| n.id.as_str() != "range")
        {
            return Ok(None);
        }
        let nums: Option<Vec<i64>> = call
            .arguments
            .args
            .iter()
            .map(|a| match literal(a) {
                Some(Value::Int(n)) => Some(n),
                _ => a
                    .as_name_expr()
                    .and_then(|n| match self.globals.get(n.id.as_str()) {
                        Some(Value::Int(v)) if !self.shared_vars.contains(n.id.as_str()) => {
                            Some(*v)
                        }
                        _ => None,
                    }),
            })
            .collect();
        match nums.as_deref() {
            Some([n]) => Ok(Some((*n).max(0))),
            Some([a, b]) => Ok(Some((b - a).max(0))),
            _ => Err(self.error(
                iter,
                "`range` needs a number written in the program",
                "write `range(4)`: the number of turns must be known",
            )),
        }
    }

    fn with(
        &mut self,
        f: &mut Frame,
        stmt: &'s Stmt,
        w: &'s ruff_python_ast::StmtWith,
        out: &mut Vec<Step>,
    ) -> R<()> {
        let at = self.pos(stmt);
        if let Some(dur) = self.timeout_of(f, w)? {
            let mut body = Vec::new();
            self.block(f, &w.body, &mut body)?;
            out.push(step(StepKind::Timeout { dur, body }, at));
            return Ok(());
        }
        let mut releases: Vec<Step> = Vec::new();
        let mut executors = 0;
        let mut held = 0;
        for item in &w.items {
            let v = self.eval(f, &item.context_expr, out)?;
            match v {
                Value::Res(res) => {
                    let wants_async = res.family == Family::Asyncio;
                    if w.is_async != wants_async {
                        let (kw, why) = if wants_async {
                            ("async with", "an asyncio resource is awaited")
                        } else {
                            (
                                "with",
                                "a threading resource blocks; it has no `async with`",
                            )
                        };
                        return Err(self.error(
                            &item.context_expr,
                            format!("use `{kw}` here: {why}"),
                            &format!("write `{kw} {}:`", self.lines.snippet(&item.context_expr)),
                        ));
                    }
                    if let ResKind::Mutex { reentrant: true } = res.kind {
                        if f.held.contains(&res.name) {
                            return Err(self.error(&item.context_expr, format!("`{}` is an RLock taken again by the thread that holds it", res.name), "Interleave's locks are not re-entrant: take it once, around the whole block"));
                        }
                        f.held.push(res.name.clone());
                        held += 1;
                    }
                    let (take, give) = self.take_and_give(&res, at)?;
                    out.push(take);
                    releases.push(give);
                }
                Value::Executor => {
                    if let Some(as_name) =
                        item.optional_vars.as_deref().and_then(|v| v.as_name_expr())
                    {
                        f.locals
                            .insert(as_name.id.as_str().to_string(), Value::Executor);
                    }
                    f.submitted.push(Vec::new());
                    executors += 1;
                }
                _ => return Err(self.error(
                    &item.context_expr,
                    "`with` works here on a lock, a semaphore, a condition or a ThreadPoolExecutor",
                    "acquire other things explicitly",
                )),
            }
        }
        self.block(f, &w.body, out)?;
        for _ in 0..executors {
            // Leaving `with ThreadPoolExecutor(…)` waits for every job it was given.
            let jobs = f.submitted.pop().unwrap_or_default();
            if !jobs.is_empty() {
                let refs = jobs.iter().map(|j| self.task_ref(j, at)).collect();
                out.push(step(StepKind::Join(refs), at));
            }
        }
        out.extend(releases.into_iter().rev());
        for _ in 0..held {
            f.held.pop();
        }
        Ok(())
    }

    /// `async with asyncio.timeout(1):`, or a `with` whose line ends in
    /// `# interleave: timeout 1s` (a thread's timeout, which Python cannot impose).
    fn timeout_of(
        &mut self,
        f: &mut Frame,
        w: &'s ruff_python_ast::StmtWith,
    ) -> R<Option<model::Micros>> {
        let header_end = self.lines.line_end(w.start());
        if let Some(m) = self
            .markers_between(w.start(), header_end)
            .into_iter()
            .next()
        {
            if let Some(d) = m
                .text
                .strip_prefix("timeout ")
                .and_then(|d| model::parse_duration(d.trim()))
            {
                return Ok(Some(d));
            }
        }
        let [item] = w.items.as_slice() else {
            return Ok(None);
        };
        let Some(call) = item.context_expr.as_call_expr() else {
            return Ok(None);
        };
        if self.qualified(&call.func).as_deref() != Some("asyncio.timeout") {
            return Ok(None);
        }
        if !w.is_async {
            return Err(self.error(
                &item.context_expr,
                "use `async with asyncio.timeout(…)`",
                "asyncio.timeout is an async context manager",
            ));
        }
        let mut ignored = Vec::new();
        let limit = match call.arguments.args.first() {
            Some(e) => self.eval(f, e, &mut ignored)?,
            None => Value::None,
        };
        match limit {
            Value::Int(n) if n >= 0 => Ok(Some(n as u64 * 1_000_000)),
            Value::Float(x) if (0.0..1e7).contains(&x) => Ok(Some((x * 1e6).round() as u64)),
            _ => Err(self.error(
                call,
                "a timeout here is a number of seconds written in the program",
                "write `asyncio.timeout(1.5)`",
            )),
        }
    }

    /// The steps that take and give back a resource used with `with`.
    pub(super) fn take_and_give(&self, res: &super::value::ResRef, at: Pos) -> R<(Step, Step)> {
        let name = |n: &str| model::NameRef {
            name: n.to_string(),
            pos: at,
        };
        Ok(match &res.kind {
            ResKind::Mutex { .. } => (
                step(StepKind::Lock(name(&res.name)), at),
                step(StepKind::Unlock(name(&res.name)), at),
            ),
            ResKind::Condvar { lock } => (
                step(StepKind::Lock(name(lock)), at),
                step(StepKind::Unlock(name(lock)), at),
            ),
            ResKind::Semaphore => (
                step(
                    StepKind::Acquire {
                        sem: name(&res.name),
                        n: 1,
                    },
                    at,
                ),
                step(
                    StepKind::Release {
                        sem: name(&res.name),
                        n: 1,
                    },
                    at,
                ),
            ),
            ResKind::Queue | ResKind::Event => {
                return Err(Diagnostic::error(
                    at,
                    format!("`{}` cannot be used with `with`", res.name),
                ))
            }
        })
    }

    fn try_stmt(
        &mut self,
        f: &mut Frame,
        stmt: &'s Stmt,
        t: &'s ruff_python_ast::StmtTry,
        out: &mut Vec<Step>,
    ) -> R<()> {
        if !t.finalbody.is_empty() {
            return Err(self.error(
                stmt,
                "`finally` is not supported",
                "put the clean-up after the try and at the end of the except",
            ));
        }
        if !t.orelse.is_empty() || t.is_star {
            return Err(self.error(
                stmt,
                "`try … else` and `except*` are not supported",
                "move the else part to the end of the try",
            ));
        }
        let [handler] = t.handlers.as_slice() else {
            return Err(self.error(
                stmt,
                "a `try` here has exactly one `except`",
                "catch `Exception` once and handle every failure there",
            ));
        };
        let handler = handler.as_except_handler().expect("one kind of handler");
        let at = self.pos(stmt);
        let mut body = Vec::new();
        self.block(f, &t.body, &mut body)?;
        if let Some(kind) = handler.type_.as_deref() {
            let text = self.lines.snippet(kind);
            if !matches!(text.as_str(), "Exception" | "BaseException") {
                self.notes.push(Diagnostic::warning(
                    self.pos(kind),
                    format!(
                        "`except {text}` catches every failure in the scenario, not only {text}"
                    ),
                ));
            }
        }
        if let Some(name) = &handler.name {
            f.locals.insert(
                name.as_str().to_string(),
                Value::Opaque(name.as_str().to_string()),
            );
        }
        let mut catch = Vec::new();
        self.block(f, &handler.body, &mut catch)?;
        out.push(step(StepKind::Try { body, catch }, at));
        Ok(())
    }

    fn raise(
        &mut self,
        f: &mut Frame,
        stmt: &'s Stmt,
        r: &'s ruff_python_ast::StmtRaise,
        out: &mut Vec<Step>,
    ) -> R<()> {
        let Some(exc) = r.exc.as_deref() else {
            return Err(self.error(
                stmt,
                "a bare `raise` (re-raising) is not supported",
                "raise a new error: `raise RuntimeError(\"…\")`",
            ));
        };
        let message = match exc {
            Expr::Call(call) => match call.arguments.args.first() {
                Some(arg) => match self.eval(f, arg, out)? {
                    v @ (Value::Str(_) | Value::Int(_) | Value::Float(_)) => {
                        v.shown().expect("a literal")
                    }
                    _ => self.lines.snippet(arg).to_string(),
                },
                None => self.lines.snippet(&*call.func).to_string(),
            },
            other => self.lines.snippet(other).to_string(),
        };
        out.push(step(StepKind::Fail(clip(&message)), self.pos(stmt)));
        Ok(())
    }

    pub(super) fn task_ref(&self, name: &str, at: Pos) -> model::TaskRef {
        model::TaskRef {
            name: name.to_string(),
            replica: None,
            pos: at,
        }
    }
}

/// Arithmetic on what the reader knows: numbers, and the register plus or minus a number.
pub(super) fn arithmetic(left: Value, op: Operator, right: Value) -> Option<Value> {
    use Value as V;
    let sign = match op {
        Operator::Add => 1,
        Operator::Sub => -1,
        _ => 0,
    };
    match (left, right) {
        (
            V::Register {
                var,
                generation,
                offset,
            },
            V::Int(n),
        ) if sign != 0 => Some(V::Register {
            var,
            generation,
            offset: offset.checked_add(sign * n)?,
        }),
        (V::Int(a), V::Int(b)) => match op {
            Operator::Add => a.checked_add(b).map(V::Int),
            Operator::Sub => a.checked_sub(b).map(V::Int),
            Operator::Mult => a.checked_mul(b).map(V::Int),
            Operator::FloorDiv if b != 0 => Some(V::Int(a.div_euclid(b))),
            Operator::Div if b != 0 => Some(V::Float(a as f64 / b as f64)),
            _ => None,
        },
        (a @ (V::Int(_) | V::Float(_)), b @ (V::Int(_) | V::Float(_))) => {
            let (x, y) = (as_float(&a)?, as_float(&b)?);
            match op {
                Operator::Add => Some(V::Float(x + y)),
                Operator::Sub => Some(V::Float(x - y)),
                Operator::Mult => Some(V::Float(x * y)),
                Operator::Div if y != 0.0 => Some(V::Float(x / y)),
                _ => None,
            }
        }
        (V::Str(a), V::Str(b)) if op == Operator::Add => Some(V::Str(a + &b)),
        _ => None,
    }
}

fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Int(n) => Some(*n as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

/// Whether `text` uses `name` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    let is_word = |c: char| c == '_' || c.is_alphanumeric();
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

fn first_word(text: &str) -> &str {
    text.split(|c: char| !(c == '_' || c.is_alphanumeric()))
        .next()
        .unwrap_or(text)
}

/// A text cut to the language's string limit.
pub(super) fn clip(text: &str) -> String {
    text.chars().take(model::limits::MAX_STRING_CHARS).collect()
}

/// Steps parsed from a marker take the marker's position, nested ones too.
fn place(steps: &mut [Step], at: Pos) {
    for s in steps {
        s.pos = at;
        match &mut s.kind {
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => place(body, at),
            StepKind::Try { body, catch } => {
                place(body, at);
                place(catch, at);
            }
            _ => {}
        }
    }
}
