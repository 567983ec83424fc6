//! Task spans and lane spans of hand-built traces, span by span.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::model::{ResourceKind, TaskKind};
use interleave::trace::{
    lane_spans, task_spans, EndHow, LaneId, LaneKind, LaneSpan, LaneState, Span, SpanState, TaskId,
    WaitFor, WakeCause,
};
use std::sync::Arc;
use trace_support::scenarios::{sleepers_and_mutex, two_computes};
use trace_support::{TraceBuilder, MS, S};

fn span(start: u64, end: u64, state: SpanState, step: Option<&str>) -> Span {
    Span {
        start,
        end,
        state,
        step: step.map(Arc::from),
    }
}

fn lane(start: u64, end: u64, state: LaneState, step: Option<&str>) -> LaneSpan {
    LaneSpan {
        start,
        end,
        state,
        step: step.map(Arc::from),
    }
}

#[test]
fn sleeping_coroutines_show_one_sleep_then_an_end_marker() {
    let spans = task_spans(&sleepers_and_mutex());
    for a in [0, 1] {
        assert_eq!(
            spans[a],
            vec![
                span(0, S, SpanState::Sleeping, Some("sleep 1s")),
                span(S, S, SpanState::Done, Some("log \"end\"")),
            ]
        );
    }
}

#[test]
fn a_thread_blocked_on_a_mutex_is_labelled_with_it_until_the_holder_unlocks() {
    let spans = task_spans(&sleepers_and_mutex());
    let m = interleave::trace::ResId(0);
    assert_eq!(
        spans[2],
        vec![
            span(
                0,
                500 * MS,
                SpanState::Running { lane: LaneId(1) },
                Some("compute 500ms")
            ),
            span(500 * MS, 500 * MS, SpanState::Done, Some("unlock m")),
        ]
    );
    assert_eq!(
        spans[3],
        vec![
            span(
                0,
                500 * MS,
                SpanState::Blocked(WaitFor::Lock(m)),
                Some("lock m")
            ),
            span(
                500 * MS,
                700 * MS,
                SpanState::Running { lane: LaneId(2) },
                Some("compute 200ms")
            ),
            span(700 * MS, 700 * MS, SpanState::Done, Some("unlock m")),
        ]
    );
}

#[test]
fn compute_on_the_event_loop_makes_the_next_coroutine_wait_ready() {
    let spans = task_spans(&two_computes());
    assert_eq!(
        spans[1],
        vec![
            span(0, S, SpanState::Ready, None),
            span(
                S,
                2 * S,
                SpanState::Running { lane: LaneId(0) },
                Some("compute 1s")
            ),
            span(2 * S, 2 * S, SpanState::Done, Some("compute 1s")),
        ]
    );
}

#[test]
fn each_step_starts_its_own_span_even_with_the_same_text() {
    let mut b = TraceBuilder::new();
    let t = b.task("t", TaskKind::Thread);
    let l = b.lane("t", LaneKind::Thread(t));
    b.at(0).start(t).poll(t, l).step(t, "compute 1s");
    b.at(S).step(t, "compute 1s");
    b.at(2 * S).done(t).unpoll(t, l);
    let spans = task_spans(&b.build());
    let run = SpanState::Running { lane: l };
    assert_eq!(
        spans[0],
        vec![
            span(0, S, run.clone(), Some("compute 1s")),
            span(S, 2 * S, run, Some("compute 1s")),
            span(2 * S, 2 * S, SpanState::Done, Some("compute 1s")),
        ]
    );
}

#[test]
fn a_thread_pays_its_start_cost_before_it_is_ready() {
    let mut b = TraceBuilder::new();
    let t = b.task("t", TaskKind::Thread);
    let l = b.lane("t", LaneKind::Thread(t));
    b.at(0)
        .ev(interleave::trace::EventKind::Spawned { task: t, by: None });
    b.at(5 * MS)
        .ready(t)
        .poll(t, l)
        .step(t, "fail \"x\"")
        .end(t, EndHow::Failed("x".into()))
        .unpoll(t, l);
    let spans = task_spans(&b.build());
    assert_eq!(
        spans[0],
        vec![
            span(0, 5 * MS, SpanState::Starting, None),
            span(
                5 * MS,
                5 * MS,
                SpanState::Failed("x".into()),
                Some("fail \"x\"")
            )
        ]
    );
}

