//! The causality overlay: arrows from the task that woke, spawned, joined, timed or cancelled
//! another, and the deadlock drawn as a vermillion cycle with its tasks named.

use super::overlay::{dash, line, visible};
use super::scene::{Scene, BAR_INSET, FONT};
use super::viewer_state::{AXIS_H, GUTTER, ROW_H};
use crate::trace::layout::arrows::{visible_arrows, NO_ROW};
use crate::trace::layout::{cycle_edges, ArrowKind, Style};
use crate::trace::TaskId;

/// At most this many causality arrows are drawn per frame (thinned evenly beyond that).
const MAX_ARROWS: usize = 400;

/// The deadlock: a thick vermillion outline on each stuck bar and arrows around the cycle.
pub fn deadlock(sc: &Scene) {
    let ctx = sc.ctx;
    if let Some(at) = sc.m.stopped_stuck() {
        // Where the run stopped: what lies right of it is the wait that never ends.
        let x = sc.x(at as f64);
        if x >= GUTTER && x <= sc.s.width {
            sc.stroke(sc.p.blocked);
            ctx.set_line_width(1.5);
            dash(sc, &[4.0, 3.0]);
            line(sc, x, AXIS_H, x, sc.s.height);
            dash(sc, &[]);
            ctx.set_font("bold 11px system-ui, sans-serif");
            sc.fill(sc.p.blocked);
            let text = sc.lang.t("stuck ⟶", "卡住 ⟶");
            let _ = ctx.fill_text(text, x + 4.0, sc.s.height - 6.0);
            ctx.set_font(FONT);
        }
    }
    if sc.m.cycles.is_empty() {
        return;
    }
    let rows = sc.m.rows(sc.s.view);
    // Each cycle task's stuck bar: the row showing it and that row's last segment.
    let stuck = |task: TaskId| -> Option<(usize, f64, f64)> {
        rows.rows.iter().enumerate().find_map(|(i, r)| {
            let last = r
                .segs
                .last()
                .filter(|s| s.task == task.0 && s.style == Style::Blocked)?;
            Some((i, sc.x(last.start as f64), sc.x(last.end as f64)))
        })
    };
    sc.stroke(sc.p.blocked);
    ctx.set_line_width(3.0);
    for cycle in &sc.m.cycles {
        for t in cycle {
            if let Some((row, x0, x1)) = stuck(*t) {
                let y = sc.y(row) + BAR_INSET - 1.5;
                ctx.stroke_rect(
                    x0.max(GUTTER),
                    y,
                    (x1 - x0.max(GUTTER)).max(3.0),
                    ROW_H - 2.0 * BAR_INSET + 3.0,
                );
            }
        }
        for (k, (a, b)) in cycle_edges(cycle).into_iter().enumerate() {
            let (Some((ra, _, xa)), Some((rb, _, xb))) = (stuck(a), stuck(b)) else {
                continue;
            };
            let x = xa.min(xb).min(sc.s.width - 12.0) - 18.0 - 10.0 * k as f64;
            let (ya, yb) = (sc.y(ra) + ROW_H / 2.0, sc.y(rb) + ROW_H / 2.0);
            curve(sc, x, ya, x, yb, -26.0);
            ctx.set_line_width(2.5);
            ctx.stroke();
            head(sc, x - 26.0 * 0.5, yb - (yb - ya) * 0.12, x, yb);
            sc.fill(sc.p.blocked);
            ctx.fill();
        }
    }
    // Below the cycle, in words: `deadlock: p1 → p2 → p3 → p1`.
    let trace = sc.m.trace();
    for cycle in sc.m.cycles.iter().take(3) {
        let placed: Vec<(usize, f64)> = cycle
            .iter()
            .filter_map(|t| stuck(*t))
            .map(|(r, x0, _)| (r, x0))
            .collect();
        let (Some(bottom), Some(x0)) = (
            placed.iter().map(|p| p.0).max(),
            placed.iter().map(|p| p.1).reduce(f64::max),
        ) else {
            continue;
        };
        let mut names: Vec<String> = cycle
            .iter()
            .map(|t| crate::trace::describe::task_name(trace, *t).into_owned())
            .collect();
        names.extend(names.first().cloned());
        let text = format!("{}{}", sc.lang.t("deadlock: ", "死锁："), names.join(" → "));
        ctx.set_font("bold 12px system-ui, sans-serif");
        let w = super::labels::text_width(&text, 12.0);
        let x = (x0 + 2.0).min(sc.s.width - w - 6.0).max(GUTTER + 4.0);
        let y = sc.y(bottom) + ROW_H + 14.0;
        ctx.set_global_alpha(0.9);
        sc.fill(sc.p.bg);
        ctx.fill_rect(x - 3.0, y - 12.0, w + 6.0, 16.0);
        ctx.set_global_alpha(1.0);
        sc.fill(sc.p.blocked);
        let _ = ctx.fill_text(&text, x, y);
        ctx.set_font(FONT);
    }
}

