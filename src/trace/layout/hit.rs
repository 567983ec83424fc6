//! Row geometry and hit testing: which row, segment or marker lies under a pointer.

use super::lod::visible_marks;
use super::rows::{Row, Rows};
use super::viewport::Viewport;
use std::ops::Range;

/// Vertical geometry of the rows: an axis band on top, then equal rows scrolled by `scroll_y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowGeom {
    /// Height of the time axis above the first row (CSS px).
    pub top: f64,
    pub row_h: f64,
    /// How far the rows are scrolled up (CSS px, ≥ 0).
    pub scroll_y: f64,
}

impl RowGeom {
    /// The top y of row `i`.
    pub fn y(&self, i: usize) -> f64 {
        self.top + i as f64 * self.row_h - self.scroll_y
    }

    /// The row under `y`, if any.
    pub fn row_at(&self, y: f64, rows: usize) -> Option<usize> {
        if y < self.top {
            return None;
        }
        let i = ((y - self.top + self.scroll_y) / self.row_h).floor();
        (i >= 0.0 && (i as usize) < rows).then_some(i as usize)
    }

    /// Rows that are at least partly visible in a drawing `height` tall.
    pub fn visible_rows(&self, height: f64, rows: usize) -> Range<usize> {
        let first = (self.scroll_y / self.row_h).floor().max(0.0) as usize;
        let shown = ((height - self.top).max(0.0) / self.row_h).ceil() as usize + 1;
        first.min(rows)..(first + shown).min(rows)
    }

    /// The largest useful `scroll_y` for `rows` rows in a drawing `height` tall.
    pub fn max_scroll(&self, height: f64, rows: usize) -> f64 {
        (rows as f64 * self.row_h - (height - self.top)).max(0.0)
    }
}

/// What the pointer is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `rows[row].segs[i]`.
    Seg(usize),
    /// `rows[row].marks[i]`.
    Mark(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub row: usize,
    pub target: Target,
}

/// The segment or marker under (x, y), allowing `slack_px` so thin ones can still be pointed at.
/// Markers win over segments; the nearest wins among several.
pub fn hit(
    rows: &Rows,
    geom: &RowGeom,
    vp: &Viewport,
    x: f64,
    y: f64,
    slack_px: f64,
) -> Option<Hit> {
    let r = geom.row_at(y, rows.rows.len())?;
    let row = &rows.rows[r];
    if let Some(i) = nearest_mark(row, vp, x, slack_px) {
        return Some(Hit {
            row: r,
            target: Target::Mark(i),
        });
    }
    nearest_seg(row, vp, x, slack_px).map(|i| Hit {
        row: r,
        target: Target::Seg(i),
    })
}

fn nearest_mark(row: &Row, vp: &Viewport, x: f64, slack_px: f64) -> Option<usize> {
    let slack = slack_px * vp.us_per_px();
    let t = vp.t_at(x);
    let range = visible_marks(&row.marks, t - slack, t + slack);
    range.min_by(|a, b| {
        let da = (row.marks[*a].t as f64 - t).abs();
        let db = (row.marks[*b].t as f64 - t).abs();
        da.total_cmp(&db)
    })
}

fn nearest_seg(row: &Row, vp: &Viewport, x: f64, slack_px: f64) -> Option<usize> {
    let t = vp.t_at(x);
    let segs = &row.segs;
    let i = segs.partition_point(|s| (s.start as f64) <= t);
    // The segment containing t, if any: it starts at or before t.
    if let Some(s) = i.checked_sub(1).map(|k| (k, &segs[k])) {
        if t < s.1.end as f64 {
            return Some(s.0);
        }
    }
    // Otherwise the closest neighbour within the slack.
    let slack = slack_px * vp.us_per_px();
    let before = i.checked_sub(1).map(|k| (k, t - segs[k].end as f64));
    let after = segs.get(i).map(|s| (i, s.start as f64 - t));
    [before, after]
        .into_iter()
        .flatten()
        .filter(|(_, d)| *d <= slack)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}
