//! The parser's steps and blocks: every step keyword, `repeat`, `timeout` and `try … catch`.

use super::lexer::Tok;
use super::{describe, Bail, PResult, Parser, STEP_WORDS, TOP_WORDS};
use crate::model::suggest::did_you_mean;
use crate::model::types::limits::MAX_NESTING;
use crate::model::vocab::{duration_text, step_word};
use crate::model::{Pos, Step, StepKind, StoreOp, TaskRef};

// ===== impl Parser: blocks and steps =====

impl Parser {
    /// The steps after an opening `{` (already taken) up to and including its `}`.
    /// `depth` is how many blocks (repeat, timeout, try, catch) enclose these steps.
    pub(crate) fn block_body(&mut self, open: Pos, depth: usize, owner: &str) -> Vec<Step> {
        let mut steps = Vec::new();
        loop {
            match self.peek_tok() {
                Tok::RBrace => {
                    self.bump();
                    return steps;
                }
                Tok::Eof => {
                    self.unclosed(open, owner);
                    return steps;
                }
                _ => match self.step(depth) {
                    Ok(step) => {
                        let what = format!("the {} step", step_word(&step.kind));
                        steps.push(step);
                        self.end_stmt(&what);
                    }
                    Err(_) => self.recover_line(),
                },
            }
        }
    }

    /// A nested block `{ … }` one level deeper than `depth`.
    fn nested(&mut self, depth: usize, owner: &str) -> PResult<Vec<Step>> {
        let open = self.lbrace(owner, "steps")?;
        if depth + 1 > MAX_NESTING {
            self.i -= 1;
            self.skip_balanced();
            return Err(self.err(
                open,
                format!("blocks are nested more than {MAX_NESTING} deep"),
                Some(format!(
                    "the nesting limit is {MAX_NESTING}; move some steps out"
                )),
            ));
        }
        Ok(self.block_body(open, depth + 1, owner))
    }

