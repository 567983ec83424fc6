//! The lexer: scenario text to tokens with positions, reporting every lexical error and going on.
//!
//! Lexical errors never stop the lexer: the broken piece becomes a [`Tok::Bad`] token (its
//! diagnostic is already recorded), so the parser can skip the statement quietly instead of
//! piling a second, confusing error on top of the first.
//!
//! `d#2` — a `#` that touches the end of a name and is followed by a digit — is a replica
//! reference, not a comment. Anywhere else (`d #2`, `d#x`, a `#` at the start of a line) `#`
//! starts a comment that runs to the end of the line.

use crate::model::types::limits::{MAX_LESSON_CHARS, MAX_STRING_CHARS};
use crate::model::{CmpOp, Diagnostic, Micros, Pos};

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A bare name or keyword: letters, digits and `_`, not starting with a digit.
    Ident(String),
    /// A double-quoted string, escapes resolved.
    Str(String),
    /// A whole number without a unit or sign.
    Int(u64),
    /// A number with a time unit, in microseconds.
    Dur(Micros),
    /// `#N` touching the end of a name: a replica reference.
    Replica(u64),
    LBrace,
    RBrace,
    Comma,
    /// A lone `=` (declarations: `semaphore s = 2`).
    Assign,
    /// A comparison operator (`expect`).
    Op(CmpOp),
    Plus,
    Minus,
    /// Something the lexer already reported; the parser skips it without a second error.
    Bad,
    Eof,
}

/// A token with where it starts and ends (the end is the column just after it).
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Pos,
    pub end: Pos,
    /// True when a line break separates this token from the previous one (or it is the first).
    pub nl_before: bool,
}

use crate::model::vocab::{is_name_char, is_name_start};

/// Splits `src` into tokens (ending with [`Tok::Eof`]) and the lexical errors found.
pub(crate) fn lex(src: &str) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut lx = Lexer {
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        tokens: Vec::new(),
        errors: Vec::new(),
        nl: true,
        line_first: 0,
    };
    lx.run();
    (lx.tokens, lx.errors)
}

pub(super) struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    tokens: Vec<Token>,
    errors: Vec<Diagnostic>,
    /// A line break was seen since the last token.
    nl: bool,
    /// The index of the first token on the current line.
    line_first: usize,
}

/// The words that open a line whose strings are lesson texts, which may be a paragraph long.
const LESSON_LINE_WORDS: &[&str] = &["lesson", "look", "stop"];

