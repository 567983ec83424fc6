//! The canonical printer: a [`Scenario`] to its one canonical text.

use super::Scenario;

/// Prints the canonical text of a scenario.
pub fn print(_scenario: &Scenario) -> String {
    todo!("printer")
}
