//! The parser's argument readers: names, task references, durations, numbers and braces.

use super::lexer::Tok;
use super::{describe, PResult, Parser};
use crate::model::{Micros, NameRef, Pos, TaskRef};

// ===== impl Parser: arguments =====

impl Parser {
    /// A name (bare or quoted) after `after`, described as `what` (e.g. "a mutex name").
    pub(crate) fn name_arg(&mut self, what: &str, after: &str) -> PResult<(String, Pos)> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs {what}"), None));
        }
        match self.peek_tok().clone() {
            Tok::Ident(s) => Ok((s, self.bump())),
            Tok::Str(s) if s.is_empty() => {
                let at = self.peek().pos;
                Err(self.err(at, "a name cannot be empty", None))
            }
            Tok::Str(s) => Ok((s, self.bump())),
            _ => Err(self.unexpected(&format!("{what} after `{after}`"), None)),
        }
    }

    pub(crate) fn name_ref(&mut self, what: &str, after: &str) -> PResult<NameRef> {
        let (name, pos) = self.name_arg(what, after)?;
        if let Tok::Replica(n) = self.peek_tok() {
            let (n, at) = (*n, self.peek().pos);
            return Err(self.err(
                at,
                format!("`#{n}` names a task replica, but {after} needs {what}"),
                Some("only task references take a replica number".to_string()),
            ));
        }
        Ok(NameRef { name, pos })
    }

    /// A task reference: `d` or `d#2`.
    pub(crate) fn task_ref(&mut self, after: &str) -> PResult<TaskRef> {
        let (name, pos) = self.name_arg("a task name", after)?;
        let replica = match self.peek_tok() {
            Tok::Replica(n) => {
                let (n, at) = (*n, self.bump());
                match u32::try_from(n) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        return Err(self.err(
                            at,
                            format!("the replica number {n} is too large"),
                            None,
                        ))
                    }
                }
            }
            _ => None,
        };
        Ok(TaskRef { name, replica, pos })
    }

    /// A duration after `after`.
    pub(crate) fn dur_arg(&mut self, after: &str) -> PResult<Micros> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs a duration, like 10ms"), None));
        }
        let t = self.peek().clone();
        match t.tok {
            Tok::Dur(us) => {
                self.bump();
                Ok(us)
            }
            Tok::Int(n) => Err(self.err(
                t.pos,
                format!("the duration {n} has no unit"),
                Some(format!(
                    "add a unit, e.g. {n}ms or {n}s; units are us, ms, s and min"
                )),
            )),
            Tok::Minus => Err(self.err(t.pos, "durations cannot be negative", None)),
            _ => Err(self.unexpected(
                &format!("a duration after `{after}`"),
                Some("durations look like 1500us, 20ms, 2s or 1min".to_string()),
            )),
        }
    }

    /// A whole number ≥ 0 after `after`, described as `what` (e.g. "a permit count").
    pub(crate) fn uint_arg(&mut self, what: &str, after: &str) -> PResult<(u64, Pos)> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs {what}"), None));
        }
        let t = self.peek().clone();
        match t.tok {
            Tok::Int(n) => {
                self.bump();
                Ok((n, t.pos))
            }
            Tok::Minus => Err(self.err(
                t.pos,
                format!("expected {what} after `{after}`, found a negative number"),
                None,
            )),
            Tok::Dur(_) => Err(self.err(
                t.pos,
                format!(
                    "expected {what} after `{after}`, found {}",
                    describe(&t.tok)
                ),
                Some("this number takes no unit".to_string()),
            )),
            _ => Err(self.unexpected(&format!("{what} after `{after}`"), None)),
        }
    }

    /// Like [`Parser::uint_arg`], at most `u32::MAX`.
    pub(crate) fn u32_arg(&mut self, what: &str, after: &str) -> PResult<(u32, Pos)> {
        let (n, pos) = self.uint_arg(what, after)?;
        match u32::try_from(n) {
            Ok(n) => Ok((n, pos)),
            Err(_) => Err(self.err(
                pos,
                format!("{n} is too large for {what}; the limit is {}", u32::MAX),
                None,
            )),
        }
    }

    /// A signed whole number (`-3`, `7`, `+7`) after `after`.
    pub(crate) fn int_arg(&mut self, what: &str, after: &str) -> PResult<i64> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs {what}"), None));
        }
        let t = self.peek().clone();
        let negative = match t.tok {
            Tok::Minus => true,
            Tok::Plus => false,
            _ => {
                let (n, pos) = self.uint_arg(what, after)?;
                return self.signed(false, n, pos);
            }
        };
        self.bump();
        match self.peek_tok().clone() {
            Tok::Int(n) => {
                self.bump();
                self.signed(negative, n, t.pos)
            }
            Tok::Dur(_) if negative => Err(self.err(t.pos, "durations cannot be negative", None)),
            _ => Err(self.unexpected(&format!("a number after `{}`", describe(&t.tok)), None)),
        }
    }

    fn signed(&mut self, negative: bool, n: u64, pos: Pos) -> PResult<i64> {
        let v = if negative {
            0i128 - i128::from(n)
        } else {
            i128::from(n)
        };
        i64::try_from(v).map_err(|_| {
            let shown = if negative {
                format!("-{n}")
            } else {
                n.to_string()
            };
            self.err(
                pos,
                format!("the number {shown} is out of range"),
                Some(format!("numbers go from {} to {}", i64::MIN, i64::MAX)),
            )
        })
    }

    /// A `{` after `owner` (possibly on the next line), which holds `contents`.
    pub(crate) fn lbrace(&mut self, owner: &str, contents: &str) -> PResult<Pos> {
        if self.peek_tok() == &Tok::LBrace {
            return Ok(self.bump());
        }
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{owner} needs its {contents} in {{ }}"), None));
        }
        Err(self.unexpected(&format!("`{{` after {owner}"), None))
    }
}
