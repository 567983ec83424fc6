//! The timeline's rows (by task, by thread) and hit testing, on a hand-written trace.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

// Each test file uses part of the shared fixture.
#[allow(dead_code)]
#[path = "support/layout_trace.rs"]
mod fixture;

use fixture::*;
use interleave::trace::layout::rows::instant_polls;
use interleave::trace::layout::*;
use interleave::trace::{lane_spans, task_spans, EventKind};

// ===== rows =====

#[test]
fn task_rows_show_each_state_with_its_style_and_end_markers() {
    let trace = lock_trace();
    let spans = task_spans(&trace);
    let rows = by_task(&trace, &spans);
    assert_eq!(rows.rows.len(), 3);
    assert_eq!(rows.end, 15_000);
    let (a, b, c) = (&rows.rows[0], &rows.rows[1], &rows.rows[2]);
    assert_eq!(a.key, RowKey::Task(A));
    assert!(
        has_seg(a, Style::Sleeping, 0, 10_000),
        "a sleeps holding m: {:?}",
        a.segs
    );
    assert!(
        has_seg(b, Style::Blocked, 0, 10_000),
        "b waits for m: {:?}",
        b.segs
    );
    assert!(
        has_seg(b, Style::Running, 10_000, 15_000),
        "b computes: {:?}",
        b.segs
    );
    assert!(has_seg(c, Style::Sleeping, 0, 5_000));
    assert!(b
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Failed && m.t == 15_000));
    assert!(a
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Done && m.t == 10_000));
    assert!(c
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Log && m.t == 5_000));
    for row in &rows.rows {
        assert!(
            row.segs.windows(2).all(|w| w[0].end <= w[1].start),
            "sorted, no overlap"
        );
        assert!(row.marks.windows(2).all(|w| w[0].t <= w[1].t));
    }
}

#[test]
fn a_segment_points_back_at_the_span_it_draws() {
    let trace = lock_trace();
    let spans = task_spans(&trace);
    let rows = by_task(&trace, &spans);
    for row in &rows.rows {
        for s in &row.segs {
            let span = &spans[s.task as usize][s.span as usize];
            assert_eq!((span.start, span.end), (s.start, s.end));
        }
    }
}

#[test]
fn thread_rows_show_who_runs_on_each_lane_and_what_a_holding_thread_waits_for() {
    let trace = lock_trace();
    let spans = task_spans(&trace);
    let rows = by_thread(&trace, &spans, &lane_spans(&trace));
    assert_eq!(rows.rows.len(), 2, "event loop and c's thread; no cores");
    let (event_loop, thread) = (&rows.rows[0], &rows.rows[1]);
    assert_eq!(event_loop.key, RowKey::Lane(LOOP));
    assert!(has_seg(event_loop, Style::Running, 10_000, 15_000));
    assert!(
        event_loop.segs.iter().all(|s| s.style == Style::Running),
        "the loop is never held"
    );
    assert!(
        has_seg(thread, Style::Sleeping, 0, 5_000),
        "c's thread is taken while c sleeps"
    );
    assert!(thread
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Log && m.task == C.0));
    assert!(event_loop
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Failed && m.task == B.0));
}

#[test]
fn polls_that_take_no_time_show_as_ticks_on_the_task_and_its_lane() {
    let trace = lock_trace();
    let polls = instant_polls(&trace);
    assert!(polls
        .iter()
        .any(|p| p.task == A && p.t == 0 && p.lane == LOOP));
    assert!(
        polls.iter().all(|p| !(p.task == B && p.t == 10_000)),
        "b's poll at 10 ms computes 5 ms"
    );
    let spans = task_spans(&trace);
    let a = &by_task(&trace, &spans).rows[0];
    assert!(a.marks.iter().any(|m| m.kind == MarkKind::Poll && m.t == 0));
    let event_loop = &by_thread(&trace, &spans, &lane_spans(&trace)).rows[0];
    let ticks = event_loop
        .marks
        .iter()
        .filter(|m| m.kind == MarkKind::Poll)
        .count();
    assert_eq!(ticks, 3, "a and b at 0, a at 10 ms: {:?}", event_loop.marks);
}

