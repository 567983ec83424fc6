//! The timeline's pure layout math: viewport, rows, level of detail, hit testing, arrows, playback.

use interleave::model::{Micros, ResourceKind, TaskKind};
use interleave::trace::layout::arrows::{rows_by_task, rows_by_thread};
use interleave::trace::layout::list::{scroll_to_show, window};
use interleave::trace::layout::playback::{advance, slider_at, speed_at, speed_label, WINDOW_MS};
use interleave::trace::layout::rows::instant_polls;
use interleave::trace::layout::viewport::{nice_step, tick_label, MIN_SPAN_US};
use interleave::trace::layout::*;
use interleave::trace::{
    lane_spans, task_spans, EndHow, Event, EventKind, LaneId, LaneInfo, LaneKind, ResId, ResInfo,
    TaskId, TaskInfo, TimerId, TimerWhat, Trace, WaitFor, WakeCause,
};
use proptest::prelude::*;

// ===== a small hand-written trace =====

fn ev(t: Micros, kind: EventKind) -> Event {
    Event { t, kind }
}

const A: TaskId = TaskId(0);
const B: TaskId = TaskId(1);
const C: TaskId = TaskId(2);
const LOOP: LaneId = LaneId(0);
const THREAD_C: LaneId = LaneId(1);
const M: ResId = ResId(0);

/// Async `a` locks m and sleeps 10 ms; async `b` blocks on m until a unlocks it, then computes 5 ms;
/// thread `c` sleeps 5 ms, and at 5 ms spawns nothing but logs.
fn lock_trace() -> Trace {
    use EventKind::*;
    let task = |name: &str, kind| TaskInfo {
        name: name.into(),
        kind,
        decl: 0,
    };
    Trace {
        tasks: vec![
            task("a", TaskKind::Async),
            task("b", TaskKind::Async),
            task("c", TaskKind::Thread),
        ],
        lanes: vec![
            LaneInfo {
                name: "event loop".into(),
                kind: LaneKind::EventLoop,
            },
            LaneInfo {
                name: "thread c".into(),
                kind: LaneKind::Thread(C),
            },
        ],
        resources: vec![ResInfo {
            name: "m".into(),
            kind: ResourceKind::Mutex,
        }],
        events: vec![
            ev(0, Spawned { task: A, by: None }),
            ev(0, Ready { task: A }),
            ev(0, Spawned { task: B, by: None }),
            ev(0, Ready { task: B }),
            ev(0, Spawned { task: C, by: None }),
            ev(0, Ready { task: C }),
            ev(
                0,
                PollStart {
                    task: C,
                    lane: THREAD_C,
                    core: None,
                },
            ),
            ev(
                0,
                Step {
                    task: C,
                    text: "sleep 5ms".into(),
                },
            ),
            ev(
                0,
                Sleeping {
                    task: C,
                    until: 5_000,
                },
            ),
            ev(
                0,
                TimerSet {
                    timer: TimerId(0),
                    owner: C,
                    due: 5_000,
                    what: TimerWhat::Sleep,
                },
            ),
            ev(
                0,
                PollEnd {
                    task: C,
                    lane: THREAD_C,
                },
            ),
            ev(
                0,
                PollStart {
                    task: A,
                    lane: LOOP,
                    core: None,
                },
            ),
            ev(
                0,
                Step {
                    task: A,
                    text: "lock m".into(),
                },
            ),
            ev(
                0,
                Acquired {
                    task: A,
                    res: M,
                    n: 1,
                    shared: false,
                },
            ),
            ev(
                0,
                Step {
                    task: A,
                    text: "sleep 10ms".into(),
                },
            ),
            ev(
                0,
                Sleeping {
                    task: A,
                    until: 10_000,
                },
            ),
            ev(
                0,
                TimerSet {
                    timer: TimerId(1),
                    owner: A,
                    due: 10_000,
                    what: TimerWhat::Sleep,
                },
            ),
            ev(
                0,
                PollEnd {
                    task: A,
                    lane: LOOP,
                },
            ),
            ev(
                0,
                PollStart {
                    task: B,
                    lane: LOOP,
                    core: None,
                },
            ),
            ev(
                0,
                Step {
                    task: B,
                    text: "lock m".into(),
                },
            ),
            ev(
                0,
                Blocked {
                    task: B,
                    on: WaitFor::Lock(M),
                },
            ),
            ev(
                0,
                PollEnd {
                    task: B,
                    lane: LOOP,
                },
            ),
            ev(5_000, TimerFired { timer: TimerId(0) }),
            ev(
                5_000,
                Woken {
                    task: C,
                    by: None,
                    cause: WakeCause::Timer,
                },
            ),
            ev(5_000, Ready { task: C }),
            ev(
                5_000,
                PollStart {
                    task: C,
                    lane: THREAD_C,
                    core: None,
                },
            ),
            ev(
                5_000,
                Step {
                    task: C,
                    text: "log \"hi\"".into(),
                },
            ),
            ev(
                5_000,
                Log {
                    task: C,
                    text: "hi".into(),
                },
            ),
            ev(
                5_000,
                Ended {
                    task: C,
                    how: EndHow::Completed,
                },
            ),
            ev(
                5_000,
                PollEnd {
                    task: C,
                    lane: THREAD_C,
                },
            ),
            ev(10_000, TimerFired { timer: TimerId(1) }),
            ev(
                10_000,
                Woken {
                    task: A,
                    by: None,
                    cause: WakeCause::Timer,
                },
            ),
            ev(10_000, Ready { task: A }),
            ev(
                10_000,
                PollStart {
                    task: A,
                    lane: LOOP,
                    core: None,
                },
            ),
            ev(
                10_000,
                Step {
                    task: A,
                    text: "unlock m".into(),
                },
            ),
            ev(
                10_000,
                Released {
                    task: A,
                    res: M,
                    n: 1,
                    on_exit: false,
                },
            ),
            ev(
                10_000,
                Woken {
                    task: B,
                    by: Some(A),
                    cause: WakeCause::Unlock(M),
                },
            ),
            ev(10_000, Ready { task: B }),
            ev(
                10_000,
                Ended {
                    task: A,
                    how: EndHow::Completed,
                },
            ),
            ev(
                10_000,
                PollEnd {
                    task: A,
                    lane: LOOP,
                },
            ),
            ev(
                10_000,
                PollStart {
                    task: B,
                    lane: LOOP,
                    core: None,
                },
            ),
            ev(
                10_000,
                Acquired {
                    task: B,
                    res: M,
                    n: 1,
                    shared: false,
                },
            ),
            ev(
                10_000,
                Step {
                    task: B,
                    text: "compute 5ms".into(),
                },
            ),
            ev(
                15_000,
                Step {
                    task: B,
                    text: "unlock m".into(),
                },
            ),
            ev(
                15_000,
                Released {
                    task: B,
                    res: M,
                    n: 1,
                    on_exit: false,
                },
            ),
            ev(
                15_000,
                Ended {
                    task: B,
                    how: EndHow::Failed("boom".into()),
                },
            ),
            ev(
                15_000,
                PollEnd {
                    task: B,
                    lane: LOOP,
                },
            ),
        ],
    }
}

