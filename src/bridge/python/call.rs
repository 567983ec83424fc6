//! Expressions and calls: the asyncio, threading, queue and pool surface the importer knows.

use super::module::{literal, task_word};
use super::stmt::{arithmetic, clip, step, Frame};
use super::value::{Family, ResKind, ResRef, Value};
use super::{Importer, MAX_EXPRESSION_DEPTH, MAX_UNROLL, R};
use crate::model::{
    self, Diagnostic, Micros, NameRef, Pos, ResourceKind, Start, Step, StepKind, TaskDecl, TaskKind,
};
use ruff_python_ast::{Expr, ExprCall, FStringPart, InterpolatedStringElement};

/// What a call calls.
enum Callee {
    /// A library function or class, by qualified name (`asyncio.sleep`), or a builtin.
    Library(String),
    /// A function of the program.
    Function(String),
    /// A function named as CPU work of this length.
    Cpu(String, Micros),
    /// A method of a value.
    Method(Value, String),
}

const BUILTINS: [&str; 3] = ["print", "range", "list"];

impl<'s> Importer<'s> {
    pub(super) fn eval(&mut self, f: &mut Frame, e: &'s Expr, out: &mut Vec<Step>) -> R<Value> {
        // A program is read by recursion over its expressions: a bound keeps a hostile one
        // (20,000 terms in one sum) from overflowing the stack.
        if self.expression_depth >= MAX_EXPRESSION_DEPTH {
            return Err(self.error(
                e,
                "this expression is nested too deeply",
                "split it into smaller ones",
            ));
        }
        self.expression_depth += 1;
        let value = self.eval_inner(f, e, out);
        self.expression_depth -= 1;
        value
    }

    fn eval_inner(&mut self, f: &mut Frame, e: &'s Expr, out: &mut Vec<Step>) -> R<Value> {
        if let Some(v) = literal(e) {
            return Ok(v);
        }
        match e {
            Expr::Await(a) => {
                if f.kind != TaskKind::Async {
                    return Err(self.error(
                        e,
                        "`await` outside an `async def`",
                        "await only inside coroutines",
                    ));
                }
                match &*a.value {
                    Expr::Call(call) => self.call(f, call, out, true),
                    other => {
                        let at = self.pos(e);
                        match self.eval(f, other, out)? {
                            Value::Task(t) => {
                                out.push(step(StepKind::Join(vec![self.task_ref(&t, at)]), at));
                                Ok(Value::Opaque(format!("the result of {t}")))
                            }
                            Value::Coroutine { func, args, .. } => {
                                self.follow(f, &func, args, at, out)
                            }
                            _ => Err(self.error(
                                other,
                                "only tasks and coroutines can be awaited here",
                                "await a task, a coroutine, or an asyncio call",
                            )),
                        }
                    }
                }
            }
            Expr::Call(call) => self.call(f, call, out, false),
            Expr::Name(n) => self.name_value(f, n.id.as_str(), e, out),
            Expr::Attribute(_) => self.qualified(e).map(Value::Library).ok_or_else(|| {
                self.error(
                    e,
                    format!("`{}` is not supported here", self.lines.snippet(e)),
                    "use it in a call Interleave knows",
                )
            }),
            Expr::FString(fs) => {
                let mut text = String::new();
                for part in fs.value.as_slice() {
                    match part {
                        FStringPart::Literal(l) => text.push_str(&l.value),
                        FStringPart::FString(inner) => {
                            for element in inner.elements.iter() {
                                match element {
                                    InterpolatedStringElement::Literal(l) => {
                                        text.push_str(&l.value)
                                    }
                                    InterpolatedStringElement::Interpolation(i) => {
                                        let v = self.eval(f, &i.expression, out)?;
                                        text.push_str(&self.shown(&v, &i.expression));
                                    }
                                }
                            }
                        }
                    }
                }
                Ok(Value::Str(text))
            }
            Expr::List(l) => self.elements(f, &l.elts, out),
            Expr::Tuple(t) => self.elements(f, &t.elts, out),
            Expr::ListComp(lc) => {
                let [generator] = lc.generators.as_slice() else {
                    return Err(self.error(
                        e,
                        "a list comprehension here has one `for`",
                        "write a loop instead",
                    ));
                };
                let Expr::Name(target) = &generator.target else {
                    return Err(self.error(
                        &generator.target,
                        "a comprehension's variable must be one name",
                        "write `for i in range(N)`",
                    ));
                };
                if !generator.ifs.is_empty() || generator.is_async {
                    return Err(self.error(
                        e,
                        "`if` and `async for` in a comprehension are not supported",
                        "write a loop instead",
                    ));
                }
                let items = match self.range_count(&generator.iter)? {
                    Some(n) if n > MAX_UNROLL => {
                        return Err(self.error(
                            &generator.iter,
                            format!("{n} items is more than {MAX_UNROLL}"),
                            "use a smaller count",
                        ))
                    }
                    Some(n) => (0..n).map(Value::Int).collect(),
                    None => match self.eval(f, &generator.iter, out)? {
                        Value::List(items) => items,
                        _ => {
                            return Err(self.error(
                                &generator.iter,
                                "a comprehension runs over `range(N)` or a list",
                                "build the list first",
                            ))
                        }
                    },
                };
                let var = target.id.as_str().to_string();
                let saved = f.locals.get(&var).cloned();
                let mut values = Vec::new();
                for item in items {
                    f.locals.insert(var.clone(), item);
                    values.push(self.eval(f, &lc.elt, out)?);
                }
                match saved {
                    Some(v) => f.locals.insert(var, v),
                    None => f.locals.remove(&var),
                };
                Ok(Value::List(values))
            }
            Expr::BinOp(b) => {
                let left = self.eval(f, &b.left, out)?;
                let right = self.eval(f, &b.right, out)?;
                arithmetic(left, b.op, right).ok_or_else(|| self.error(e, "this arithmetic is not supported", "use numbers written in the program, or a value just read plus or minus a number"))
            }
            _ => Err(self.error(
                e,
                format!("`{}` is not supported", self.lines.snippet(e)),
                "see docs/BRIDGE.md for what Interleave reads",
            )),
        }
    }

