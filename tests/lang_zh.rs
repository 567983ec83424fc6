//! The core's texts in Chinese: run summaries, deadlock chains, event lines, waits and durations;
//! English stays exactly what `explain` and `describe` always said.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;

use interleave::lang::Lang;
use interleave::model::presets::presets;
use interleave::sim::{fmt_human_in, simulate, SimOptions};
use interleave::trace::describe::{
    duration_in, end_how_in, event, event_in, span_state, span_state_in, wait_for, wait_for_in,
};
use interleave::trace::layout::viewport::tick_label_in;
use interleave::trace::{task_spans, wait_for_at, EndHow, EventKind, SpanState};
use sim_support::run;

/// English words that never appear in the Chinese texts (no preset names a task or resource so;
/// `ready` is left out: condvar-handoff has a condvar called `ready`).
const ENGLISH: &[&str] = &[
    "waits for",
    "held by",
    "completed",
    "failed",
    "deadlock",
    "stopped",
    "blocked",
    "woken",
    "holds",
    "released",
    "spawned",
    "runs on",
    "sleeps",
    "timer",
    " is ",
    " to end",
    "event loop",
    "worker ",
];

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn english_in(text: &str) -> Option<&'static str> {
    ENGLISH.iter().copied().find(|w| text.contains(w))
}

const PHILOSOPHERS: &str = "mutex fork1\nmutex fork2\nmutex fork3\n\nthread p1 {\n  lock fork1\n  sleep 10ms\n  lock fork2\n}\n\nthread p2 {\n  lock fork2\n  sleep 10ms\n  lock fork3\n}\n\nthread p3 {\n  lock fork3\n  sleep 10ms\n  lock fork1\n}\n\nexpect deadlock\n";

#[test]
fn a_deadlock_cycle_reads_as_a_chain_of_waits_in_chinese() {
    let r = run(PHILOSOPHERS);
    assert_eq!(
        r.summary.explain_in(Lang::Zh),
        "死锁：p1 等待 fork2（由 p2 持有），p2 等待 fork3（由 p3 持有），p3 等待 fork1（由 p1 持有）"
    );
    assert_eq!(r.summary.explain_in(Lang::En), r.summary.explain());
}

#[test]
fn stuck_tasks_without_a_cycle_are_listed_in_chinese() {
    let r = run("channel q\nasync a {\n  recv q\n}\nasync b {\n  join a\n}\n");
    assert_eq!(
        r.summary.explain_in(Lang::Zh),
        "死锁：a 等待通道 q（接收）；b 等待 a 结束"
    );
}

#[test]
fn limits_and_failed_expectations_say_the_actual_value_in_chinese() {
    let r = run("runtime {\n  max_time 1s\n}\nvar counter = 0\nasync a {\n  incr counter\n  sleep 2s\n}\nexpect counter == 2\n");
    assert_eq!(
        r.summary.explain_in(Lang::Zh),
        "在时间上限处停止（1 秒，max_time），1 个任务未完成\n检查 counter == 2 未通过（counter 为 1）"
    );
    let r = run("async a {\n  sleep 1500ms\n}\nexpect makespan <= 1s\n");
    assert_eq!(
        r.summary.explain_in(Lang::Zh),
        "全部完成，用时 1.5 秒\n检查 makespan <= 1s 未通过（makespan 为 1.5 秒）"
    );
    let r = run("async a {\n  compute 1s\n}\nasync b {\n  sleep 1ms\n}\n");
    assert_eq!(
        r.summary.explain_in(Lang::Zh),
        "全部完成，用时 1.001 秒\n最长的一次 compute 阻塞了事件循环 1 秒"
    );
    let r = run("async a {\n  fail \"boom\"\n}\n");
    assert_eq!(r.summary.explain_in(Lang::Zh), "a 失败：boom");
    let r = run("channel q\nasync a {\n  close q\n  send q 1\n}\nasync b {\n  join a\n}\n");
    assert_eq!(
        r.summary.explain_in(Lang::Zh),
        "a 失败：向已关闭的通道 q 发送；b 失败：任务 a 失败：向已关闭的通道 q 发送"
    );
}

#[test]
fn every_preset_summary_reads_in_chinese_and_english_is_unchanged() {
    for preset in presets() {
        let scenario = interleave::model::load(preset.source).expect("presets load");
        let r = simulate(&scenario, &SimOptions::default());
        let zh = r.summary.explain_in(Lang::Zh);
        assert!(has_cjk(&zh), "{}: {zh}", preset.id);
        assert_eq!(english_in(&zh), None, "{}: {zh}", preset.id);
        assert_eq!(r.summary.explain_in(Lang::En), r.summary.explain());
    }
}