fn has_seg(row: &Row, style: Style, start: Micros, end: Micros) -> bool {
    row.segs
        .iter()
        .any(|s| s.style == style && s.start == start && s.end == end)
}

// ===== viewport =====

#[test]
fn viewport_maps_time_to_pixels_and_back() {
    let vp = Viewport::new(1_000.0, 3_000.0, 400.0);
    assert_eq!(vp.x(1_000.0), 0.0);
    assert_eq!(vp.x(3_000.0), 400.0);
    assert_eq!(vp.x(2_000.0), 200.0);
    assert_eq!(vp.t_at(100.0), 1_500.0);
    assert_eq!(vp.us_per_px(), 5.0);
}

#[test]
fn a_degenerate_viewport_is_repaired_instead_of_dividing_by_zero() {
    let vp = Viewport::new(f64::NAN, 5.0, 0.0);
    assert!(vp.span() >= MIN_SPAN_US);
    assert!(vp.width_px >= 1.0);
    assert!(vp.x(10.0).is_finite());
}

#[test]
fn fit_shows_the_whole_run_with_a_small_margin() {
    let vp = Viewport::fit(1_000_000, 800.0);
    assert_eq!(vp.t0, 0.0);
    assert!(vp.t1 > 1_000_000.0 && vp.t1 < 1_100_000.0);
}

#[test]
fn zooming_keeps_the_time_under_the_pointer_still() {
    let vp = Viewport::fit(1_000_000, 1000.0);
    let anchor = vp.t_at(300.0);
    let zoomed = vp.zoom_at(300.0, 4.0, 1_000_000);
    assert!((zoomed.t_at(300.0) - anchor).abs() < 1e-6);
    assert!((zoomed.span() - vp.span() / 4.0).abs() < 1e-6);
}

