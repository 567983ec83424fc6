//! The language's shared vocabulary, used by the parser, the printer and the validator alike:
//! keywords by role, the keyword of each task kind and step, what a name is made of, and the
//! units of a duration (docs/LANGUAGE.md §1), and how a duration is said to people.

use crate::lang::Lang;
use crate::model::{Micros, StepKind, TaskKind};

/// The step keywords, for "did you mean" and for telling a misplaced step apart.
pub(crate) const STEP_WORDS: &[&str] = &[
    "compute",
    "sleep",
    "yield",
    "lock",
    "unlock",
    "read",
    "write",
    "acquire",
    "release",
    "wait",
    "notify",
    "notify_all",
    "send",
    "recv",
    "close",
    "spawn",
    "join",
    "gather",
    "cancel",
    "after",
    "load",
    "store",
    "incr",
    "fail",
    "log",
    "repeat",
    "timeout",
    "try",
];

/// The words that start a top-level form.
pub(crate) const TOP_WORDS: &[&str] = &[
    "scenario",
    "runtime",
    "mutex",
    "rwlock",
    "semaphore",
    "channel",
    "condvar",
    "var",
    "async",
    "thread",
    "job",
    "process",
    "expect",
    "lesson",
    "look",
    "view",
    "stop",
];

pub(crate) const RUNTIME_KEYS: &[&str] = &[
    "workers",
    "cores",
    "quantum",
    "policy",
    "pool_queue",
    "thread_start",
    "process_start",
    "seed",
    "max_time",
];

/// Words that are not steps or top-level forms but still mean something in some place.
const OTHER_KEYWORDS: &[&str] = &[
    "catch",
    "capacity",
    "unlimited",
    "at",
    "on",
    "priority",
    "makespan",
    "no",
    "deadlock",
    "completed",
    "failed",
    "cancelled",
];

/// True for a word that a bare name must not be, so that text always reads back the same way.
pub(crate) fn is_keyword(word: &str) -> bool {
    TOP_WORDS.contains(&word) || STEP_WORDS.contains(&word) || OTHER_KEYWORDS.contains(&word)
}

/// The keyword that declares a task of this kind.
pub(crate) fn kind_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Async => "async",
        TaskKind::Thread => "thread",
        TaskKind::Job => "job",
        TaskKind::Process => "process",
    }
}

/// The keyword of a step, for messages.
pub(crate) fn step_word(kind: &StepKind) -> &'static str {
    match kind {
        StepKind::Compute { .. } => "compute",
        StepKind::Sleep { .. } => "sleep",
        StepKind::Yield => "yield",
        StepKind::Lock(_) => "lock",
        StepKind::Unlock(_) => "unlock",
        StepKind::Read(_) => "read",
        StepKind::Write(_) => "write",
        StepKind::Acquire { .. } => "acquire",
        StepKind::Release { .. } => "release",
        StepKind::Wait { .. } => "wait",
        StepKind::Notify(_) => "notify",
        StepKind::NotifyAll(_) => "notify_all",
        StepKind::Send { .. } => "send",
        StepKind::Recv(_) => "recv",
        StepKind::Close(_) => "close",
        StepKind::Spawn(_) => "spawn",
        StepKind::Join(_) => "join",
        StepKind::Gather(_) => "gather",
        StepKind::Cancel(_) => "cancel",
        StepKind::After { .. } => "after",
        StepKind::Load(_) => "load",
        StepKind::Store { .. } => "store",
        StepKind::Incr(_) => "incr",
        StepKind::Fail(_) => "fail",
        StepKind::Log(_) => "log",
        StepKind::Repeat { .. } => "repeat",
        StepKind::Timeout { .. } => "timeout",
        StepKind::Try { .. } => "try",
    }
}

/// The units a duration may carry, with their size in microseconds.
pub const UNITS: [(&str, u64); 4] = [
    ("us", 1),
    ("ms", 1_000),
    ("s", 1_000_000),
    ("min", 60_000_000),
];

pub(crate) const UNITS_HINT: &str = "units are us, ms, s and min, e.g. 1500us, 20ms, 2s, 1min";

