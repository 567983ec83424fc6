//! The parser's `expect` lines: variable comparisons, makespan, deadlock and task end states.

use super::lexer::Tok;
use super::{PResult, Parser};
use crate::model::suggest::did_you_mean;
use crate::model::{CmpOp, EndState, Expect, ExpectKind, NameRef};

// ===== impl Parser: expectations =====

impl Parser {
    pub(super) fn expect(&mut self) -> PResult<Expect> {
        let kw = self.bump();
        let kind = self.expect_kind()?;
        Ok(Expect { kind, pos: kw })
    }

    fn expect_kind(&mut self) -> PResult<ExpectKind> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(
                at,
                "expect needs a check",
                Some("e.g. expect v == 3, expect makespan <= 2s, expect no deadlock, expect t completed".to_string()),
            ));
        }
        let next_is_op =
            matches!(self.peek2().tok, Tok::Op(_) | Tok::Assign) && !self.peek2().nl_before;
        if self.is_word("makespan") && next_is_op {
            self.bump();
            let op = self.cmp_op("makespan")?;
            let dur = self.dur_arg(&format!("makespan {}", op.symbol()))?;
            return Ok(ExpectKind::Makespan { op, dur });
        }
        let second = self.peek2();
        let second_is =
            |w: &str| !second.nl_before && matches!(&second.tok, Tok::Ident(s) if s == w);
        if self.is_word("no") && second_is("deadlock") {
            self.bump();
            self.bump();
            return Ok(ExpectKind::NoDeadlock);
        }
        let second_ends = second.nl_before || matches!(second.tok, Tok::RBrace | Tok::Eof);
        if self.is_word("deadlock") && second_ends {
            self.bump();
            return Ok(ExpectKind::Deadlock);
        }
        let bare_no = self.is_word("no");
        let task = self.task_ref("expect")?;
        if self.at_stmt_end() {
            let at = self.prev_end();
            let hint = if bare_no && task.replica.is_none() {
                "write expect no deadlock".to_string()
            } else {
                format!(
                    "e.g. expect {0} == 3 for a variable, or expect {0} completed for a task",
                    task.name
                )
            };
            return Err(self.err(
                at,
                format!("expect {} needs a comparison or an end state", task.name),
                Some(hint),
            ));
        }
        let t = self.peek().clone();
        match &t.tok {
            Tok::Op(_) | Tok::Assign => {
                let op = self.cmp_op(&task.name)?;
                if let Some(n) = task.replica {
                    return Err(self.err(
                        task.pos,
                        format!(
                            "`{}#{n}` is a task replica, and only variables compare with numbers",
                            task.name
                        ),
                        None,
                    ));
                }
                if let Tok::Dur(_) = self.peek_tok() {
                    let at = self.peek().pos;
                    return Err(self.err(
                        at,
                        "a variable holds a number, not a duration",
                        Some("to check the run's length write expect makespan <= 2s".to_string()),
                    ));
                }
                let value = self.int_arg("a number", op.symbol())?;
                Ok(ExpectKind::Var {
                    var: NameRef {
                        name: task.name,
                        pos: task.pos,
                    },
                    op,
                    value,
                })
            }
            Tok::Ident(w) => {
                const STATES: &[&str] = &["completed", "failed", "cancelled"];
                let state = match w.as_str() {
                    "completed" => EndState::Completed,
                    "failed" => EndState::Failed,
                    "cancelled" | "canceled" => EndState::Cancelled,
                    _ => {
                        let hint = did_you_mean(w, STATES).unwrap_or_else(|| {
                            "a task ends completed, failed or cancelled".to_string()
                        });
                        return Err(self.err(
                            t.pos,
                            format!("unknown end state `{w}`"),
                            Some(hint),
                        ));
                    }
                };
                self.bump();
                Ok(ExpectKind::Task { task, state })
            }
            _ => Err(self.unexpected(
                &format!("a comparison or an end state after {}", task.name),
                None,
            )),
        }
    }

    fn cmp_op(&mut self, after: &str) -> PResult<CmpOp> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Op(op) if !t.nl_before => {
                self.bump();
                Ok(op)
            }
            Tok::Assign if !t.nl_before => {
                Err(self.err(t.pos, "`=` assigns; to compare write `==`", None))
            }
            _ => Err(self.unexpected(
                &format!("a comparison (==, !=, <, <=, >, >=) after `{after}`"),
                None,
            )),
        }
    }
}