/// A path from (x0, y0) to (x1, y1): straight when they are apart in time, else a bow `bend`
/// px to the side so same-instant arrows between rows stay visible.
fn curve(sc: &Scene, x0: f64, y0: f64, x1: f64, y1: f64, bend: f64) {
    let ctx = sc.ctx;
    ctx.begin_path();
    ctx.move_to(x0, y0);
    if (x1 - x0).abs() < 6.0 {
        let dy = y1 - y0;
        ctx.bezier_curve_to(x0 + bend, y0 + dy * 0.25, x1 + bend, y1 - dy * 0.25, x1, y1);
    } else {
        ctx.line_to(x1, y1);
    }
}

/// A filled arrowhead at (x1, y1) pointing away from (x0, y0); the caller fills.
fn head(sc: &Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    let ctx = sc.ctx;
    let a = (y1 - y0).atan2(x1 - x0);
    let (l, w) = (8.0, 0.45);
    ctx.begin_path();
    ctx.move_to(x1, y1);
    ctx.line_to(x1 - l * (a - w).cos(), y1 - l * (a - w).sin());
    ctx.line_to(x1 - l * (a + w).cos(), y1 - l * (a + w).sin());
    ctx.close_path();
}

/// Causality arrows (wake, spawn, join, timer, cancel), and always those of the selected task.
pub fn arrows(sc: &Scene) {
    let (s, m, ctx) = (sc.s, sc.m, sc.ctx);
    if !s.arrows && s.selected.is_none() {
        return;
    }
    let ends = m.arrow_rows(s.view);
    let rows = m.rows(s.view);
    let vis = visible(sc, rows);
    let on_screen = |r: u32| r != NO_ROW && vis.contains(&(r as usize));
    // Closer than a few pixels apart, arrows are noise: then only the selected task's are drawn.
    let dense = ending_in_window(&m.arrows, &s.vp) as f64 > s.vp.width_px / 6.0;
    if dense && s.arrows {
        ctx.set_font(FONT);
        sc.fill(sc.p.muted);
        let note = sc.lang.t("arrows: zoom in to see them", "箭头：放大后显示");
        let _ = ctx.fill_text(note, GUTTER + 6.0, sc.s.height - 6.0);
    }
    for idx in visible_arrows(&m.arrows, &s.vp, MAX_ARROWS) {
        let a = &m.arrows[idx];
        let Some(&(fr, tr)) = ends.get(idx) else {
            continue;
        };
        if fr == tr || !(on_screen(fr) || on_screen(tr)) || fr == NO_ROW || tr == NO_ROW {
            continue;
        }
        let mine = s.selected.is_some_and(|t| a.from == t || a.to == t);
        if (!s.arrows || dense) && !mine {
            continue;
        }
        let (x0, x1) = (sc.x(a.t_from as f64), sc.x(a.t_to as f64));
        let (y0, y1) = (
            sc.y(fr as usize) + ROW_H / 2.0,
            sc.y(tr as usize) + ROW_H / 2.0,
        );
        let (color, width, alpha) = if mine {
            (sc.p.accent, 2.5, 1.0)
        } else {
            (sc.p.fg, 1.25, 0.6)
        };
        ctx.set_global_alpha(alpha);
        sc.stroke(color);
        ctx.set_line_width(width);
        dash(
            sc,
            match a.kind {
                ArrowKind::Wake => &[],
                ArrowKind::Spawn => &[5.0, 3.0],
                ArrowKind::Join => &[1.5, 2.5],
                ArrowKind::Timer => &[9.0, 4.0],
                ArrowKind::Cancel => &[2.0, 4.0],
            },
        );
        curve(sc, x0, y0, x1, y1, 14.0);
        ctx.stroke();
        dash(sc, &[]);
        let (hx, hy) = if (x1 - x0).abs() < 6.0 {
            (x1 + 14.0, y1 - (y1 - y0) * 0.25)
        } else {
            (x0, y0)
        };
        head(sc, hx, hy, x1, y1);
        sc.fill(color);
        ctx.fill();
    }
    ctx.set_global_alpha(1.0);
}

/// How many arrows end inside the window.
fn ending_in_window(
    arrows: &[crate::trace::layout::Arrow],
    vp: &crate::trace::layout::Viewport,
) -> usize {
    let first = arrows.partition_point(|a| (a.t_to as f64) < vp.t0);
    arrows[first..].partition_point(|a| (a.t_to as f64) <= vp.t1)
}
