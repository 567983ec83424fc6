//! What one paint of the timeline borrows (the canvas, the state, the model, the palette), and
//! the drawing constants the painter and its overlays share.

use super::model::RunModel;
use super::theme::Palette;
use super::viewer_state::{ViewerState, GUTTER};
use crate::ui::i18n::Lang;
use web_sys::CanvasRenderingContext2d;

/// Bars start this far below a row's top, and end as far above its bottom.
pub const BAR_INSET: f64 = 4.0;
pub const FONT: &str =
    "11px system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif";
pub const FONT_NAME: &str =
    "12px system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif";

/// Everything a paint needs, borrowed for one frame.
pub struct Scene<'a> {
    pub ctx: &'a CanvasRenderingContext2d,
    pub s: &'a ViewerState,
    pub m: &'a RunModel,
    pub p: Palette,
    pub lang: Lang,
    pub dpr: f64,
}

impl Scene<'_> {
    /// Canvas x of a time.
    pub fn x(&self, t: f64) -> f64 {
        GUTTER + self.s.vp.x(t)
    }

    /// Top y of a row.
    pub fn y(&self, row: usize) -> f64 {
        self.s.geom().y(row)
    }

    pub fn fill(&self, c: super::theme::Rgb) {
        self.ctx.set_fill_style_str(&c.css());
    }

    pub fn stroke(&self, c: super::theme::Rgb) {
        self.ctx.set_stroke_style_str(&c.css());
    }
}
