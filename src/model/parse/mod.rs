//! The parser: scenario text to a [`Scenario`], reporting every syntax error.
//!
//! # Why hand-written
//! The lexer ([`lexer`]) and this recursive-descent parser are written by hand rather
//! than generated or built from a combinator library, for three reasons:
//! - **Error quality.** Each place that can go wrong knows what it expected and why, so it can
//!   say so in plain words (`lock needs a mutex name`, `the duration 10 has no unit`) and add
//!   a hint (`did you mean `sleep`?`), at the exact line and column (counted in characters).
//! - **All errors reported.** After an error the parser recovers at the next statement (the
//!   next line, or the `}` that closes the current block) and goes on, so one pass reports
//!   every problem. Lexical errors become [`Tok::Bad`] tokens that are skipped without a
//!   second message, so one mistake gives one error.
//! - **Small wasm.** The language is small; a direct parser adds a few KB to the browser
//!   bundle and no dependency.
//!
//! # Lines
//! Each statement (a declaration, a runtime setting, a step, an `expect`) ends at the end of
//! its line or at a `}`. A block may open and close on one line (`async a { sleep 1s }`), and
//! a `{` may also start the next line. `catch` may follow the `}` of `try` on the same line or
//! on the next one.
//!
//! # Keywords as names
//! A name is recognised by where it stands, so a bare keyword works as a name (`mutex lock`
//! then `lock lock`). The only places where a bare word means the keyword are `expect
//! makespan …`, `expect no deadlock` and `expect deadlock`; quote the name (`"makespan"`) to
//! mean a variable or task of that name. The printer quotes every keyword used as a name.

mod args;
mod expect;
mod lesson;
pub(crate) mod lexer;
mod number;
mod runtime;
mod steps;
mod task;
mod top;

use self::lexer::{lex, Tok, Token};
use super::types::limits::MAX_SOURCE_BYTES;
use super::vocab::duration_text;
use super::{Diagnostic, Pos, Scenario};
pub(crate) use crate::model::vocab::{RUNTIME_KEYS, STEP_WORDS, TOP_WORDS};

/// Parses scenario text. Syntax only; see [`super::validate`] for names, kinds and limits.
pub fn parse(src: &str) -> Result<Scenario, Vec<Diagnostic>> {
    if src.len() > MAX_SOURCE_BYTES {
        return Err(vec![Diagnostic::error(
            Pos::new(1, 1),
            format!(
                "the scenario is {} bytes long; the limit is 256 KiB ({MAX_SOURCE_BYTES} bytes)",
                src.len()
            ),
        )
        .with_hint("split it into smaller scenarios")]);
    }
    let (toks, lex_errors) = lex(src);
    let mut p = Parser {
        toks,
        i: 0,
        errors: lex_errors,
        eof_reported: false,
    };
    let scenario = p.scenario();
    if p.errors.is_empty() {
        Ok(scenario)
    } else {
        // Lexer and parser errors interleave by position; the sort is stable.
        p.errors.sort_by_key(|d| (d.line, d.col));
        Err(super::capped(p.errors))
    }
}

/// The statement being parsed is broken; its diagnostic is already recorded.
pub(crate) struct Bail;

pub(crate) type PResult<T> = Result<T, Bail>;

/// The parser state: the tokens, where we are, and every error so far.
pub(crate) struct Parser {
    pub(crate) toks: Vec<Token>,
    pub(crate) i: usize,
    pub(crate) errors: Vec<Diagnostic>,
    /// An unclosed `{` at the end of the text is reported once, not once per open block.
    pub(crate) eof_reported: bool,
}

/// How a token reads where it was not expected: `2`, `2s`, `x`, a string.
pub(crate) fn token_text(tok: &Tok) -> String {
    match tok {
        Tok::Int(n) => format!("`{n}`"),
        Tok::Dur(us) => format!("`{}`", duration_text(*us)),
        other => describe(other),
    }
}

/// How a token reads in an error message.
pub(crate) fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("`{}`", crate::model::suggest::shown(s)),
        Tok::Str(_) => "a string".to_string(),
        Tok::Int(n) => format!("the number {n}"),
        Tok::Dur(us) => format!("the duration {}", duration_text(*us)),
        Tok::Replica(n) => format!("`#{n}`"),
        Tok::LBrace => "`{`".to_string(),
        Tok::RBrace => "`}`".to_string(),
        Tok::Comma => "`,`".to_string(),
        Tok::Assign => "`=`".to_string(),
        Tok::Op(op) => format!("`{}`", op.symbol()),
        Tok::Plus => "`+`".to_string(),
        Tok::Minus => "`-`".to_string(),
        Tok::Bad => "an invalid token".to_string(),
        Tok::Eof => "the end of the text".to_string(),
    }
}

