//! Hostile but legal scenarios finish `check` and `run` with bounded work: no quadratic
//! search, no message as long as the input, no list of thousands. Each test bounds the work
//! by what it produced (diagnostics, events), never by a time.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

#[path = "support/hostile.rs"]
mod hostile;

use hostile::*;
use interleave::model::{load, parse, validate, Diagnostic, MAX_DIAGNOSTICS};
use interleave::sim::{simulate, Outcome, SimOptions};

fn problems(text: &str) -> Vec<Diagnostic> {
    match parse(text) {
        Ok(scenario) => validate(&scenario),
        Err(diagnostics) => diagnostics,
    }
}

#[test]
fn every_hostile_scenario_fits_the_text_limit() {
    for h in hostile_scenarios() {
        assert!(
            h.text.len() <= 256 * 1024,
            "{} is {} bytes",
            h.name,
            h.text.len()
        );
    }
}

#[test]
fn a_60000_character_name_is_quoted_short_and_gets_no_suggestion() {
    let diagnostics = problems(&two_long_names(60_000));
    assert!(!diagnostics.is_empty(), "the unknown name is reported");
    for d in &diagnostics {
        let text = d.to_string();
        assert!(text.len() < 400, "a short message, not the name: {text}");
        assert!(
            !text.contains("did you mean"),
            "no suggestion for a long name: {text}"
        );
    }
    assert!(diagnostics[0].message.contains("(60000 characters)"));
}

#[test]
fn thousands_of_problems_list_a_hundred_then_count_the_rest() {
    let diagnostics = problems(&many_unknown_names(3_000));
    assert_eq!(diagnostics.len(), MAX_DIAGNOSTICS + 1);
    let last = diagnostics.last().expect("a last line");
    assert_eq!(last.message, "and 2900 more problems");
    assert_eq!(last.hint.as_deref(), Some("fix the ones above first"));
    // The ones listed keep their full help.
    assert!(diagnostics[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("did you mean") || h.contains("declare")));
}

#[test]
fn a_big_group_joined_on_every_line_runs_to_completion() {
    let scenario = load(&group_joined_on_lines(9_999, 20_000)).expect("a valid scenario");
    let run = simulate(&scenario, &SimOptions::default());
    assert_eq!(run.summary.outcome, Outcome::Completed);
    // 9,999 tasks start and end, then 20,000 joins each take one step.
    assert!(
        run.trace.events.len() < 100_000,
        "{} events",
        run.trace.events.len()
    );
}

#[test]
fn a_big_group_named_thousands_of_times_in_one_step_runs() {
    let scenario = load(&group_joined_on_one_line(9_999, 5_000)).expect("a valid scenario");
    let run = simulate(&scenario, &SimOptions::default());
    assert_eq!(run.summary.outcome, Outcome::Completed);
}

#[test]
fn among_thousands_of_unknown_names_the_first_still_gets_its_suggestion() {
    // 3,000 unknown against 3,000 declared would be nine million comparisons; the check
    // spends at most its budget, and the first errors still get their suggestion.
    let mut text = many_unknown_names(3_000);
    text = text.replacen("  lock u0\n", "  lock m7x\n", 1);
    let diagnostics = problems(&text);
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some("did you mean \"m7\"?"),
        "{:?}",
        diagnostics[0]
    );
}
