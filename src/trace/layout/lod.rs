//! Culling and level of detail: turns a row's segments into at most a few rectangles per pixel
//! column, so a million-event run paints as fast as a small one.

use super::rows::{Mark, MarkKind, Seg, Style, STYLES};
use super::viewport::Viewport;
use std::ops::Range;

/// Segments narrower than this (CSS px) are merged into their pixel column's bucket.
pub const MIN_SEG_PX: f64 = 1.0;

/// `Rect::seg` of a bucket that merges several segments.
pub const MERGED: u32 = u32::MAX;

/// A rectangle to paint, in CSS px along x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub x1: f64,
    pub style: Style,
    /// Index of the segment in its row, or [`MERGED`] for a bucket of sub-pixel segments.
    pub seg: u32,
}

/// The segments of a sorted, non-overlapping row that overlap `[t0, t1]`, by binary search.
pub fn visible_segs(segs: &[Seg], t0: f64, t1: f64) -> Range<usize> {
    let first = segs.partition_point(|s| (s.end as f64) <= t0);
    let last = first + segs[first..].partition_point(|s| (s.start as f64) < t1);
    first..last
}

/// The markers of a row with `t` in `[t0, t1]`.
pub fn visible_marks(marks: &[Mark], t0: f64, t1: f64) -> Range<usize> {
    let first = marks.partition_point(|m| (m.t as f64) < t0);
    let last = first + marks[first..].partition_point(|m| (m.t as f64) <= t1);
    first..last
}

/// One pixel column collecting sub-pixel segments: time per style, and where they lie.
struct Bucket {
    col: i64,
    time: [f64; STYLES],
    x0: f64,
    x1: f64,
}

impl Bucket {
    fn dominant(&self) -> Style {
        let mut best = 0;
        for i in 1..STYLES {
            if self.time[i] > self.time[best] {
                best = i;
            }
        }
        Style::ALL[best]
    }
}

/// Appends the rectangles of one row to `out` (which the caller reuses between frames).
///
/// A segment at least [`MIN_SEG_PX`] wide becomes its own rectangle. Narrower ones falling in
/// the same pixel column become one rectangle of the style that covers most of the column's time,
/// so rectangles per row stay below about twice the width in pixels, whatever the zoom.
pub fn row_rects(segs: &[Seg], vp: &Viewport, out: &mut Vec<Rect>) {
    let range = visible_segs(segs, vp.t0, vp.t1);
    let start = out.len();
    let mut bucket: Option<Bucket> = None;
    for (i, s) in segs[range.clone()].iter().enumerate() {
        let x0 = vp.x(s.start as f64).max(-1.0);
        let x1 = vp.x(s.end as f64).min(vp.width_px + 1.0);
        if x1 - x0 >= MIN_SEG_PX {
            if let Some(b) = bucket.take() {
                flush(b, out, start);
            }
            out.push(Rect {
                x0,
                x1,
                style: s.style,
                seg: (range.start + i) as u32,
            });
            continue;
        }
        let col = x0.floor() as i64;
        if bucket.as_ref().is_some_and(|b| b.col != col) {
            if let Some(b) = bucket.take() {
                flush(b, out, start);
            }
        }
        let b = bucket.get_or_insert(Bucket {
            col,
            time: [0.0; STYLES],
            x0,
            x1,
        });
        b.time[s.style as usize] += (s.end - s.start) as f64;
        b.x1 = b.x1.max(x1);
    }
    if let Some(b) = bucket {
        flush(b, out, start);
    }
}

/// Emits a bucket one pixel wide at least, merged into the previous rectangle of the row when it
/// has the same style and touches it.
fn flush(b: Bucket, out: &mut Vec<Rect>, row_start: usize) {
    let style = b.dominant();
    let x0 = b.x0;
    let x1 = b.x1.max(x0 + MIN_SEG_PX);
    if out.len() > row_start {
        if let Some(last) = out.last_mut() {
            if last.seg == MERGED && last.style == style && x0 <= last.x1 + 0.01 {
                last.x1 = last.x1.max(x1);
                return;
            }
        }
    }
    out.push(Rect {
        x0,
        x1,
        style,
        seg: MERGED,
    });
}

/// A marker to paint at `x`; `index` is its position in the row's marks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkAt {
    pub x: f64,
    pub kind: MarkKind,
    pub index: u32,
}

/// The visible markers of a row, at most one per `min_gap_px` (the most important wins:
/// failed, then cancelled, then done, then log), so dense logs do not paint over each other.
pub fn row_marks(marks: &[Mark], vp: &Viewport, min_gap_px: f64, out: &mut Vec<MarkAt>) {
    let range = visible_marks(marks, vp.t0, vp.t1);
    let start = out.len();
    for (i, m) in marks[range.clone()].iter().enumerate() {
        let at = MarkAt {
            x: vp.x(m.t as f64),
            kind: m.kind,
            index: (range.start + i) as u32,
        };
        if out.len() > start {
            if let Some(last) = out.last_mut() {
                if at.x - last.x < min_gap_px {
                    if at.kind > last.kind {
                        *last = at;
                    }
                    continue;
                }
            }
        }
        out.push(at);
    }
}
