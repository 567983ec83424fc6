//! Plain-words labels and sentences for waits, wakes, ends, spans and events.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::trace::describe::{
    duration, end_how, event, span_state, wait_for, waits_for_sentence, wake_cause,
};
use interleave::trace::{EndHow, EventKind, LaneId, ResId, SpanState, TaskId, WaitFor, WakeCause};
use trace_support::scenarios::runtime_tour;

#[test]
fn durations_read_the_way_people_say_them() {
    let cases = [
        (0, "0 µs"),
        (300, "300 µs"),
        (20_000, "20 ms"),
        (1_250, "1.25 ms"),
        (1_000_000, "1 s"),
        (1_500_000, "1.5 s"),
    ];
    for (us, text) in cases {
        assert_eq!(duration(us), text);
    }
}

#[test]
fn waits_are_labelled_with_the_words_of_the_step_that_waits() {
    let trace = runtime_tour();
    let (q, s, cv) = (ResId(0), ResId(2), ResId(3));
    assert_eq!(wait_for(&trace, &WaitFor::Recv(q)), "recv q");
    assert_eq!(wait_for(&trace, &WaitFor::Permits(s, 1)), "acquire s");
    assert_eq!(wait_for(&trace, &WaitFor::Permits(s, 2)), "acquire s 2");
    assert_eq!(wait_for(&trace, &WaitFor::Notify(cv)), "wait cv");
    assert_eq!(
        wait_for(&trace, &WaitFor::Join(vec![TaskId(2), TaskId(3)])),
        "join j1, j2"
    );
    assert_eq!(wait_for(&trace, &WaitFor::Worker), "worker");
    assert_eq!(
        wait_for(&trace, &WaitFor::Lock(ResId(99))),
        "lock resource #99",
        "a bad id never panics"
    );
}

#[test]
fn sentences_name_the_waiter_the_resource_and_its_holders() {
    let trace = runtime_tour();
    let (j1, j2, p) = (TaskId(2), TaskId(3), TaskId(0));
    assert_eq!(
        waits_for_sentence(&trace, j2, &WaitFor::Permits(ResId(2), 1), &[j1]),
        "j2 waits for a permit of s (held by j1)"
    );
    assert_eq!(
        waits_for_sentence(&trace, p, &WaitFor::Recv(ResId(0)), &[]),
        "p waits for a message on q"
    );
    assert_eq!(
        waits_for_sentence(&trace, p, &WaitFor::Join(vec![j1]), &[j1]),
        "p waits for j1 to end"
    );
}

#[test]
fn wakes_ends_spans_and_events_have_short_plain_texts() {
    let trace = runtime_tour();
    assert_eq!(
        wake_cause(&trace, &WakeCause::Release(ResId(2)), Some(TaskId(2))),
        "release s by j1"
    );
    assert_eq!(
        wake_cause(&trace, &WakeCause::Timer, None),
        "its timer came due"
    );
    assert_eq!(end_how(&EndHow::Failed("boom".into())), "failed: boom");
    assert_eq!(
        span_state(&trace, &SpanState::Running { lane: LaneId(1) }),
        "running on worker 0"
    );
    let blocked = EventKind::Blocked {
        task: TaskId(3),
        on: WaitFor::Permits(ResId(2), 1),
    };
    assert_eq!(event(&trace, &blocked), "j2 blocked: acquire s");
    let woken = EventKind::Woken {
        task: TaskId(1),
        by: Some(TaskId(0)),
        cause: WakeCause::Notify(ResId(3)),
    };
    assert_eq!(event(&trace, &woken), "w woken: notify cv by p");
}
