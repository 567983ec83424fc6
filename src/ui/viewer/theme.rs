//! The timeline's colours: the Okabe–Ito state hues of docs/APP.md A6 over a light or a dark page.

use crate::trace::layout::Style;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// `self` laid over `under` with opacity `a` (0..=1).
    pub fn over(self, under: Rgb, a: f64) -> Rgb {
        let mix = |x: u8, y: u8| {
            (x as f64 * a + y as f64 * (1.0 - a))
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(
            mix(self.0, under.0),
            mix(self.1, under.1),
            mix(self.2, under.2),
        )
    }

    /// For canvas `fillStyle` / `strokeStyle`.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Every colour the canvas paints with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub dark: bool,
    pub bg: Rgb,
    pub fg: Rgb,
    pub muted: Rgb,
    pub border: Rgb,
    /// Alternate rows and the gutter.
    pub panel: Rgb,
    pub run: Rgb,
    pub ready: Rgb,
    pub blocked: Rgb,
    pub sleep: Rgb,
    pub log: Rgb,
    pub failed: Rgb,
    pub cancelled: Rgb,
    pub accent: Rgb,
}

pub const RUN: Rgb = Rgb::hex(0x0072B2);
pub const READY: Rgb = Rgb::hex(0xE69F00);
pub const BLOCKED: Rgb = Rgb::hex(0xD55E00);
pub const SLEEP: Rgb = Rgb::hex(0x56B4E9);
pub const LOG: Rgb = Rgb::hex(0x009E73);
pub const GREY: Rgb = Rgb::hex(0x8a8a8a);

impl Palette {
    /// The palette of the page's theme (the same values as the CSS variables in style.css).
    pub fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                dark,
                bg: Rgb::hex(0x14171b),
                fg: Rgb::hex(0xe6e9ee),
                muted: Rgb::hex(0x9aa4b1),
                border: Rgb::hex(0x323842),
                panel: Rgb::hex(0x1d2127),
                run: RUN,
                ready: READY,
                blocked: BLOCKED,
                sleep: SLEEP,
                log: LOG,
                failed: Rgb::hex(0xffffff),
                cancelled: GREY,
                accent: SLEEP,
            }
        } else {
            Palette {
                dark,
                bg: Rgb::hex(0xffffff),
                fg: Rgb::hex(0x1b1f24),
                muted: Rgb::hex(0x5b6470),
                border: Rgb::hex(0xd8dde3),
                panel: Rgb::hex(0xf5f7fa),
                run: RUN,
                ready: READY,
                blocked: BLOCKED,
                sleep: SLEEP,
                log: LOG,
                failed: Rgb::hex(0x000000),
                cancelled: GREY,
                accent: RUN,
            }
        }
    }

    /// The full hue of a state.
    pub fn hue(&self, style: Style) -> Rgb {
        match style {
            Style::Running => self.run,
            Style::Ready => self.ready,
            Style::Blocked => self.blocked,
            Style::Sleeping => self.sleep,
            Style::Starting => self.cancelled,
        }
    }

    /// The light fill of a waiting state, over the page background.
    pub fn light(&self, style: Style) -> Rgb {
        let a = if self.dark { 0.45 } else { 0.32 };
        self.hue(style).over(self.bg, a)
    }

    /// Text colour on a bar of this style.
    pub fn text_on(&self, style: Style) -> Rgb {
        match style {
            Style::Running => Rgb(255, 255, 255),
            _ => self.fg,
        }
    }
}
