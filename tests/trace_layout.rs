//! The timeline's pure layout math: the viewport, level of detail, playback and virtual lists.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::Micros;
use interleave::trace::layout::list::{scroll_to_show, window};
use interleave::trace::layout::playback::{advance, slider_at, speed_at, speed_label, WINDOW_MS};
use interleave::trace::layout::viewport::{nice_step, tick_label, MIN_SPAN_US};
use interleave::trace::layout::*;
use proptest::prelude::*;

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
