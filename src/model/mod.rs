//! What a scenario is: the model types, parse, print, validate, the share-link codec and the presets.

mod diag;
mod diag_zh;
mod diag_zh_table;
pub mod edit;
pub mod history;
mod lesson;
mod parse;
pub mod presets;
mod print;
pub mod share;
mod subject;
mod suggest;
mod types;
mod validate;
mod vocab;

pub use diag::*;
pub use diag_zh::{translate_zh_with, Templates};
pub use lesson::{Lesson, LessonView, Said, TourStop};
pub use parse::parse;
pub use print::{
    duration_text, expect_body, name_text, print, quoted, resource_text, step_head, task_head,
};
pub use types::*;
pub use validate::validate;
pub use vocab::{duration_for_people, duration_rounded, in_largest_unit, parse_duration, UNITS};

/// Parses and validates: the scenario when there is no error, else every error and warning.
pub fn load(src: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let scenario = parse(src)?;
    let diagnostics = validate(&scenario);
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok(scenario)
    }
}