impl Lexer {
    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    pub(super) fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    pub(super) fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }
    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    pub(super) fn push(&mut self, tok: Tok, pos: Pos) {
        let end = self.pos();
        if self.nl {
            self.line_first = self.tokens.len();
        }
        self.tokens.push(Token {
            tok,
            pos,
            end,
            nl_before: self.nl,
        });
        self.nl = false;
    }
    pub(super) fn error(&mut self, pos: Pos, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::error(pos, msg);
        d.hint = hint;
        self.errors.push(d);
    }
    /// Consumes the rest of a broken word so it becomes one bad token.
    pub(super) fn skip_word(&mut self) {
        while let Some(c) = self.peek() {
            if is_name_char(c) || c == '.' {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            let pos = self.pos();
            match c {
                '\n' => {
                    self.bump();
                    self.nl = true;
                }
                c if c.is_whitespace() => {
                    self.bump();
                }
                '#' => self.hash(pos),
                '"' => self.string(pos),
                '0'..='9' => self.number(pos),
                c if is_name_start(c) => {
                    let mut name = String::new();
                    while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
                        name.push(c);
                        self.bump();
                    }
                    self.push(Tok::Ident(name), pos);
                }
                '{' | '}' | ',' | '+' | '-' => {
                    self.bump();
                    let tok = match c {
                        '{' => Tok::LBrace,
                        '}' => Tok::RBrace,
                        ',' => Tok::Comma,
                        '+' => Tok::Plus,
                        _ => Tok::Minus,
                    };
                    self.push(tok, pos);
                }
                '=' | '!' | '<' | '>' => self.operator(c, pos),
                _ => {
                    self.bump();
                    let hint = match c {
                        ';' => Some("put each statement on its own line".to_string()),
                        '[' | ']' => Some(
                            "square brackets in the docs mark an optional part: write `acquire s 2`, not `acquire s [2]`"
                                .to_string(),
                        ),
                        '\'' => Some("strings use double quotes: \"text\"".to_string()),
                        c if c.is_numeric() => {
                            Some("numbers use the digits 0-9; names cannot start with a digit".to_string())
                        }
                        _ => None,
                    };
                    self.error(pos, format!("unexpected character `{c}`"), hint);
                    self.push(Tok::Bad, pos);
                }
            }
        }
        let pos = self.pos();
        self.push(Tok::Eof, pos);
    }

    /// `#` after a name with a digit next is a replica; otherwise a comment.
    fn hash(&mut self, pos: Pos) {
        let touches_name = matches!(
            self.tokens.last(),
            Some(Token { tok: Tok::Ident(_) | Tok::Str(_), end, .. })
                if end.line == pos.line && end.col == pos.col
        );
        if touches_name && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            let mut value: Option<u64> = Some(0);
            while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                self.bump();
                value = value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(u64::from(d)));
            }
            match value {
                Some(v) => self.push(Tok::Replica(v), pos),
                None => {
                    self.error(pos, "the replica number is too large", None);
                    self.push(Tok::Bad, pos);
                }
            }
            return;
        }
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    fn operator(&mut self, c: char, pos: Pos) {
        self.bump();
        let eq_next = self.peek() == Some('=');
        if eq_next {
            self.bump();
        }
        let tok = match (c, eq_next) {
            ('=', false) => Tok::Assign,
            ('=', true) => Tok::Op(CmpOp::Eq),
            ('!', true) => Tok::Op(CmpOp::Ne),
            ('<', false) => Tok::Op(CmpOp::Lt),
            ('<', true) => Tok::Op(CmpOp::Le),
            ('>', false) => Tok::Op(CmpOp::Gt),
            ('>', true) => Tok::Op(CmpOp::Ge),
            _ => {
                self.error(
                    pos,
                    "unexpected character `!`",
                    Some("to compare for inequality write !=".to_string()),
                );
                Tok::Bad
            }
        };
        self.push(tok, pos);
    }

    fn string(&mut self, pos: Pos) {
        self.bump();
        let mut text = String::new();
        let mut count = 0usize;
        let mut ok = true;
        loop {
            match self.peek() {
                None | Some('\n') => {
                    self.error(
                        pos,
                        "this string is not closed",
                        Some("end it with \" on the same line".to_string()),
                    );
                    self.push(Tok::Bad, pos);
                    return;
                }
                Some('"') => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    let at = self.pos();
                    self.bump();
                    match self.peek() {
                        Some(e @ ('"' | '\\')) => {
                            self.bump();
                            text.push(e);
                        }
                        other => {
                            let shown = other.filter(|c| *c != '\n').map(String::from);
                            let shown = shown.unwrap_or_default();
                            self.error(
                                at,
                                format!("unknown escape `\\{shown}` in a string"),
                                Some("the only escapes are \\\" and \\\\".to_string()),
                            );
                            ok = false;
                        }
                    }
                }
                Some(c) => {
                    self.bump();
                    text.push(c);
                }
            }
            count += 1;
        }
        let limit = if self.on_lesson_line() {
            MAX_LESSON_CHARS
        } else {
            MAX_STRING_CHARS
        };
        if count > limit {
            self.error(
                pos,
                format!("this string has {count} characters; the limit is {limit}"),
                (limit == MAX_STRING_CHARS).then(|| {
                    format!(
                        "only lesson, look and stop texts may be longer, up to {MAX_LESSON_CHARS}"
                    )
                }),
            );
            ok = false;
        }
        self.push(if ok { Tok::Str(text) } else { Tok::Bad }, pos);
    }

    /// True when the current line opened with `lesson`, `look` or `stop` (the string being
    /// read is not itself the line's first token).
    fn on_lesson_line(&self) -> bool {
        !self.nl
            && matches!(
                self.tokens.get(self.line_first),
                Some(Token { tok: Tok::Ident(w), .. }) if LESSON_LINE_WORDS.contains(&w.as_str())
            )
    }
}
