//! The parser: scenario text to a [`Scenario`], reporting every syntax error.

use super::{Diagnostic, Scenario};

/// Parses scenario text. Syntax only; see [`super::validate`] for names, kinds and limits.
pub fn parse(_src: &str) -> Result<Scenario, Vec<Diagnostic>> {
    todo!("parser")
}