#[test]
fn a_task_spawned_late_is_not_started_until_then_and_one_never_spawned_never_starts() {
    let mut b = TraceBuilder::new();
    let (a, late, never) = (
        b.task("a", TaskKind::Async),
        b.task("late", TaskKind::Async),
        b.task("never", TaskKind::Async),
    );
    let lp = b.lane("event loop", LaneKind::EventLoop);
    b.at(0)
        .start(a)
        .poll(a, lp)
        .step(a, "sleep 1s")
        .sleeping(a, S)
        .unpoll(a, lp);
    b.at(S)
        .wake(a, None, WakeCause::Timer)
        .ready(a)
        .poll(a, lp)
        .step(a, "spawn late");
    b.ev(interleave::trace::EventKind::Spawned {
        task: late,
        by: Some(a),
    })
    .ready(late)
    .done(a)
    .unpoll(a, lp);
    b.poll(late, lp).step(late, "compute 1s");
    b.at(2 * S)
        .ev(interleave::trace::EventKind::Ended {
            task: late,
            how: EndHow::Cancelled,
        })
        .unpoll(late, lp);
    let spans = task_spans(&b.build());
    assert_eq!(
        spans[1],
        vec![
            span(0, S, SpanState::NotStarted, None),
            span(
                S,
                2 * S,
                SpanState::Running { lane: lp },
                Some("compute 1s")
            ),
            span(2 * S, 2 * S, SpanState::Cancelled, Some("compute 1s")),
        ]
    );
    assert_eq!(
        spans[never.0 as usize],
        vec![span(0, 2 * S, SpanState::NotStarted, None)]
    );
}

#[test]
fn spans_of_every_task_are_ordered_and_never_overlap_on_a_generated_trace() {
    let trace = trace_support::gen::generate(&trace_support::gen::GenConfig::sized(3, 20_000));
    let end = trace.events.last().map_or(0, |e| e.t);
    for spans in task_spans(&trace) {
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{pair:?}");
        }
        for (i, s) in spans.iter().enumerate() {
            // Empty spans: end markers, and the final state of a task still alive at the end.
            let final_state = i + 1 == spans.len() && s.start == end;
            assert!(
                s.start < s.end || (s.start == s.end && (s.state.is_end() || final_state)),
                "{s:?}"
            );
            assert!(s.end <= end);
        }
    }
}

#[test]
fn lanes_show_who_ran_when_and_a_blocked_thread_still_holds_its_lane() {
    let lanes = lane_spans(&sleepers_and_mutex());
    assert_eq!(
        lanes[0],
        vec![lane(0, S, LaneState::Idle, None)],
        "the loop only ever ran zero-time polls"
    );
    assert_eq!(
        lanes[1],
        vec![
            lane(
                0,
                500 * MS,
                LaneState::Running(TaskId(2)),
                Some("compute 500ms")
            ),
            lane(500 * MS, S, LaneState::Idle, None)
        ]
    );
    assert_eq!(
        lanes[2],
        vec![
            lane(0, 500 * MS, LaneState::Held(TaskId(3)), Some("lock m")),
            lane(
                500 * MS,
                700 * MS,
                LaneState::Running(TaskId(3)),
                Some("compute 200ms")
            ),
            lane(700 * MS, S, LaneState::Idle, None),
        ]
    );
}

#[test]
fn a_blocked_job_keeps_its_pool_worker() {
    let mut b = TraceBuilder::new();
    let (j1, j2) = (b.task("j1", TaskKind::Job), b.task("j2", TaskKind::Job));
    let w = b.lane("worker 0", LaneKind::PoolWorker(0));
    let m = b.res("m", ResourceKind::Mutex);
    b.at(0).start(j1).start(j2).poll(j1, w).step(j1, "lock m");
    b.block(j1, WaitFor::Lock(m)).unpoll(j1, w);
    b.at(S)
        .wake(j1, None, WakeCause::Unlock(m))
        .ready(j1)
        .poll(j1, w)
        .acquire(j1, m, 1)
        .step(j1, "compute 1s");
    b.at(2 * S)
        .done(j1)
        .unpoll(j1, w)
        .poll(j2, w)
        .step(j2, "compute 1s");
    b.at(3 * S).done(j2).unpoll(j2, w);
    let lanes = lane_spans(&b.build());
    assert_eq!(
        lanes[0],
        vec![
            lane(0, S, LaneState::Held(j1), Some("lock m")),
            lane(S, 2 * S, LaneState::Running(j1), Some("compute 1s")),
            lane(2 * S, 3 * S, LaneState::Running(j2), Some("compute 1s")),
        ]
    );
}

#[test]
fn tasks_that_block_into_a_deadlock_keep_their_final_state_as_an_empty_last_span() {
    let spans = task_spans(&trace_support::scenarios::deadlock_pair());
    let m2 = interleave::trace::ResId(1);
    assert_eq!(
        spans[0],
        vec![
            span(
                0,
                10 * MS,
                SpanState::Running { lane: LaneId(0) },
                Some("compute 10ms")
            ),
            span(
                10 * MS,
                10 * MS,
                SpanState::Blocked(WaitFor::Lock(m2)),
                Some("lock m2")
            ),
        ]
    );
}