    fn elements(&mut self, f: &mut Frame, elts: &'s [Expr], out: &mut Vec<Step>) -> R<Value> {
        let mut values = Vec::new();
        for e in elts {
            values.push(self.eval(f, e, out)?);
        }
        Ok(Value::List(values))
    }

    /// A name read in an expression; reading a shared variable is a `load`.
    fn name_value(
        &mut self,
        f: &mut Frame,
        name: &str,
        e: &'s Expr,
        out: &mut Vec<Step>,
    ) -> R<Value> {
        if let Some(v) = f.locals.get(name) {
            return Ok(v.clone());
        }
        if self.is_shared_var(f, name) {
            let at = self.pos(e);
            out.push(step(
                StepKind::Load(NameRef {
                    name: name.to_string(),
                    pos: at,
                }),
                at,
            ));
            f.generation += 1;
            return Ok(Value::Register {
                var: name.to_string(),
                generation: f.generation,
                offset: 0,
            });
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        if self.functions.contains_key(name) {
            return Ok(Value::Function(name.to_string()));
        }
        if let Some(q) = self.aliases.get(name) {
            return Ok(Value::Library(q.clone()));
        }
        Err(self.error(
            e,
            format!("`{name}` is not defined here"),
            "define it in the program with a value written out",
        ))
    }

    /// The text `print` shows for a value; what the scenario does not model shows as its source.
    fn shown(&mut self, v: &Value, e: &Expr) -> String {
        v.shown().unwrap_or_else(|| {
            let text = self.lines.snippet(e);
            self.notes.push(Diagnostic::warning(
                self.pos(e),
                format!("the log shows `{{{text}}}`: its value is not known before the run"),
            ));
            format!("{{{text}}}")
        })
    }

    /// A library path for a name or attribute chain rooted at an import.
    pub(super) fn qualified(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Name(n) => self.aliases.get(n.id.as_str()).cloned(),
            Expr::Attribute(a) => {
                Some(format!("{}.{}", self.qualified(&a.value)?, a.attr.as_str()))
            }
            _ => None,
        }
    }

    fn callee(&mut self, f: &mut Frame, func: &'s Expr, out: &mut Vec<Step>) -> R<Callee> {
        if let Expr::Name(n) = func {
            let name = n.id.as_str();
            if let Some(us) = self.cpu.get(name) {
                return Ok(Callee::Cpu(name.to_string(), *us));
            }
            if !f.locals.contains_key(name) {
                if self.functions.contains_key(name) {
                    return Ok(Callee::Function(name.to_string()));
                }
                if BUILTINS.contains(&name) {
                    return Ok(Callee::Library(name.to_string()));
                }
            }
        }
        if let Some(q) = self.qualified(func) {
            return Ok(Callee::Library(q));
        }
        match func {
            Expr::Attribute(a) => {
                let recv = self.eval(f, &a.value, out)?;
                Ok(Callee::Method(recv, a.attr.as_str().to_string()))
            }
            Expr::Name(n) => match f.locals.get(n.id.as_str()) {
                Some(Value::Function(name)) => Ok(Callee::Function(name.clone())),
                Some(Value::Library(q)) => Ok(Callee::Library(q.clone())),
                _ => Err(unknown_call(self.pos(func), &self.lines.snippet(func))),
            },
            _ => Err(unknown_call(self.pos(func), &self.lines.snippet(func))),
        }
    }

