//! Paints the timeline: bars into a pixel buffer, then text, markers, arrows and the playhead
//! with the canvas API. All positions come from `trace::layout`; this file only draws.

use super::causality;
use super::labels::{fit_text, row_label, seg_label, text_width};
use super::overlay;
use super::raster::{bar, Frame};
use super::scene::{Scene, BAR_INSET, FONT, FONT_NAME};
use super::theme::Palette;
use super::viewer_state::{ViewerState, AXIS_H, GUTTER, ROW_H};
use crate::trace::layout::viewport::tick_label_in;
use crate::trace::layout::{row_rects, Rect, MERGED};
use crate::ui::i18n::Lang;
use wasm_bindgen::Clamped;
use web_sys::CanvasRenderingContext2d;

/// Segments at least this wide (CSS px) get a text label.
const LABEL_MIN_PX: f64 = 36.0;
/// What one paint drew, for the frame-time benchmark.
#[derive(Clone, Copy, Debug, Default)]
pub struct PaintStats {
    pub rects: usize,
    pub labels: usize,
}

/// Paints the whole canvas for the current state.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    frame: &mut Frame,
    rects: &mut Vec<Rect>,
    s: &ViewerState,
    lang: Lang,
    p: Palette,
    dpr: f64,
) -> PaintStats {
    let (w, h) = (
        (s.width * dpr).round() as usize,
        (s.height * dpr).round() as usize,
    );
    frame.resize(w, h);
    frame.fill(0, 0, w as i64, h as i64, p.bg);
    let Some(m) = s.model.as_deref() else {
        put(ctx, frame);
        empty(ctx, s, lang, p, dpr);
        return PaintStats::default();
    };
    let sc = Scene {
        ctx,
        s,
        m,
        p,
        lang,
        dpr,
    };
    let mut stats = PaintStats::default();
    let labels = bars(&sc, frame, rects, &mut stats);
    put(ctx, frame);
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    axis_text(&sc);
    row_names(&sc);
    scroll_thumb(&sc);
    stats.labels = seg_labels(&sc, &labels);
    overlay::long_polls(&sc);
    overlay::playhead_line(&sc);
    overlay::marks(&sc);
    super::chips::chips(&sc);
    causality::deadlock(&sc);
    causality::arrows(&sc);
    overlay::hover(&sc);
    overlay::playhead(&sc);
    stats
}

