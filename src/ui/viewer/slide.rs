//! The timeline as a PNG for a slide: drawn at twice its on-screen size, with the scenario's
//! title above it and the legend under the title, without the playhead's label, and named after
//! the scenario (docs/APP.md A4).

use super::dom::{dark_theme, download};
use super::labels::style_name;
use super::paint::paint;
use super::raster::Frame;
use super::scene::FONT_NAME;
use super::theme::Palette;
use super::viewer_state::ViewerState;
use crate::trace::layout::Style;
use crate::ui::i18n::Lang;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement};

/// Device pixels per CSS pixel in the image.
const SCALE: f64 = 2.0;
/// Room above the timeline for the title and the legend (CSS px).
pub const HEAD: f64 = 52.0;

/// Draws `state`'s timeline into a new image and downloads it.
pub fn export(state: &ViewerState, lang: Lang) {
    let Some(m) = state.model.as_ref() else {
        return;
    };
    let mut s = state.clone();
    s.for_slide = true;
    let p = Palette::new(dark_theme());
    let (Some(timeline), Some(out)) = (canvas(s.width, s.height), canvas(s.width, s.height + HEAD))
    else {
        return;
    };
    let (Some(tctx), Some(ctx)) = (context(&timeline), context(&out)) else {
        return;
    };
    paint(
        &tctx,
        &mut Frame::default(),
        &mut Vec::new(),
        &s,
        lang,
        p,
        SCALE,
    );
    ctx.set_fill_style_str(&p.bg.css());
    ctx.fill_rect(0.0, 0.0, out.width() as f64, out.height() as f64);
    let _ = ctx.draw_image_with_html_canvas_element(&timeline, 0.0, HEAD * SCALE);
    let _ = ctx.set_transform(SCALE, 0.0, 0.0, SCALE, 0.0, 0.0);
    let scenario = &m.run.scenario;
    let title = match (lang, &scenario.title_zh, &scenario.title) {
        (Lang::Zh, Some(zh), _) => zh.clone(),
        (_, _, Some(t)) => t.clone(),
        _ => "Interleave".to_string(),
    };
    ctx.set_fill_style_str(&p.fg.css());
    ctx.set_font("bold 16px system-ui, sans-serif");
    let _ = ctx.fill_text(&title, 10.0, 20.0);
    legend(&ctx, &p, lang);
    let name = file_name(scenario.title.as_deref());
    let done = Closure::once_into_js(move |blob: JsValue| {
        if let Some(blob) = blob.dyn_ref::<Blob>() {
            download(blob, &name);
        }
    });
    let _ = out.to_blob(done.unchecked_ref());
}

/// The states' swatches and names in one row under the title.
fn legend(ctx: &CanvasRenderingContext2d, p: &Palette, lang: Lang) {
    ctx.set_font(FONT_NAME);
    let mut x = 10.0;
    for style in Style::ALL {
        let colour = match style {
            Style::Running => p.run,
            Style::Ready => p.ready,
            Style::Blocked => p.blocked,
            Style::Sleeping => p.sleep,
            Style::Starting => p.muted,
        };
        ctx.set_fill_style_str(&colour.css());
        ctx.fill_rect(x, 32.0, 14.0, 10.0);
        ctx.set_fill_style_str(&p.fg.css());
        let name = style_name(lang, style);
        let _ = ctx.fill_text(name, x + 18.0, 41.0);
        x += 18.0 + super::labels::text_width(name, 12.0) + 14.0;
    }
}

/// `lost-update.png`: the title in lower case, words joined by `-`; the app's name otherwise.
pub fn file_name(title: Option<&str>) -> String {
    let slug: String = title
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    match slug.is_empty() {
        true => "interleave-timeline.png".to_string(),
        false => format!("{}.png", slug.join("-")),
    }
}

fn canvas(width: f64, height: f64) -> Option<HtmlCanvasElement> {
    let c = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    c.set_width((width * SCALE).round() as u32);
    c.set_height((height * SCALE).round() as u32);
    Some(c)
}

fn context(c: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    c.get_context("2d").ok()??.dyn_into().ok()
}
