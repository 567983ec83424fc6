//! Export to Python, then import: the same scenario, for every preset and for random async
//! scenarios (docs/BRIDGE.md, "Round trip").
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::bridge::export::{program, Target};
use interleave::bridge::python::{import, ImportOptions};
use interleave::model::presets::presets;
use interleave::model::*;
use proptest::prelude::*;

fn back(scenario: &Scenario) -> Scenario {
    let code = program(scenario, Target::Python);
    match import(&code, &ImportOptions::default()) {
        Ok(imported) => imported.scenario,
        Err(errors) => panic!("the export does not import: {errors:?}\n{code}"),
    }
}

#[test]
fn every_preset_comes_back_from_python_unchanged() {
    for p in presets() {
        let scenario = parse(p.source).expect("presets parse");
        let again = back(&scenario);
        assert_eq!(print(&again), print(&scenario), "{}", p.id);
        assert_eq!(again, scenario, "{}", p.id);
    }
}

#[test]
fn the_export_is_readable_python_named_after_the_tasks() {
    let scenario = parse(
        presets()
            .iter()
            .find(|p| p.id == "mutex-counter")
            .unwrap()
            .source,
    )
    .unwrap();
    let code = program(&scenario, Target::Python);
    assert!(code.starts_with("# a mutex protects the counter"), "{code}");
    assert!(code.contains("# interleave: thread t x2\ndef t():\n    global counter\n    m.acquire()\n    reg = counter\n    time.sleep(0.001)\n    counter = reg + 1\n    m.release()\n"), "{code}");
    assert!(code.contains("real locks are not FIFO"));
    let priority = parse(
        presets()
            .iter()
            .find(|p| p.id == "priority")
            .unwrap()
            .source,
    )
    .unwrap();
    assert!(program(&priority, Target::Python)
        .contains("not expressed: the event loop's `policy priority`"));
}

const NAMES: [&str; 12] = [
    "m",
    "锁",
    "two words",
    "print",
    "lambda",
    "x1",
    "队列",
    "_hidden",
    "async",
    "reg",
    "compute",
    "é",
];

fn us() -> impl Strategy<Value = Micros> {
    prop::sample::select(vec![
        0u64, 1, 999, 1_000, 1_500, 250_000, 1_000_000, 1_234_567,
    ])
}

fn text() -> impl Strategy<Value = String> {
    "[ -~é任务\u{1F600}]{0,30}"
}

/// Steps of one async task over the fixed resources `[mutex, semaphore, channel, var, condvar]`.
fn steps(names: Vec<String>, depth: u32) -> BoxedStrategy<Vec<Step>> {
    let r = |i: usize| NameRef {
        name: names[i].clone(),
        pos: Pos::default(),
    };
    let leaf = prop_oneof![
        (us(), prop::option::of(text())).prop_map(|(dur, label)| StepKind::Compute { dur, label }),
        (us(), prop::option::of(text())).prop_map(|(dur, label)| StepKind::Sleep { dur, label }),
        Just(StepKind::Yield),
        Just(StepKind::Lock(r(0))),
        Just(StepKind::Unlock(r(0))),
        (1..4u32).prop_map({
            let s = r(1);
            move |n| StepKind::Acquire { sem: s.clone(), n }
        }),
        (1..4u32).prop_map({
            let s = r(1);
            move |n| StepKind::Release { sem: s.clone(), n }
        }),
        prop::option::of(-5..50i64).prop_map({
            let q = r(2);
            move |value| StepKind::Send {
                ch: q.clone(),
                value,
            }
        }),
        Just(StepKind::Recv(r(2))),
        Just(StepKind::Close(r(2))),
        Just(StepKind::Load(r(3))),
        prop_oneof![
            (0..100i64).prop_map(StoreOp::Add),
            (0..100i64).prop_map(StoreOp::Sub),
            (-100..100i64).prop_map(StoreOp::Set)
        ]
        .prop_map({
            let v = r(3);
            move |op| StepKind::Store { var: v.clone(), op }
        }),
        Just(StepKind::Incr(r(3))),
        Just(StepKind::Wait {
            cv: r(4),
            mutex: r(0)
        }),
        Just(StepKind::Notify(r(4))),
        Just(StepKind::NotifyAll(r(4))),
        text().prop_map(StepKind::Log),
        text().prop_map(StepKind::Fail),
    ]
    .prop_map(|kind| Step {
        kind,
        pos: Pos::default(),
    });
    if depth == 0 {
        return prop::collection::vec(leaf, 0..6).boxed();
    }
    let inner = steps(names, depth - 1);
    let block = prop_oneof![
        (1..4u64, inner.clone()).prop_map(|(count, body)| StepKind::Repeat { count, body }),
        (
            prop::sample::select(vec![1u64, 1_000, 500_000]),
            inner.clone()
        )
            .prop_map(|(dur, body)| StepKind::Timeout { dur, body }),
        (inner.clone(), inner).prop_map(|(body, catch)| StepKind::Try { body, catch }),
    ]
    .prop_map(|kind| Step {
        kind,
        pos: Pos::default(),
    });
    prop::collection::vec(prop_oneof![4 => leaf, 1 => block], 0..6).boxed()
}

fn async_scenario() -> impl Strategy<Value = Scenario> {
    Just(NAMES.map(String::from).to_vec())
        .prop_shuffle()
        .prop_flat_map(|names| {
            let bodies = prop::collection::vec(steps(names.clone(), 2), 1..4);
            (Just(names), bodies, any::<bool>(), -3..3i64)
        })
        .prop_map(|(names, bodies, spawned, init)| {
            let kinds = [
                ResourceKind::Mutex,
                ResourceKind::Semaphore { permits: 2 },
                ResourceKind::Channel { capacity: Some(3) },
                ResourceKind::Var { init },
                ResourceKind::Condvar,
            ];
            let resources = kinds
                .iter()
                .enumerate()
                .map(|(i, kind)| Resource {
                    name: names[i].clone(),
                    kind: *kind,
                    pos: Pos::default(),
                })
                .collect();
            let mut tasks: Vec<TaskDecl> = bodies
                .into_iter()
                .enumerate()
                .map(|(i, body)| TaskDecl {
                    kind: TaskKind::Async,
                    name: names[5 + i].clone(),
                    replicas: (i == 1).then_some(2),
                    start: Start::AtZero,
                    priority: 0,
                    body,
                    pos: Pos::default(),
                })
                .collect();
            if spawned {
                let helper = names[9].clone();
                tasks[0].body.push(Step {
                    kind: StepKind::Gather(vec![TaskRef {
                        name: helper.clone(),
                        replica: None,
                        pos: Pos::default(),
                    }]),
                    pos: Pos::default(),
                });
                tasks.push(TaskDecl {
                    kind: TaskKind::Async,
                    name: helper,
                    replicas: None,
                    start: Start::OnSpawn,
                    priority: 0,
                    body: vec![Step {
                        kind: StepKind::Sleep {
                            dur: 1_000,
                            label: None,
                        },
                        pos: Pos::default(),
                    }],
                    pos: Pos::default(),
                });
            }
            Scenario {
                title: Some("random".into()),
                resources,
                tasks,
                ..Scenario::default()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_random_async_scenario_comes_back_from_python(scenario in async_scenario()) {
        prop_assume!(!validate(&scenario).iter().any(Diagnostic::is_error));
        let again = back(&scenario);
        prop_assert_eq!(print(&again), print(&scenario));
        prop_assert_eq!(again, scenario);
    }
}
