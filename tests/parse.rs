//! Parser tests: every top-level form, modifier, runtime key, step, block and expect form,
//! each accepted when well written and rejected with a clear error when not.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::*;

fn ok(src: &str) -> Scenario {
    match parse(src) {
        Ok(s) => s,
        Err(errors) => panic!("expected {src:?} to parse, got {errors:#?}"),
    }
}

/// Every error as `line:col: message (hint: …)`.
fn errs(src: &str) -> Vec<String> {
    match parse(src) {
        Ok(s) => panic!("expected {src:?} to fail, got {s:#?}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The steps of a single task whose body is `body`.
fn steps(body: &str) -> Vec<StepKind> {
    let s = ok(&format!("async t {{\n{body}\n}}\n"));
    s.tasks[0].body.iter().map(|s| s.kind.clone()).collect()
}

fn step(line: &str) -> StepKind {
    let mut all = steps(line);
    assert_eq!(all.len(), 1, "{line}");
    all.remove(0)
}

fn nr(name: &str) -> NameRef {
    NameRef {
        name: name.to_string(),
        pos: Pos::default(),
    }
}

fn tr(name: &str, replica: Option<u32>) -> TaskRef {
    TaskRef {
        name: name.to_string(),
        replica,
        pos: Pos::default(),
    }
}

#[test]
fn the_language_page_example_parses_into_the_expected_model() {
    let s = ok(r#"scenario "asyncio.gather vs threads"

runtime {
  workers 2
  seed 7
}

async 任务1 x2 {
  log "start"
  sleep 1s
  log "end"
}

thread 线程 x2 {
  sleep 1s
}
"#);
    assert_eq!(s.title.as_deref(), Some("asyncio.gather vs threads"));
    assert_eq!(s.runtime.workers, Some(2));
    assert_eq!(s.runtime.seed, Some(7));
    assert_eq!(s.runtime.cores, None);
    assert_eq!(s.tasks.len(), 2);
    assert_eq!(s.tasks[0].name, "任务1");
    assert_eq!(s.tasks[0].kind, TaskKind::Async);
    assert_eq!(s.tasks[0].replicas, Some(2));
    assert_eq!(s.tasks[1].kind, TaskKind::Thread);
    assert_eq!(
        s.tasks[0].body[1].kind,
        StepKind::Sleep {
            dur: 1_000_000,
            label: None
        }
    );
}

#[test]
fn the_empty_text_and_comments_only_are_an_empty_scenario() {
    assert_eq!(ok(""), Scenario::default());
    assert_eq!(
        ok("# nothing here\n\n   # still nothing\n"),
        Scenario::default()
    );
}

#[test]
fn positions_are_one_based_and_counted_in_characters() {
    let s = ok("\n  async 任务1 {\n  sleep 1s\n}\n");
    assert_eq!((s.tasks[0].pos.line, s.tasks[0].pos.col), (2, 3));
    let s = ok("async 任务1 { lock 锁 }\nmutex 锁\n");
    let StepKind::Lock(m) = &s.tasks[0].body[0].kind else {
        panic!("not a lock")
    };
    // `async 任务1 { ` is 12 characters, so `lock` is at 13 and its name at 18.
    assert_eq!(
        (s.tasks[0].body[0].pos.line, s.tasks[0].body[0].pos.col),
        (1, 13)
    );
    assert_eq!((m.pos.line, m.pos.col), (1, 18));
    assert_eq!(
        errs("async 任务1 {\n  slep 1s\n}\n")[0],
        "2:3: unknown step `slep` (hint: did you mean `sleep`?)"
    );
    assert!(errs("var 变量 = 1 2\n")[0].starts_with("1:12: "));
}

#[test]
fn the_title_is_read_once() {
    assert_eq!(ok("scenario \"t\"\n").title.as_deref(), Some("t"));
    assert_eq!(ok("scenario \"\"\n").title.as_deref(), Some(""));
    assert_eq!(
        errs("scenario \"a\"\nscenario \"b\"\n"),
        vec!["2:1: the title is already set on line 1 (hint: a scenario has one title)"]
    );
    assert_eq!(
        errs("scenario title\n"),
        vec!["1:10: the title must be in double quotes (hint: write scenario \"my title\")"]
    );
}

#[test]
fn every_runtime_key_is_read() {
    let s = ok("runtime {\n  workers 8\n  cores 2\n  quantum 5ms\n  policy lifo\n  pool_queue priority\n  thread_start 100us\n  process_start 2ms\n  seed 42\n  max_time 1min\n}\n");
    let rt = s.runtime;
    assert_eq!(rt.workers, Some(8));
    assert_eq!(rt.cores, Some(Cores::Limited(2)));
    assert_eq!(rt.quantum, Some(5_000));
    assert_eq!(rt.policy, Some(Policy::Lifo));
    assert_eq!(rt.pool_queue, Some(PoolQueue::Priority));
    assert_eq!(rt.thread_start, Some(100));
    assert_eq!(rt.process_start, Some(2_000));
    assert_eq!(rt.seed, Some(42));
    assert_eq!(rt.max_time, Some(60_000_000));
}

#[test]
fn runtime_values_take_every_spelling_the_page_lists() {
    assert_eq!(
        ok("runtime { cores unlimited }").runtime.cores,
        Some(Cores::Unlimited)
    );
    for (w, p) in [
        ("fifo", Policy::Fifo),
        ("lifo", Policy::Lifo),
        ("random", Policy::Random),
        ("priority", Policy::Priority),
    ] {
        assert_eq!(
            ok(&format!("runtime {{ policy {w} }}")).runtime.policy,
            Some(p)
        );
    }
    for (w, p) in [
        ("fifo", PoolQueue::Fifo),
        ("lifo", PoolQueue::Lifo),
        ("priority", PoolQueue::Priority),
    ] {
        assert_eq!(
            ok(&format!("runtime {{ pool_queue {w} }}"))
                .runtime
                .pool_queue,
            Some(p)
        );
    }
    assert_eq!(ok("runtime {\n}\n").runtime, Runtime::default());
}

#[test]
fn runtime_errors_name_the_key_and_the_allowed_values() {
    assert_eq!(
        errs("runtime {\n  seed 1\n  seed 2\n}\n"),
        vec!["3:3: seed is set twice; first on line 2 (hint: keep one of them)"]
    );
    assert_eq!(
        errs("runtime {\n  workers 0\n}\n"),
        vec!["2:11: workers must be between 1 and 64, not 0"]
    );
    assert_eq!(
        errs("runtime {\n  workers 65\n}\n"),
        vec!["2:11: workers must be between 1 and 64, not 65"]
    );
    assert_eq!(
        errs("runtime { cores 0 }"),
        vec!["1:17: cores must be at least 1 (hint: write cores unlimited for no limit)"]
    );
    assert_eq!(
        errs("runtime { quantum 0ms }"),
        vec!["1:19: the quantum must be longer than 0us"]
    );
    assert_eq!(
        errs("runtime { policy lilo }"),
        vec!["1:18: unknown policy `lilo` (hint: did you mean `lifo`?)"]
    );
    assert_eq!(
        errs("runtime { pool_queue random }"),
        vec!["1:22: unknown pool_queue order `random` (hint: pool queue orders are fifo, lifo and priority)"]
    );
    assert_eq!(
        errs("runtime { wrokers 2 }"),
        vec!["1:11: unknown runtime setting `wrokers` (hint: did you mean `workers`?)"]
    );
    assert_eq!(
        errs("runtime {}\nruntime {}\n"),
        vec!["2:1: a second runtime block; the first is on line 1 (hint: put all settings in one runtime block)"]
    );
}

#[test]
fn every_resource_form_is_read() {
    let s = ok("mutex m\nrwlock r\nsemaphore s = 3\nchannel q\nchannel b capacity 0\ncondvar cv\nvar v = -7\nvar w = 9223372036854775807\n");
    let kinds: Vec<_> = s
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("m", ResourceKind::Mutex),
            ("r", ResourceKind::RwLock),
            ("s", ResourceKind::Semaphore { permits: 3 }),
            ("q", ResourceKind::Channel { capacity: None }),
            ("b", ResourceKind::Channel { capacity: Some(0) }),
            ("cv", ResourceKind::Condvar),
            ("v", ResourceKind::Var { init: -7 }),
            ("w", ResourceKind::Var { init: i64::MAX }),
        ]
    );
    assert_eq!(
        ok("var v = -9223372036854775808").resources[0].kind,
        ResourceKind::Var { init: i64::MIN }
    );
}

#[test]
fn resource_errors_say_what_is_missing() {
    assert_eq!(errs("mutex\n"), vec!["1:6: mutex needs a name"]);
    assert_eq!(errs("semaphore s 2\n"), vec!["1:13: expected `=` after the semaphore name, found the number 2 (hint: write semaphore s = 2)"]);
    assert_eq!(
        errs("semaphore s = -1\n"),
        vec!["1:15: expected a permit count after `semaphore`, found a negative number"]
    );
    assert_eq!(errs("channel q 3\n"), vec!["1:11: expected capacity or the end of the line after the channel name, found the number 3 (hint: a bounded channel is written channel q capacity 3)"]);
    assert_eq!(errs("var v = 9223372036854775808\n"), vec!["1:9: the number 9223372036854775808 is out of range (hint: numbers go from -9223372036854775808 to 9223372036854775807)"]);
    assert_eq!(
        errs("var v\n"),
        vec!["1:6: var needs `=` and a starting value (hint: write var counter = 0)"]
    );
}

#[test]
fn all_four_task_kinds_are_read() {
    let s = ok("async a {}\nthread b {}\njob c {}\nprocess d {}\n");
    let kinds: Vec<_> = s.tasks.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        vec![
            TaskKind::Async,
            TaskKind::Thread,
            TaskKind::Job,
            TaskKind::Process
        ]
    );
}

#[test]
fn task_modifiers_are_read_in_any_order() {
    let a = ok("async a x3 at 2s priority -4 {}\n");
    let b = ok("async a priority -4 at 2s x3 {}\n");
    assert_eq!(a, b);
    let t = &a.tasks[0];
    assert_eq!(
        (t.replicas, t.start, t.priority),
        (Some(3), Start::At(2_000_000), -4)
    );
    let t = &ok("job w on spawn priority 9 x2 {\n}\n").tasks[0];
    assert_eq!(
        (t.replicas, t.start, t.priority),
        (Some(2), Start::OnSpawn, 9)
    );
    let t = &ok("async plain {}").tasks[0];
    assert_eq!((t.replicas, t.start, t.priority), (None, Start::AtZero, 0));
}

#[test]
fn conflicting_or_repeated_modifiers_are_errors() {
    assert_eq!(
        errs("async a at 1s on spawn {}\n"),
        vec!["1:15: a task cannot both start at a time and on spawn (hint: keep either at DUR or on spawn)"]
    );
    assert_eq!(
        errs("async a x2 x3 {}\n"),
        vec!["1:12: the replica count is given twice"]
    );
    assert_eq!(
        errs("async a priority 1 priority 2 {}\n"),
        vec!["1:20: the priority is given twice"]
    );
    assert_eq!(
        errs("async a on {}\n"),
        vec!["1:12: expected `spawn` after on, found `{` (hint: write on spawn)"]
    );
    assert_eq!(
        errs("async a prio 2 {}\n"),
        vec!["1:9: unknown task modifier `prio` (hint: did you mean `priority`?)"]
    );
}

#[test]
fn a_broken_task_header_still_reports_errors_in_its_body() {
    let e = errs("async a x2 zz {\n  slep 1s\n}\n");
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].starts_with("1:12: unknown task modifier `zz`"));
    assert!(e[1].starts_with("2:3: unknown step `slep`"));
}

