//! Every diagnostic the parser and the validator can give reads in Chinese: the malformed-input
//! table, more parser inputs, and the validation inputs, each message and hint translated.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod common;

use common::malformed::CASES;
use interleave::lang::Lang;
use interleave::model::*;

/// Parser inputs whose errors the malformed table does not already give.
const MORE_PARSE: &[&str] = &[
    "async a {\n  log \"a\\\n}",
    "async a {\n  lock m#2\n}\nasync b {\n  wait cv m#2\n}",
    "async a {\n  wait cv\n  wait cv 3\n}",
    "async a {\n  store v 99999999999999999999\n}",
    "async a {\n  store v 18446744073709551615\n}",
    "var v = -9223372036854775809",
    "expect v == -x",
    "expect v == -1s",
    "async a {\n  sleep 2x\n}",
    "async a {\n  sleep 1.0000001us\n}",
    "async a {\n  log\n}",
    "async a {\n  fail 3\n}",
    "async a {\n  after 1s\n}",
    "async a {\n  after 1s spawn\n}",
    "async a {\n  store v +\n  store v - x\n}",
    "async a {\n  acquire s 1s\n}",
    "async a {\n  compute\n}",
    "async a {\n  repeat 2\n}",
    "async a {\n  catch {}\n}",
    "async a {\n  mutex m\n}",
    "async a {\n  3\n}",
    "async a x2 x3 {}",
    "async a priority 1 priority 2 {}",
    "async a on {}",
    "async a on spawn on spawn {}",
    "async a at 1s on spawn {}",
    "async a x2 frob {}",
    "lock m",
    "\"title\"",
    "scenario title",
    "scenario 3",
    "runtime {\n  policy\n  policy fast\n  pool_queue fifo fifo\n  pool_queue\n  cores unlimited\n}",
    "runtime {\n  banana 3\n  3\n  cores 99999999999\n}",
    "runtime {\n  cores\n}",
    "runtime",
    "semaphore s",
    "semaphore s 2",
    "var v",
    "channel q 3",
    "channel",
    "mutex m\nmutex n x",
    "expect makespan <= 2",
    "expect makespan ~ 2s",
    "expect no deadlock now",
    "expect v#2 == 1",
    "expect v == 1s",
    "expect v 3",
    "expect t cancelled\nexpect t canceled\nexpect t complete",
    "mutex m#2",
    "async a {\n  yield\n}\nasync b {\n  yield }}",
    "async a {\n  repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { repeat 1 { yield } } } } } } } } } } } } } } } } }\n}",
    "async a {\n  sleep 1s label\n}",
    "async a {\n  try {} catch\n}",
    "async a {\n  timeout 1s\n}",
    "async a {\n  sleep 99999999999999999999\n}",
    "mutex 12abc",
    "async a {\n  sleep 10q\n}",
    "async a {\n  log \"a\\`b\"\n  lock `m`\n}",
    "async a {\n  slep 1s\n  frobnicate\n}",
    "frobnicate",
    "expect",
];

