//! Diagnostics in the reader's language: the English texts matched against a table of templates.
//!
//! The parser and the validator word every problem in English with `format!` (the command line
//! and the tests pin that wording). Rather than thread a language through ~75 call sites, the
//! app translates the finished text: [`super::diag_zh_table::TABLE`] pairs each English template
//! with its Chinese one, and a small backtracking matcher fills in the slots.
//!
//! Template slots, in the English text: `%s` is kept verbatim (a name, a number, a keyword;
//! never with a backtick, so code quoted in a message cannot be taken for one),
//! `%p` is a phrase that must itself translate through the table (`a mutex name`), and `%o` is
//! translated when it can be and kept otherwise (a token: ``` `x` ``` or `a string`). The Chinese
//! text refers to the slots by position: `%0`, `%1`, …
//!
//! A text no template matches is shown in English, never dropped.
//!
//! The work per text is bounded: the matcher may try at most [`MAX_ATTEMPTS`] slot values in
//! all, so a text that would make it backtrack at length (a long name full of a template's
//! literal) is shown in English at once instead of freezing the page.

use super::diag_zh_table::TABLE;
use super::Diagnostic;
use crate::lang::Lang;
use std::borrow::Cow;
use std::cell::Cell;

/// How deep phrases may nest inside phrases (the deepest real one is three).
const MAX_DEPTH: usize = 6;
/// How many slot values one text's translation may try, over every template and depth. Real
/// diagnostics need a handful (the tests below measure some); only texts built to backtrack
/// come near it.
pub const MAX_ATTEMPTS: u32 = 20_000;

impl Diagnostic {
    /// The message in `lang` (English as written, Chinese through the template table).
    pub fn message_in(&self, lang: Lang) -> Cow<'_, str> {
        in_lang(&self.message, lang)
    }

    /// The hint in `lang`, when there is one.
    pub fn hint_in(&self, lang: Lang) -> Option<Cow<'_, str>> {
        self.hint.as_deref().map(|h| in_lang(h, lang))
    }
}

fn in_lang(text: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(text),
        Lang::Zh => translate_zh(text).map_or(Cow::Borrowed(text), Cow::Owned),
    }
}

/// Templates: (English, Chinese) pairs, tried in order.
pub type Templates = [(&'static str, &'static str)];

/// The Chinese for one English diagnostic text, when a template matches it within the budget.
pub fn translate_zh(text: &str) -> Option<String> {
    translate_counted(text).0
}

/// [`translate_zh`] with `extra` templates tried first: the Python importer keeps its own, so
/// only the code bridge's wasm carries them.
pub fn translate_zh_with(text: &str, extra: &'static Templates) -> Option<String> {
    counted(text, extra).0
}

/// [`translate_zh`], and how many slot values it tried (never more than [`MAX_ATTEMPTS`]).
pub fn translate_counted(text: &str) -> (Option<String>, u32) {
    counted(text, &[])
}

fn counted(text: &str, extra: &'static Templates) -> (Option<String>, u32) {
    let budget = Cell::new(MAX_ATTEMPTS);
    let zh = translate(
        text,
        0,
        &Ctx {
            budget: &budget,
            extra,
        },
    );
    let used = MAX_ATTEMPTS - budget.get();
    // An exhausted budget may have cut a match short: show the English, not half a guess.
    (zh.filter(|_| budget.get() > 0), used)
}

/// What one translation carries down: its budget, and the extra templates.
struct Ctx<'a> {
    budget: &'a Cell<u32>,
    extra: &'static Templates,
}

fn translate(text: &str, depth: usize, cx: &Ctx<'_>) -> Option<String> {
    if depth > MAX_DEPTH || text.is_empty() {
        return None;
    }
    cx.extra.iter().chain(TABLE.iter()).find_map(|(en, zh)| {
        let pieces = pieces(en);
        let slots = matches(&pieces, text, depth, cx)?;
        Some(render(zh, &slots))
    })
}

/// One part of an English template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    Lit(&'a str),
    /// Kept as written.
    Verbatim,
    /// Must translate.
    Phrase,
    /// Translated when possible.
    Optional,
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('%') {
        let slot = match rest[i + 1..].chars().next() {
            Some('s') => Piece::Verbatim,
            Some('p') => Piece::Phrase,
            Some('o') => Piece::Optional,
            // A lone `%` is text (no template has one, but the matcher must not loop).
            _ => {
                out.push(Piece::Lit(&rest[..=i]));
                rest = &rest[i + 1..];
                continue;
            }
        };
        if i > 0 {
            out.push(Piece::Lit(&rest[..i]));
        }
        out.push(slot);
        rest = &rest[i + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Lit(rest));
    }
    out
}

/// The slot values (already translated where the slot asks) when `pieces` match all of `text`.
fn matches(pieces: &[Piece<'_>], text: &str, depth: usize, cx: &Ctx<'_>) -> Option<Vec<String>> {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty().then(Vec::new);
    };
    match first {
        Piece::Lit(lit) => matches(rest, text.strip_prefix(lit)?, depth, cx),
        slot => {
            // Every place the slot could end: before each occurrence of the next literal (or at
            // the end of the text), shortest first; a slot is never empty.
            let ends: Vec<usize> = match rest.first() {
                None => vec![text.len()],
                Some(Piece::Lit(next)) => text
                    .match_indices(next)
                    .map(|(i, _)| i)
                    .filter(|&i| i > 0)
                    .collect(),
                // Two slots side by side are ambiguous; the table has none (a test checks).
                Some(_) => return None,
            };
            ends.into_iter().find_map(|end| {
                let left = cx.budget.get().checked_sub(1)?;
                cx.budget.set(left);
                let value = slot_value(*slot, &text[..end], depth, cx)?;
                let mut tail = matches(rest, &text[end..], depth, cx)?;
                tail.insert(0, value);
                Some(tail)
            })
        }
    }
}

