//! Paints zero-time steps as labelled chips (`counter: 0 → 1`, `got m`) on task and resource
//! rows, laid out by `trace::layout::chips::place` so chips of one instant never cover each other.
//! Chips the playhead has not reached yet are faint, so the values appear as the run plays.

use super::labels::text_width;
use super::scene::{Scene, FONT};
use super::viewer_state::{GUTTER, ROW_H};
use crate::trace::describe::{chip_in, ChipRow};
use crate::trace::layout::chips::{place, ChipWhat};
use crate::trace::layout::RowKey;

/// More chips than this in view on one row are drawn as ticks, without labels.
const MAX_LABELLED: usize = 300;
const CHIP_H: f64 = 16.0;
const PAD: f64 = 4.0;
const FONT_PX: f64 = 11.0;

pub fn chips(sc: &Scene) {
    let (ctx, s, m) = (sc.ctx, sc.s, sc.m);
    let rows = m.rows(s.view);
    let vis = s.geom().visible_rows(s.height, rows.rows.len());
    ctx.set_font(FONT);
    ctx.set_text_baseline("middle");
    for i in vis {
        let key = rows.rows[i].key;
        let owned = m.row_chips(key);
        if owned.is_empty() {
            continue;
        }
        let row = match key {
            RowKey::Res(_) => ChipRow::Resource,
            _ => ChipRow::Task,
        };
        // Chips in view: binary search on time, since each list is in time order.
        let t_of = |k: &u32| m.chips[*k as usize].t as f64;
        let from = owned.partition_point(|k| t_of(k) < s.vp.t0);
        let to = owned.partition_point(|k| t_of(k) <= s.vp.t1);
        let shown = &owned[from..to];
        let mid = sc.y(i) + ROW_H / 2.0;
        if shown.len() > MAX_LABELLED {
            sc.fill(sc.p.fg);
            for k in shown {
                ctx.fill_rect(sc.x(t_of(k)) - 0.5, mid - 4.0, 1.0, 8.0);
            }
            continue;
        }
        let labels: Vec<String> = shown
            .iter()
            .map(|k| chip_in(m.trace(), &m.chips[*k as usize], row, sc.lang))
            .collect();
        let spans: Vec<(f64, f64)> = shown
            .iter()
            .zip(&labels)
            .map(|(k, l)| (sc.x(t_of(k)), text_width(l, FONT_PX) + 2.0 * PAD))
            .collect();
        for ((k, label), (left, (x, width))) in shown.iter().zip(&labels).zip(
            place(&spans, 2.0, s.width - 2.0)
                .into_iter()
                .zip(spans.iter().copied()),
        ) {
            if left + width < GUTTER || left > s.width {
                continue;
            }
            let chip = &m.chips[*k as usize];
            // A slide shows the whole run, so every chip is drawn as reached.
            let reached = s.for_slide || chip.t as f64 <= s.playhead;
            ctx.set_global_alpha(if reached { 1.0 } else { 0.35 });
            let edge = match chip.what {
                ChipWhat::Store { .. } => sc.p.blocked,
                ChipWhat::Load { .. } => sc.p.run,
                ChipWhat::Sent { .. } | ChipWhat::Received { .. } => sc.p.log,
                ChipWhat::Took { .. } | ChipWhat::Gave { .. } => sc.p.muted,
            };
            let top = mid - CHIP_H / 2.0;
            let left = left.max(GUTTER);
            // A chip moved off its instant keeps a leader to where it happened.
            if (left > x + 1.0 || left + width < x - 1.0) && x >= GUTTER {
                sc.stroke(edge);
                ctx.set_line_width(1.0);
                let near = if left > x { left } else { left + width };
                super::overlay::line(sc, x, mid, near, mid);
            }
            sc.fill(sc.p.bg);
            ctx.fill_rect(left, top, width, CHIP_H);
            sc.stroke(edge);
            ctx.set_line_width(1.5);
            ctx.stroke_rect(left + 0.5, top + 0.5, width - 1.0, CHIP_H - 1.0);
            sc.fill(sc.p.fg);
            let _ = ctx.fill_text(label, left + PAD, mid + 0.5);
        }
        ctx.set_global_alpha(1.0);
    }
    ctx.set_text_baseline("alphabetic");
}