    pub(super) fn call(
        &mut self,
        f: &mut Frame,
        call: &'s ExprCall,
        out: &mut Vec<Step>,
        awaited: bool,
    ) -> R<Value> {
        let at = self.pos(call);
        let callee = self.callee(f, &call.func, out)?;
        match callee {
            Callee::Cpu(name, us) => {
                out.push(step(
                    StepKind::Compute {
                        dur: us,
                        label: Some(name),
                    },
                    at,
                ));
                Ok(Value::None)
            }
            Callee::Function(name) => {
                let args = self.arguments(f, call, out)?;
                let is_async = self.functions[name.as_str()].is_async;
                if is_async && !awaited {
                    return Ok(Value::Coroutine {
                        func: name,
                        args,
                        pos: at,
                    });
                }
                if !is_async && awaited {
                    return Err(self.error(
                        call,
                        format!("`{name}` is a plain function: it cannot be awaited"),
                        "drop the await, or make it `async def`",
                    ));
                }
                self.follow(f, &name, args, at, out)
            }
            Callee::Library(q) => self.library(f, call, &q, out, awaited, at),
            Callee::Method(recv, method) => self.method(f, call, recv, &method, out, awaited, at),
        }
    }

    /// The positional arguments' values (keywords are read by the calls that take them).
    fn arguments(
        &mut self,
        f: &mut Frame,
        call: &'s ExprCall,
        out: &mut Vec<Step>,
    ) -> R<Vec<Value>> {
        let mut values = Vec::new();
        for a in call.arguments.args.iter() {
            match a {
                Expr::Starred(s) => match self.eval(f, &s.value, out)? {
                    Value::List(items) => values.extend(items),
                    _ => {
                        return Err(self.error(
                            a,
                            "only a list can be unpacked with `*`",
                            "unpack a list of tasks",
                        ))
                    }
                },
                other => values.push(self.eval(f, other, out)?),
            }
        }
        Ok(values)
    }

    fn keyword(
        &mut self,
        f: &mut Frame,
        call: &'s ExprCall,
        name: &str,
        position: usize,
        out: &mut Vec<Step>,
    ) -> R<Option<Value>> {
        match call.arguments.find_argument_value(name, position) {
            Some(e) => Ok(Some(self.eval(f, e, out)?)),
            None => Ok(None),
        }
    }

    /// A call of the program's own function: its body runs here, in the caller's task.
    pub(super) fn follow(
        &mut self,
        f: &mut Frame,
        func: &str,
        args: Vec<Value>,
        at: Pos,
        out: &mut Vec<Step>,
    ) -> R<Value> {
        let def = self.functions[func];
        if self.following.iter().any(|g| g == func) {
            return Err(Diagnostic::error(at, format!("`{func}` calls itself"))
                .with_hint("recursion is not supported: write the steps out"));
        }
        let mut inner = Frame::new(f.kind);
        self.bind(&mut inner, def, args, at)?;
        self.following.push(func.to_string());
        let result = self.block(&mut inner, &def.body, out);
        self.following.pop();
        result?;
        // The caller's register is the same register: a read inside stays visible after.
        f.generation = f.generation.max(inner.generation) + 1;
        Ok(Value::Opaque(format!("the result of {func}()")))
    }

    fn bind(
        &mut self,
        frame: &mut Frame,
        def: &ruff_python_ast::StmtFunctionDef,
        args: Vec<Value>,
        at: Pos,
    ) -> R<()> {
        let params = &def.parameters;
        if params.vararg.is_some() || params.kwarg.is_some() || !params.kwonlyargs.is_empty() {
            return Err(Diagnostic::error(
                self.pos(&**params),
                "`*args`, `**kwargs` and keyword-only parameters are not supported",
            )
            .with_hint("list the parameters one by one"));
        }
        let all: Vec<_> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .collect();
        if args.len() > all.len() {
            return Err(Diagnostic::error(
                at,
                format!(
                    "`{}` takes {} argument(s), given {}",
                    def.name.as_str(),
                    all.len(),
                    args.len()
                ),
            ));
        }
        let mut args = args.into_iter();
        for p in all {
            let v = match args.next() {
                Some(v) => v,
                None => match p.default.as_deref().and_then(literal) {
                    Some(v) => v,
                    None => {
                        return Err(Diagnostic::error(
                            at,
                            format!(
                                "`{}` needs a value for `{}`",
                                def.name.as_str(),
                                p.parameter.name.as_str()
                            ),
                        ))
                    }
                },
            };
            frame
                .locals
                .insert(p.parameter.name.as_str().to_string(), v);
        }
        Ok(())
    }

