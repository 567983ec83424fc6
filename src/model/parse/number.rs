//! Lexing numbers and durations: units, overflow, and fractions with their whole-number spelling.

use super::lexer::{Lexer, Tok};
use crate::model::vocab::duration_text;
use crate::model::vocab::{is_name_char, UNITS, UNITS_HINT};
use crate::model::Pos;

impl Lexer {
    pub(super) fn number(&mut self, pos: Pos) {
        let mut digits = String::new();
        while let Some(c) = self.peek().filter(char::is_ascii_digit) {
            digits.push(c);
            self.bump();
        }
        // A fraction: report it with the whole-number spelling when there is one.
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            let mut frac = String::new();
            while let Some(c) = self.peek().filter(char::is_ascii_digit) {
                frac.push(c);
                self.bump();
            }
            let mut unit = String::new();
            while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
                unit.push(c);
                self.bump();
            }
            let written = format!("{digits}.{frac}{unit}");
            let hint = fraction_hint(&digits, &frac, &unit);
            self.error(
                pos,
                format!("`{written}` is not a whole number"),
                Some(hint),
            );
            self.skip_word();
            self.push(Tok::Bad, pos);
            return;
        }
        let value = digits.parse::<u64>().ok();
        let mut unit = String::new();
        while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
            unit.push(c);
            self.bump();
        }
        let Some(value) = value else {
            self.error(
                pos,
                format!("the number {digits} is too large"),
                Some(format!("the largest number is {}", u64::MAX)),
            );
            self.push(Tok::Bad, pos);
            return;
        };
        if unit.is_empty() {
            self.push(Tok::Int(value), pos);
            return;
        }
        match UNITS.iter().find(|(u, _)| *u == unit) {
            Some((_, size)) => match value.checked_mul(*size) {
                Some(us) => self.push(Tok::Dur(us), pos),
                None => {
                    self.error(
                        pos,
                        format!("the duration {digits}{unit} is too long"),
                        Some(format!(
                            "the longest is {}us, about 584,000 years",
                            u64::MAX
                        )),
                    );
                    self.push(Tok::Bad, pos);
                }
            },
            None => {
                let hint = match unit.as_str() {
                    "m" => "for minutes write min, for milliseconds ms".to_string(),
                    "h" | "hr" | "hrs" | "hour" | "hours" => {
                        format!(
                            "there is no hours unit: write {}min",
                            value.saturating_mul(60)
                        )
                    }
                    "x" => format!("replicas are written before the number: x{value}"),
                    _ => format!("{UNITS_HINT}; names cannot start with a digit"),
                };
                self.error(
                    pos,
                    format!("unknown unit `{unit}` in `{digits}{unit}`"),
                    Some(hint),
                );
                self.push(Tok::Bad, pos);
            }
        }
    }
}

/// The hint for a number with a fraction: its whole-number spelling when one exists.
fn fraction_hint(int: &str, frac: &str, unit: &str) -> String {
    let size = UNITS.iter().find(|(u, _)| *u == unit).map(|(_, s)| *s);
    let (Some(size), Ok(int), Ok(f)) = (size, int.parse::<u64>(), frac.parse::<u64>()) else {
        return if unit.is_empty() {
            "numbers are whole: write one without a fraction".to_string()
        } else {
            format!("durations are whole numbers; {UNITS_HINT}")
        };
    };
    let scale = u32::try_from(frac.len())
        .ok()
        .and_then(|n| 10u64.checked_pow(n));
    let total = scale.and_then(|scale| {
        let frac_us = f.checked_mul(size)?;
        (frac_us % scale == 0)
            .then(|| int.checked_mul(size)?.checked_add(frac_us / scale))
            .flatten()
    });
    match total {
        Some(us) => format!("durations are whole numbers: write {}", duration_text(us)),
        None => format!("durations are whole numbers in a small enough unit; {UNITS_HINT}"),
    }
}

#[cfg(test)]
mod tests {
    use super::fraction_hint;

    #[test]
    fn a_fraction_suggests_the_exact_whole_number_in_a_smaller_unit() {
        assert_eq!(
            fraction_hint("1", "5", "s"),
            "durations are whole numbers: write 1500ms"
        );
        assert_eq!(
            fraction_hint("0", "25", "ms"),
            "durations are whole numbers: write 250us"
        );
        assert_eq!(
            fraction_hint("2", "5", "min"),
            "durations are whole numbers: write 150s"
        );
    }

    #[test]
    fn a_fraction_finer_than_a_microsecond_gets_the_unit_list() {
        assert!(fraction_hint("1", "5", "us").contains("units are us, ms, s and min"));
        assert!(fraction_hint("1", "5", "").starts_with("numbers are whole"));
    }
}
