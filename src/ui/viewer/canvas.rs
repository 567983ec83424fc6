//! The timeline canvas: sizes itself to its box and the device pixel ratio, turns pointer and
//! wheel input into actions, and repaints after every change.

#[cfg(feature = "devtools")]
use super::bench;
use super::dom::{dark_theme, now_ms, pixel_ratio, SizeWatch};
use super::paint::paint;
use super::raster::Frame;
use super::theme::Palette;
use super::tooltip::Tooltip;
use super::viewer_state::{Action, Drag};
use super::StateRef;
use crate::trace::layout::Rect;
use crate::ui::i18n::Lang;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineCanvasProps {
    pub state: StateRef,
    pub lang: Lang,
    pub canvas_ref: NodeRef,
    pub on_action: Callback<Action>,
}

/// Buffers reused from paint to paint.
#[derive(Default)]
struct Buffers {
    frame: Frame,
    rects: Vec<Rect>,
}

#[function_component(TimelineCanvas)]
pub fn timeline_canvas(props: &TimelineCanvasProps) -> Html {
    let wrap = use_node_ref();
    let buffers = use_mut_ref(Buffers::default);
    {
        let wrap = wrap.clone();
        let on_action = props.on_action.clone();
        use_effect_with((), move |_| {
            let watch = wrap.cast::<web_sys::Element>().and_then(|el| {
                SizeWatch::new(&el, move |width, height| {
                    on_action.emit(Action::Resize { width, height })
                })
            });
            move || drop(watch)
        });
    }
    {
        let canvas_ref = props.canvas_ref.clone();
        let state = props.state.0.clone();
        let lang = props.lang;
        use_effect(move || {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let dpr = pixel_ratio();
            let (w, h) = (
                (state.width * dpr).round() as u32,
                (state.height * dpr).round() as u32,
            );
            if canvas.width() != w || canvas.height() != h {
                canvas.set_width(w);
                canvas.set_height(h);
            }
            let ctx = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
            let Some(ctx) = ctx else { return };
            let started = now_ms();
            let mut b = buffers.borrow_mut();
            let Buffers { frame, rects } = &mut *b;
            let stats = paint(
                &ctx,
                frame,
                rects,
                &state,
                lang,
                Palette::new(dark_theme()),
                dpr,
            );
            #[cfg(feature = "devtools")]
            bench::record_paint(now_ms() - started, stats.rects);
            #[cfg(not(feature = "devtools"))]
            let _ = (started, stats);
        });
    }

    let s = &*props.state.0;
    let point = |e: &MouseEvent| (e.offset_x() as f64, e.offset_y() as f64);
    let on_down = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            let (x, y) = point(&e);
            on_action.emit(Action::Down { x, y });
        })
    };
    let on_move = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = point(&e);
            on_action.emit(Action::Move { x, y });
        })
    };
    let on_up = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = point(&e);
            on_action.emit(Action::Up { x, y });
        })
    };
    let on_leave = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: PointerEvent| on_action.emit(Action::Leave))
    };
    let on_wheel = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            // Line and page deltas (Firefox, some mice) become pixels.
            let unit = match e.delta_mode() {
                1 => 16.0,
                2 => 400.0,
                _ => 1.0,
            };
            on_action.emit(Action::Wheel {
                x: e.offset_x() as f64,
                dx: e.delta_x() * unit,
                dy: e.delta_y() * unit,
                shift: e.shift_key(),
            });
        })
    };
    let cursor = match s.drag {
        Some(Drag::Pan { .. }) => "grabbing",
        Some(Drag::Scrub) => "col-resize",
        None if s.pointer.is_some_and(|p| p.hit.is_some()) => "pointer",
        None => "grab",
    };
    let style = format!("width:{}px;height:{}px;cursor:{cursor}", s.width, s.height);
    let label = props.lang.t(
        "Timeline. Space plays or pauses, arrows step between events, plus and minus zoom, 0 fits.",
        "时间线。空格播放或暂停，方向键逐个事件移动，加号和减号缩放，0 适应窗口。",
    );
    html! {
        <div class="tl-canvas-wrap" ref={wrap}>
            <canvas id="tl-canvas" ref={props.canvas_ref.clone()} {style} role="img" aria-label={label}
                onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up}
                onpointerleave={on_leave} onwheel={on_wheel} />
            if s.drag.is_none() {
                <Tooltip lang={props.lang} state={props.state.clone()} />
            }
        </div>
    }
}
