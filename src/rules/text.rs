//! Text for steps, durations and names, as trace `Step` events and the summary show them.
//!
//! Step, expectation and duration text come from the canonical printer, so a step in
//! the event list reads exactly as it reads in the editor's text view; only the words for
//! people (`fmt_human`) are the runners' own.

use crate::lang::Lang;
use crate::model::{duration_for_people, duration_text, expect_body, step_head};
use crate::model::{ExpectKind, Micros, StepKind};

/// A duration in the largest unit that divides it exactly (`0us` for zero).
pub fn fmt_dur(us: Micros) -> String {
    duration_text(us)
}

/// A duration for people: `1 s`, `1.5 s`, `20 ms`, `300 µs`, `2 min`.
pub fn fmt_human(us: Micros) -> String {
    fmt_human_in(us, Lang::En)
}

/// [`fmt_human`] in `lang`: `1.5 秒`, `20 毫秒`, `300 微秒`, `2 分钟` in Chinese.
pub fn fmt_human_in(us: Micros, lang: Lang) -> String {
    duration_for_people(us, lang)
}

/// The canonical text of one step; a block prints only its head (`repeat 3`, `timeout 1s`, `try`).
pub fn step_text(kind: &StepKind) -> String {
    step_head(kind)
}

/// An expectation's text without the leading `expect` (`counter == 2`, `makespan <= 1s`).
pub fn expect_text(kind: &ExpectKind) -> String {
    expect_body(kind)
}