#[test]
fn zoom_stops_at_the_minimum_span_and_at_a_fit() {
    let vp = Viewport::fit(1_000, 1000.0);
    let deep = vp.zoom_at(500.0, 1e9, 1_000);
    assert_eq!(deep.span(), MIN_SPAN_US);
    let out = vp.zoom_at(500.0, 1e-9, 1_000);
    assert!((out.span() - Viewport::fit(1_000, 1000.0).span()).abs() < 1e-6);
}

#[test]
fn panning_moves_the_content_with_the_pointer_and_stays_near_the_run() {
    let vp = Viewport::fit(1_000_000, 1000.0).zoom_at(500.0, 10.0, 1_000_000);
    let panned = vp.pan_px(100.0, 1_000_000);
    assert!(
        (vp.t0 - panned.t0 - 100.0 * vp.us_per_px()).abs() < 1e-6,
        "drag right shows earlier time"
    );
    let far = vp.pan_px(-1e9, 1_000_000);
    assert!(
        far.t1 <= 1_030_000.0 + far.span() * 0.05 + 1e-6,
        "cannot pan far past the end"
    );
    let near = vp.pan_px(1e9, 1_000_000);
    assert!(
        near.t0 >= -near.span() * 0.05 - 1e-6,
        "cannot pan far before 0"
    );
}

#[test]
fn follow_pages_the_window_when_the_playhead_nears_the_right_edge() {
    let vp = Viewport::new(0.0, 100_000.0, 500.0);
    assert_eq!(vp.follow(50_000.0, 1_000_000), vp, "visible: no change");
    let paged = vp.follow(99_999.0, 1_000_000);
    assert!(paged.contains(99_999.0));
    assert!(paged.t0 > 80_000.0);
    assert_eq!(paged.span(), vp.span());
}

#[test]
fn ticks_use_nice_steps_and_consistent_units() {
    assert_eq!(nice_step(3.0), 5);
    assert_eq!(nice_step(101.0), 200);
    assert_eq!(nice_step(1.0), 1);
    let vp = Viewport::fit(1_000_000, 1000.0);
    let (step, ticks) = vp.ticks(80.0);
    assert_eq!(step, 100_000);
    assert_eq!(ticks.first().map(|t| t.t), Some(0));
    assert!(ticks.windows(2).all(|w| w[1].x - w[0].x >= 80.0));
    assert_eq!(tick_label(0, step), "0");
    assert_eq!(tick_label(500_000, step), "0.5 s");
    assert_eq!(tick_label(1_000_000, 1_000_000), "1 s");
    assert_eq!(tick_label(20_000, 10_000), "20 ms");
    assert_eq!(tick_label(40, 20), "40 µs");
}

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

// ===== level of detail =====

fn seg(start: Micros, end: Micros, style: Style) -> Seg {
    Seg {
        start,
        end,
        style,
        task: 0,
        span: 0,
    }
}

#[test]
fn a_million_sub_pixel_segments_paint_as_at_most_two_rects_per_pixel() {
    // 1 µs segments over 1 s: 1000 per pixel at 1000 px; 7 of each 10 are running.
    let segs: Vec<Seg> = (0..1_000_000u64)
        .map(|i| {
            seg(
                i,
                i + 1,
                if i % 10 < 7 {
                    Style::Running
                } else {
                    Style::Blocked
                },
            )
        })
        .collect();
    let vp = Viewport::new(0.0, 1_000_000.0, 1000.0);
    let mut rects = Vec::new();
    row_rects(&segs, &vp, &mut rects);
    assert!(rects.len() <= 2000, "{} rects", rects.len());
    assert!(
        rects.iter().all(|r| r.style == Style::Running),
        "the dominant state wins each column"
    );
    assert_eq!(
        rects.len(),
        1,
        "equal neighbouring buckets merge into one rect"
    );
    assert!(rects[0].x0 <= 0.0 && rects[0].x1 >= 999.0);
}

#[test]
fn wide_segments_keep_their_identity_for_labels_and_tooltips() {
    let segs = vec![
        seg(0, 500, Style::Running),
        seg(500, 501, Style::Ready),
        seg(501, 1000, Style::Blocked),
    ];
    let vp = Viewport::new(0.0, 1000.0, 100.0);
    let mut rects = Vec::new();
    row_rects(&segs, &vp, &mut rects);
    assert_eq!(rects.len(), 3);
    assert_eq!((rects[0].seg, rects[0].style), (0, Style::Running));
    assert_eq!(
        rects[1].seg, MERGED,
        "the 0.1 px ready span becomes a bucket"
    );
    assert!(
        rects[1].x1 - rects[1].x0 >= 1.0,
        "buckets are at least a pixel wide, so they show"
    );
    assert_eq!((rects[2].seg, rects[2].style), (2, Style::Blocked));
}

