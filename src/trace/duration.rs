//! Durations in words for people, in either language (`1.5 s`, `1.5 秒`), for every view of a trace.

use crate::lang::Lang;
use crate::model::Micros;

/// A duration the way people say it: `1 s`, `1.5 s`, `20 ms`, `1.25 ms`, `300 µs`.
pub fn duration(us: Micros) -> String {
    duration_in(us, Lang::En)
}

/// [`duration`] in `lang`: `1.5 秒`, `20 毫秒`, `300 微秒` in Chinese.
pub fn duration_in(us: Micros, lang: Lang) -> String {
    fn trimmed(whole: Micros, frac: Micros, digits: usize, unit: &str) -> String {
        if frac == 0 {
            return format!("{whole} {unit}");
        }
        let frac = format!("{frac:0digits$}");
        format!("{whole}.{} {unit}", frac.trim_end_matches('0'))
    }
    if us >= 1_000_000 {
        trimmed(us / 1_000_000, us % 1_000_000, 6, lang.t("s", "秒"))
    } else if us >= 1_000 {
        trimmed(us / 1_000, us % 1_000, 3, lang.t("ms", "毫秒"))
    } else {
        format!("{us} {}", lang.t("µs", "微秒"))
    }
}