#[test]
fn timed_steps_take_a_duration_and_an_optional_label() {
    assert_eq!(
        step("compute 20ms"),
        StepKind::Compute {
            dur: 20_000,
            label: None
        }
    );
    assert_eq!(
        step("compute 1500us \"parse\""),
        StepKind::Compute {
            dur: 1_500,
            label: Some("parse".into())
        }
    );
    assert_eq!(
        step("sleep 1min"),
        StepKind::Sleep {
            dur: 60_000_000,
            label: None
        }
    );
    assert_eq!(
        step("sleep 2s \"nap\""),
        StepKind::Sleep {
            dur: 2_000_000,
            label: Some("nap".into())
        }
    );
    assert_eq!(step("yield"), StepKind::Yield);
}

#[test]
fn lock_and_resource_steps_name_their_resource() {
    assert_eq!(step("lock m"), StepKind::Lock(nr("m")));
    assert_eq!(step("unlock m"), StepKind::Unlock(nr("m")));
    assert_eq!(step("read r"), StepKind::Read(nr("r")));
    assert_eq!(step("write r"), StepKind::Write(nr("r")));
    assert_eq!(step("acquire s"), StepKind::Acquire { sem: nr("s"), n: 1 });
    assert_eq!(
        step("acquire s 3"),
        StepKind::Acquire { sem: nr("s"), n: 3 }
    );
    assert_eq!(step("release s"), StepKind::Release { sem: nr("s"), n: 1 });
    assert_eq!(
        step("release s 2"),
        StepKind::Release { sem: nr("s"), n: 2 }
    );
    assert_eq!(
        step("wait cv m"),
        StepKind::Wait {
            cv: nr("cv"),
            mutex: nr("m")
        }
    );
    assert_eq!(step("notify cv"), StepKind::Notify(nr("cv")));
    assert_eq!(step("notify_all cv"), StepKind::NotifyAll(nr("cv")));
}