// ===== impl Parser: token access and recovery =====

impl Parser {
    pub(crate) fn peek(&self) -> &Token {
        let last = self.toks.len() - 1;
        &self.toks[self.i.min(last)]
    }

    pub(crate) fn peek_tok(&self) -> &Tok {
        &self.peek().tok
    }

    /// The token after the next one (Eof past the end).
    pub(crate) fn peek2(&self) -> &Token {
        let last = self.toks.len() - 1;
        &self.toks[(self.i + 1).min(last)]
    }

    /// Takes the next token (never past the end); returns where it was.
    pub(crate) fn bump(&mut self) -> Pos {
        let t = self.peek();
        let pos = t.pos;
        if t.tok != Tok::Eof {
            self.i += 1;
        }
        pos
    }

    /// Just after the last token taken: where a missing argument should have been.
    pub(crate) fn prev_end(&self) -> Pos {
        match self.i.checked_sub(1).and_then(|k| self.toks.get(k)) {
            Some(t) => t.end,
            None => Pos::new(1, 1),
        }
    }

    /// The statement has ended: a line break, a `}` or the end of the text comes next.
    pub(crate) fn at_stmt_end(&self) -> bool {
        let t = self.peek();
        t.nl_before || matches!(t.tok, Tok::RBrace | Tok::Eof)
    }

    pub(crate) fn is_word(&self, word: &str) -> bool {
        matches!(self.peek_tok(), Tok::Ident(s) if s == word)
    }

    /// Records an error and returns the bail-out marker.
    pub(crate) fn err(&mut self, pos: Pos, msg: impl Into<String>, hint: Option<String>) -> Bail {
        let mut d = Diagnostic::error(pos, msg);
        d.hint = hint;
        self.errors.push(d);
        Bail
    }

    /// Reports the next token as unexpected (quietly when the lexer already reported it).
    pub(crate) fn unexpected(&mut self, expected: &str, hint: Option<String>) -> Bail {
        let t = self.peek().clone();
        if t.tok == Tok::Bad {
            return Bail;
        }
        self.err(
            t.pos,
            format!("expected {expected}, found {}", describe(&t.tok)),
            hint,
        )
    }

    /// Skips the rest of the statement: up to the next line, or a `}` that closes the
    /// enclosing block. A `{ … }` met on the way is skipped whole, across lines.
    pub(crate) fn recover_line(&mut self) {
        loop {
            let t = self.peek();
            if t.nl_before || matches!(t.tok, Tok::RBrace | Tok::Eof) {
                return;
            }
            if t.tok == Tok::LBrace {
                self.skip_balanced();
            } else {
                self.bump();
            }
        }
    }

    /// Skips on the current line up to a `{`; true when one is next.
    pub(crate) fn recover_to_brace(&mut self) -> bool {
        loop {
            let t = self.peek();
            if t.tok == Tok::LBrace {
                return true;
            }
            if t.nl_before || matches!(t.tok, Tok::RBrace | Tok::Eof) {
                return false;
            }
            self.bump();
        }
    }

    /// Skips a `{ … }` with everything nested in it (the next token must be `{`).
    pub(crate) fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek_tok() {
                Tok::LBrace => depth += 1,
                Tok::RBrace => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.bump();
                        return;
                    }
                }
                Tok::Eof => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// Ends a statement: anything more on its line is an error.
    pub(crate) fn end_stmt(&mut self, what: &str) {
        if self.at_stmt_end() {
            return;
        }
        let t = self.peek();
        if t.tok != Tok::Bad {
            let hint = match t.tok {
                Tok::Replica(_) => "a `#` touching a name and followed by a digit is a replica number; put a space before `#` to start a comment",
                _ => "put each statement on its own line",
            };
            let (pos, msg) = (
                t.pos,
                format!("unexpected {} after {what}", token_text(&t.tok)),
            );
            self.err(pos, msg, Some(hint.to_string()));
        }
        self.recover_line();
    }

    /// Reports a `{` left open at the end of the text (once).
    pub(crate) fn unclosed(&mut self, open: Pos, owner: &str) {
        if !self.eof_reported {
            self.eof_reported = true;
            self.err(
                open,
                format!("the `{{` of {owner} is never closed"),
                Some("add a `}` to close it".to_string()),
            );
        }
    }
}