fn put(ctx: &CanvasRenderingContext2d, frame: &Frame) {
    if frame.w == 0 || frame.h == 0 {
        return;
    }
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(&frame.px),
        frame.w as u32,
        frame.h as u32,
    );
    if let Ok(data) = data {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

fn empty(ctx: &CanvasRenderingContext2d, s: &ViewerState, lang: Lang, p: Palette, dpr: f64) {
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(&p.muted.css());
    ctx.set_font(FONT_NAME);
    ctx.set_text_align("center");
    let text = lang.t(
        "Run a scenario to watch its tasks interleave here.",
        "运行一个场景，在这里观看任务如何交错执行。",
    );
    let _ = ctx.fill_text(text, s.width / 2.0, s.height / 2.0);
    ctx.set_text_align("start");
}

/// Backgrounds, grid and bars into the pixel buffer; returns the rects wide enough for a label.
fn bars(
    sc: &Scene,
    f: &mut Frame,
    rects: &mut Vec<Rect>,
    stats: &mut PaintStats,
) -> Vec<(usize, Rect)> {
    let (s, p, dpr) = (sc.s, &sc.p, sc.dpr);
    let d = |v: f64| (v * dpr).round() as i64;
    let rows = sc.m.rows(s.view);
    let vis = s.geom().visible_rows(s.height, rows.rows.len());
    let (w, h) = (f.w as i64, f.h as i64);
    let selected_row = s
        .selected
        .map(|t| t.0 as usize)
        .filter(|_| s.view == super::model::View::Task);
    for i in vis.clone() {
        let (y0, y1) = (d(sc.y(i)), d(sc.y(i) + ROW_H));
        let tint = if s.highlights_row(rows.rows[i].key) {
            Some(p.accent.over(p.bg, 0.2))
        } else if Some(i) == selected_row {
            Some(p.accent.over(p.bg, 0.14))
        } else if i % 2 == 1 {
            Some(p.panel)
        } else {
            None
        };
        if let Some(c) = tint {
            f.fill(0, y0, w, y1, c);
        }
    }
    f.fill(0, 0, d(GUTTER), h, p.panel);
    // A tour stop's rows are marked in the gutter too, where the names are read.
    for i in vis.clone() {
        if s.highlights_row(rows.rows[i].key) {
            f.fill(0, d(sc.y(i)), d(4.0), d(sc.y(i) + ROW_H), p.accent);
        }
    }
    f.fill(0, 0, w, d(AXIS_H), p.panel);
    f.fill(d(GUTTER) - 1, 0, d(GUTTER), h, p.border);
    f.fill(0, d(AXIS_H) - 1, w, d(AXIS_H), p.border);
    let (_, ticks) = s.vp.ticks(90.0);
    for t in &ticks {
        let x = d(GUTTER + t.x);
        if x >= d(GUTTER) {
            f.fill(x, d(AXIS_H) - d(5.0), x + 1, h, p.border);
        }
    }
    let mut labels = Vec::new();
    let gutter = GUTTER * dpr;
    for i in vis {
        rects.clear();
        row_rects(&rows.rows[i].segs, &s.vp, rects);
        stats.rects += rects.len();
        let (y0, y1) = (sc.y(i) + BAR_INSET, sc.y(i) + ROW_H - BAR_INSET);
        for r in rects.iter() {
            let mut x0 = ((GUTTER + r.x0) * dpr).max(gutter).round() as i64;
            let x1 = ((GUTTER + r.x1) * dpr).round() as i64;
            // A hairline gap before each wide segment, so back-to-back runs of different
            // tasks or steps (a core switching threads) read as separate bars.
            if r.seg != MERGED && x1 - x0 >= (4.0 * dpr) as i64 {
                x0 += 1;
            }
            bar(f, p, r.style, (x0, d(y0), x1.max(x0 + 1), d(y1)), dpr);
            if r.seg != MERGED && r.x1 - r.x0.max(0.0) >= LABEL_MIN_PX {
                labels.push((i, *r));
            }
        }
    }
    labels
}

fn axis_text(sc: &Scene) {
    let ctx = sc.ctx;
    ctx.set_font(FONT);
    sc.fill(sc.p.muted);
    let (step, ticks) = sc.s.vp.ticks(90.0);
    // Labels under the playhead's time would be unreadable: leave them out.
    let busy = overlay::playhead_label(sc).map(|(bx, w, _)| (bx - 4.0, bx + w + 4.0));
    for t in ticks {
        let x = GUTTER + t.x;
        let label = tick_label_in(t.t, step, sc.lang);
        let span = (x + 3.0, x + 3.0 + text_width(&label, 11.0));
        let hidden = busy.is_some_and(|(a, b)| span.0 < b && span.1 > a);
        if x >= GUTTER - 1.0 && !hidden {
            let _ = ctx.fill_text(&label, x + 3.0, 15.0);
        }
    }
    let title = match sc.s.view {
        super::model::View::Task => sc.lang.t("tasks", "任务"),
        super::model::View::Thread => sc.lang.t("threads", "线程"),
    };
    let _ = ctx.fill_text(title, 8.0, 15.0);
}

/// A thin thumb at the right edge when the rows do not all fit (Shift+wheel or drag to scroll).
fn scroll_thumb(sc: &Scene) {
    let rows = sc.m.rows(sc.s.view).rows.len();
    let geom = sc.s.geom();
    let max = geom.max_scroll(sc.s.height, rows);
    if max <= 0.0 {
        return;
    }
    let track = sc.s.height - AXIS_H;
    let total = rows as f64 * ROW_H;
    let h = (track * track / total).max(16.0);
    let y = AXIS_H + (track - h) * (sc.s.scroll_y / max);
    sc.ctx.set_global_alpha(0.5);
    sc.fill(sc.p.muted);
    sc.ctx.fill_rect(sc.s.width - 5.0, y, 4.0, h);
    sc.ctx.set_global_alpha(1.0);
}

fn row_names(sc: &Scene) {
    let ctx = sc.ctx;
    let rows = sc.m.rows(sc.s.view);
    let vis = sc.s.geom().visible_rows(sc.s.height, rows.rows.len());
    for i in vis {
        let y = sc.y(i);
        if y + ROW_H <= AXIS_H {
            continue;
        }
        let (name, kind) = row_label(sc.lang, sc.m.trace(), rows.rows[i].key);
        let kind_w = text_width(&kind, 10.0);
        ctx.set_font(FONT_NAME);
        sc.fill(if sc.m.in_cycle_row(&rows.rows[i]) {
            sc.p.blocked
        } else {
            sc.p.fg
        });
        if let Some(name) = fit_text(&name, 12.0, GUTTER - 18.0 - kind_w) {
            let _ = ctx.fill_text(&name, 8.0, y + 17.0);
        }
        ctx.set_font("10px system-ui, sans-serif");
        sc.fill(sc.p.muted);
        ctx.set_text_align("end");
        let _ = ctx.fill_text(&kind, GUTTER - 6.0, y + 17.0);
        ctx.set_text_align("start");
    }
}

/// Labels on wide segments: the step, or what the task waits for on blocked ones.
fn seg_labels(sc: &Scene, labels: &[(usize, Rect)]) -> usize {
    let ctx = sc.ctx;
    ctx.set_font(FONT);
    let rows = sc.m.rows(sc.s.view);
    let mut drawn = 0;
    for (i, r) in labels {
        let Some(seg) = rows.rows[*i].segs.get(r.seg as usize) else {
            continue;
        };
        let x0 = GUTTER + r.x0.max(0.0);
        let x1 = GUTTER + r.x1.min(sc.s.vp.width_px);
        let text = seg_label(sc.lang, sc.m, sc.s.view, seg);
        let Some(text) = fit_text(&text, 11.0, x1 - x0 - 8.0) else {
            continue;
        };
        let y = sc.y(*i);
        if seg.style == crate::trace::layout::Style::Blocked {
            // A plate under the text keeps it readable over the hatching.
            ctx.set_global_alpha(0.85);
            sc.fill(sc.p.bg);
            ctx.fill_rect(x0 + 2.0, y + 6.5, text_width(&text, 11.0) + 5.0, 13.0);
            ctx.set_global_alpha(1.0);
        }
        sc.fill(sc.p.text_on(seg.style));
        let _ = ctx.fill_text(&text, x0 + 4.0, y + 17.0);
        drawn += 1;
    }
    drawn
}