#[test]
fn rects_lie_within_the_visible_window() {
    let segs: Vec<Seg> = (0..100u64)
        .map(|i| seg(i * 100, i * 100 + 90, Style::Running))
        .collect();
    let vp = Viewport::new(2_050.0, 3_050.0, 100.0);
    let mut rects = Vec::new();
    row_rects(&segs, &vp, &mut rects);
    assert_eq!(rects.len(), 11, "segments 20..=30 overlap the window");
    assert!(rects.iter().all(|r| r.x0 >= -1.0 && r.x1 <= 101.0));
}

proptest! {
    #[test]
    fn culling_by_binary_search_finds_exactly_the_overlapping_segments(
        lens in prop::collection::vec((0u64..50, 1u64..50), 0..200),
        t0 in 0f64..5000.0,
        w in 1f64..3000.0,
    ) {
        let mut t = 0;
        let segs: Vec<Seg> = lens.iter().map(|(gap, len)| {
            let s = seg(t + gap, t + gap + len, Style::Running);
            t = s.end;
            s
        }).collect();
        let range = visible_segs(&segs, t0, t0 + w);
        let expected: Vec<usize> = (0..segs.len())
            .filter(|i| (segs[*i].end as f64) > t0 && (segs[*i].start as f64) < t0 + w)
            .collect();
        prop_assert_eq!(range.collect::<Vec<_>>(), expected);
    }
}

#[test]
fn dense_markers_keep_the_most_important_one_per_gap() {
    let marks = vec![
        Mark {
            t: 100,
            kind: MarkKind::Log,
            task: 0,
            index: 0,
        },
        Mark {
            t: 101,
            kind: MarkKind::Failed,
            task: 0,
            index: 1,
        },
        Mark {
            t: 102,
            kind: MarkKind::Log,
            task: 0,
            index: 2,
        },
        Mark {
            t: 900,
            kind: MarkKind::Log,
            task: 0,
            index: 3,
        },
    ];
    let vp = Viewport::new(0.0, 1000.0, 100.0);
    let mut out = Vec::new();
    row_marks(&marks, &vp, 4.0, &mut out);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].kind, MarkKind::Failed);
    assert_eq!(out[1].index, 3);
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

// ===== playback and lists =====

#[test]
fn the_speed_slider_is_logarithmic_from_a_tenth_to_a_hundred() {
    assert!((speed_at(0) - 0.1).abs() < 1e-9);
    assert!((speed_at(100) - 1.0).abs() < 1e-9);
    assert!((speed_at(200) - 10.0).abs() < 1e-9);
    assert!((speed_at(300) - 100.0).abs() < 1e-9);
    assert_eq!(speed_at(10_000), speed_at(300));
    for pos in [0, 37, 100, 250, 300] {
        assert_eq!(slider_at(speed_at(pos)), pos);
    }
    assert_eq!(speed_label(1.0), "1×");
    assert_eq!(speed_label(0.1), "0.1×");
    assert_eq!(speed_label(2.5), "2.5×");
    assert_eq!(speed_label(100.0), "100×");
}

#[test]
fn at_one_x_the_playhead_crosses_the_window_in_five_seconds() {
    let span = 2_000.0; // a 2 ms run still animates visibly
    let mut t = 0.0;
    let frames = (WINDOW_MS / 16.0) as usize;
    for _ in 0..frames {
        t += advance(16.0, 1.0, span);
    }
    assert!((t - span).abs() / span < 0.01, "{t}");
    assert_eq!(
        advance(10_000.0, 1.0, span),
        advance(100.0, 1.0, span),
        "a stalled tab does not jump"
    );
    assert_eq!(advance(f64::NAN, 1.0, span), 0.0);
}

#[test]
fn the_virtual_list_renders_only_the_rows_in_view() {
    assert_eq!(window(0.0, 200.0, 20.0, 1_000_000, 5), 0..16);
    assert_eq!(window(20_000.0, 200.0, 20.0, 1_000_000, 5), 995..1016);
    assert_eq!(window(0.0, 200.0, 20.0, 3, 5), 0..3);
    assert_eq!(window(0.0, 200.0, 20.0, 0, 5), 0..0);
    assert_eq!(scroll_to_show(3, 0.0, 200.0, 20.0), None);
    assert_eq!(scroll_to_show(30, 0.0, 200.0, 20.0), Some(420.0));
    assert_eq!(scroll_to_show(2, 100.0, 200.0, 20.0), Some(40.0));
}
