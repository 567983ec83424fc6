//! The timeline's visible time window: time↔pixel mapping, zoom about a point, pan, fit, follow, ticks.

use crate::lang::Lang;
use crate::model::Micros;

/// The narrowest window a user can zoom to, in µs: finer than the trace's own resolution is useless.
pub const MIN_SPAN_US: f64 = 20.0;

/// Room left after the end of a run when fitting, so end markers (✕, dashed ends) stay visible.
pub const FIT_MARGIN: f64 = 0.03;

/// Which slice of virtual time is on screen, and how wide the screen is.
///
/// Times are `f64` µs so that zooming keeps sub-µs precision; the trace's integer times convert
/// exactly up to 2^53 µs (285 years).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Time at the left edge (x = 0).
    pub t0: f64,
    /// Time at the right edge (x = `width_px`).
    pub t1: f64,
    /// Width of the drawing area in CSS pixels.
    pub width_px: f64,
}

/// A labelled time mark on the axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    pub t: Micros,
    pub x: f64,
}

// ===== impl Viewport =====

impl Viewport {
    /// A window over `[t0, t1]`, repaired if degenerate (NaN, reversed, too narrow).
    pub fn new(t0: f64, t1: f64, width_px: f64) -> Viewport {
        let width_px = if width_px.is_finite() && width_px >= 1.0 {
            width_px
        } else {
            1.0
        };
        let t0 = if t0.is_finite() { t0 } else { 0.0 };
        let t1 = if t1.is_finite() { t1 } else { t0 + MIN_SPAN_US };
        let t1 = t1.max(t0 + MIN_SPAN_US);
        Viewport { t0, t1, width_px }
    }

    /// The whole run `[0, end]` plus a small margin, in `width_px` pixels.
    pub fn fit(end: Micros, width_px: f64) -> Viewport {
        Viewport::new(0.0, full_span(end), width_px)
    }

    /// Width of the window in µs.
    pub fn span(&self) -> f64 {
        self.t1 - self.t0
    }

    pub fn us_per_px(&self) -> f64 {
        self.span() / self.width_px
    }

    /// The x (CSS px from the left edge) of time `t`; outside `[0, width]` when off screen.
    pub fn x(&self, t: f64) -> f64 {
        (t - self.t0) / self.span() * self.width_px
    }

    /// The time under x.
    pub fn t_at(&self, x: f64) -> f64 {
        self.t0 + x / self.width_px * self.span()
    }

    /// `t` is on screen (edges included).
    pub fn contains(&self, t: f64) -> bool {
        t >= self.t0 && t <= self.t1
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the time under `x` still, within the limits of a
    /// run ending at `end`.
    pub fn zoom_at(&self, x: f64, factor: f64, end: Micros) -> Viewport {
        if !factor.is_finite() || factor <= 0.0 {
            return *self;
        }
        let anchor = self.t_at(x);
        let span = (self.span() / factor).clamp(MIN_SPAN_US, full_span(end).max(MIN_SPAN_US));
        let frac = (x / self.width_px).clamp(0.0, 1.0);
        let t0 = anchor - frac * span;
        Viewport {
            t0,
            t1: t0 + span,
            width_px: self.width_px,
        }
        .clamp_to(end)
    }

    /// Moves the content `dx` pixels to the right (a drag to the right shows earlier times).
    pub fn pan_px(&self, dx: f64, end: Micros) -> Viewport {
        let dt = dx * self.us_per_px();
        Viewport {
            t0: self.t0 - dt,
            t1: self.t1 - dt,
            width_px: self.width_px,
        }
        .clamp_to(end)
    }

    /// The same time window drawn `width_px` wide (after a resize).
    pub fn with_width(&self, width_px: f64) -> Viewport {
        Viewport::new(self.t0, self.t1, width_px)
    }

    /// Keeps the window over the run: never wider than a fit, and never further than 5% of
    /// its width past either end.
    pub fn clamp_to(&self, end: Micros) -> Viewport {
        let full = full_span(end);
        let span = self.span().clamp(MIN_SPAN_US, full.max(MIN_SPAN_US));
        let pad = span * 0.05;
        let lo = -pad;
        let hi = (full - span + pad).max(lo);
        let t0 = self.t0.clamp(lo, hi);
        Viewport {
            t0,
            t1: t0 + span,
            width_px: self.width_px,
        }
    }

    /// Scrolls, without zooming, so that `t` is on screen: when it nears the right edge (or is
    /// left of the window) the window pages so that `t` sits a tenth of the way in.
    pub fn follow(&self, t: f64, end: Micros) -> Viewport {
        let span = self.span();
        if t >= self.t0 && t <= self.t1 - span * 0.02 {
            return *self;
        }
        let t0 = t - span * 0.1;
        Viewport {
            t0,
            t1: t0 + span,
            width_px: self.width_px,
        }
        .clamp_to(end)
    }

    /// Axis ticks at a "nice" step (1, 2 or 5 × 10^k µs) at least `min_px` apart.
    pub fn ticks(&self, min_px: f64) -> (Micros, Vec<Tick>) {
        let step = nice_step(self.us_per_px() * min_px.max(1.0));
        let first = (self.t0.max(0.0) / step as f64).ceil() as Micros;
        let last = (self.t1.max(0.0) / step as f64).floor() as Micros;
        let ticks = (first..=last)
            .take(1000)
            .map(|k| {
                let t = k * step;
                Tick {
                    t,
                    x: self.x(t as f64),
                }
            })
            .collect();
        (step, ticks)
    }
}

/// The span of a fitted window over a run ending at `end`.
pub fn full_span(end: Micros) -> f64 {
    (end as f64 * (1.0 + FIT_MARGIN)).max(MIN_SPAN_US)
}

/// The smallest 1, 2 or 5 × 10^k µs (k ≥ 0) that is at least `at_least`.
pub fn nice_step(at_least: f64) -> Micros {
    let mut base: Micros = 1;
    loop {
        for m in [1, 2, 5] {
            let step = base.saturating_mul(m);
            if step as f64 >= at_least || step == Micros::MAX {
                return step;
            }
        }
        base = base.saturating_mul(10);
    }
}

/// A tick label at a given step: `0`, `250 ms`, `1.5 s`; the step decides the unit so labels
/// along one axis agree.
pub fn tick_label(t: Micros, step: Micros) -> String {
    tick_label_in(t, step, Lang::En)
}

/// [`tick_label`] in `lang`: `250 毫秒`, `1.5 秒` in Chinese.
pub fn tick_label_in(t: Micros, step: Micros, lang: Lang) -> String {
    if t == 0 {
        return "0".to_string();
    }
    let (unit, div) = if step >= 100_000 {
        (lang.t("s", "秒"), 1_000_000.0)
    } else if step >= 100 {
        (lang.t("ms", "毫秒"), 1_000.0)
    } else {
        (lang.t("µs", "微秒"), 1.0)
    };
    let v = t as f64 / div;
    let digits = decimals(step as f64 / div);
    format!("{v:.digits$} {unit}")
}

/// Decimals needed to print multiples of `step` exactly (0 for whole numbers).
fn decimals(step: f64) -> usize {
    let mut d = 0;
    let mut s = step;
    while d < 6 && (s - s.round()).abs() > 1e-9 {
        s *= 10.0;
        d += 1;
    }
    d
}
