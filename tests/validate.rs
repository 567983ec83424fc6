//! Validation tests: names declared, unique and of the right kind, task references,
//! processes, limits and the static hold warnings, each with its exact message.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::*;

fn model(src: &str) -> Scenario {
    match parse(src) {
        Ok(s) => s,
        Err(e) => panic!("{src:?} does not parse: {e:#?}"),
    }
}

/// Every diagnostic as `line:col: [warning: ]message (hint: …)`.
fn diags(src: &str) -> Vec<String> {
    validate(&model(src))
        .iter()
        .map(ToString::to_string)
        .collect()
}

const DECLS: &str = "mutex m\nrwlock r\nsemaphore s = 2\nchannel q\ncondvar cv\nvar v = 0\n";

/// Diagnostics for one async task `t` with `body`, after the standard declarations (lines 1-6).
fn in_task(body: &str) -> Vec<String> {
    diags(&format!("{DECLS}async t {{\n{body}\n}}\n"))
}

#[test]
fn a_scenario_using_every_resource_correctly_has_no_diagnostics() {
    let src = format!(
        "{DECLS}async t {{\n  lock m\n  wait cv m\n  notify cv\n  notify_all cv\n  unlock m\n  read r\n  unlock r\n  write r\n  unlock r\n  acquire s 2\n  release s 2\n  send q 1\n  recv q\n  close q\n  load v\n  store v +1\n  incr v\n  gather w#1, w#2\n  after 1s spawn late\n  join w\n  cancel w#2\n}}\nthread w x2 on spawn {{}}\njob late on spawn {{}}\nprocess p {{\n  send q\n}}\nexpect v == 2\nexpect w#2 completed\n"
    );
    assert_eq!(diags(&src), Vec::<String>::new());
}

#[test]
fn names_are_unique_across_all_declarations() {
    assert_eq!(
        diags("mutex m\nchannel c\nasync m {}\nvar c = 1\n"),
        vec![
            "3:1: \"m\" is already declared on line 1 (hint: names are unique across all declarations; rename one)",
            "4:1: \"c\" is already declared on line 2 (hint: names are unique across all declarations; rename one)",
        ]
    );
}

#[test]
fn an_unknown_name_lists_what_is_declared_and_suggests_the_closest() {
    assert_eq!(
        diags("mutex m1\nasync a { lock m2 }\n"),
        vec!["2:16: unknown mutex \"m2\"; declared: m1 (hint: did you mean \"m1\"?)"]
    );
    assert_eq!(
        diags("async a { recv inbox }\n"),
        vec!["1:16: unknown channel \"inbox\"; no channel is declared (hint: declare it at the top level: channel inbox)"]
    );
}

#[test]
fn a_name_of_the_wrong_kind_says_what_it_is() {
    assert_eq!(
        in_task("lock q"),
        vec!["8:6: lock needs a mutex, \"q\" is a channel"]
    );
    assert_eq!(in_task("unlock q"), vec![
        "8:1: warning: unlock q, but t never locks it (hint: the task will fail here: it can only unlock what it holds)",
        "8:8: unlock needs a mutex or an rwlock, \"q\" is a channel",
    ]);
    assert_eq!(
        in_task("read m"),
        vec!["8:6: read needs an rwlock, \"m\" is a mutex"]
    );
    assert_eq!(
        in_task("write s"),
        vec!["8:7: write needs an rwlock, \"s\" is a semaphore"]
    );
    assert_eq!(
        in_task("acquire cv"),
        vec!["8:9: acquire needs a semaphore, \"cv\" is a condvar"]
    );
    assert_eq!(
        in_task("lock m\nwait m m\nunlock m"),
        vec!["9:6: wait needs a condvar, \"m\" is a mutex"]
    );
    assert_eq!(
        in_task("notify v"),
        vec!["8:8: notify needs a condvar, \"v\" is a variable"]
    );
    assert_eq!(
        in_task("send m"),
        vec!["8:6: send needs a channel, \"m\" is a mutex"]
    );
    assert_eq!(
        in_task("incr q"),
        vec!["8:6: incr needs a variable, \"q\" is a channel"]
    );
    assert_eq!(
        in_task("join m"),
        vec!["8:6: join needs a task, \"m\" is a mutex"]
    );
    assert_eq!(
        diags("async t {}\nexpect t == 1\n"),
        vec!["2:8: expect needs a variable, \"t\" is a task (hint: to check how a task ended write expect t completed)"]
    );
}

