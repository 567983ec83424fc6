//! Malformed scenario text: a table of inputs, each with the exact errors it must give
//! (line:col, message and hint), so error wording is a reviewed, tested contract.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod common;

use common::malformed::CASES;
use interleave::model::parse;

#[test]
fn every_malformed_input_reports_exactly_the_expected_errors() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for (src, expected) in CASES {
        let got: Vec<String> = match parse(src) {
            Ok(_) => vec!["parsed without error".to_string()],
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        };
        if got != *expected {
            failures.push(format!(
                "{src:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn a_string_past_200_characters_is_an_error_naming_the_limit() {
    let src = format!("scenario \"{}\"", "é".repeat(201));
    let errors: Vec<String> = parse(&src)
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        vec!["1:10: this string has 201 characters; the limit is 200 (hint: only lesson, look and stop texts may be longer, up to 1000)"]
    );
    assert!(parse(&format!("scenario \"{}\"", "é".repeat(200))).is_ok());
}

#[test]
fn every_error_has_a_position_inside_the_text() {
    for (src, _) in CASES {
        let lines: Vec<&str> = src.split('\n').collect();
        for d in parse(src).err().unwrap_or_default() {
            assert!(d.line >= 1 && d.col >= 1, "{src:?}: {d}");
            let line = lines.get(d.line as usize - 1).copied().unwrap_or_default();
            // A column may point just past the end of its line (a missing argument).
            assert!(d.col as usize <= line.chars().count() + 1, "{src:?}: {d}");
            assert!(!d.message.contains('\n'), "{src:?}: {d}");
        }
    }
}