    fn step(&mut self, depth: usize) -> PResult<Step> {
        let t = self.peek();
        let pos = t.pos;
        let word: &'static str = match &t.tok {
            // Known keywords are matched as `&'static str`, so a step costs no allocation here.
            Tok::Ident(w) => match STEP_WORDS.iter().find(|k| **k == w.as_str()) {
                Some(k) => k,
                None => {
                    let w = w.clone();
                    self.bump();
                    return Err(self.unknown_step(&w, pos));
                }
            },
            Tok::Bad => {
                self.bump();
                return Err(Bail);
            }
            Tok::Str(_) => {
                self.bump();
                return Err(self.err(
                    pos,
                    "expected a step, found a string",
                    Some("to show text on the timeline write log \"...\"".to_string()),
                ));
            }
            _ => {
                let e = self.unexpected("a step", None);
                self.bump();
                return Err(e);
            }
        };
        self.bump();
        let w = word;
        let kind = match w {
            "compute" | "sleep" => {
                let dur = self.dur_arg(w)?;
                // A bare word that is not a step is most likely a label without its quotes.
                let label = match self.peek_tok().clone() {
                    _ if self.at_stmt_end() => None,
                    Tok::Str(s) => {
                        self.bump();
                        Some(s)
                    }
                    Tok::Ident(l) if !STEP_WORDS.contains(&l.as_str()) => {
                        let at = self.peek().pos;
                        return Err(self.err(
                            at,
                            format!("the label of {w} must be in double quotes"),
                            Some(format!("write {w} {} \"{l}\"", duration_text(dur))),
                        ));
                    }
                    _ => None,
                };
                if w == "compute" {
                    StepKind::Compute { dur, label }
                } else {
                    StepKind::Sleep { dur, label }
                }
            }
            "yield" => StepKind::Yield,
            "lock" => StepKind::Lock(self.name_ref("a mutex name", w)?),
            "unlock" => StepKind::Unlock(self.name_ref("a mutex or rwlock name", w)?),
            "read" => StepKind::Read(self.name_ref("an rwlock name", w)?),
            "write" => StepKind::Write(self.name_ref("an rwlock name", w)?),
            "acquire" | "release" => {
                let sem = self.name_ref("a semaphore name", w)?;
                let n = if self.at_stmt_end() {
                    1
                } else {
                    self.u32_arg("a number of permits", w)?.0
                };
                if w == "acquire" {
                    StepKind::Acquire { sem, n }
                } else {
                    StepKind::Release { sem, n }
                }
            }
            "wait" => {
                let cv = self.name_ref("a condvar name", w)?;
                if self.at_stmt_end() {
                    let at = self.prev_end();
                    return Err(self.err(
                        at,
                        "wait needs a mutex after the condvar",
                        Some(format!(
                            "write wait {} m: it releases m while it waits",
                            cv.name
                        )),
                    ));
                }
                let mutex = self.name_ref("a mutex name", "the condvar")?;
                StepKind::Wait { cv, mutex }
            }
            "notify" => StepKind::Notify(self.name_ref("a condvar name", w)?),
            "notify_all" => StepKind::NotifyAll(self.name_ref("a condvar name", w)?),
            "send" => {
                let ch = self.name_ref("a channel name", w)?;
                let value = if self.at_stmt_end() {
                    None
                } else {
                    Some(self.int_arg("a number to send", w)?)
                };
                StepKind::Send { ch, value }
            }
            "recv" => StepKind::Recv(self.name_ref("a channel name", w)?),
            "close" => StepKind::Close(self.name_ref("a channel name", w)?),
            "spawn" => StepKind::Spawn(self.task_list(w)?),
            "join" => StepKind::Join(self.task_list(w)?),
            "gather" => StepKind::Gather(self.task_list(w)?),
            "cancel" => StepKind::Cancel(self.task_list(w)?),
            "after" => self.after()?,
            "load" => StepKind::Load(self.name_ref("a variable name", w)?),
            "incr" => StepKind::Incr(self.name_ref("a variable name", w)?),
            "store" => self.store()?,
            "fail" => StepKind::Fail(self.text_arg(w)?),
            "log" => StepKind::Log(self.text_arg(w)?),
            "repeat" => {
                let (count, _) = self.uint_arg("a count", w)?;
                let body = self.nested(depth, "repeat")?;
                StepKind::Repeat { count, body }
            }
            "timeout" => {
                let dur = self.dur_arg(w)?;
                let body = self.nested(depth, "timeout")?;
                StepKind::Timeout { dur, body }
            }
            "try" => {
                let body = self.nested(depth, "try")?;
                if !self.is_word("catch") {
                    let at = self.prev_end();
                    return Err(self.err(
                        at,
                        "try needs a catch block after it",
                        Some("write catch {} to ignore the failure".to_string()),
                    ));
                }
                self.bump();
                let catch = self.nested(depth, "catch")?;
                StepKind::Try { body, catch }
            }
            _ => return Err(self.unknown_step(w, pos)),
        };
        Ok(Step { kind, pos })
    }

    fn unknown_step(&mut self, w: &str, at: Pos) -> Bail {
        if w == "catch" {
            return self.err(at, "catch without a try before it", None);
        }
        if TOP_WORDS.contains(&w) {
            return self.err(
                at,
                format!("`{w}` declarations go at the top level, not inside a task"),
                Some("move this line out of the task".to_string()),
            );
        }
        let hint = did_you_mean(w, STEP_WORDS)
            .unwrap_or_else(|| "see the steps in docs/LANGUAGE.md §4".to_string());
        self.err(at, format!("unknown step `{w}`"), Some(hint))
    }

    /// `T, T#2, …`: at least one task reference.
    pub(super) fn task_list(&mut self, after: &str) -> PResult<Vec<TaskRef>> {
        let mut refs = vec![self.task_ref(after)?];
        while self.peek_tok() == &Tok::Comma && !self.at_stmt_end() {
            self.bump();
            if self.at_stmt_end() {
                let at = self.prev_end();
                return Err(self.err(at, "expected a task name after `,`", None));
            }
            refs.push(self.task_ref(after)?);
        }
        Ok(refs)
    }

    /// `after DUR spawn T`.
    fn after(&mut self) -> PResult<StepKind> {
        let delay = self.dur_arg("after")?;
        if !self.is_word("spawn") || self.at_stmt_end() {
            let hint = Some(format!("write after {} spawn t", duration_text(delay)));
            if self.at_stmt_end() {
                let at = self.prev_end();
                return Err(self.err(at, "after needs spawn and a task", hint));
            }
            return Err(self.unexpected("`spawn` after the delay", hint));
        }
        self.bump();
        let task = self.task_ref("spawn")?;
        if self.peek_tok() == &Tok::Comma && !self.at_stmt_end() {
            let at = self.peek().pos;
            return Err(self.err(
                at,
                "after spawns one task",
                Some("write one after line for each task".to_string()),
            ));
        }
        Ok(StepKind::After { delay, task })
    }

    /// `store V +N | -N | N`.
    fn store(&mut self) -> PResult<StepKind> {
        let var = self.name_ref("a variable name", "store")?;
        let hint =
            Some("write store v +1 (add to what load read), store v -1, or store v 5".to_string());
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, "store needs a value: +N, -N or N", hint));
        }
        let t = self.peek().clone();
        let sign = match t.tok {
            Tok::Plus | Tok::Minus => {
                self.bump();
                Some(t.tok == Tok::Plus)
            }
            _ => None,
        };
        let what = match sign {
            Some(_) => format!("a number after {}", describe(&t.tok)),
            None => "a value".to_string(),
        };
        if self.at_stmt_end() || !matches!(self.peek_tok(), Tok::Int(_)) {
            if self.at_stmt_end() {
                let at = self.prev_end();
                return Err(self.err(at, format!("store needs {what}"), hint));
            }
            return Err(self.unexpected(&format!("{what} in store"), hint));
        }
        let (n, pos) = self.uint_arg("a value", "store")?;
        let n = i64::try_from(n).map_err(|_| {
            self.err(
                pos,
                format!("the number {n} is out of range"),
                Some(format!("the largest is {}", i64::MAX)),
            )
        })?;
        Ok(StepKind::Store {
            var,
            op: match sign {
                Some(true) => StoreOp::Add(n),
                Some(false) => StoreOp::Sub(n),
                None => StoreOp::Set(n),
            },
        })
    }

    /// The quoted text of `fail` and `log`.
    fn text_arg(&mut self, after: &str) -> PResult<String> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs a text in double quotes"), None));
        }
        match self.peek_tok().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(s)
            }
            Tok::Ident(_) => {
                let at = self.peek().pos;
                Err(self.err(
                    at,
                    format!("the text of {after} must be in double quotes"),
                    Some(format!("write {after} \"...\"")),
                ))
            }
            _ => Err(self.unexpected(&format!("a text in double quotes after `{after}`"), None)),
        }
    }
}