#[test]
fn channel_steps_are_read() {
    assert_eq!(
        step("send q"),
        StepKind::Send {
            ch: nr("q"),
            value: None
        }
    );
    assert_eq!(
        step("send q 5"),
        StepKind::Send {
            ch: nr("q"),
            value: Some(5)
        }
    );
    assert_eq!(
        step("send q -5"),
        StepKind::Send {
            ch: nr("q"),
            value: Some(-5)
        }
    );
    assert_eq!(step("recv q"), StepKind::Recv(nr("q")));
    assert_eq!(step("close q"), StepKind::Close(nr("q")));
}

#[test]
fn task_steps_take_comma_separated_references_with_replicas() {
    assert_eq!(step("spawn a"), StepKind::Spawn(vec![tr("a", None)]));
    assert_eq!(
        step("join a, b#2, c"),
        StepKind::Join(vec![tr("a", None), tr("b", Some(2)), tr("c", None)])
    );
    assert_eq!(
        step("gather w#1,w#2"),
        StepKind::Gather(vec![tr("w", Some(1)), tr("w", Some(2))])
    );
    assert_eq!(
        step("cancel \"my task\"#3"),
        StepKind::Cancel(vec![tr("my task", Some(3))])
    );
    assert_eq!(
        step("after 10ms spawn t#2"),
        StepKind::After {
            delay: 10_000,
            task: tr("t", Some(2))
        }
    );
}

