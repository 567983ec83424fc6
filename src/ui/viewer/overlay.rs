//! What the timeline draws over its bars: markers, event-loop blocking flags, the deadlock
//! cycle, causality arrows, the hover outline and the playhead.

use super::model::View;
use super::scene::{Scene, BAR_INSET, FONT};
use super::viewer_state::{AXIS_H, GUTTER, ROW_H};
use crate::trace::describe::duration_in;
use crate::trace::layout::lod::row_marks;
use crate::trace::layout::{MarkKind, RowKey, Rows, Style, Target};
use crate::trace::LaneKind;
use js_sys::Array;
use wasm_bindgen::JsValue;

pub(super) fn dash(sc: &Scene, pattern: &[f64]) {
    let arr = Array::new();
    for v in pattern {
        arr.push(&JsValue::from_f64(*v));
    }
    let _ = sc.ctx.set_line_dash(&arr);
}

pub(super) fn visible(sc: &Scene, rows: &Rows) -> std::ops::Range<usize> {
    sc.s.geom().visible_rows(sc.s.height, rows.rows.len())
}

/// Log diamonds, ✕ for failures, dashed ends for cancellations, a tick for completions.
pub fn marks(sc: &Scene) {
    let ctx = sc.ctx;
    let rows = sc.m.rows(sc.s.view);
    let mut out = Vec::new();
    for i in visible(sc, rows) {
        out.clear();
        row_marks(&rows.rows[i].marks, &sc.s.vp, 7.0, &mut out);
        let (top, bottom) = (sc.y(i) + BAR_INSET - 1.0, sc.y(i) + ROW_H - BAR_INSET + 1.0);
        let mid = sc.y(i) + ROW_H / 2.0;
        for m in &out {
            let x = GUTTER + m.x;
            if x < GUTTER {
                continue;
            }
            match m.kind {
                MarkKind::Poll => {
                    sc.fill(sc.p.bg);
                    ctx.fill_rect(x - 2.0, top + 1.0, 4.0, bottom - top - 2.0);
                    sc.fill(sc.p.run);
                    ctx.fill_rect(x - 1.0, top + 1.0, 2.0, bottom - top - 2.0);
                }
                MarkKind::Log => {
                    ctx.begin_path();
                    ctx.move_to(x, mid - 6.0);
                    ctx.line_to(x + 5.0, mid);
                    ctx.line_to(x, mid + 6.0);
                    ctx.line_to(x - 5.0, mid);
                    ctx.close_path();
                    sc.fill(sc.p.log);
                    ctx.fill();
                    sc.stroke(sc.p.bg);
                    ctx.set_line_width(1.0);
                    ctx.stroke();
                }
                MarkKind::Failed => {
                    sc.stroke(sc.p.bg);
                    ctx.set_line_width(4.5);
                    cross(sc, x, mid);
                    sc.stroke(sc.p.failed);
                    ctx.set_line_width(2.5);
                    cross(sc, x, mid);
                }
                MarkKind::Cancelled => {
                    sc.stroke(sc.p.cancelled);
                    ctx.set_line_width(2.5);
                    dash(sc, &[3.0, 2.0]);
                    line(sc, x, top - 2.0, x, bottom + 2.0);
                    dash(sc, &[]);
                }
                MarkKind::Done => {
                    sc.stroke(sc.p.muted);
                    ctx.set_line_width(1.5);
                    line(sc, x, top, x, bottom);
                }
            }
        }
    }
}

fn cross(sc: &Scene, x: f64, y: f64) {
    let ctx = sc.ctx;
    ctx.begin_path();
    ctx.move_to(x - 5.0, y - 5.0);
    ctx.line_to(x + 5.0, y + 5.0);
    ctx.move_to(x + 5.0, y - 5.0);
    ctx.line_to(x - 5.0, y + 5.0);
    ctx.stroke();
}

pub(super) fn line(sc: &Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    sc.ctx.begin_path();
    sc.ctx.move_to(x0, y0);
    sc.ctx.line_to(x1, y1);
    sc.ctx.stroke();
}