fn slot_value(slot: Piece<'_>, text: &str, depth: usize, cx: &Ctx<'_>) -> Option<String> {
    match slot {
        Piece::Phrase => translate(text, depth + 1, cx),
        Piece::Optional => Some(translate(text, depth + 1, cx).unwrap_or_else(|| text.to_string())),
        // A name, number or keyword never holds a backtick: without this rule, `%s needs %p`
        // would swallow "`#2` names a task replica, but lock" as its first slot.
        _ => (!text.contains('`')).then(|| text.to_string()),
    }
}

/// Wide characters: CJK and full-width punctuation, which take no space next to each other.
fn wide(c: char) -> bool {
    (c as u32) >= 0x2E80
}

/// The Chinese template with its slots filled. The templates put a space on both sides of every
/// slot, as Chinese text does around Latin words; a space that ends up between two Chinese
/// characters (the slot's value was itself Chinese) is dropped.
fn render(template: &str, slots: &[String]) -> String {
    let mut out = String::new();
    let mut rest = template;
    // Set when a slot just ended with a wide character: a space right after it may go.
    let mut after_wide = false;
    while !rest.is_empty() {
        let slot = rest
            .strip_prefix('%')
            .and_then(|r| r.chars().next())
            .and_then(|c| c.to_digit(10))
            .and_then(|k| slots.get(k as usize));
        if let Some(value) = slot {
            let starts_wide = value.chars().next().is_some_and(wide);
            let before = out.trim_end_matches(' ').chars().last();
            if starts_wide && out.ends_with(' ') && before.is_none_or(wide) {
                out.truncate(out.trim_end_matches(' ').len());
            }
            out.push_str(value);
            after_wide = value.chars().last().is_some_and(wide);
            rest = &rest[2..];
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        let next_wide = rest.chars().next().is_none_or(wide);
        if c == ' ' && after_wide && next_wide {
            continue;
        }
        after_wide = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_well_formed() {
        for (en, zh) in TABLE {
            let pieces = pieces(en);
            let slots = pieces
                .iter()
                .filter(|p| !matches!(p, Piece::Lit(_)))
                .count();
            for pair in pieces.windows(2) {
                let both_slots = pair.iter().all(|p| !matches!(p, Piece::Lit(_)));
                assert!(!both_slots, "{en:?} has two slots side by side");
            }
            for k in 0..slots {
                assert!(
                    zh.contains(&format!("%{k}")),
                    "{zh:?} does not use slot {k} of {en:?}"
                );
            }
            assert!(
                !zh.contains(&format!("%{slots}")),
                "{zh:?} uses a slot {en:?} does not have"
            );
            assert!(zh.chars().any(wide), "{zh:?} is not Chinese");
        }
    }

    #[test]
    fn no_template_is_listed_twice() {
        for (i, (en, _)) in TABLE.iter().enumerate() {
            assert!(
                !TABLE[..i].iter().any(|(other, _)| other == en),
                "{en:?} is listed twice"
            );
        }
    }

    #[test]
    fn phrases_nest_and_spaces_between_chinese_words_go() {
        assert_eq!(
            translate_zh("lock needs a mutex name").as_deref(),
            Some("lock 需要互斥锁名称")
        );
        assert_eq!(
            translate_zh("expected a count after `repeat`, found `{`").as_deref(),
            Some("`repeat` 后面应为次数，但这里是 `{`")
        );
        assert_eq!(
            translate_zh("unknown mutex \"m2\"; declared: m1").as_deref(),
            Some("未知的互斥锁 \"m2\"；已声明：m1")
        );
    }

    #[test]
    fn a_text_that_would_backtrack_at_length_stops_at_the_budget_and_stays_english() {
        // Each repeat of a literal of the template doubles the splits to try: 10 repeats take
        // about 1,900 attempts, 20 would take about two million.
        let text = |n: usize| {
            let filler = "a count after `repeat`, found ".repeat(n);
            format!("expected {filler} after `repeat`, found `x`")
        };
        let (_, small) = translate_counted(&text(10));
        assert!(small < MAX_ATTEMPTS, "10 repeats fit the budget ({small})");
        let (zh, used) = translate_counted(&text(20));
        assert_eq!(used, MAX_ATTEMPTS, "20 repeats use the whole budget");
        assert_eq!(zh, None, "a match cut short is not shown: the English is");
    }

    #[test]
    fn real_diagnostics_stay_far_under_the_budget() {
        for text in [
            "lock needs a mutex name",
            "expected a count after `repeat`, found `{`",
            "unknown mutex \"m2\"; declared: m1",
        ] {
            let (zh, used) = translate_counted(text);
            assert!(zh.is_some(), "{text} translates");
            assert!(used < MAX_ATTEMPTS / 10, "{text}: {used} attempts");
        }
    }

    #[test]
    fn a_text_no_template_knows_stays_english() {
        let d = Diagnostic::error(crate::model::Pos::new(1, 1), "something new");
        assert_eq!(d.message_in(Lang::Zh), "something new");
        assert_eq!(d.message_in(Lang::En), "something new");
        assert_eq!(d.hint_in(Lang::Zh), None);
    }
}