#[test]
fn a_hash_after_a_space_is_a_comment_but_touching_a_name_it_is_a_replica() {
    assert_eq!(step("join d#2"), StepKind::Join(vec![tr("d", Some(2))]));
    assert_eq!(step("join d #2"), StepKind::Join(vec![tr("d", None)]));
    assert_eq!(step("join d#two"), StepKind::Join(vec![tr("d", None)]));
}

#[test]
fn variable_steps_are_read() {
    assert_eq!(step("load v"), StepKind::Load(nr("v")));
    assert_eq!(step("incr v"), StepKind::Incr(nr("v")));
    assert_eq!(
        step("store v +1"),
        StepKind::Store {
            var: nr("v"),
            op: StoreOp::Add(1)
        }
    );
    assert_eq!(
        step("store v -2"),
        StepKind::Store {
            var: nr("v"),
            op: StoreOp::Sub(2)
        }
    );
    assert_eq!(
        step("store v 7"),
        StepKind::Store {
            var: nr("v"),
            op: StoreOp::Set(7)
        }
    );
    assert_eq!(
        step("store v + 1"),
        StepKind::Store {
            var: nr("v"),
            op: StoreOp::Add(1)
        }
    );
}

#[test]
fn fail_and_log_take_quoted_text_with_escapes() {
    assert_eq!(step("fail \"boom\""), StepKind::Fail("boom".into()));
    assert_eq!(
        step(r#"log "say \"hi\" \\ bye""#),
        StepKind::Log(r#"say "hi" \ bye"#.into())
    );
    assert_eq!(
        step("log \"# not a comment\""),
        StepKind::Log("# not a comment".into())
    );
}

#[test]
fn blocks_hold_steps_and_nest() {
    assert_eq!(
        step("repeat 3 {\n  incr v\n}"),
        StepKind::Repeat {
            count: 3,
            body: vec![Step {
                kind: StepKind::Incr(nr("v")),
                pos: Pos::default()
            }]
        }
    );
    assert_eq!(
        step("timeout 1s { sleep 2s }"),
        StepKind::Timeout {
            dur: 1_000_000,
            body: vec![Step {
                kind: StepKind::Sleep {
                    dur: 2_000_000,
                    label: None
                },
                pos: Pos::default()
            }]
        }
    );
    let StepKind::Try { body, catch } = step("try {\n  fail \"x\"\n} catch {\n  log \"caught\"\n}")
    else {
        panic!("not a try")
    };
    assert_eq!(body[0].kind, StepKind::Fail("x".into()));
    assert_eq!(catch[0].kind, StepKind::Log("caught".into()));
    assert_eq!(
        step("try {}\ncatch {}"),
        StepKind::Try {
            body: vec![],
            catch: vec![]
        }
    );
    assert_eq!(
        step("repeat 18446744073709551615 {}"),
        StepKind::Repeat {
            count: u64::MAX,
            body: vec![]
        }
    );
}

fn nested(levels: usize) -> String {
    let mut s = String::from("async t {\n");
    for _ in 0..levels {
        s.push_str("repeat 2 {\n");
    }
    s.push_str("yield\n");
    for _ in 0..levels {
        s.push_str("}\n");
    }
    s.push_str("}\n");
    s
}

#[test]
fn blocks_nest_sixteen_deep_but_not_seventeen() {
    ok(&nested(16));
    assert_eq!(
        errs(&nested(17)),
        vec!["18:10: blocks are nested more than 16 deep (hint: the nesting limit is 16; move some steps out)"]
    );
}

#[test]
fn very_deep_nesting_is_an_error_not_a_stack_overflow() {
    let e = errs(&nested(100_000).chars().take(200_000).collect::<String>());
    assert!(
        e.iter().any(|e| e.contains("nested more than 16 deep")),
        "{e:?}"
    );
}

#[test]
fn try_without_catch_and_catch_without_try_are_errors() {
    assert_eq!(
        steps_err("try { yield }"),
        vec!["2:14: try needs a catch block after it (hint: write catch {} to ignore the failure)"]
    );
    assert_eq!(
        steps_err("catch { yield }"),
        vec!["2:1: catch without a try before it"]
    );
}

fn steps_err(body: &str) -> Vec<String> {
    errs(&format!("async t {{\n{body}\n}}\n"))
}

#[test]
fn unknown_steps_get_a_did_you_mean() {
    assert_eq!(
        steps_err("slep 1s"),
        vec!["2:1: unknown step `slep` (hint: did you mean `sleep`?)"]
    );
    assert_eq!(
        steps_err("notifyall cv"),
        vec!["2:1: unknown step `notifyall` (hint: did you mean `notify_all`?)"]
    );
    assert_eq!(
        steps_err("await t"),
        vec!["2:1: unknown step `await` (hint: did you mean `join`?)"]
    );
    assert_eq!(
        steps_err("mutex m"),
        vec!["2:1: `mutex` declarations go at the top level, not inside a task (hint: move this line out of the task)"]
    );
}

#[test]
fn every_expect_form_is_read() {
    let s = ok("expect v == 3\nexpect v != -1\nexpect v < 1\nexpect v <= 1\nexpect v > 1\nexpect v >= 1\nexpect makespan <= 2s\nexpect no deadlock\nexpect deadlock\nexpect t completed\nexpect d#2 failed\nexpect t cancelled\n");
    let kinds: Vec<_> = s.expects.into_iter().map(|e| e.kind).collect();
    let var = |op, value| ExpectKind::Var {
        var: nr("v"),
        op,
        value,
    };
    assert_eq!(
        kinds,
        vec![
            var(CmpOp::Eq, 3),
            var(CmpOp::Ne, -1),
            var(CmpOp::Lt, 1),
            var(CmpOp::Le, 1),
            var(CmpOp::Gt, 1),
            var(CmpOp::Ge, 1),
            ExpectKind::Makespan {
                op: CmpOp::Le,
                dur: 2_000_000
            },
            ExpectKind::NoDeadlock,
            ExpectKind::Deadlock,
            ExpectKind::Task {
                task: tr("t", None),
                state: EndState::Completed
            },
            ExpectKind::Task {
                task: tr("d", Some(2)),
                state: EndState::Failed
            },
            ExpectKind::Task {
                task: tr("t", None),
                state: EndState::Cancelled
            },
        ]
    );
}

#[test]
fn keywords_work_as_names_by_position_and_quoted_names_never_mean_keywords() {
    let s = ok("var \"makespan\" = 1\nexpect \"makespan\" == 1\nexpect \"deadlock\" completed\n");
    assert_eq!(
        s.expects[0].kind,
        ExpectKind::Var {
            var: nr("makespan"),
            op: CmpOp::Eq,
            value: 1
        }
    );
    assert_eq!(
        s.expects[1].kind,
        ExpectKind::Task {
            task: tr("deadlock", None),
            state: EndState::Completed
        }
    );
    assert_eq!(
        ok("expect no completed").expects[0].kind,
        ExpectKind::Task {
            task: tr("no", None),
            state: EndState::Completed
        }
    );
    let s = ok("mutex lock\nasync sleep { lock lock }\n");
    assert_eq!(s.tasks[0].name, "sleep");
    assert_eq!(s.tasks[0].body[0].kind, StepKind::Lock(nr("lock")));
}

#[test]
fn expect_errors_explain_the_forms() {
    assert_eq!(
        errs("expect v = 3"),
        vec!["1:10: `=` assigns; to compare write `==`"]
    );
    assert_eq!(
        errs("expect t finished"),
        vec![
            "1:10: unknown end state `finished` (hint: a task ends completed, failed or cancelled)"
        ]
    );
    assert_eq!(
        errs("expect t complete"),
        vec!["1:10: unknown end state `complete` (hint: did you mean `completed`?)"]
    );
    assert_eq!(errs("expect makespan <= 2"), vec!["1:20: the duration 2 has no unit (hint: add a unit, e.g. 2ms or 2s; units are us, ms, s and min)"]);
    assert_eq!(errs("expect v == 2s"), vec!["1:13: a variable holds a number, not a duration (hint: to check the run's length write expect makespan <= 2s)"]);
}

#[test]
fn unicode_and_quoted_names_are_names() {
    let s = ok("mutex 锁\nmutex \"two words\"\nasync Ünïcödé_1 { lock 锁 }\n");
    assert_eq!(s.resources[1].name, "two words");
    assert_eq!(s.tasks[0].name, "Ünïcödé_1");
    assert_eq!(errs("mutex \"\""), vec!["1:7: a name cannot be empty"]);
}

#[test]
fn every_error_in_the_text_is_reported_not_only_the_first() {
    let e =
        errs("mutx a\nasync t {\n  slep 1s\n  lock\n  sleep 10\n}\nexpect\nruntime { seed -1 }\n");
    let places: Vec<_> = e
        .iter()
        .map(|e| e.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        places,
        vec!["1:1", "3:3", "4:7", "5:9", "7:7", "8:16"],
        "{e:?}"
    );
}

#[test]
fn text_past_the_size_limit_is_one_error_naming_the_limit() {
    let big = "# padding\n".repeat(30_000);
    assert_eq!(
        errs(&big),
        vec!["1:1: the scenario is 300000 bytes long; the limit is 256 KiB (262144 bytes) (hint: split it into smaller scenarios)"]
    );
}

#[test]
fn statements_end_at_the_line_end_or_a_closing_brace() {
    let s = ok("async a { sleep 1s }\nasync b {\n  yield }\n");
    assert_eq!(s.tasks.len(), 2);
    assert_eq!(errs("mutex a mutex b"), vec!["1:9: unexpected `mutex` after the mutex declaration (hint: put each statement on its own line)"]);
    assert_eq!(steps_err("sleep 1s yield"), vec!["2:10: unexpected `yield` after the sleep step (hint: put each statement on its own line)"]);
    let s = ok("async a\n{\n  yield\n}\n");
    assert_eq!(s.tasks[0].body.len(), 1);
}

#[test]
fn windows_line_endings_parse_like_unix_ones() {
    assert_eq!(
        ok("mutex m\r\nasync a {\r\n  lock m\r\n}\r\n"),
        ok("mutex m\nasync a {\n  lock m\n}\n")
    );
}

#[test]
fn a_hash_touching_a_declared_name_explains_replicas_versus_comments() {
    assert_eq!(
        errs("mutex m#1 first lock"),
        vec!["1:8: unexpected `#1` after the mutex declaration (hint: a `#` touching a name and followed by a digit is a replica number; put a space before `#` to start a comment)"]
    );
    assert_eq!(ok("mutex m #1 first lock").resources.len(), 1);
}