#[test]
fn a_log_inside_an_instant_poll_sits_on_the_lane_that_ran_it() {
    let mut trace = lock_trace();
    // a logs while it is polled at 0, a poll that takes no time and so has no span.
    let at = trace
        .events
        .iter()
        .position(|e| matches!(e.kind, EventKind::Step { task: A, .. }))
        .expect("a's first step");
    trace.events.insert(
        at,
        ev(
            0,
            EventKind::Log {
                task: A,
                text: "start".into(),
            },
        ),
    );
    let spans = task_spans(&trace);
    let rows = by_thread(&trace, &spans, &lane_spans(&trace));
    assert!(rows.rows[0]
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Log && m.task == A.0));
}

#[test]
fn limited_cores_get_rows_of_their_own() {
    let mut trace = lock_trace();
    for e in &mut trace.events {
        if let EventKind::PollStart { task, core, .. } = &mut e.kind {
            *core = Some(if *task == C { 1 } else { 0 });
        }
    }
    let spans = task_spans(&trace);
    let rows = by_thread(&trace, &spans, &lane_spans(&trace));
    assert_eq!(rows.rows.len(), 4);
    assert_eq!(rows.rows[2].key, RowKey::Core(0));
    assert_eq!(rows.rows[3].key, RowKey::Core(1));
    assert!(has_seg(&rows.rows[2], Style::Running, 10_000, 15_000));
}

// ===== hit testing =====

#[test]
fn hit_testing_finds_the_row_and_the_segment_under_the_pointer() {
    let trace = lock_trace();
    let rows = by_task(&trace, &task_spans(&trace));
    let geom = RowGeom {
        top: 20.0,
        row_h: 24.0,
        scroll_y: 0.0,
    };
    let vp = Viewport::new(0.0, 20_000.0, 200.0);
    // Row 1 (b) spans y 44..68; x 50 is t = 5 ms, inside b's blocked span.
    let h = hit(&rows, &geom, &vp, 50.0, 50.0, 3.0).expect("a hit");
    assert_eq!(h.row, 1);
    let Target::Seg(i) = h.target else {
        panic!("expected a segment, got {h:?}")
    };
    assert_eq!(rows.rows[1].segs[i].style, Style::Blocked);
    assert_eq!(
        hit(&rows, &geom, &vp, 50.0, 10.0, 3.0),
        None,
        "the axis is not a row"
    );
    assert_eq!(
        hit(&rows, &geom, &vp, 50.0, 500.0, 3.0),
        None,
        "below the last row"
    );
}

#[test]
fn markers_win_over_segments_near_the_pointer() {
    let trace = lock_trace();
    let rows = by_task(&trace, &task_spans(&trace));
    let geom = RowGeom {
        top: 0.0,
        row_h: 10.0,
        scroll_y: 0.0,
    };
    let vp = Viewport::new(0.0, 20_000.0, 200.0);
    // b fails at 15 ms = x 150; pointing 2 px away still finds the ✕.
    let h = hit(&rows, &geom, &vp, 152.0, 15.0, 3.0).expect("a hit");
    assert_eq!(h.row, 1);
    let Target::Mark(i) = h.target else {
        panic!("expected a marker, got {h:?}")
    };
    assert_eq!(rows.rows[1].marks[i].kind, MarkKind::Failed);
}

#[test]
fn row_geometry_scrolls_and_culls_rows() {
    let geom = RowGeom {
        top: 20.0,
        row_h: 20.0,
        scroll_y: 100.0,
    };
    assert_eq!(geom.row_at(25.0, 1000), Some(5));
    assert_eq!(geom.visible_rows(220.0, 1000), 5..16);
    assert_eq!(geom.visible_rows(220.0, 8), 5..8);
    assert_eq!(geom.max_scroll(220.0, 3), 0.0);
    assert_eq!(geom.max_scroll(220.0, 20), 200.0);
}