    /// Declares a task that runs `func(args)`, and returns its name.
    pub(super) fn new_task(
        &mut self,
        kind: TaskKind,
        func: &str,
        args: Vec<Value>,
        at: Pos,
        name: Option<String>,
        start: Start,
    ) -> R<String> {
        let Some(def) = self.functions.get(func).copied() else {
            return Err(Diagnostic::error(
                at,
                format!("`{func}` is not a function of this program"),
            )
            .with_hint("a task runs a function defined in the program"));
        };
        if def.is_async != (kind == TaskKind::Async) {
            let hint = if def.is_async {
                "a thread, a job or a process runs a plain `def`; start a coroutine with asyncio.create_task"
            } else {
                "asyncio runs coroutines: make it `async def`"
            };
            return Err(Diagnostic::error(
                at,
                format!("`{func}` cannot run as {} task", task_word(kind)),
            )
            .with_hint(hint));
        }
        if self.following.iter().any(|g| g == func) {
            return Err(
                Diagnostic::error(at, format!("`{func}` starts another copy of itself"))
                    .with_hint("recursion is not supported: start the copies from one place"),
            );
        }
        // A task is named as the program names it: by its string argument (`任务1`), then by
        // that and its function when the name is taken (a thread started with the same
        // argument as a coroutine: `任务1_concurrent_task`), else by its function.
        let base = match (name, args.first()) {
            (Some(given), _) => sanitize(&given),
            (None, Some(Value::Str(s))) if !s.trim().is_empty() => {
                let by_argument = sanitize(s);
                match self.names.contains(&by_argument) {
                    true => format!("{by_argument}_{func}"),
                    false => by_argument,
                }
            }
            (None, Some(Value::Int(n))) => format!("{func}_{n}"),
            (None, _) => func.to_string(),
        };
        let name = self.unique(&base);
        self.declare_name(&name, at)?;
        let index = self.scenario.tasks.len();
        self.scenario.tasks.push(TaskDecl {
            kind,
            name: name.clone(),
            replicas: None,
            start,
            priority: 0,
            body: Vec::new(),
            pos: at,
        });
        let mut frame = Frame::new(kind);
        self.bind(&mut frame, def, args, at)?;
        let mut body = Vec::new();
        self.following.push(func.to_string());
        let result = self.block(&mut frame, &def.body, &mut body);
        self.following.pop();
        result?;
        self.scenario.tasks[index].body = super::stmt::tidy(body);
        Ok(name)
    }

    /// `base`, or `base_2`, `base_3`, … when taken.
    fn unique(&mut self, base: &str) -> String {
        if !self.names.contains(base) {
            return base.to_string();
        }
        let n = self.next_suffix.entry(base.to_string()).or_insert(2);
        loop {
            let name = format!("{base}_{n}");
            *n += 1;
            if !self.names.contains(&name) {
                return name;
            }
        }
    }

    fn new_resource(&mut self, f: &Frame, default: &str, kind: ResourceKind, at: Pos) -> R<String> {
        let base = f.naming.clone().unwrap_or_else(|| default.to_string());
        let name = self.unique(&base);
        self.declare_resource(&name, kind, at)?;
        Ok(name)
    }

    fn needs_await(&self, call: &ExprCall, what: &str, awaited: bool) -> R<()> {
        if awaited {
            return Ok(());
        }
        Err(self.error(
            call,
            format!("`{what}` is not awaited, so in Python it would do nothing"),
            &format!("write `await {}`", self.lines.snippet(call)),
        ))
    }

    fn no_await(&self, call: &ExprCall, awaited: bool) -> R<()> {
        if awaited {
            return Err(self.error(
                call,
                format!("`{}` cannot be awaited", self.lines.snippet(&*call.func)),
                "drop the await",
            ));
        }
        Ok(())
    }

    fn duration(&self, v: &Value, e: &ExprCall) -> R<Micros> {
        let seconds = match v {
            Value::Int(n) => *n as f64,
            Value::Float(x) => *x,
            _ => {
                return Err(self.error(
                    e,
                    "a duration here is a number of seconds written in the program",
                    "write `asyncio.sleep(0.5)`, or pass the number as an argument",
                ))
            }
        };
        if !(0.0..=1e7).contains(&seconds) {
            return Err(self.error(
                e,
                "a duration is between 0 and 10,000,000 seconds",
                "use a smaller number",
            ));
        }
        Ok((seconds * 1e6).round() as Micros)
    }

