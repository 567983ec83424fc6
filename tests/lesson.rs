//! Lessons in the language: `scenario … zh`, `lesson`, `look`, `view` and `stop` parse, print,
//! validate and travel in share links (docs/LANGUAGE.md §3.8).

use interleave::lang::Lang;
use interleave::model::share::{format_fragment, parse_fragment, Mode};
use interleave::model::*;

const TAUGHT: &str = r#"scenario "lost update" zh "丢失的更新"

lesson "Two threads add 1 to counter." zh "两个线程都给 counter 加 1。"
look "Watch the counter lane."
view threads
stop 0us "Both threads start." on t#1, t#2
stop 1ms "Both load 0, so both store 1." zh "两个线程都读到 0，于是都写入 1。" on counter, t

var counter = 0

thread t x2 {
  compute 1ms
  load counter
  store counter +1
}

expect counter == 2
"#;

fn errors(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
            .collect(),
    }
}

#[test]
fn a_lesson_parses_into_its_parts() {
    let sc = load(TAUGHT).expect("the lesson is valid");
    assert_eq!(sc.title_zh.as_deref(), Some("丢失的更新"));
    let lesson = &sc.lesson;
    assert_eq!(lesson.view, Some(LessonView::Threads));
    assert_eq!(lesson.stops.len(), 2);
    assert_eq!(lesson.stops[1].at, 1_000);
    let shown: Vec<_> = lesson.stops[1]
        .show
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(shown, ["counter", "t"]);
    assert_eq!(lesson.stops[0].show[1].replica, Some(2));
}

#[test]
fn canonical_text_with_a_lesson_prints_back_unchanged() {
    let sc = parse(TAUGHT).expect("parses");
    assert_eq!(print(&sc), TAUGHT);
}

#[test]
fn a_text_shows_in_the_readers_language_and_falls_back_to_the_written_one() {
    let sc = parse(TAUGHT).expect("parses");
    let about = sc.lesson.about.as_ref().expect("has a lesson");
    assert_eq!(about.in_lang(Lang::Zh), "两个线程都给 counter 加 1。");
    assert_eq!(about.in_lang(Lang::En), "Two threads add 1 to counter.");
    let look = sc.lesson.look.as_ref().expect("has a look line");
    assert_eq!(look.in_lang(Lang::Zh), "Watch the counter lane.");
}

#[test]
fn a_lesson_survives_a_share_link() {
    let fragment = format_fragment(TAUGHT, Mode::Sim, None, None);
    let back = parse_fragment(&fragment).expect("the link decodes");
    assert_eq!(back.text, TAUGHT);
    assert_eq!(
        parse(&back.text).expect("parses").lesson,
        parse(TAUGHT).unwrap().lesson
    );
}

#[test]
fn a_stop_naming_something_undeclared_is_an_error_with_a_suggestion() {
    let text = TAUGHT.replace("on counter, t", "on countr");
    let diags = load(&text).expect_err("countr is not declared");
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        d.message.contains("unknown task or resource \"countr\""),
        "{}",
        d.message
    );
    assert!(
        d.hint.as_deref().unwrap_or("").contains("counter"),
        "{:?}",
        d.hint
    );
}

#[test]
fn a_stop_naming_a_replica_that_does_not_exist_is_an_error() {
    let text = TAUGHT.replace("on t#1, t#2", "on t#3");
    assert_eq!(
        errors(&text),
        ["6:35: t#3 does not exist: t has 2 replicas"]
    );
}

#[test]
fn stops_out_of_time_order_are_a_warning_not_an_error() {
    let text = TAUGHT.replace("stop 0us", "stop 2ms");
    let diags = validate(&parse(&text).expect("parses"));
    assert!(diags.iter().all(|d| !d.is_error()));
    assert!(diags
        .iter()
        .any(|d| d.message == "this stop is at 1ms, before the stop on line 6 at 2ms"));
}

#[test]
fn a_lesson_line_is_said_once() {
    let text = TAUGHT.replace("view threads", "lesson \"again\"");
    assert_eq!(
        errors(&text),
        ["5:1: a second lesson line; the first is on line 3"]
    );
}

#[test]
fn lesson_texts_may_be_a_paragraph_but_names_and_logs_may_not() {
    let paragraph = "a".repeat(900);
    let text = TAUGHT.replace("Watch the counter lane.", &paragraph);
    assert!(errors(&text).is_empty());
    let too_long = "a".repeat(1001);
    let text = TAUGHT.replace("Watch the counter lane.", &too_long);
    assert_eq!(
        errors(&text),
        ["4:6: this string has 1001 characters; the limit is 1000"]
    );
    let log = TAUGHT.replace("compute 1ms", &format!("log \"{}\"", "b".repeat(201)));
    assert_eq!(
        errors(&log),
        ["12:7: this string has 201 characters; the limit is 200"]
    );
}

#[test]
fn a_view_other_than_threads_or_tasks_is_explained() {
    let text = TAUGHT.replace("view threads", "view lanes");
    let diags = parse(&text).expect_err("lanes is not a view");
    assert!(
        diags[0]
            .message
            .contains("`threads` or `tasks` after `view`"),
        "{}",
        diags[0].message
    );
}

#[test]
fn in_the_thread_view_a_stop_tints_the_lanes_its_tasks_run_on() {
    use interleave::sim::{simulate, SimOptions};
    use interleave::trace::tour::{highlight, highlights_lane};
    use interleave::trace::{LaneId, LaneKind};
    let text = "runtime {\n  workers 1\n}\n\nstop 0us \"a and j run.\" on a, j\nstop 0us \"t runs.\" on t\n\nasync a {\n  sleep 1ms\n}\n\nthread t {\n  sleep 1ms\n}\n\njob j {\n  sleep 1ms\n}\n";
    let scenario = load(text).expect("loads");
    let trace = simulate(&scenario, &SimOptions::default()).trace;
    let tinted = |stop: usize| -> Vec<LaneKind> {
        let h = highlight(&trace, &scenario.lesson.stops[stop]);
        (0..trace.lanes.len() as u32)
            .filter(|l| highlights_lane(&trace, &h, LaneId(*l)))
            .map(|l| trace.lanes[l as usize].kind)
            .collect()
    };
    assert_eq!(tinted(0), [LaneKind::EventLoop, LaneKind::PoolWorker(0)]);
    assert!(
        matches!(tinted(1)[..], [LaneKind::Thread(_)]),
        "{:?}",
        tinted(1)
    );
}