/// Validation inputs (they parse; the validator reports), after the tests in `tests/validate.rs`.
const VALIDATE: &[&str] = &[
    "mutex m\nchannel c\nasync m {}\nvar c = 1\n",
    "mutex m1\nasync a { lock m2 }\n",
    "async a { recv inbox }\n",
    "mutex a\nmutex b\nmutex c\nmutex d\nmutex e\nmutex f\nmutex g\nmutex h\nmutex i\nmutex j\nasync t { lock zz }\n",
    "mutex m\nrwlock r\nsemaphore s = 2\nchannel q\ncondvar cv\nvar v = 0\nasync t {\n  lock q\n  unlock q\n  read m\n  write s\n  acquire cv\n  wait v m\n  notify s\n  send m\n  load q\n  join m\n}\nexpect t == 1\n",
    "async d x2 {}\nasync a {\n  join d#3\n  join a#1\n  join e\n}\nexpect d#0 completed\n",
    "thread w {}\nasync a {\n  spawn w\n  gather w\n  after 1s spawn w\n}\n",
    "mutex m\nrwlock r\nsemaphore s = 2\nchannel q\ncondvar cv\nvar v = 0\nprocess p {\n  send q 1\n  lock m\n  incr v\n  acquire s\n  notify cv\n  read r\n  wait cv m\n  store v 1\n}\n",
    "async a x6000 {}\nthread b x4001 {}\n",
    "async a x0 {}\n",
    "mutex m\nsemaphore s = 2\ncondvar cv\nasync t {\n  unlock m\n  release s\n  wait cv m\n  acquire s 0\n  release s 0\n  acquire s 3\n  repeat 0 {\n    yield\n  }\n  join t\n}\n",
    "async w on spawn {}\nasync main {\n  join w\n}\n",
    "async a {\n  lock x\n  recv y\n}\nmutex a\nexpect z == 1\n",
    "scenario \"title\"\nmutex \"m#1\"\nasync \"d#1\" {}\n",
];

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Every way the text can fail: parse errors, or (when it parses) validation problems.
fn diagnostics(src: &str) -> Vec<Diagnostic> {
    match parse(src) {
        Err(errors) => errors,
        Ok(scenario) => validate(&scenario),
    }
}

fn step(kind: StepKind) -> Step {
    Step {
        kind,
        pos: Pos::new(2, 3),
    }
}

/// Scenarios the visual editor could build but text could not say (after `tests/validate.rs`).
fn editor_built() -> Vec<Scenario> {
    let task = |body: Vec<Step>| TaskDecl {
        kind: TaskKind::Async,
        name: "t".into(),
        replicas: None,
        start: Start::AtZero,
        priority: 0,
        body,
        pos: Pos::new(2, 1),
    };
    let var = Resource {
        name: "v".into(),
        kind: ResourceKind::Var { init: 0 },
        pos: Pos::new(1, 1),
    };
    let v = NameRef {
        name: "v".into(),
        pos: Pos::new(2, 9),
    };
    let mut runtime = Scenario::default();
    runtime.runtime.workers = Some(0);
    runtime.runtime.cores = Some(Cores::Limited(0));
    runtime.runtime.quantum = Some(0);
    let texts = Scenario {
        resources: vec![var.clone()],
        tasks: vec![task(vec![
            step(StepKind::Store {
                var: v,
                op: StoreOp::Set(-1),
            }),
            step(StepKind::Log("two\nlines".into())),
            step(StepKind::Fail("x".repeat(201))),
            step(StepKind::Sleep {
                dur: 1,
                label: Some("y".repeat(201)),
            }),
        ])],
        ..Scenario::default()
    };
    let mut names = Scenario {
        resources: vec![var],
        tasks: vec![task(Vec::new())],
        ..Scenario::default()
    };
    names.tasks[0].name = "a#1".into();
    names.resources[0].name = String::new();
    let mut long_name = names.clone();
    long_name.resources[0].name = "n".repeat(201);
    let mut body = vec![step(StepKind::Yield)];
    for _ in 0..17 {
        body = vec![step(StepKind::Repeat { count: 1, body })];
    }
    let nested = Scenario {
        tasks: vec![task(body)],
        ..Scenario::default()
    };
    vec![runtime, texts, names, long_name, nested]
}

fn all_diagnostics() -> Vec<(String, Diagnostic)> {
    let mut out = Vec::new();
    let texts = CASES.iter().map(|(src, _)| *src);
    for src in texts.chain(MORE_PARSE.iter().copied()) {
        out.extend(
            parse(src)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|d| (src.to_string(), d)),
        );
    }
    let long = format!("scenario \"{}\"", "é".repeat(201));
    let huge = format!("# {}", "x".repeat(300_000));
    for src in [long, huge]
        .iter()
        .map(String::as_str)
        .chain(VALIDATE.iter().copied())
    {
        out.extend(diagnostics(src).into_iter().map(|d| (src.to_string(), d)));
    }
    for (i, scenario) in editor_built().iter().enumerate() {
        let what = format!("editor-built scenario {i}");
        out.extend(validate(scenario).into_iter().map(|d| (what.clone(), d)));
    }
    out
}

