//! Validation: names declared and of the right kind, uniqueness, ranges and limits.

use super::{Diagnostic, Scenario};

/// Checks a parsed scenario; returns errors and warnings (empty when all is well).
pub fn validate(_scenario: &Scenario) -> Vec<Diagnostic> {
    todo!("validation")
}
