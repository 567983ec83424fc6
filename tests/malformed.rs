//! Malformed scenario text: a table of inputs, each with the exact errors it must give
//! (line:col, message and hint), so error wording is a reviewed, tested contract.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::parse;

/// (source text, every error it must report, as `line:col: message (hint: …)`).
const CASES: &[(&str, &[&str])] = &[
    ("sleep 1s", &["1:1: `sleep` is a step, and steps go inside a task (hint: put it in a task: async main { sleep ... })"]),
    ("async a {\n  sleep 1.5s\n}", &["2:9: `1.5s` is not a whole number (hint: durations are whole numbers: write 1500ms)"]),
    ("async a {\n  sleep -2s\n}", &["2:9: durations cannot be negative"]),
    ("async a {\n  sleep 10\n}", &["2:9: the duration 10 has no unit (hint: add a unit, e.g. 10ms or 10s; units are us, ms, s and min)"]),
    ("async a {\n  sleep 10sec\n}", &["2:9: unknown unit `sec` in `10sec` (hint: units are us, ms, s and min, e.g. 1500us, 20ms, 2s, 1min; names cannot start with a digit)"]),
    ("async a {\n  sleep 5m\n}", &["2:9: unknown unit `m` in `5m` (hint: for minutes write min, for milliseconds ms)"]),
    ("async a {\n  sleep 2h\n}", &["2:9: unknown unit `h` in `2h` (hint: there is no hours unit: write 120min)"]),
    ("async a x2 {\n  compute 0.25ms\n}", &["2:11: `0.25ms` is not a whole number (hint: durations are whole numbers: write 250us)"]),
    ("var v = 1.5", &["1:9: `1.5` is not a whole number (hint: numbers are whole: write one without a fraction)"]),
    ("async a {\n  log \"unterminated\n}", &["2:7: this string is not closed (hint: end it with \" on the same line)"]),
    ("async a {\n  log \"bad \\t escape\"\n}", &["2:12: unknown escape `\\t` in a string (hint: the only escapes are \\\" and \\\\)"]),
    ("mutex m; mutex n", &["1:8: unexpected character `;` (hint: put each statement on its own line)"]),
    ("async a {\n  acquire s [2]\n}", &["2:13: unexpected character `[` (hint: square brackets in the docs mark an optional part: write `acquire s 2`, not `acquire s [2]`)", "2:15: unexpected character `]` (hint: square brackets in the docs mark an optional part: write `acquire s 2`, not `acquire s [2]`)"]),
    ("mutex 'm'", &["1:7: unexpected character `'` (hint: strings use double quotes: \"text\")", "1:9: unexpected character `'` (hint: strings use double quotes: \"text\")"]),
    ("mutex 1m", &["1:7: unknown unit `m` in `1m` (hint: for minutes write min, for milliseconds ms)"]),
    ("async a {\n  lock\n}", &["2:7: lock needs a mutex name"]),
    ("async a {\n  wait cv\n}", &["2:10: wait needs a mutex after the condvar (hint: write wait cv m: it releases m while it waits)"]),
    ("async a {\n  spawn a,\n}", &["2:11: expected a task name after `,`"]),
    ("async a {\n  spawn\n}", &["2:8: spawn needs a task name"]),
    ("async a {\n  after 1s b\n}", &["2:12: expected `spawn` after the delay, found `b` (hint: write after 1s spawn t)"]),
    ("async a {\n  after 1s spawn b, c\n}", &["2:19: after spawns one task (hint: write one after line for each task)"]),
    ("async a {\n  store v\n}", &["2:10: store needs a value: +N, -N or N (hint: write store v +1 (add to what load read), store v -1, or store v 5)"]),
    ("async a {\n  store v x\n}", &["2:11: expected a value in store, found `x` (hint: write store v +1 (add to what load read), store v -1, or store v 5)"]),
    ("async a {\n  log hello\n}", &["2:7: the text of log must be in double quotes (hint: write log \"...\")"]),
    ("async a {\n  fail\n}", &["2:7: fail needs a text in double quotes"]),
    ("async a {\n  repeat {\n  }\n}", &["2:10: expected a count after `repeat`, found `{`"]),
    ("async a {\n  repeat -1 {}\n}", &["2:10: expected a count after `repeat`, found a negative number"]),
    ("async a {\n  timeout 5 {}\n}", &["2:11: the duration 5 has no unit (hint: add a unit, e.g. 5ms or 5s; units are us, ms, s and min)"]),
    ("async a {\n  try {}\n}", &["2:9: try needs a catch block after it (hint: write catch {} to ignore the failure)"]),
    ("async a {\n  sleep 1s\n", &["1:9: the `{` of async a is never closed (hint: add a `}` to close it)"]),
    ("async a {\n}\n}", &["3:1: this `}` closes nothing (hint: remove it, or add the `{` it should close)"]),
    ("async a", &["1:8: async a needs its steps in { }"]),
    ("async a x2 at {}", &["1:15: expected a duration after `at`, found `{` (hint: durations look like 1500us, 20ms, 2s or 1min)"]),
    ("async a at 1s at 2s {}", &["1:15: the start time is given twice"]),
    ("async a on spawn at 1s {}", &["1:18: a task cannot both start at a time and on spawn (hint: keep either at DUR or on spawn)"]),
    ("async a x99999999999 {}", &["1:9: the replica count 99999999999 is too large (hint: a scenario has at most 10000 tasks)"]),
    ("async {}", &["1:7: expected a task name after `async`, found `{`"]),
    ("async a \"b\" {}", &["1:9: expected a modifier or `{` after the task name, found a string (hint: a task has one name; modifiers are xN, at DUR, on spawn and priority P)"]),
    ("runtime {\n  workers two\n}", &["2:11: expected a number after `workers`, found `two`"]),
    ("runtime {\n  cores many\n}", &["2:9: expected a number or unlimited after `cores`, found `many`"]),
    ("runtime {\n  seed 1s\n}", &["2:8: expected a number after `seed`, found the duration 1s (hint: this number takes no unit)"]),
    ("runtime {\n  quantum 10\n}", &["2:11: the duration 10 has no unit (hint: add a unit, e.g. 10ms or 10s; units are us, ms, s and min)"]),
    ("runtime {\n  max_time\n}", &["2:11: max_time needs a duration, like 10ms"]),
    ("runtime {\n  policy\n}", &["2:9: policy needs one of fifo, lifo, random or priority"]),
    ("runtime workers 2", &["1:9: expected `{` after runtime, found `workers`"]),
    ("expect", &["1:7: expect needs a check (hint: e.g. expect v == 3, expect makespan <= 2s, expect no deadlock, expect t completed)"]),
    ("expect v", &["1:9: expect v needs a comparison or an end state (hint: e.g. expect v == 3 for a variable, or expect v completed for a task)"]),
    ("expect v == x", &["1:13: expected a number after `==`, found `x`"]),
    ("expect makespan < 1", &["1:19: the duration 1 has no unit (hint: add a unit, e.g. 1ms or 1s; units are us, ms, s and min)"]),
    ("expect no", &["1:10: expect no needs a comparison or an end state (hint: write expect no deadlock)"]),
    ("channel q capacity", &["1:19: capacity needs a number"]),
    ("channel q capacity -1", &["1:20: expected a number after `capacity`, found a negative number"]),
    ("semaphore s = 99999999999", &["1:15: 99999999999 is too large for a permit count; the limit is 4294967295"]),
    ("var v = x", &["1:9: expected a starting value after `var`, found `x`"]),
    ("async a {\n  lock m#2\n}", &["2:9: `#2` names a task replica, but lock needs a mutex name (hint: only task references take a replica number)"]),
    ("async a {\n  send q 1s\n}", &["2:10: expected a number to send after `send`, found the duration 1s (hint: this number takes no unit)"]),
    ("async a {\n  yield now\n}", &["2:9: unexpected `now` after the yield step (hint: put each statement on its own line)"]),
    ("async a {\n  compute 1s label\n}", &["2:14: the label of compute must be in double quotes (hint: write compute 1s \"label\")"]),
    ("mutex m\n}", &["2:1: this `}` closes nothing (hint: remove it, or add the `{` it should close)"]),
    ("async a {\n  \"text\"\n}", &["2:3: expected a step, found a string (hint: to show text on the timeline write log \"...\")"]),
    ("async a {\n  expect v == 1\n}", &["2:3: `expect` declarations go at the top level, not inside a task (hint: move this line out of the task)"]),
    ("workers 2", &["1:1: `workers` is a runtime setting, and settings go inside runtime { }"]),
    ("mutex m !", &["1:9: unexpected character `!` (hint: to compare for inequality write !=)"]),
    ("async a {\n  notify\n}", &["2:9: notify needs a condvar name"]),
    ("mutx m", &["1:1: unknown declaration `mutx` (hint: did you mean `mutex`?)"]),
    ("async a {\n  slep 1s\n}", &["2:3: unknown step `slep` (hint: did you mean `sleep`?)"]),
    ("async a prio 2 {}", &["1:9: unknown task modifier `prio` (hint: did you mean `priority`?)"]),
    ("expect t finished", &["1:10: unknown end state `finished` (hint: a task ends completed, failed or cancelled)"]),
    ("runtime {\n  policy lilo\n}", &["2:10: unknown policy `lilo` (hint: did you mean `lifo`?)"]),
    ("runtime {\n  seed 1\n  seed 2\n}", &["3:3: seed is set twice; first on line 2 (hint: keep one of them)"]),
    ("runtime {\n  workers 100\n}", &["2:11: workers must be between 1 and 64, not 100"]),
    ("runtime {\n  cores 0\n}", &["2:9: cores must be at least 1 (hint: write cores unlimited for no limit)"]),
    ("runtime {\n  quantum 0s\n}", &["2:11: the quantum must be longer than 0us"]),
    ("runtime {\n  pool_queue random\n}", &["2:14: unknown pool_queue order `random` (hint: pool queue orders are fifo, lifo and priority)"]),
    ("runtime {\n  wrokers 2\n}", &["2:3: unknown runtime setting `wrokers` (hint: did you mean `workers`?)"]),
    ("scenario \"a\"\nscenario \"b\"", &["2:1: the title is already set on line 1 (hint: a scenario has one title)"]),
    ("scenario", &["1:9: scenario needs a title in double quotes"]),
    ("runtime {}\nruntime {}", &["2:1: a second runtime block; the first is on line 1 (hint: put all settings in one runtime block)"]),
    ("mutex \"\" ", &["1:7: a name cannot be empty"]),
    ("async a {\n  sleep 99999999999999999999us\n}", &["2:9: the number 99999999999999999999 is too large (hint: the largest number is 18446744073709551615)"]),
    ("async a {\n  sleep 999999999999999min\n}", &["2:9: the duration 999999999999999min is too long (hint: the longest is 18446744073709551615us, about 584,000 years)"]),
    ("async a x2 {\n  join a#99999999999\n}", &["2:9: the replica number 99999999999 is too large"]),
    ("var v = 1 2", &["1:11: unexpected `2` after the var declaration (hint: put each statement on its own line)"]),
    ("async a {\n  acquire s -1\n}", &["2:13: expected a number of permits after `acquire`, found a negative number"]),
    ("async a {\n  store v +\n}", &["2:12: store needs a number after `+` (hint: write store v +1 (add to what load read), store v -1, or store v 5)"]),
    ("expect v = 3", &["1:10: `=` assigns; to compare write `==`"]),
    ("async a {\n  try {\n  } catch\n}", &["3:10: catch needs its steps in { }"]),
    ("async a {\n  after spawn b\n}", &["2:9: expected a duration after `after`, found `spawn` (hint: durations look like 1500us, 20ms, 2s or 1min)"]),
    ("async a {\n  cancel 3\n}", &["2:10: expected a task name after `cancel`, found the number 3"]),
    ("async a {} async b {}", &["1:12: unexpected `async` after the body of async a (hint: put each statement on its own line)"]),
];

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
        vec!["1:10: this string has 201 characters; the limit is 200"]
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