/// True for a character that may start a bare name.
pub(crate) fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// True for a character that may continue a bare name.
pub(crate) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A duration as a number in the largest unit that divides it exactly (`(0, "us")` for zero).
pub fn in_largest_unit(us: Micros) -> (Micros, &'static str) {
    let (unit, size) = UNITS
        .iter()
        .rev()
        .find(|(_, size)| us > 0 && us % size == 0)
        .copied()
        .unwrap_or(("us", 1));
    (us / size, unit)
}

/// A duration in the largest unit that divides it exactly (`0us` for zero).
pub fn duration_text(us: Micros) -> String {
    let (n, unit) = in_largest_unit(us);
    format!("{n}{unit}")
}

/// A duration the way people say it, in `lang`: `2 min`, `1.5 s`, `20 ms`, `300 µs`
/// (`2 分钟`, `1.5 秒`, `20 毫秒`, `300 微秒`). Minutes only when whole, so `90 s` stays exact.
pub fn duration_for_people(us: Micros, lang: Lang) -> String {
    fn decimal(value: Micros, size: Micros) -> String {
        let whole = value / size;
        let frac = value % size;
        if frac == 0 {
            return whole.to_string();
        }
        let digits = size.ilog10() as usize;
        let frac = format!("{frac:0digits$}");
        format!("{whole}.{}", frac.trim_end_matches('0'))
    }
    const MINUTE: Micros = 60_000_000;
    if us >= MINUTE && us % MINUTE == 0 {
        format!("{} {}", us / MINUTE, lang.t("min", "分钟"))
    } else if us >= 1_000_000 {
        format!("{} {}", decimal(us, 1_000_000), lang.t("s", "秒"))
    } else if us >= 1_000 {
        format!("{} {}", decimal(us, 1_000), lang.t("ms", "毫秒"))
    } else {
        format!("{us} {}", lang.t("µs", "微秒"))
    }
}

/// A duration rounded to three significant digits, for readouts that change as the playhead
/// moves: `148 ms`, `1.03 s`, `13.3 ms`, `0 µs`. Exact figures stay with
/// [`duration_for_people`].
pub fn duration_rounded(us: Micros, lang: Lang) -> String {
    let units = [
        (1.0, lang.t("µs", "微秒")),
        (1e3, lang.t("ms", "毫秒")),
        (1e6, lang.t("s", "秒")),
    ];
    let us = us as f64;
    let mut k = units.iter().rposition(|(size, _)| us >= *size).unwrap_or(0);
    let mut value = us / units[k].0;
    // Three significant digits; a value that rounds up to 1000 moves to the next unit.
    let decimals = |v: f64| {
        if v >= 100.0 {
            0
        } else if v >= 10.0 {
            1
        } else {
            2
        }
    };
    let round = |v: f64, d: i32| (v * 10f64.powi(d)).round() / 10f64.powi(d);
    if round(value, decimals(value)) >= 1000.0 && k + 1 < units.len() {
        k += 1;
        value = us / units[k].0;
    }
    if k == 0 {
        return format!("{} {}", us.round(), units[0].1);
    }
    let d = decimals(value);
    let text = format!("{:.*}", d as usize, round(value, d));
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text} {}", units[k].1)
}

/// A duration written on its own, as the language writes it (`200ms`, `1s`): used where a
/// duration comes from outside a scenario (a `--cpu` flag, a marker comment in Python).
pub fn parse_duration(text: &str) -> Option<Micros> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let (_, size) = UNITS.iter().find(|(u, _)| *u == unit)?;
    n.checked_mul(*size)
}

#[cfg(test)]
mod rounded_tests {
    use super::duration_rounded;
    use crate::lang::Lang;

    #[test]
    fn readouts_round_to_three_significant_digits() {
        let en = |us| duration_rounded(us, Lang::En);
        assert_eq!(en(147_640), "148 ms");
        assert_eq!(en(1_029_959), "1.03 s");
        assert_eq!(en(13_333), "13.3 ms");
        assert_eq!(en(1_000_000), "1 s");
        assert_eq!(en(999_999), "1 s");
        assert_eq!(en(999), "999 µs");
        assert_eq!(en(0), "0 µs");
        assert_eq!(en(125_000_000), "125 s");
        assert_eq!(duration_rounded(1_500_000, Lang::Zh), "1.5 秒");
    }
}
