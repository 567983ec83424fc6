//! Property tests: random valid scenarios survive print → parse unchanged, printing is
//! canonical even from untidy text, and no input at all makes the parser panic.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
        2 => "[任务锁变量线程ü][0-9a-z]{0,3}",
        // Anything printable, including spaces, quotes, backslashes, `#` and keywords.
        1 => "[ -~é任]{1,12}",
        1 => prop::sample::select(vec!["lock", "makespan", "no", "deadlock", "completed", "x2", "on", "catch", "at", "stop", "view", "lesson", "look", "zh"])
            .prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    "[ -~éß任务\u{1F600}]{0,40}"
}

fn pos() -> Pos {
    Pos::default()
}

fn name_ref() -> impl Strategy<Value = NameRef> {
    name().prop_map(|name| NameRef { name, pos: pos() })
}

fn task_ref() -> impl Strategy<Value = TaskRef> {
    (name(), option::of(any::<u32>())).prop_map(|(name, replica)| TaskRef {
        name,
        replica,
        pos: pos(),
    })
}

fn refs() -> impl Strategy<Value = Vec<TaskRef>> {
    vec(task_ref(), 1..4)
}

fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![0..10i64, 0..=i64::MAX]
}

fn dur() -> impl Strategy<Value = Micros> {
    prop_oneof![
        any::<u64>(),
        (
            0..1000u64,
            prop::sample::select(vec![1u64, 1_000, 1_000_000, 60_000_000])
        )
            .prop_map(|(n, u)| n * u),
    ]
}

fn leaf_step() -> impl Strategy<Value = StepKind> {
    prop_oneof![
        (dur(), option::of(text())).prop_map(|(dur, label)| StepKind::Compute { dur, label }),
        (dur(), option::of(text())).prop_map(|(dur, label)| StepKind::Sleep { dur, label }),
        Just(StepKind::Yield),
        name_ref().prop_map(StepKind::Lock),
        name_ref().prop_map(StepKind::Unlock),
        name_ref().prop_map(StepKind::Read),
        name_ref().prop_map(StepKind::Write),
        (name_ref(), any::<u32>()).prop_map(|(sem, n)| StepKind::Acquire { sem, n }),
        (name_ref(), any::<u32>()).prop_map(|(sem, n)| StepKind::Release { sem, n }),
        (name_ref(), name_ref()).prop_map(|(cv, mutex)| StepKind::Wait { cv, mutex }),
        name_ref().prop_map(StepKind::Notify),
        name_ref().prop_map(StepKind::NotifyAll),
        (name_ref(), option::of(any::<i64>())).prop_map(|(ch, value)| StepKind::Send { ch, value }),
        name_ref().prop_map(StepKind::Recv),
        name_ref().prop_map(StepKind::Close),
        refs().prop_map(StepKind::Spawn),
        refs().prop_map(StepKind::Join),
        refs().prop_map(StepKind::Gather),
        refs().prop_map(StepKind::Cancel),
        (dur(), task_ref()).prop_map(|(delay, task)| StepKind::After { delay, task }),
        name_ref().prop_map(StepKind::Load),
        (name_ref(), amount(), 0..3u8).prop_map(|(var, n, k)| StepKind::Store {
            var,
            op: match k {
                0 => StoreOp::Add(n),
                1 => StoreOp::Sub(n),
                _ => StoreOp::Set(n),
            },
        }),
        name_ref().prop_map(StepKind::Incr),
        text().prop_map(StepKind::Fail),
        text().prop_map(StepKind::Log),
    ]
}

