//! "Did you mean": the closest known word to a misspelt one, and short lists of known words.

/// Words people bring from other languages, mapped to ours.
const ALIASES: &[(&str, &str)] = &[
    ("await", "join"),
    ("receive", "recv"),
    ("recieve", "recv"),
    ("print", "log"),
    ("println", "log"),
    ("signal", "notify"),
    ("broadcast", "notify_all"),
    ("notifyall", "notify_all"),
    ("notify_one", "notify"),
    ("delay", "sleep"),
    ("work", "compute"),
    ("busy", "compute"),
    ("increment", "incr"),
    ("raise", "fail"),
    ("throw", "fail"),
    ("panic", "fail"),
    ("except", "catch"),
    ("loop", "repeat"),
    ("for", "repeat"),
    ("lock_read", "read"),
    ("lock_write", "write"),
    ("task", "async"),
    ("coroutine", "async"),
    ("semaphor", "semaphore"),
    ("queue", "channel"),
    ("chan", "channel"),
    ("let", "var"),
];

/// Names longer than this are never compared: nobody mistypes a name that long, and comparing
/// two of them costs the product of their lengths.
pub(crate) const MAX_COMPARED_CHARS: usize = 64;

/// How many name comparisons one check of a scenario may spend on "did you mean". A hundred
/// misspelt names against two hundred declared ones fit; thousands against thousands (a
/// hostile text) would cost seconds on every keystroke, so the later ones go without.
pub(crate) const MAX_COMPARISONS: usize = 20_000;

/// The candidate closest to `word`, when it is close enough to be a likely typo.
///
/// Its work is bounded: long words and candidates are skipped, and so is a candidate whose
/// length differs too much to pass either test below (less than half the other's length).
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut unlimited = usize::MAX;
    closest_counted(word, candidates, &mut unlimited).0
}

/// [`closest`], spending at most `budget` comparisons (and taking them from it); also says how
/// many candidates it compared character by character.
pub(crate) fn closest_counted<'a>(
    word: &str,
    candidates: &[&'a str],
    budget: &mut usize,
) -> (Option<&'a str>, usize) {
    let len = word.chars().count();
    if len > MAX_COMPARED_CHARS {
        return (None, 0);
    }
    let lower = word.to_lowercase();
    if let Some(&(_, to)) = ALIASES.iter().find(|(from, _)| *from == lower) {
        if let Some(c) = candidates.iter().find(|c| **c == to) {
            return (Some(c), 0);
        }
    }
    let mut compared = 0;
    let mut best: Option<(usize, &'a str)> = None;
    for &c in candidates {
        // Byte lengths first: cheap, and a bound on the character count.
        if c.len() > 4 * MAX_COMPARED_CHARS {
            continue;
        }
        let c_len = c.chars().count();
        let (short, long) = (len.min(c_len), len.max(c_len));
        if c_len > MAX_COMPARED_CHARS || short * 2 < long {
            continue;
        }
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        compared += 1;
        // Optimal string alignment: a swap of neighbours counts as one typo, as in Damerau's
        // distance, without its per-call alphabet table (several times cheaper).
        let d = strsim::osa_distance(&lower, c);
        let close = d <= 2 && d < len && d * 3 <= len.max(c.len()) + 1;
        let near = strsim::jaro_winkler(&lower, c) >= 0.9;
        if (close || near) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    (best.map(|(_, c)| c), compared)
}

/// A name as a message quotes it: whole when short, else its start and its length, so a
/// 60,000-character name does not make a 60,000-character message.
pub(crate) fn shown(name: &str) -> std::borrow::Cow<'_, str> {
    const KEPT: usize = 40;
    match name.char_indices().nth(KEPT) {
        None => std::borrow::Cow::Borrowed(name),
        Some((cut, _)) => {
            let chars = name.chars().count();
            std::borrow::Cow::Owned(format!("{}… ({chars} characters)", &name[..cut]))
        }
    }
}

/// A ``did you mean `x`?`` hint for a keyword, when there is a close candidate.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// A `did you mean "x"?` hint for a declared name, when there is a close candidate.
/// `did you mean "c"?`, spending comparisons from `budget` (see [`MAX_COMPARISONS`]).
pub(crate) fn did_you_mean_name(
    word: &str,
    candidates: &[&str],
    budget: &mut usize,
) -> Option<String> {
    closest_counted(word, candidates, budget)
        .0
        .map(|c| format!("did you mean \"{c}\"?"))
}

/// `a, b, c` — at most `max` items (each [`shown`]), then `and N more`.
pub(crate) fn list(items: &[&str], max: usize) -> String {
    let head: Vec<_> = items.iter().take(max).map(|i| shown(i)).collect();
    if items.len() <= max {
        return head.join(", ");
    }
    format!("{}, and {} more", head.join(", "), items.len() - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &[&str] = &[
        "sleep",
        "compute",
        "lock",
        "unlock",
        "notify_all",
        "recv",
        "join",
    ];

    #[test]
    fn a_one_letter_typo_finds_the_word() {
        assert_eq!(closest("slep", STEPS), Some("sleep"));
        assert_eq!(closest("compte", STEPS), Some("compute"));
        assert_eq!(closest("Lock", STEPS), Some("lock"));
    }

    #[test]
    fn words_from_other_languages_map_to_ours() {
        assert_eq!(closest("await", STEPS), Some("join"));
        assert_eq!(closest("receive", STEPS), Some("recv"));
        assert_eq!(closest("notifyAll", STEPS), Some("notify_all"));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(closest("banana", STEPS), None);
        assert_eq!(closest("x", STEPS), None);
    }

    #[test]
    fn long_names_are_never_compared_and_far_lengths_are_skipped() {
        let long = "a".repeat(60_000);
        let other = "b".repeat(60_000);
        let mut unlimited = usize::MAX;
        let any = &mut unlimited;
        assert_eq!(closest_counted(&long, &[other.as_str()], any), (None, 0));
        let huge_candidate = "sleep".repeat(20);
        assert_eq!(
            closest_counted("slep", &[huge_candidate.as_str()], any),
            (None, 0)
        );
        // "ab" against "abcdef": too far apart in length to be a typo of each other.
        assert_eq!(closest_counted("ab", &["abcdef"], any), (None, 0));
        // notify_all is more than twice as long as "slep": the other six are compared.
        assert_eq!(closest_counted("slep", STEPS, any), (Some("sleep"), 6));
    }

    #[test]
    fn comparisons_stop_when_the_budget_is_spent() {
        // "unlock" is the fourth candidate: a budget of two is spent before it is reached.
        let mut budget = 2;
        assert_eq!(closest_counted("unlok", STEPS, &mut budget), (None, 2));
        assert_eq!(budget, 0);
        assert_eq!(closest_counted("unlok", STEPS, &mut budget), (None, 0));
        assert_eq!(
            closest_counted("unlok", STEPS, &mut 10),
            (Some("unlock"), 7)
        );
        assert_eq!(closest("teh", &["the"]), Some("the"), "a swap is one typo");
    }

    #[test]
    fn long_names_are_shown_cut() {
        assert_eq!(shown("m1"), "m1");
        let long = "x".repeat(60_000);
        let s = shown(&long);
        assert!(s.len() < 80, "{s}");
        assert!(s.ends_with("… (60000 characters)"), "{s}");
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        assert_eq!(list(&["a", "b"], 3), "a, b");
        assert_eq!(list(&["a", "b", "c", "d"], 2), "a, b, and 2 more");
    }
}
