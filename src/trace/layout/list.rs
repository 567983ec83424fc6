//! Virtual list math: which rows of a long list (the event list) to render for a scroll position.

use std::ops::Range;

/// The rows to render for a list of `len` rows `row_h` tall, scrolled to `scroll_top` in a view
/// `height` tall, with `overscan` extra rows on each side so fast scrolling shows no gaps.
pub fn window(
    scroll_top: f64,
    height: f64,
    row_h: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    if len == 0 || row_h <= 0.0 {
        return 0..0;
    }
    let first = (scroll_top.max(0.0) / row_h).floor() as usize;
    let shown = (height.max(0.0) / row_h).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(len);
    let end = (first + shown + overscan).min(len);
    start..end
}

/// The scroll position that keeps row `i` in view, moving as little as possible: `None` when it
/// already is.
pub fn scroll_to_show(i: usize, scroll_top: f64, height: f64, row_h: f64) -> Option<f64> {
    let top = i as f64 * row_h;
    let bottom = top + row_h;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + height {
        Some((bottom - height).max(0.0))
    } else {
        None
    }
}
