//! A pixel buffer for the timeline's bars: rows and state patterns are filled in Rust memory and
//! handed to the canvas in one `putImageData`, so a frame costs the same with 100 or 100,000 bars.

use super::theme::{Palette, Rgb};
use crate::trace::layout::Style;

/// RGBA pixels in device pixels, reused from frame to frame.
#[derive(Default)]
pub struct Frame {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Frame {
    /// Sizes the buffer for a `w` × `h` canvas (keeps the allocation when it shrinks).
    pub fn resize(&mut self, w: usize, h: usize) {
        self.w = w;
        self.h = h;
        self.px.resize(w * h * 4, 0);
    }

    /// Fills `[x0, x1) × [y0, y1)`, clipped to the buffer.
    pub fn fill(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, c: Rgb) {
        let Some((x0, y0, x1, y1)) = self.clip(x0, y0, x1, y1) else {
            return;
        };
        // One pixel, then doubling copies, then whole-row copies: every copy is std's memcpy,
        // which is optimized even in the debug build `trunk serve` makes (a per-pixel loop
        // there costs a large part of a frame).
        let bytes = (x1 - x0) * 4;
        let first = (y0 * self.w + x0) * 4;
        let row = &mut self.px[first..first + bytes];
        row[..4].copy_from_slice(&[c.0, c.1, c.2, 255]);
        let mut done = 4;
        while done < bytes {
            let n = done.min(bytes - done);
            row.copy_within(0..n, done);
            done += n;
        }
        for y in y0 + 1..y1 {
            let start = (y * self.w + x0) * 4;
            self.px.copy_within(first..first + bytes, start);
        }
    }

    /// Fills a rectangle with diagonal stripes of `ink` over `base`, `period` px apart and
    /// `thick` px wide, anchored to the buffer so neighbouring bars line up.
    pub fn hatch(
        &mut self,
        r: (i64, i64, i64, i64),
        base: Rgb,
        ink: Rgb,
        period: usize,
        thick: usize,
    ) {
        let Some((x0, y0, x1, y1)) = self.clip(r.0, r.1, r.2, r.3) else {
            return;
        };
        let period = period.max(2);
        let (b, k) = ([base.0, base.1, base.2, 255], [ink.0, ink.1, ink.2, 255]);
        for y in y0..y1 {
            let row = &mut self.px[(y * self.w + x0) * 4..(y * self.w + x1) * 4];
            for (i, p) in row.chunks_exact_mut(4).enumerate() {
                let on = (x0 + i + y) % period < thick;
                p.copy_from_slice(if on { &k } else { &b });
            }
        }
    }

    /// Every other `dash` px of a horizontal line `thick` px tall.
    pub fn dashes(&mut self, x0: i64, x1: i64, y: i64, thick: i64, dash: i64, c: Rgb) {
        let dash = dash.max(1);
        let mut x = x0 - x0.rem_euclid(dash * 2);
        while x < x1 {
            self.fill(x.max(x0), y, (x + dash).min(x1), y + thick, c);
            x += dash * 2;
        }
    }

    fn clip(&self, x0: i64, y0: i64, x1: i64, y1: i64) -> Option<(usize, usize, usize, usize)> {
        let cx0 = x0.clamp(0, self.w as i64) as usize;
        let cx1 = x1.clamp(0, self.w as i64) as usize;
        let cy0 = y0.clamp(0, self.h as i64) as usize;
        let cy1 = y1.clamp(0, self.h as i64) as usize;
        (cx1 > cx0 && cy1 > cy0).then_some((cx0, cy0, cx1, cy1))
    }
}

/// Paints one bar of a state with its pattern, so states differ by more than colour:
/// running solid; ready light with a solid base line; blocked hatched; sleeping light with
/// dashed edges; starting light grey with vertical stripes.
pub fn bar(f: &mut Frame, p: &Palette, style: Style, r: (i64, i64, i64, i64), dpr: f64) {
    let (x0, y0, x1, y1) = r;
    let unit = dpr.round().max(1.0) as i64;
    match style {
        Style::Running => f.fill(x0, y0, x1, y1, p.run),
        Style::Ready => {
            f.fill(x0, y0, x1, y1, p.light(style));
            f.fill(x0, y1 - 3 * unit, x1, y1, p.ready);
        }
        Style::Blocked => {
            let period = (7 * unit) as usize;
            f.hatch(r, p.light(style), p.blocked, period, (2 * unit) as usize);
        }
        Style::Sleeping => {
            f.fill(x0, y0, x1, y1, p.light(style));
            f.dashes(x0, x1, y0, unit * 2, 4 * unit, p.sleep);
            f.dashes(x0, x1, y1 - 2 * unit, unit * 2, 4 * unit, p.sleep);
        }
        Style::Starting => {
            f.fill(x0, y0, x1, y1, p.light(style));
            let mut x = x0 - x0.rem_euclid(5 * unit);
            while x < x1 {
                f.fill(x.max(x0), y0, (x + unit).min(x1), y1, p.cancelled);
                x += 5 * unit;
            }
        }
    }
}