#[test]
fn every_input_gives_diagnostics_to_translate() {
    let all = all_diagnostics();
    assert!(all.len() >= 150, "only {} diagnostics", all.len());
    for src in MORE_PARSE {
        assert!(parse(src).is_err(), "{src:?} parses without error");
    }
    for src in VALIDATE {
        assert!(!diagnostics(src).is_empty(), "{src:?} has no diagnostics");
    }
}

#[test]
fn every_message_and_hint_reads_in_chinese() {
    let mut untranslated = Vec::new();
    for (src, d) in all_diagnostics() {
        let zh = d.message_in(Lang::Zh);
        if zh == d.message || !has_cjk(&zh) {
            untranslated.push(format!("{src:?}: message {:?} -> {zh:?}", d.message));
        }
        if let (Some(en), Some(zh)) = (&d.hint, d.hint_in(Lang::Zh)) {
            if zh == en.as_str() || !has_cjk(&zh) {
                untranslated.push(format!("{src:?}: hint {en:?} -> {zh:?}"));
            }
        }
    }
    assert!(
        untranslated.is_empty(),
        "{} texts are not translated:\n{}",
        untranslated.len(),
        untranslated.join("\n")
    );
}

/// English words that never appear in Chinese text outside code (`…`) and quotes ("…").
const ENGLISH: &[&str] = &[
    "the", "is", "are", "needs", "but", "names", "of", "found", "expected", "unknown", "must",
    "cannot", "has", "and", "never", "does", "declared", "with", "not", "than", "only", "number",
    "name", "duration", "task", "step", "string", "line", "in", "to", "for", "it",
];

/// The text without its code spans and quoted strings.
fn outside_code(text: &str) -> String {
    let mut out = String::new();
    let mut inside: Option<char> = None;
    for c in text.chars() {
        match (inside, c) {
            (None, '`' | '"') => inside = Some(c),
            (Some(open), c) if c == open => inside = None,
            (None, c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn no_english_words_are_left_outside_code() {
    let mut mixed = Vec::new();
    for (src, d) in all_diagnostics() {
        let texts = [Some(d.message_in(Lang::Zh)), d.hint_in(Lang::Zh)];
        for zh in texts.into_iter().flatten() {
            let plain = outside_code(&zh);
            let words = plain.split(|c: char| !c.is_ascii_alphabetic());
            if let Some(word) = words.into_iter().find(|w| ENGLISH.contains(w)) {
                mixed.push(format!("{src:?}: {zh:?} has {word:?}"));
            }
        }
    }
    assert!(mixed.is_empty(), "{}", mixed.join("\n"));
}

#[test]
fn english_is_the_text_as_written() {
    for (_, d) in all_diagnostics() {
        assert_eq!(d.message_in(Lang::En), d.message.as_str());
        assert_eq!(d.hint_in(Lang::En).as_deref(), d.hint.as_deref());
    }
}

#[test]
fn names_numbers_and_keywords_survive_translation() {
    let d = &parse("async a {\n  lock m#2\n}").err().unwrap_or_default()[0];
    assert_eq!(
        d.message_in(Lang::Zh),
        "`#2` 表示任务副本，但 lock 需要互斥锁名称"
    );
    let d = &diagnostics("mutex m1\nasync a { lock m2 }\n")[0];
    assert_eq!(d.message_in(Lang::Zh), "未知的互斥锁 \"m2\"；已声明：m1");
    assert_eq!(
        d.hint_in(Lang::Zh).as_deref(),
        Some("你是不是想写 \"m1\"？")
    );
    let d = &parse("async a {\n  sleep 10\n}").err().unwrap_or_default()[0];
    assert_eq!(d.message_in(Lang::Zh), "时长 10 没有单位");
    assert_eq!(
        d.hint_in(Lang::Zh).as_deref(),
        Some("加上单位，例如 10ms 或 10s；单位有 us、ms、s 和 min")
    );
}
