//! Printer tests: the canonical layout, units, quoting and omissions, and that printing
//! parsed text is stable.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::*;

fn canon(src: &str) -> String {
    match parse(src) {
        Ok(s) => print(&s),
        Err(e) => panic!("{src:?} does not parse: {e:#?}"),
    }
}

#[test]
fn the_canonical_layout_orders_sections_and_separates_them_with_one_blank_line() {
    let untidy = "expect v == 2\nasync b { incr v }\n# comment\nvar v = 0\n\n\n  runtime {   seed 7\nworkers 2 }\nmutex m\nthread c x2 {\n\n sleep 1s\n}\nscenario \"demo\"\nexpect no deadlock\n";
    assert_eq!(
        canon(untidy),
        "scenario \"demo\"\n\nruntime {\n  workers 2\n  seed 7\n}\n\nvar v = 0\nmutex m\n\nasync b {\n  incr v\n}\n\nthread c x2 {\n  sleep 1s\n}\n\nexpect v == 2\nexpect no deadlock\n"
    );
}

#[test]
fn the_empty_scenario_prints_as_empty_text() {
    assert_eq!(print(&Scenario::default()), "");
    assert_eq!(canon("runtime {}\n"), "");
}

#[test]
fn runtime_keys_print_in_the_table_order() {
    let src = "runtime {\n max_time 10min\n seed 1\n process_start 1ms\n thread_start 0us\n pool_queue lifo\n policy random\n quantum 10ms\n cores unlimited\n workers 4\n}";
    assert_eq!(
        canon(src),
        "runtime {\n  workers 4\n  cores unlimited\n  quantum 10ms\n  policy random\n  pool_queue lifo\n  thread_start 0us\n  process_start 1ms\n  seed 1\n  max_time 10min\n}\n"
    );
    assert_eq!(canon("runtime { cores 3 }"), "runtime {\n  cores 3\n}\n");
}

#[test]
fn durations_print_in_the_largest_unit_that_divides_them() {
    let cases = [
        ("1000ms", "1s"),
        ("60s", "1min"),
        ("1500us", "1500us"),
        ("1500ms", "1500ms"),
        ("120000ms", "2min"),
        ("90s", "90s"),
        ("0s", "0us"),
        ("0min", "0us"),
        ("1000us", "1ms"),
    ];
    for (written, printed) in cases {
        assert_eq!(
            canon(&format!("async a {{ sleep {written} }}")),
            format!("async a {{\n  sleep {printed}\n}}\n")
        );
    }
}

#[test]
fn names_print_bare_only_when_they_read_back_as_the_same_name() {
    let src = "mutex m\nmutex 锁1\nmutex \"two words\"\nmutex \"lock\"\nmutex \"1st\"\nmutex \"say \\\"hi\\\"\"\nmutex \"makespan\"\nmutex \"_ok\"\n";
    assert_eq!(
        canon(src),
        "mutex m\nmutex 锁1\nmutex \"two words\"\nmutex \"lock\"\nmutex \"1st\"\nmutex \"say \\\"hi\\\"\"\nmutex \"makespan\"\nmutex _ok\n"
    );
    // A quoted plain name loses its quotes; a bare keyword used as a name gains them.
    assert_eq!(
        canon("mutex \"m\"\nasync a { lock \"m\" }"),
        "mutex m\n\nasync a {\n  lock m\n}\n"
    );
    assert_eq!(
        canon("mutex sleep\nasync a { lock sleep }"),
        "mutex \"sleep\"\n\nasync a {\n  lock \"sleep\"\n}\n"
    );
    assert_eq!(
        canon("async \"my task\" x2 {}\nexpect \"my task\"#2 completed"),
        "async \"my task\" x2 {}\n\nexpect \"my task\"#2 completed\n"
    );
}

#[test]
fn defaults_that_need_no_words_are_left_out() {
    assert_eq!(
        canon("async a priority 0 {\n  acquire s 1\n  release s 1\n  acquire s 2\n}"),
        "async a {\n  acquire s\n  release s\n  acquire s 2\n}\n"
    );
    assert_eq!(canon("async a priority -3 { }"), "async a priority -3 {}\n");
}

#[test]
fn modifiers_print_in_a_fixed_order() {
    assert_eq!(
        canon("job w priority 2 on spawn x3 {}"),
        "job w x3 on spawn priority 2 {}\n"
    );
    assert_eq!(canon("job w at 1000ms x3 {}"), "job w x3 at 1s {}\n");
}

#[test]
fn every_step_prints_in_its_canonical_form() {
    let body = "compute 20ms \"label\"\nsleep 1s\nyield\nlock m\nunlock m\nread r\nwrite r\nacquire s 3\nrelease s\nwait cv m\nnotify cv\nnotify_all cv\nsend q\nsend q -4\nrecv q\nclose q\nspawn a,b#2\njoin a , b\ngather a\ncancel a#1\nafter 20ms spawn a\nload v\nstore v +1\nstore v -1\nstore v 5\nincr v\nfail \"boom\"\nlog \"a \\\\ b\"";
    let expected: String = body
        .lines()
        .map(|l| match l {
            "spawn a,b#2" => "spawn a, b#2".to_string(),
            "join a , b" => "join a, b".to_string(),
            "release s" => "release s".to_string(),
            other => other.to_string(),
        })
        .map(|l| format!("  {l}\n"))
        .collect();
    assert_eq!(
        canon(&format!("async t {{\n{body}\n}}")),
        format!("async t {{\n{expected}}}\n")
    );
}

#[test]
fn blocks_indent_by_two_spaces_and_empty_blocks_print_as_braces() {
    assert_eq!(
        canon("async t { repeat 2 { timeout 1s { try { fail \"x\" } catch {} } } }"),
        "async t {\n  repeat 2 {\n    timeout 1s {\n      try {\n        fail \"x\"\n      } catch {}\n    }\n  }\n}\n"
    );
}

#[test]
fn every_expect_form_prints_in_its_canonical_form() {
    let src = "expect v==3\nexpect v != -3\nexpect makespan<=2000ms\nexpect no deadlock\nexpect deadlock\nexpect d#2 failed\nexpect t canceled\n";
    assert_eq!(
        canon(src),
        "expect v == 3\nexpect v != -3\nexpect makespan <= 2s\nexpect no deadlock\nexpect deadlock\nexpect d#2 failed\nexpect t cancelled\n"
    );
}

#[test]
fn a_negative_store_amount_from_the_editor_prints_as_the_same_operation() {
    let var = NameRef {
        name: "v".into(),
        pos: Pos::default(),
    };
    let step = |op| Step {
        kind: StepKind::Store {
            var: var.clone(),
            op,
        },
        pos: Pos::default(),
    };
    let s = Scenario {
        tasks: vec![TaskDecl {
            kind: TaskKind::Async,
            name: "a".into(),
            replicas: None,
            start: Start::AtZero,
            priority: 0,
            body: vec![step(StoreOp::Add(-2)), step(StoreOp::Sub(-2))],
            pos: Pos::default(),
        }],
        ..Scenario::default()
    };
    assert_eq!(print(&s), "async a {\n  store v -2\n  store v +2\n}\n");
}

#[test]
fn printing_is_idempotent_on_the_language_page_example() {
    let src = "scenario \"asyncio.gather vs threads\"\n\nruntime {\n  workers 2\n  seed 7\n}\n\nasync 任务1 x2 {\n  log \"start\"\n  sleep 1s\n  log \"end\"\n}\n\nthread 线程 x2 {\n  sleep 1s\n}\n";
    assert_eq!(canon(src), src);
    assert_eq!(canon(&canon(src)), src);
}
