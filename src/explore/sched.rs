//! Schedules and their compact text form for links: `0.1.0~12.2`.
//!
//! A schedule is the list of choice indices a run took, one per choice point that had two or
//! more candidates ([`crate::sim::ChoicePoint`]), in the order the simulator asked. Index 0 is
//! the candidate at the front (the first queued or first scheduled). When a schedule runs out,
//! the scenario's own policies decide the rest, so the empty schedule is the default run and a
//! schedule can drop its tail of default choices.
//!
//! # Text form
//! ```text
//! schedule := "" | item ("." item)*
//! item     := value ["~" count]
//! value    := 1 to 4 base-36 digits, 0-9 then a-z (so 10 is `a`, 35 is `z`, 36 is `10`)
//! count    := a decimal number ≥ 1: the value repeated that many times
//! ```
//! `0.1.0~12.2` is `0, 1`, twelve `0`s, then `2`. Values are base 36 so that up to 36
//! candidates take one character; counts are decimal because people read them. The writer
//! uses `~` for runs of three or more (where it is shorter) and lowercase; the reader also
//! accepts uppercase, `~1`, `~2`, leading zeros and whitespace anywhere (chat apps wrap links).
//! All characters are URL-safe, so a schedule goes into a link's `&sched=` as it is.
//! Reading refuses anything else with an error that says where and what to do, and bounds
//! the work: at most [`MAX_SCHED_CHARS`] characters and [`MAX_SCHED_LEN`] choices.

use std::fmt;

/// The most choices a schedule may expand to (a run has at most a million events).
pub const MAX_SCHED_LEN: usize = 1_000_000;

/// The longest schedule text accepted, whitespace excluded.
pub const MAX_SCHED_CHARS: usize = 200_000;

/// The largest choice index (4 base-36 digits); a run has at most 10,000 tasks plus its lanes.
pub const MAX_CHOICE: u32 = 36 * 36 * 36 * 36 - 1;

/// Why a schedule's text was refused. `Display` says where and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchedError {
    /// 1-based character position in the text (whitespace counted), 0 for the whole text.
    pub at: usize,
    pub kind: SchedErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchedErrorKind {
    /// A character that is not a base-36 digit, `.` or `~`.
    BadChar(char),
    /// Nothing between two dots, or a dot at the start or end.
    EmptyItem,
    /// A value with more than 4 base-36 digits.
    ValueTooBig,
    /// `~` without a decimal count after it, or a count of 0.
    BadCount,
    /// The text is longer than [`MAX_SCHED_CHARS`].
    TooLong,
    /// The schedule expands to more than [`MAX_SCHED_LEN`] choices.
    TooMany,
}

impl fmt::Display for SchedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const FORM: &str = "A schedule looks like \"0.1.0~12.2\": base-36 choices separated \
                            by dots, \"~N\" repeats one N times.";
        let at = self.at;
        match &self.kind {
            SchedErrorKind::BadChar(c) => write!(
                f,
                "The schedule has {c:?} at character {at}, which cannot be in a schedule. {FORM} \
                 Copy the whole link again, or remove \"&sched=…\" to run the default schedule."
            ),
            SchedErrorKind::EmptyItem => write!(
                f,
                "The schedule has an empty choice at character {at} (two dots in a row, or a \
                 dot at an end). {FORM}"
            ),
            SchedErrorKind::ValueTooBig => write!(
                f,
                "The schedule's choice at character {at} has more than 4 digits; no run has \
                 that many candidates. {FORM}"
            ),
            SchedErrorKind::BadCount => write!(
                f,
                "The schedule's \"~\" at character {at} needs a count of 1 or more after it \
                 (like \"0~12\"). {FORM}"
            ),
            SchedErrorKind::TooLong => write!(
                f,
                "The schedule is longer than {MAX_SCHED_CHARS} characters. Check that you \
                 copied only the link, or remove \"&sched=…\" to run the default schedule."
            ),
            SchedErrorKind::TooMany => write!(
                f,
                "The schedule expands to more than {MAX_SCHED_LEN} choices, more than any run \
                 can use. Remove \"&sched=…\" to run the default schedule."
            ),
        }
    }
}