    #[allow(clippy::too_many_arguments)]
    fn library(
        &mut self,
        f: &mut Frame,
        call: &'s ExprCall,
        q: &str,
        out: &mut Vec<Step>,
        awaited: bool,
        at: Pos,
    ) -> R<Value> {
        let family = if q.starts_with("asyncio.") {
            Family::Asyncio
        } else {
            Family::Threading
        };
        match q {
            "print" => {
                self.no_await(call, awaited)?;
                let mut parts = Vec::new();
                for a in call.arguments.args.iter() {
                    let v = self.eval(f, a, out)?;
                    parts.push(self.shown(&v, a));
                }
                out.push(step(StepKind::Log(clip(&parts.join(" "))), at));
                Ok(Value::None)
            }
            "range" => match self.range_count(&Expr::Call(call.clone()))? {
                Some(n) if n <= MAX_UNROLL => Ok(Value::List((0..n).map(Value::Int).collect())),
                _ => Err(self.error(
                    call,
                    format!("a list from `range` has at most {MAX_UNROLL} items"),
                    "use a smaller count",
                )),
            },
            "list" => match self.arguments(f, call, out)?.pop() {
                Some(Value::JobResults(jobs)) => {
                    let refs = jobs.iter().map(|j| self.task_ref(j, at)).collect();
                    out.push(step(StepKind::Join(refs), at));
                    f.joined(&jobs);
                    Ok(Value::List(
                        jobs.iter()
                            .map(|j| Value::Opaque(format!("the result of {j}")))
                            .collect(),
                    ))
                }
                Some(Value::List(items)) => Ok(Value::List(items)),
                _ => Err(self.error(
                    call,
                    "`list(…)` is supported on `executor.map(…)` and lists",
                    "build the list directly",
                )),
            },
            "asyncio.sleep" => {
                self.needs_await(call, "asyncio.sleep", awaited)?;
                let v = self
                    .keyword(f, call, "delay", 0, out)?
                    .unwrap_or(Value::Int(0));
                let dur = self.duration(&v, call)?;
                // `asyncio.sleep(0)` is Python's way to let the others run: a yield.
                out.push(step(
                    if dur == 0 {
                        StepKind::Yield
                    } else {
                        StepKind::Sleep { dur, label: None }
                    },
                    at,
                ));
                Ok(Value::None)
            }
            "time.sleep" => {
                let v = self
                    .keyword(f, call, "secs", 0, out)?
                    .unwrap_or(Value::Int(0));
                let dur = self.duration(&v, call)?;
                if f.kind == TaskKind::Async {
                    self.notes.push(Diagnostic::warning(at, "`time.sleep` in a coroutine blocks the whole event loop: it becomes a `compute`, which holds the loop").with_hint("`await asyncio.sleep(…)` lets the other coroutines run"));
                    out.push(step(
                        StepKind::Compute {
                            dur,
                            label: Some("time.sleep".into()),
                        },
                        at,
                    ));
                } else {
                    out.push(step(StepKind::Sleep { dur, label: None }, at));
                }
                Ok(Value::None)
            }
            "asyncio.create_task" | "asyncio.ensure_future" => {
                self.no_await(call, awaited)?;
                let name = self
                    .keyword(f, call, "name", 99, out)?
                    .and_then(|v| v.shown());
                match self.arguments(f, call, out)?.into_iter().next() {
                    Some(Value::Coroutine { func, args, pos }) => {
                        let task =
                            self.new_task(TaskKind::Async, &func, args, pos, name, Start::OnSpawn)?;
                        out.push(step(StepKind::Spawn(vec![self.task_ref(&task, at)]), at));
                        Ok(Value::Task(task))
                    }
                    _ => Err(self.error(
                        call,
                        format!("`{q}` takes a coroutine: a call of an `async def`"),
                        "write `asyncio.create_task(work())`",
                    )),
                }
            }
            "asyncio.gather" => {
                self.needs_await(call, "asyncio.gather", awaited)?;
                if call.arguments.find_keyword("return_exceptions").is_some() {
                    return Err(self.error(
                        call,
                        "`return_exceptions` is not supported",
                        "catch failures inside each task with try/except",
                    ));
                }
                let mut fresh = Vec::new();
                let mut all = Vec::new();
                for v in self.arguments(f, call, out)? {
                    match v {
                        Value::Coroutine { func, args, pos } => {
                            let t = self.new_task(
                                TaskKind::Async,
                                &func,
                                args,
                                pos,
                                None,
                                Start::OnSpawn,
                            )?;
                            fresh.push(t.clone());
                            all.push(t);
                        }
                        Value::Task(t) => all.push(t),
                        _ => {
                            return Err(self.error(
                                call,
                                "`asyncio.gather` takes coroutines and tasks",
                                "pass calls of `async def` functions or created tasks",
                            ))
                        }
                    }
                }
                let refs = |names: &[String]| {
                    names
                        .iter()
                        .map(|n| self.task_ref(n, at))
                        .collect::<Vec<_>>()
                };
                if fresh.len() == all.len() {
                    out.push(step(StepKind::Gather(refs(&all)), at));
                } else {
                    if !fresh.is_empty() {
                        out.push(step(StepKind::Spawn(refs(&fresh)), at));
                    }
                    out.push(step(StepKind::Join(refs(&all)), at));
                }
                Ok(Value::List(
                    all.iter()
                        .map(|t| Value::Opaque(format!("the result of {t}")))
                        .collect(),
                ))
            }
            "asyncio.wait_for" => {
                self.needs_await(call, "asyncio.wait_for", awaited)?;
                let what = self.keyword(f, call, "fut", 0, out)?;
                let limit = self
                    .keyword(f, call, "timeout", 1, out)?
                    .unwrap_or(Value::None);
                let dur = self.duration(&limit, call)?;
                let mut body = Vec::new();
                match what {
                    Some(Value::Coroutine { func, args, pos }) => {
                        self.follow(f, &func, args, pos, &mut body)?;
                    }
                    Some(Value::Task(t)) => {
                        body.push(step(StepKind::Join(vec![self.task_ref(&t, at)]), at))
                    }
                    _ => {
                        return Err(self.error(
                            call,
                            "`asyncio.wait_for` takes a coroutine or a task",
                            "write `await asyncio.wait_for(work(), timeout=1)`",
                        ))
                    }
                }
                out.push(step(StepKind::Timeout { dur, body }, at));
                Ok(Value::Opaque("the result".into()))
            }
            "asyncio.run" => {
                if f.kind == TaskKind::Async {
                    return Err(self.error(
                        call,
                        "`asyncio.run` inside a coroutine",
                        "await the coroutine instead",
                    ));
                }
                match self.arguments(f, call, out)?.into_iter().next() {
                    Some(Value::Coroutine { func, args, pos }) => {
                        let task =
                            self.new_task(TaskKind::Async, &func, args, pos, None, Start::OnSpawn)?;
                        out.push(step(StepKind::Gather(vec![self.task_ref(&task, at)]), at));
                        Ok(Value::Opaque(format!("the result of {task}")))
                    }
                    _ => Err(self.error(
                        call,
                        "`asyncio.run` takes a coroutine",
                        "write `asyncio.run(main())`",
                    )),
                }
            }
            "asyncio.Lock" | "threading.Lock" | "threading.RLock" => {
                let reentrant = q == "threading.RLock";
                let name = self.new_resource(f, "lock", ResourceKind::Mutex, at)?;
                if reentrant {
                    self.notes.push(Diagnostic::warning(at, format!("`{name}` is an RLock: here it is a mutex, and taking it again while holding it is refused")));
                }
                Ok(Value::Res(ResRef {
                    name,
                    kind: ResKind::Mutex { reentrant },
                    family,
                }))
            }
            "asyncio.Semaphore"
            | "asyncio.BoundedSemaphore"
            | "threading.Semaphore"
            | "threading.BoundedSemaphore" => {
                let permits = match self
                    .keyword(f, call, "value", 0, out)?
                    .unwrap_or(Value::Int(1))
                {
                    Value::Int(n) if (0..=i64::from(u32::MAX)).contains(&n) => n as u32,
                    _ => {
                        return Err(self.error(
                            call,
                            "a semaphore's size is a whole number written in the program",
                            "write `Semaphore(3)`",
                        ))
                    }
                };
                let name =
                    self.new_resource(f, "semaphore", ResourceKind::Semaphore { permits }, at)?;
                Ok(Value::Res(ResRef {
                    name,
                    kind: ResKind::Semaphore,
                    family,
                }))
            }
            "asyncio.Condition" | "threading.Condition" => {
                let given = self.keyword(f, call, "lock", 0, out)?;
                let name = self.new_resource(f, "condition", ResourceKind::Condvar, at)?;
                let lock = match given {
                    Some(Value::Res(ResRef {
                        name,
                        kind: ResKind::Mutex { .. },
                        ..
                    })) => name,
                    None => {
                        let lock = self.unique(&format!("{name}_lock"));
                        self.declare_resource(&lock, ResourceKind::Mutex, at)?;
                        lock
                    }
                    Some(_) => {
                        return Err(self.error(
                            call,
                            "a condition's lock must be a Lock",
                            "pass a lock made with Lock()",
                        ))
                    }
                };
                Ok(Value::Res(ResRef {
                    name,
                    kind: ResKind::Condvar { lock },
                    family,
                }))
            }
            "asyncio.Event" | "threading.Event" => {
                let name =
                    self.new_resource(f, "event", ResourceKind::Channel { capacity: None }, at)?;
                self.notes.push(Diagnostic::warning(at, format!("the event `{name}` is a channel: `set()` closes it and `wait()` returns once it is closed")));
                Ok(Value::Res(ResRef {
                    name,
                    kind: ResKind::Event,
                    family,
                }))
            }
            "asyncio.Queue" | "queue.Queue" | "multiprocessing.Queue" => {
                let capacity = match self
                    .keyword(f, call, "maxsize", 0, out)?
                    .unwrap_or(Value::Int(0))
                {
                    // Python's 0 (or less) is an unbounded queue.
                    Value::Int(n) if n <= 0 => None,
                    Value::Int(n) if n <= i64::from(u32::MAX) => Some(n as u32),
                    _ => {
                        return Err(self.error(
                            call,
                            "a queue's maxsize is a whole number written in the program",
                            "write `Queue(maxsize=2)`",
                        ))
                    }
                };
                let name = self.new_resource(f, "queue", ResourceKind::Channel { capacity }, at)?;
                Ok(Value::Res(ResRef {
                    name,
                    kind: ResKind::Queue,
                    family,
                }))
            }
            "threading.Thread" | "multiprocessing.Process" => {
                let kind = if q == "threading.Thread" {
                    TaskKind::Thread
                } else {
                    TaskKind::Process
                };
                let Some(Value::Function(func)) = self.keyword(f, call, "target", 99, out)? else {
                    return Err(self.error(
                        call,
                        format!("`{q}` needs `target=` naming a function of the program"),
                        "write `Thread(target=work, args=(1,))`",
                    ));
                };
                let args = match self.keyword(f, call, "args", 99, out)? {
                    Some(Value::List(items)) => items,
                    None => Vec::new(),
                    Some(_) => {
                        return Err(self.error(call, "`args=` is a tuple", "write `args=(1,)`"))
                    }
                };
                let name = self
                    .keyword(f, call, "name", 99, out)?
                    .and_then(|v| v.shown());
                let task = self.new_task(kind, &func, args, at, name, Start::OnSpawn)?;
                Ok(Value::Task(task))
            }
            "concurrent.futures.ThreadPoolExecutor" => {
                let workers =
                    match self.keyword(f, call, "max_workers", 0, out)? {
                        Some(Value::Int(n))
                            if (1..=i64::from(model::limits::MAX_WORKERS)).contains(&n) =>
                        {
                            n as u32
                        }
                        Some(_) => {
                            return Err(self.error(
                                call,
                                format!(
                                    "`max_workers` is a whole number from 1 to {}",
                                    model::limits::MAX_WORKERS
                                ),
                                "write `ThreadPoolExecutor(max_workers=4)`",
                            ))
                        }
                        None => return Err(self.error(
                            call,
                            "give the pool its size: `max_workers=N`",
                            "Python's default depends on the machine; a scenario needs a number",
                        )),
                    };
                match self.scenario.runtime.workers {
                    Some(w) if w != workers => Err(self.error(
                        call,
                        format!("a second pool of {workers} workers; the first has {w}"),
                        "a scenario has one pool: use one size",
                    )),
                    _ => {
                        self.scenario.runtime.workers = Some(workers);
                        Ok(Value::Executor)
                    }
                }
            }
            other => Err(unknown_call(at, other)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn method(
        &mut self,
        f: &mut Frame,
        call: &'s ExprCall,
        recv: Value,
        method: &str,
        out: &mut Vec<Step>,
        awaited: bool,
        at: Pos,
    ) -> R<Value> {
        let push = |out: &mut Vec<Step>, kind| out.push(step(kind, at));
        match (&recv, method) {
            (Value::Task(t), "start") => {
                self.no_await(call, awaited)?;
                push(out, StepKind::Spawn(vec![self.task_ref(t, at)]));
                Ok(Value::None)
            }
            (Value::Task(t), "join" | "result") => {
                self.no_await(call, awaited)?;
                push(out, StepKind::Join(vec![self.task_ref(t, at)]));
                f.joined(std::slice::from_ref(t));
                Ok(Value::Opaque(format!("the result of {t}")))
            }
            (Value::Task(t), "cancel") => {
                self.no_await(call, awaited)?;
                push(out, StepKind::Cancel(vec![self.task_ref(t, at)]));
                Ok(Value::None)
            }
            (Value::Res(res), _) => {
                self.resource_method(f, call, res.clone(), method, out, awaited, at)
            }
            (Value::Executor, "submit") => {
                self.no_await(call, awaited)?;
                let mut args = self.arguments(f, call, out)?.into_iter();
                let Some(Value::Function(func)) = args.next() else {
                    return Err(self.error(
                        call,
                        "`submit` takes a function of the program first",
                        "write `executor.submit(work, 1)`",
                    ));
                };
                let job = self.new_task(
                    TaskKind::Job,
                    &func,
                    args.collect(),
                    at,
                    None,
                    Start::OnSpawn,
                )?;
                push(out, StepKind::Spawn(vec![self.task_ref(&job, at)]));
                if let Some(open) = f.submitted.last_mut() {
                    open.push(job.clone());
                }
                Ok(Value::Task(job))
            }
            (Value::Executor, "map") => {
                self.no_await(call, awaited)?;
                let mut args = self.arguments(f, call, out)?.into_iter();
                let (Some(Value::Function(func)), Some(Value::List(items))) =
                    (args.next(), args.next())
                else {
                    return Err(self.error(
                        call,
                        "`map` takes a function of the program and a list",
                        "write `executor.map(work, [1, 2, 3])`",
                    ));
                };
                let mut jobs = Vec::new();
                for item in items {
                    jobs.push(self.new_task(
                        TaskKind::Job,
                        &func,
                        vec![item],
                        at,
                        None,
                        Start::OnSpawn,
                    )?);
                }
                push(
                    out,
                    StepKind::Spawn(jobs.iter().map(|j| self.task_ref(j, at)).collect()),
                );
                if let Some(open) = f.submitted.last_mut() {
                    open.extend(jobs.iter().cloned());
                }
                Ok(Value::JobResults(jobs))
            }
            (Value::Executor, "shutdown") => {
                let jobs = f.submitted.iter().flatten().cloned().collect::<Vec<_>>();
                if !jobs.is_empty() {
                    push(
                        out,
                        StepKind::Join(jobs.iter().map(|j| self.task_ref(j, at)).collect()),
                    );
                }
                Ok(Value::None)
            }
            (Value::List(_), "append") => {
                let Some(local) = call
                    .func
                    .as_attribute_expr()
                    .and_then(|a| a.value.as_name_expr())
                    .map(|n| n.id.as_str().to_string())
                else {
                    return Err(self.error(
                        call,
                        "append to a list held in a name",
                        "write `tasks.append(t)`",
                    ));
                };
                let mut values = self.arguments(f, call, out)?;
                if let Some(Value::List(items)) = f.locals.get_mut(&local) {
                    items.append(&mut values);
                }
                Ok(Value::None)
            }
            _ => Err(unknown_call(at, &self.lines.snippet(&*call.func))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resource_method(
        &mut self,
        f: &mut Frame,
        call: &'s ExprCall,
        res: ResRef,
        method: &str,
        out: &mut Vec<Step>,
        awaited: bool,
        at: Pos,
    ) -> R<Value> {
        let r = |n: &str| NameRef {
            name: n.to_string(),
            pos: at,
        };
        let is_async = res.family == Family::Asyncio;
        // Which methods an asyncio resource awaits (as Python requires).
        let awaits = matches!(
            (&res.kind, method),
            (
                ResKind::Mutex { .. } | ResKind::Semaphore | ResKind::Condvar { .. },
                "acquire"
            ) | (ResKind::Condvar { .. }, "wait")
                | (ResKind::Queue, "put" | "get")
                | (ResKind::Event, "wait")
        );
        if is_async && awaits {
            self.needs_await(call, &format!("{}.{method}()", res.name), awaited)?;
        } else {
            self.no_await(call, awaited)?;
        }
        if is_async && f.kind != TaskKind::Async && awaits {
            return Err(self.error(
                call,
                format!(
                    "`{}` is an asyncio resource, used outside a coroutine",
                    res.name
                ),
                "threads use threading's Lock, Semaphore, Condition and queue.Queue",
            ));
        }
        let kind = match (&res.kind, method) {
            (ResKind::Mutex { .. }, "acquire") => StepKind::Lock(r(&res.name)),
            (ResKind::Mutex { .. }, "release") => StepKind::Unlock(r(&res.name)),
            (ResKind::Semaphore, "acquire") => StepKind::Acquire {
                sem: r(&res.name),
                n: 1,
            },
            (ResKind::Semaphore, "release") => StepKind::Release {
                sem: r(&res.name),
                n: 1,
            },
            (ResKind::Condvar { lock }, "acquire") => StepKind::Lock(r(lock)),
            (ResKind::Condvar { lock }, "release") => StepKind::Unlock(r(lock)),
            (ResKind::Condvar { lock }, "wait") => StepKind::Wait {
                cv: r(&res.name),
                mutex: r(lock),
            },
            (ResKind::Condvar { .. }, "notify") => {
                if !call.arguments.args.is_empty() {
                    return Err(self.error(
                        call,
                        "`notify(n)` is not supported",
                        "call `notify()` n times, or `notify_all()`",
                    ));
                }
                StepKind::Notify(r(&res.name))
            }
            (ResKind::Condvar { .. }, "notify_all") => StepKind::NotifyAll(r(&res.name)),
            (ResKind::Queue, "put") => {
                let value = match self.keyword(f, call, "item", 0, out)? {
                    Some(Value::Int(n)) => Some(n),
                    Some(Value::None) | None => None,
                    Some(_) => {
                        self.notes.push(Diagnostic::warning(at, format!("`{}` carries whole numbers in the scenario: this item is sent as 0", res.name)));
                        None
                    }
                };
                StepKind::Send {
                    ch: r(&res.name),
                    value,
                }
            }
            (ResKind::Queue, "get") => {
                out.push(step(StepKind::Recv(r(&res.name)), at));
                f.generation += 1;
                return Ok(Value::Register {
                    var: res.name.clone(),
                    generation: f.generation,
                    offset: 0,
                });
            }
            (ResKind::Event, "set") => StepKind::Try {
                body: vec![step(StepKind::Close(r(&res.name)), at)],
                catch: Vec::new(),
            },
            (ResKind::Event, "wait") => StepKind::Try {
                body: vec![step(StepKind::Recv(r(&res.name)), at)],
                catch: Vec::new(),
            },
            _ => {
                return Err(self.error(
                    call,
                    format!("`{}.{method}()` is not supported", res.name),
                    "see docs/BRIDGE.md for the methods Interleave reads",
                ));
            }
        };
        out.push(step(kind, at));
        Ok(Value::None)
    }
}

fn unknown_call(at: Pos, text: &str) -> Diagnostic {
    Diagnostic::error(at, format!("`{text}(…)` is outside what Interleave reads"))
        .with_hint(format!("if it is CPU work, end its line with `# interleave: compute 200ms`, or name it as CPU work (`--cpu {}=200ms`, or the CPU box of Open Python…)", text.rsplit('.').next().unwrap_or(text)))
}

/// A task name from a function and its argument: characters a name cannot hold become `_`.
fn sanitize(base: &str) -> String {
    let name: String = base
        .chars()
        .map(|c| {
            if c == '_' || c.is_alphanumeric() {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name: String = name.chars().take(60).collect();
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}