fn step_kind() -> impl Strategy<Value = StepKind> {
    leaf_step().prop_recursive(4, 24, 4, |inner| {
        let body = vec(inner.prop_map(|kind| Step { kind, pos: pos() }), 0..4);
        prop_oneof![
            (any::<u64>(), body.clone()).prop_map(|(count, body)| StepKind::Repeat { count, body }),
            (dur(), body.clone()).prop_map(|(dur, body)| StepKind::Timeout { dur, body }),
            (body.clone(), body).prop_map(|(body, catch)| StepKind::Try { body, catch }),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<Step>> {
    vec(step_kind().prop_map(|kind| Step { kind, pos: pos() }), 0..6)
}

fn task() -> impl Strategy<Value = TaskDecl> {
    let kind = prop::sample::select(vec![
        TaskKind::Async,
        TaskKind::Thread,
        TaskKind::Job,
        TaskKind::Process,
    ]);
    let start = prop_oneof![
        Just(Start::AtZero),
        dur().prop_map(Start::At),
        Just(Start::OnSpawn)
    ];
    (
        kind,
        name(),
        option::of(any::<u32>()),
        start,
        any::<i64>(),
        body(),
    )
        .prop_map(|(kind, name, replicas, start, priority, body)| TaskDecl {
            kind,
            name,
            replicas,
            start,
            priority,
            body,
            pos: pos(),
        })
}

fn resource() -> impl Strategy<Value = Resource> {
    let kind = prop_oneof![
        Just(ResourceKind::Mutex),
        Just(ResourceKind::RwLock),
        any::<u32>().prop_map(|permits| ResourceKind::Semaphore { permits }),
        option::of(any::<u32>()).prop_map(|capacity| ResourceKind::Channel { capacity }),
        Just(ResourceKind::Condvar),
        any::<i64>().prop_map(|init| ResourceKind::Var { init }),
    ];
    (name(), kind).prop_map(|(name, kind)| Resource {
        name,
        kind,
        pos: pos(),
    })
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ])
}

fn expect() -> impl Strategy<Value = Expect> {
    let state = prop::sample::select(vec![
        EndState::Completed,
        EndState::Failed,
        EndState::Cancelled,
    ]);
    let kind = prop_oneof![
        (name_ref(), cmp_op(), any::<i64>()).prop_map(|(var, op, value)| ExpectKind::Var {
            var,
            op,
            value
        }),
        (cmp_op(), dur()).prop_map(|(op, dur)| ExpectKind::Makespan { op, dur }),
        Just(ExpectKind::NoDeadlock),
        Just(ExpectKind::Deadlock),
        (task_ref(), state).prop_map(|(task, state)| ExpectKind::Task { task, state }),
    ];
    kind.prop_map(|kind| Expect { kind, pos: pos() })
}

fn runtime() -> impl Strategy<Value = Runtime> {
    let cores = prop_oneof![
        Just(Cores::Unlimited),
        (1..=u32::MAX).prop_map(Cores::Limited)
    ];
    let policy = prop::sample::select(vec![
        Policy::Fifo,
        Policy::Lifo,
        Policy::Random,
        Policy::Priority,
    ]);
    let pool = prop::sample::select(vec![PoolQueue::Fifo, PoolQueue::Lifo, PoolQueue::Priority]);
    (
        (
            option::of(1..=64u32),
            option::of(cores),
            option::of(1..=u64::MAX),
        ),
        (option::of(policy), option::of(pool), option::of(dur())),
        (
            option::of(dur()),
            option::of(any::<u64>()),
            option::of(dur()),
        ),
    )
        .prop_map(
            |(
                (workers, cores, quantum),
                (policy, pool_queue, thread_start),
                (process_start, seed, max_time),
            )| Runtime {
                workers,
                cores,
                quantum,
                policy,
                pool_queue,
                thread_start,
                process_start,
                seed,
                max_time,
            },
        )
}

fn said() -> impl Strategy<Value = Said> {
    (text(), option::of(text())).prop_map(|(text, zh)| Said { text, zh })
}

fn lesson() -> impl Strategy<Value = Lesson> {
    let view = option::of(prop::sample::select(vec![
        LessonView::Tasks,
        LessonView::Threads,
    ]));
    let stop = (dur(), said(), vec(task_ref(), 0..3)).prop_map(|(at, said, show)| TourStop {
        at,
        said,
        show,
        pos: pos(),
    });
    (
        option::of(said()),
        option::of(said()),
        view,
        vec(stop, 0..4),
    )
        .prop_map(|(about, look, view, stops)| Lesson {
            about,
            look,
            view,
            stops,
        })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        option::of((text(), option::of(text()))),
        lesson(),
        runtime(),
        vec(resource(), 0..5),
        vec(task(), 0..4),
        vec(expect(), 0..5),
    )
        .prop_map(|(title, lesson, runtime, resources, tasks, expects)| {
            let (title, title_zh) = match title {
                Some((title, zh)) => (Some(title), zh),
                None => (None, None),
            };
            Scenario {
                title,
                title_zh,
                lesson,
                runtime,
                resources,
                tasks,
                expects,
            }
        })
}

/// Makes canonical text untidy without changing what it means: blank lines, comment lines,
/// other indentation and trailing comments.
fn untidy(text: &str, seed: u64) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let k = (seed.wrapping_mul(31).wrapping_add(i as u64 * 7)) % 5;
        match k {
            0 => out.push_str("\n# a comment line\n"),
            1 => out.push_str("   \t\n"),
            _ => {}
        }
        let body = line.trim_start();
        if k == 2 {
            out.push('\t');
        }
        out.push_str(body);
        if k == 3 {
            out.push_str("   # trailing comment");
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printing_then_parsing_gives_back_the_same_scenario(s in scenario()) {
        let text = print(&s);
        match parse(&text) {
            Ok(back) => prop_assert_eq!(back, s, "text:\n{}", text),
            Err(e) => prop_assert!(false, "printed text does not parse: {:?}\n{}", e, text),
        }
    }

    #[test]
    fn printing_parsed_text_is_canonical_even_from_untidy_text(s in scenario(), seed in any::<u64>()) {
        let text = print(&s);
        let messy = untidy(&text, seed);
        let back = parse(&messy);
        prop_assert!(back.is_ok(), "untidy text does not parse: {:?}\n{}", back, messy);
        if let Ok(back) = back {
            let again = print(&back);
            prop_assert_eq!(&again, &text);
            prop_assert_eq!(print(&parse(&again).unwrap_or_default()), again.clone());
        }
    }

    #[test]
    fn validation_never_panics_on_a_random_scenario(s in scenario()) {
        let diags = validate(&s);
        for d in diags {
            prop_assert!(!d.message.is_empty());
        }
    }

    #[test]
    fn arbitrary_strings_never_make_the_parser_panic(src in any::<String>()) {
        if let Ok(s) = parse(&src) {
            prop_assert_eq!(parse(&print(&s)), Ok(s));
        }
    }

    #[test]
    fn arbitrary_bytes_never_make_the_parser_panic(bytes in vec(any::<u8>(), 0..400)) {
        let src = String::from_utf8_lossy(&bytes);
        let _ = parse(&src);
    }

    #[test]
    fn token_soup_never_makes_parse_or_validate_panic(
        words in vec(prop::sample::select(SOUP.to_vec()), 0..60),
        seps in vec(prop::sample::select(vec![" ", " ", " ", "\n", ""]), 60),
    ) {
        let mut src = String::new();
        for (w, sep) in words.iter().zip(seps.iter()) {
            src.push_str(w);
            src.push_str(sep);
        }
        if let Ok(s) = parse(&src) {
            let _ = validate(&s);
            prop_assert_eq!(parse(&print(&s)), Ok(s));
        }
    }
}

/// Pieces of the language, so random text reaches deep into the parser.
const SOUP: &[&str] = &[
    "scenario",
    "runtime",
    "{",
    "}",
    "workers",
    "cores",
    "unlimited",
    "quantum",
    "policy",
    "pool_queue",
    "seed",
    "max_time",
    "fifo",
    "lifo",
    "mutex",
    "rwlock",
    "semaphore",
    "channel",
    "capacity",
    "condvar",
    "var",
    "=",
    "async",
    "thread",
    "job",
    "process",
    "x2",
    "x0",
    "at",
    "on",
    "spawn",
    "priority",
    "expect",
    "makespan",
    "no",
    "deadlock",
    "completed",
    "failed",
    "==",
    "<=",
    "compute",
    "sleep",
    "yield",
    "lock",
    "unlock",
    "read",
    "write",
    "acquire",
    "release",
    "wait",
    "notify",
    "notify_all",
    "send",
    "recv",
    "close",
    "join",
    "gather",
    "cancel",
    "after",
    "load",
    "store",
    "incr",
    "fail",
    "log",
    "repeat",
    "timeout",
    "try",
    "catch",
    "m",
    "d",
    "d#2",
    "\"q\"",
    "\"x y\"",
    "1",
    "-3",
    "+2",
    "10ms",
    "1s",
    "1.5s",
    "10sec",
    ",",
    "#",
    "# c",
    "\"",
    "\\",
    "任务",
    "99999999999999999999",
    "-",
];