impl std::error::Error for SchedError {}

/// Writes a schedule in its canonical text form (see the module docs).
pub fn format_sched(sched: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < sched.len() {
        let v = sched[i];
        let run = sched[i..].iter().take_while(|&&x| x == v).count();
        if !out.is_empty() {
            out.push('.');
        }
        let digits = base36(v);
        // `v~n` is never longer than `n` copies of `v` joined by dots once n ≥ 3.
        if run >= 3 {
            out.push_str(&digits);
            out.push('~');
            out.push_str(&run.to_string());
        } else {
            out.push_str(&digits);
            for _ in 1..run {
                out.push('.');
                out.push_str(&digits);
            }
        }
        i += run;
    }
    out
}

fn base36(mut v: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = Vec::new();
    loop {
        buf.push(DIGITS[(v % 36) as usize]);
        v /= 36;
        if v == 0 {
            break;
        }
    }
    buf.reverse();
    String::from_utf8(buf).unwrap_or_default()
}

/// Reads a schedule's text form, refusing anything malformed (never panics).
pub fn parse_sched(text: &str) -> Result<Vec<u32>, SchedError> {
    let err = |at, kind| Err(SchedError { at, kind });
    let chars: Vec<(usize, char)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .take(MAX_SCHED_CHARS + 1)
        .map(|(i, c)| (i + 1, c))
        .collect();
    if chars.len() > MAX_SCHED_CHARS {
        return err(0, SchedErrorKind::TooLong);
    }
    let mut out = Vec::new();
    if chars.is_empty() {
        return Ok(out);
    }
    let end = text.chars().count() + 1;
    let mut i = 0;
    loop {
        // One item: a value, then maybe `~count`, then `.` or the end.
        let start_at = chars.get(i).map_or(end, |c| c.0);
        let mut value: u32 = 0;
        let mut digits = 0;
        while let Some(&(at, c)) = chars.get(i) {
            let Some(d) = c.to_digit(36) else {
                if c == '.' || c == '~' {
                    break;
                }
                return err(at, SchedErrorKind::BadChar(c));
            };
            digits += 1;
            if digits > 4 {
                return err(start_at, SchedErrorKind::ValueTooBig);
            }
            value = value * 36 + d;
            i += 1;
        }
        if digits == 0 {
            return err(start_at, SchedErrorKind::EmptyItem);
        }
        let mut count: usize = 1;
        if let Some(&(tilde_at, '~')) = chars.get(i) {
            i += 1;
            let mut n: usize = 0;
            let mut seen = false;
            while let Some(&(_, c)) = chars.get(i) {
                let Some(d) = c.to_digit(10) else {
                    break;
                };
                seen = true;
                n = n.saturating_mul(10).saturating_add(d as usize);
                i += 1;
            }
            if !seen || n == 0 {
                return err(tilde_at, SchedErrorKind::BadCount);
            }
            count = n;
        }
        if out.len().saturating_add(count) > MAX_SCHED_LEN {
            return err(0, SchedErrorKind::TooMany);
        }
        out.extend(std::iter::repeat_n(value, count));
        match chars.get(i) {
            None => return Ok(out),
            Some(&(_, '.')) => {
                i += 1;
                if i == chars.len() {
                    return err(end, SchedErrorKind::EmptyItem);
                }
            }
            Some(&(at, c)) => return err(at, SchedErrorKind::BadChar(c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_three_or_more_are_compressed() {
        assert_eq!(format_sched(&[0, 1, 0, 0, 2]), "0.1.0.0.2");
        assert_eq!(format_sched(&[0, 0, 0]), "0~3");
        assert_eq!(format_sched(&[35, 36]), "z.10");
    }

    #[test]
    fn an_item_ending_in_a_tilde_is_refused_where_the_tilde_is() {
        let e = parse_sched("0.1~").unwrap_err();
        assert_eq!((e.at, e.kind), (4, SchedErrorKind::BadCount));
    }
}
