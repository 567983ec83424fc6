//! Diagnostics: every parse or validation problem, with where it is, what is wrong and what to do.

use super::Pos;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in scenario text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where it is. Unlike elsewhere in the model, this position is the point of the diagnostic.
    pub line: u32,
    pub col: u32,
    /// One line in plain words, e.g. `unknown mutex "m2"; declared: m1`.
    pub message: String,
    /// What to do about it, when that helps (e.g. `did you mean "m1"?`).
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            line: pos.line,
            col: pos.col,
            message: message.into(),
            hint: None,
        }
    }
    pub fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(pos, message)
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// At most this many diagnostics are listed; the rest are counted in one last line.
pub const MAX_DIAGNOSTICS: usize = 100;

/// `diagnostics` (in order) cut to [`MAX_DIAGNOSTICS`], with a last line that says how many
/// more there are and what to do, so a text with thousands of problems stays readable.
pub fn capped(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() <= MAX_DIAGNOSTICS {
        return diagnostics;
    }
    let more = diagnostics.len() - MAX_DIAGNOSTICS;
    let next = &diagnostics[MAX_DIAGNOSTICS];
    let pos = super::Pos::new(next.line, next.col);
    let errors = diagnostics[MAX_DIAGNOSTICS..]
        .iter()
        .any(Diagnostic::is_error);
    diagnostics.truncate(MAX_DIAGNOSTICS);
    let line = format!("and {more} more problems");
    let last = match errors {
        true => Diagnostic::error(pos, line),
        false => Diagnostic::warning(pos, line),
    };
    diagnostics.push(last.with_hint("fix the ones above first"));
    diagnostics
}

/// `line:col: message (hint)`; the command line prefixes the file name.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(f, "{}:{}: {}{}", self.line, self.col, kind, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}