#[test]
fn task_references_must_exist_and_name_an_existing_replica() {
    assert_eq!(
        diags("async d x2 {}\nasync a {\n  join d#3\n  join a#1\n  join e\n}\n"),
        vec![
            "3:8: d#3 does not exist: d has 2 replicas (hint: replicas are numbered from #1 to #2)",
            "4:8: \"a\" has no replicas, so a#1 does not exist (hint: write a, or give it replicas with x2)",
            "5:8: unknown task \"e\"; declared: a, d (hint: declare it at the top level: async e { ... })",
        ]
    );
    assert_eq!(
        diags("async d x2 {}\nexpect d#0 completed\n")[0],
        "2:8: d#0 does not exist: d has 2 replicas (hint: replicas are numbered from #1 to #2)"
    );
}

#[test]
fn spawning_a_task_that_starts_by_itself_is_an_error_with_a_fix() {
    let hint = "(hint: add on spawn to its declaration: thread w on spawn { ... })";
    assert_eq!(
        diags("thread w {}\nasync a {\n  spawn w\n  gather w\n  after 1s spawn w\n}\n"),
        vec![
            format!("3:9: cannot spawn \"w\": it is not on spawn, so it starts by itself {hint}"),
            format!("4:10: cannot spawn \"w\": it is not on spawn, so it starts by itself {hint}"),
            format!("5:18: cannot spawn \"w\": it is not on spawn, so it starts by itself {hint}"),
        ]
    );
    assert_eq!(
        diags("thread w at 1s {}\nasync a { join w\ncancel w }\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_process_may_use_channels_but_no_shared_memory() {
    let src = format!("{DECLS}process p {{\n  send q 1\n  recv q\n  lock m\n  incr v\n  acquire s\n  notify cv\n}}\n");
    assert_eq!(
        diags(&src),
        vec![
            "10:3: process p cannot lock m: processes share no memory (hint: send messages through a channel instead, or make it a thread)",
            "11:3: process p cannot incr v: processes share no memory (hint: send messages through a channel instead, or make it a thread)",
            "12:3: process p cannot acquire s: processes share no memory (hint: send messages through a channel instead, or make it a thread)",
            "13:3: process p cannot notify cv: processes share no memory (hint: send messages through a channel instead, or make it a thread)",
        ]
    );
}

#[test]
fn too_many_tasks_after_replication_is_an_error_naming_the_limit() {
    assert_eq!(
        diags("async a x6000 {}\nthread b x4001 {}\n"),
        vec!["2:1: the scenario has 10001 tasks after replication; the limit is 10000 (hint: use fewer or smaller replica groups)"]
    );
    assert_eq!(
        diags("async a x5000 {}\nthread b x5000 {}\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        diags("async a x0 {}\n"),
        vec!["1:1: a has x0; a task needs at least 1 replica (hint: remove x0 for one task, or write x2 or more)"]
    );
}

#[test]
fn runtime_ranges_are_checked_on_scenarios_built_without_text() {
    let mut s = Scenario::default();
    s.runtime.workers = Some(0);
    s.runtime.cores = Some(Cores::Limited(0));
    s.runtime.quantum = Some(0);
    let d: Vec<String> = validate(&s).iter().map(ToString::to_string).collect();
    assert_eq!(
        d,
        vec![
            "0:0: runtime: workers must be between 1 and 64, not 0",
            "0:0: runtime: cores must be at least 1 (hint: write cores unlimited for no limit)",
            "0:0: runtime: the quantum must be longer than 0us",
        ]
    );
    s.runtime.workers = Some(65);
    assert!(validate(&s)[0].message.contains("not 65"));
}

#[test]
fn unlocking_or_releasing_what_the_task_never_takes_is_a_warning() {
    let d = in_task("unlock m\nrelease s\nwait cv m");
    assert_eq!(
        d,
        vec![
            "8:1: warning: unlock m, but t never locks it (hint: the task will fail here: it can only unlock what it holds)",
            "9:1: warning: release s, but t never acquires it (hint: the task will fail here: it can only release permits it holds)",
            "10:1: warning: wait releases m, but t never locks it (hint: lock m before waiting on cv)",
        ]
    );
    // Taken anywhere in the task, even inside a block, counts.
    assert_eq!(
        in_task("repeat 2 {\n  lock m\n}\nunlock m"),
        Vec::<String>::new()
    );
    // Warnings do not stop `load`.
    let src = format!("{DECLS}async t {{\n  unlock m\n}}\n");
    assert!(load(&src).is_ok());
}

#[test]
fn permit_counts_must_be_possible() {
    assert_eq!(
        in_task("acquire s 0\nrelease s 0"),
        vec![
            "8:1: acquire 0 permits does nothing (hint: the count must be at least 1)",
            "9:1: release 0 permits does nothing (hint: the count must be at least 1)",
        ]
    );
    assert_eq!(
        in_task("acquire s 3\nrelease s 3"),
        vec!["8:1: warning: acquire 3 permits of s, which has only 2: this never succeeds"]
    );
}

#[test]
fn small_mistakes_that_parse_get_warnings() {
    assert_eq!(
        in_task("repeat 0 {\n  yield\n}"),
        vec!["8:1: warning: repeat 0 never runs its body"]
    );
    assert_eq!(
        in_task("join t"),
        vec!["8:6: warning: t joins itself and would wait forever"]
    );
}

fn step(kind: StepKind) -> Step {
    Step {
        kind,
        pos: Pos::new(2, 3),
    }
}

fn editor_task(body: Vec<Step>) -> Scenario {
    Scenario {
        resources: vec![Resource {
            name: "v".into(),
            kind: ResourceKind::Var { init: 0 },
            pos: Pos::new(1, 1),
        }],
        tasks: vec![TaskDecl {
            kind: TaskKind::Async,
            name: "t".into(),
            replicas: None,
            start: Start::AtZero,
            priority: 0,
            body,
            pos: Pos::new(2, 1),
        }],
        ..Scenario::default()
    }
}

#[test]
fn editor_built_scenarios_are_held_to_what_the_text_can_say() {
    let var = NameRef {
        name: "v".into(),
        pos: Pos::new(2, 9),
    };
    let s = editor_task(vec![
        step(StepKind::Store {
            var: var.clone(),
            op: StoreOp::Set(-1),
        }),
        step(StepKind::Log("two\nlines".into())),
        step(StepKind::Fail("x".repeat(201))),
    ]);
    let d: Vec<String> = validate(&s).iter().map(ToString::to_string).collect();
    assert_eq!(
        d,
        vec![
            "2:3: store cannot write the negative amount -1 (hint: write store v -N to subtract N from what load read)",
            "2:3: the text contains a line break or another control character (hint: keep it on one line)",
            "2:3: the message has 201 characters; the limit is 200",
        ]
    );
    let mut s = editor_task(vec![]);
    s.tasks[0].name = "a#1".into();
    s.resources[0].name = String::new();
    let d: Vec<String> = validate(&s).iter().map(ToString::to_string).collect();
    assert_eq!(
        d,
        vec![
            "1:1: a name cannot be empty",
            "2:1: the task name \"a#1\" contains `#`, which marks replicas (d#2) (hint: choose a name without #)",
        ]
    );
}

#[test]
fn nesting_past_the_limit_is_an_error_in_editor_built_scenarios() {
    let mut body = vec![step(StepKind::Yield)];
    for _ in 0..17 {
        body = vec![step(StepKind::Repeat { count: 1, body })];
    }
    let d: Vec<String> = validate(&editor_task(body))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(d, vec!["2:3: blocks are nested more than 16 deep (hint: the nesting limit is 16; move some steps out)"]);
}

#[test]
fn every_problem_is_reported_in_position_order() {
    let d = diags("async a {\n  lock x\n  recv y\n}\nmutex a\nexpect z == 1\n");
    let places: Vec<&str> = d
        .iter()
        .map(|d| d.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(places, vec!["2:8", "3:8", "5:1", "6:8"], "{d:?}");
}

#[test]
fn load_returns_the_errors_and_warnings_when_there_is_an_error() {
    let Err(d) = load("async a {\n  unlock m\n  lock n\n}\nmutex m\n") else {
        panic!("should fail");
    };
    assert_eq!(d.iter().filter(|d| d.is_error()).count(), 1);
    assert_eq!(d.iter().filter(|d| !d.is_error()).count(), 1);
}

#[test]
fn an_on_spawn_task_that_nothing_spawns_gets_a_warning() {
    assert_eq!(
        diags("async w on spawn {}\nasync main {\n  join w\n}\n"),
        vec!["1:1: warning: w is on spawn, but no step spawns it, so it never runs (hint: add spawn w to another task, or remove on spawn)"]
    );
    let spawned = "async w on spawn {}\nasync v on spawn {}\nasync main {\n  try {\n    after 1s spawn v\n  } catch {}\n  repeat 1 {\n    spawn w\n  }\n}\n";
    assert_eq!(diags(spawned), Vec::<String>::new());
}