/// Event-loop polls of 50 ms or more: a thick underline across the poll and a ⚠ at its start.
pub fn long_polls(sc: &Scene) {
    let ctx = sc.ctx;
    let rows = sc.m.rows(sc.s.view);
    let trace = sc.m.trace();
    let loop_row = rows.rows.iter().position(|r| match r.key {
        RowKey::Lane(l) => trace
            .lanes
            .get(l.0 as usize)
            .is_some_and(|i| i.kind == LaneKind::EventLoop),
        _ => false,
    });
    let vis = visible(sc, rows);
    for lp in &sc.m.metrics.long_polls {
        let row = match sc.s.view {
            View::Task => Some(lp.task.0 as usize),
            View::Thread => loop_row,
        };
        let Some(row) = row.filter(|r| vis.contains(r)) else {
            continue;
        };
        let (x0, x1) = (sc.x(lp.start as f64), sc.x((lp.start + lp.duration) as f64));
        if x1 < GUTTER || x0 > sc.s.width {
            continue;
        }
        let (x0, x1) = (x0.max(GUTTER), x1.min(sc.s.width));
        let y = sc.y(row) + ROW_H - 2.5;
        sc.fill(sc.p.blocked);
        ctx.fill_rect(x0, y, (x1 - x0).max(2.0), 2.5);
        // A badge at the right end of the poll (its left end usually carries a log marker).
        ctx.set_font("bold 11px system-ui, sans-serif");
        let long = format!(
            "⚠ {} {}",
            sc.lang.t("loop blocked", "事件循环阻塞"),
            duration_in(lp.duration, sc.lang)
        );
        let text = if x1 - x0 > super::labels::text_width(&long, 11.0) + 120.0 {
            long
        } else {
            "⚠".to_string()
        };
        let w = super::labels::text_width(&text, 11.0);
        sc.fill(sc.p.text_on(Style::Running));
        let _ = ctx.fill_text(&text, (x1 - w - 6.0).max(x0 + 2.0), sc.y(row) + 17.0);
        ctx.set_font(FONT);
    }
}

/// An outline around what the pointer is over.
pub fn hover(sc: &Scene) {
    let Some(h) = sc.s.pointer.and_then(|p| p.hit) else {
        return;
    };
    let rows = sc.m.rows(sc.s.view);
    let Some(row) = rows.rows.get(h.row) else {
        return;
    };
    let ctx = sc.ctx;
    let y = sc.y(h.row);
    sc.stroke(sc.p.fg);
    ctx.set_line_width(1.5);
    match h.target {
        Target::Seg(i) => {
            let Some(seg) = row.segs.get(i) else { return };
            let x0 = sc.x(seg.start as f64).max(GUTTER);
            let x1 = sc.x(seg.end as f64).min(sc.s.width);
            ctx.stroke_rect(
                x0 - 0.5,
                y + BAR_INSET - 1.5,
                (x1 - x0).max(2.0) + 1.0,
                ROW_H - 2.0 * BAR_INSET + 3.0,
            );
        }
        Target::Mark(i) => {
            let Some(mark) = row.marks.get(i) else { return };
            ctx.begin_path();
            let _ = ctx.arc(
                sc.x(mark.t as f64),
                y + ROW_H / 2.0,
                8.0,
                0.0,
                std::f64::consts::TAU,
            );
            ctx.stroke();
        }
    }
}

/// The playhead's line across the rows (drawn under markers, so end markers stay visible).
pub fn playhead_line(sc: &Scene) {
    if sc.s.for_slide {
        return;
    }
    let x = sc.s.playhead_x();
    if x < GUTTER - 1.0 || x > sc.s.width + 1.0 {
        return;
    }
    sc.ctx.set_global_alpha(0.8);
    sc.stroke(sc.p.accent);
    sc.ctx.set_line_width(2.0);
    line(sc, x, AXIS_H - 6.0, x, sc.s.height);
    sc.ctx.set_global_alpha(1.0);
}

/// Where the playhead's time label sits on the axis: its left x and width.
pub fn playhead_label(sc: &Scene) -> Option<(f64, f64, String)> {
    let x = sc.s.playhead_x();
    if x < GUTTER - 1.0 || x > sc.s.width + 1.0 {
        return None;
    }
    let text = crate::model::duration_rounded(sc.s.playhead.round() as u64, sc.lang);
    let w = super::labels::text_width(&text, 11.0) + 8.0;
    let bx = if x + 8.0 + w > sc.s.width {
        x - 8.0 - w
    } else {
        x + 8.0
    };
    Some((bx, w, text))
}

/// The playhead's handle on the axis and the time it shows.
pub fn playhead(sc: &Scene) {
    if sc.s.for_slide {
        return;
    }
    let ctx = sc.ctx;
    let x = sc.s.playhead_x();
    let Some((bx, w, text)) = playhead_label(sc) else {
        return;
    };
    ctx.begin_path();
    ctx.move_to(x - 6.0, AXIS_H - 12.0);
    ctx.line_to(x + 6.0, AXIS_H - 12.0);
    ctx.line_to(x, AXIS_H - 4.0);
    ctx.close_path();
    sc.fill(sc.p.accent);
    ctx.fill();
    ctx.set_font("bold 11px system-ui, sans-serif");
    ctx.fill_rect(bx, 2.0, w, 14.0);
    sc.fill(sc.p.bg);
    let _ = ctx.fill_text(&text, bx + 4.0, 13.0);
    ctx.set_font(FONT);
}