#[test]
fn every_event_wait_and_state_of_every_preset_reads_in_chinese() {
    for preset in presets() {
        let scenario = interleave::model::load(preset.source).expect("presets load");
        let trace = simulate(&scenario, &SimOptions::default()).trace;
        for e in &trace.events {
            let (en, zh) = (event(&trace, &e.kind), event_in(&trace, &e.kind, Lang::Zh));
            assert_ne!(en, zh, "{}: {en}", preset.id);
            // A step or a log line quotes the scenario's own code and text.
            let code = matches!(e.kind, EventKind::Step { .. } | EventKind::Log { .. });
            if !code {
                assert_eq!(english_in(&zh), None, "{}: {zh}", preset.id);
            }
            assert_eq!(event_in(&trace, &e.kind, Lang::En), en);
        }
        for span in task_spans(&trace).iter().flatten() {
            let zh = span_state_in(&trace, &span.state, Lang::Zh);
            assert_ne!(zh, span_state(&trace, &span.state), "{}", preset.id);
            assert!(has_cjk(&zh), "{}: {zh}", preset.id);
            if let SpanState::Blocked(on) = &span.state {
                assert_ne!(wait_for_in(&trace, on, Lang::Zh), wait_for(&trace, on));
            }
        }
        let end = trace.events.last().map_or(0, |e| e.t);
        for sentence in wait_for_at(&trace, end).sentences_in(&trace, Lang::Zh) {
            assert!(sentence.contains("等待"), "{}: {sentence}", preset.id);
            assert_eq!(english_in(&sentence), None, "{}: {sentence}", preset.id);
        }
    }
}

#[test]
fn durations_read_in_chinese_units() {
    let cases = [
        (0, "0 微秒"),
        (300, "300 微秒"),
        (20_000, "20 毫秒"),
        (1_250, "1.25 毫秒"),
        (1_000_000, "1 秒"),
        (1_500_000, "1.5 秒"),
    ];
    for (us, text) in cases {
        assert_eq!(duration_in(us, Lang::Zh), text);
    }
    assert_eq!(fmt_human_in(120_000_000, Lang::Zh), "2 分钟");
    assert_eq!(fmt_human_in(1_500, Lang::Zh), "1.5 毫秒");
    assert_eq!(tick_label_in(500_000, 100_000, Lang::Zh), "0.5 秒");
    assert_eq!(tick_label_in(20_000, 10_000, Lang::Zh), "20 毫秒");
    assert_eq!(
        end_how_in(&EndHow::Failed("boom".into()), Lang::Zh),
        "失败：boom"
    );
}

#[test]
fn scheduler_game_options_read_in_chinese() {
    use interleave::explore::{describe_candidate, describe_candidate_in, next_choice, Turn};
    use interleave::sim::Candidate;
    // Both sleeps end at the same instant: the game asks which wake-up goes first.
    let scenario =
        interleave::model::load("async a {\n  sleep 1ms\n}\n\nasync b {\n  sleep 1ms\n}\n")
            .expect("valid");
    let mut prefix = Vec::new();
    let mut timers = 0;
    while let Turn::Choose { offers, run, .. } =
        next_choice(&scenario, &SimOptions::default(), &prefix)
    {
        for o in &offers {
            assert_eq!(describe_candidate(&run.trace, &o.candidate), o.label);
            if let Candidate::Timer { .. } = o.candidate {
                timers += 1;
                let zh = describe_candidate_in(&run.trace, &o.candidate, Lang::Zh);
                assert!(zh.contains("醒来"), "{zh}");
                assert_eq!(english_in(&zh), None, "{zh}");
            }
        }
        prefix.push(0);
    }
    assert!(timers >= 2, "the game offered both wake-ups");
}

#[test]
fn explorer_group_headlines_come_in_both_languages() {
    use interleave::explore::{explore, ExploreOptions};
    let scenario = interleave::model::load(PHILOSOPHERS).expect("valid");
    let report = explore(&scenario, ExploreOptions::default(), Box::new(|| 0.0));
    assert!(!report.groups.is_empty());
    for g in &report.groups {
        assert!(has_cjk(&g.headline_zh), "{}", g.headline_zh);
        assert_eq!(english_in(&g.headline_zh), None, "{}", g.headline_zh);
        assert!(!has_cjk(&g.headline), "{}", g.headline);
    }
}

#[test]
fn a_sleeper_is_woken_by_its_own_timer_and_an_expired_wait_by_its_timeout() {
    use interleave::trace::describe::own_wakes_in;
    use interleave::trace::TaskId;
    // No task wakes a sleeper, so no arrow points at it: the selection bar names its timer
    // from these rather than reading "woken by nothing".
    let r = run("thread t {\n  sleep 1s\n  sleep 1s\n}\n");
    let t = TaskId(0);
    assert_eq!(own_wakes_in(&r.trace, t, Lang::En), vec![("its timer", 2)]);
    assert_eq!(own_wakes_in(&r.trace, t, Lang::Zh), vec![("它的定时器", 2)]);
    let r = run("async a {\n  timeout 1s {\n    sleep 2s\n  }\n}\n");
    assert_eq!(
        own_wakes_in(&r.trace, t, Lang::En),
        vec![("its timeout", 1)]
    );
    assert_eq!(own_wakes_in(&r.trace, t, Lang::Zh), vec![("它的超时", 1)]);
}
