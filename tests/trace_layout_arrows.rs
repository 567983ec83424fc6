//! Causality arrows: who woke, spawned, joined, timed or cancelled whom, and where they are drawn.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

// Each test file uses part of the shared fixture.
#[allow(dead_code)]
#[path = "support/layout_trace.rs"]
mod fixture;

use fixture::*;
use interleave::model::Micros;
use interleave::trace::layout::arrows::{rows_by_task, rows_by_thread};
use interleave::trace::layout::*;
use interleave::trace::{lane_spans, task_spans, EventKind, TimerId, TimerWhat, WakeCause};

// ===== arrows =====

#[test]
fn causality_arrows_connect_the_waker_to_the_woken_task() {
    let trace = lock_trace();
    let arrows = causality(&trace);
    assert_eq!(arrows.len(), 1, "only a's unlock woke anyone: {arrows:?}");
    let a = arrows[0];
    assert_eq!(
        (a.from, a.to, a.t_from, a.t_to, a.kind),
        (A, B, 10_000, 10_000, ArrowKind::Wake)
    );
    assert_eq!(rows_by_task(&arrows), vec![(0, 1)]);
    let spans = task_spans(&trace);
    let rows = by_thread(&trace, &spans, &lane_spans(&trace));
    assert_eq!(
        rows_by_thread(&trace, &spans, &rows, &arrows),
        vec![(0, 0)],
        "both on the event loop"
    );
}

#[test]
fn spawns_timers_joins_and_cancels_draw_arrows_too() {
    use EventKind::*;
    let mut trace = lock_trace();
    trace.events.clear();
    trace.events.extend([
        ev(0, Spawned { task: A, by: None }),
        ev(
            0,
            Spawned {
                task: B,
                by: Some(A),
            },
        ),
        ev(
            0,
            TimerSet {
                timer: TimerId(5),
                owner: A,
                due: 100,
                what: TimerWhat::Start(C),
            },
        ),
        ev(100, TimerFired { timer: TimerId(5) }),
        ev(
            100,
            Spawned {
                task: C,
                by: Some(A),
            },
        ),
        ev(
            200,
            Woken {
                task: A,
                by: Some(B),
                cause: WakeCause::Join(B),
            },
        ),
        ev(300, CancelRequested { task: C, by: A }),
    ]);
    let kinds: Vec<(ArrowKind, Micros, Micros)> = causality(&trace)
        .iter()
        .map(|a| (a.kind, a.t_from, a.t_to))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ArrowKind::Spawn, 0, 0),
            (ArrowKind::Timer, 0, 100), // from when the timer was set; no second spawn arrow
            (ArrowKind::Join, 200, 200),
            (ArrowKind::Cancel, 300, 300),
        ]
    );
}

#[test]
fn dense_arrows_are_thinned_to_the_limit() {
    let arrows: Vec<Arrow> = (0..10_000u64)
        .map(|t| Arrow {
            from: A,
            to: B,
            t_from: t,
            t_to: t,
            kind: ArrowKind::Wake,
            event: 0,
        })
        .collect();
    let vp = Viewport::new(0.0, 10_000.0, 1000.0);
    let shown = visible_arrows(&arrows, &vp, 500);
    assert!(shown.len() <= 500 && shown.len() >= 450, "{}", shown.len());
    let few = visible_arrows(&arrows, &Viewport::new(100.0, 199.0, 1000.0), 500);
    assert_eq!(few, (100..200).collect::<Vec<_>>());
}

#[test]
fn a_cycle_closes_on_itself() {
    assert_eq!(cycle_edges(&[A, B, C]), vec![(A, B), (B, C), (C, A)]);
    assert!(cycle_edges(&[A]).is_empty());
}
