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

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    if let Some(&(_, to)) = ALIASES.iter().find(|(from, _)| *from == lower) {
        if let Some(c) = candidates.iter().find(|c| **c == to) {
            return Some(c);
        }
    }
    let len = word.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for &c in candidates {
        let d = strsim::damerau_levenshtein(&lower, c);
        let close = d <= 2 && d < len && d * 3 <= len.max(c.len()) + 1;
        let near = strsim::jaro_winkler(&lower, c) >= 0.9;
        if (close || near) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A ``did you mean `x`?`` hint for a keyword, when there is a close candidate.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// A `did you mean "x"?` hint for a declared name, when there is a close candidate.
pub(crate) fn did_you_mean_name(word: &str, candidates: &[&str]) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean \"{c}\"?"))
}

/// `a, b, c` — at most `max` items, then `and N more`.
pub(crate) fn list(items: &[&str], max: usize) -> String {
    if items.len() <= max {
        return items.join(", ");
    }
    format!(
        "{}, and {} more",
        items[..max].join(", "),
        items.len() - max
    )
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
    fn long_lists_are_cut_with_a_count() {
        assert_eq!(list(&["a", "b"], 3), "a, b");
        assert_eq!(list(&["a", "b", "c", "d"], 2), "a, b, and 2 more");
    }
}
