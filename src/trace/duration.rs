//! Durations in words for people, in either language (`1.5 s`, `1.5 秒`), for every view of a trace.
//!
//! The wording itself has one home, [`crate::model::duration_for_people`], shared with the run summary.

use crate::lang::Lang;
use crate::model::{duration_for_people, Micros};

/// A duration the way people say it: `2 min`, `1 s`, `1.5 s`, `20 ms`, `1.25 ms`, `300 µs`.
pub fn duration(us: Micros) -> String {
    duration_in(us, Lang::En)
}

/// [`duration`] in `lang`: `1.5 秒`, `20 毫秒`, `300 微秒` in Chinese.
pub fn duration_in(us: Micros, lang: Lang) -> String {
    duration_for_people(us, lang)
}
