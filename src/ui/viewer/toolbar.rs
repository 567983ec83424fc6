//! The timeline's controls: play, speed, zoom, fit, the view switch, arrows, time and exports.

use super::model::View;
use super::viewer_state::{Action, ZOOM_STEP};
use crate::model::duration_rounded;
use crate::trace::layout::playback::{speed_at, speed_label, SLIDER_STEPS};
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    pub playing: bool,
    pub speed_pos: u32,
    pub view: View,
    pub arrows: bool,
    pub playhead: u64,
    pub end: u64,
    pub has_run: bool,
    pub on_action: Callback<Action>,
    pub on_export_png: Callback<()>,
    pub on_export_chrome: Callback<()>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
    let act = |make: fn() -> Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(make()))
    };
    let on_speed = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(pos) = input.value().parse::<u32>() {
                on_action.emit(Action::Speed(pos));
            }
        })
    };
    let (play_icon, play_label) = if props.playing {
        ("⏸", lang.t("Pause (Space)", "暂停（空格）"))
    } else {
        ("▶", lang.t("Play (Space)", "播放（空格）"))
    };
    let view_button = |view: View, id: &'static str, text: &'static str| {
        let on_action = props.on_action.clone();
        let pressed = props.view == view;
        html! {
            <button {id} class={classes!("tl-seg", pressed.then_some("tl-on"))} aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_: MouseEvent| on_action.emit(Action::SetView(view)))}>{ text }</button>
        }
    };
    let on_png = {
        let cb = props.on_export_png.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_chrome = {
        let cb = props.on_export_chrome.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let speed = speed_at(props.speed_pos);
    let speed_help = lang.t(
        "Playback speed. At 1× the playhead crosses the visible window in 5 seconds, so short and long runs both animate.",
        "播放速度。1× 时播放头用 5 秒走过可见窗口，短的和长的运行都能看清。",
    );
    html! {
        <div class="tl-toolbar" role="toolbar" aria-label={lang.t("timeline controls", "时间线控制")}>
            <button id="tl-play" class="tl-btn tl-play" title={play_label} aria-label={play_label}
                disabled={!props.has_run} onclick={act(|| Action::TogglePlay)}>{ play_icon }</button>
            <label class="tl-speed" title={speed_help}>
                <span>{ lang.t("speed", "速度") }</span>
                <input id="tl-speed" type="range" min="0" max={SLIDER_STEPS.to_string()} step="1"
                    value={props.speed_pos.to_string()} oninput={on_speed} aria-valuetext={speed_label(speed)} />
                <output class="tl-speed-value">{ speed_label(speed) }</output>
            </label>
            <span class="tl-time" aria-live="off">{ format!("{} / {}", duration_rounded(props.playhead, lang), duration_rounded(props.end, lang)) }</span>
            <span class="tl-group" role="group" aria-label={lang.t("zoom", "缩放")}>
                <button id="tl-zoom-out" class="tl-btn" title={lang.t("Zoom out (−)", "缩小（−）")}
                    aria-label={lang.t("zoom out", "缩小")} onclick={act(|| Action::Zoom(1.0 / ZOOM_STEP))}>{ "−" }</button>
                <button id="tl-zoom-in" class="tl-btn" title={lang.t("Zoom in (+)", "放大（+）")}
                    aria-label={lang.t("zoom in", "放大")} onclick={act(|| Action::Zoom(ZOOM_STEP))}>{ "+" }</button>
                <button id="tl-fit" class="tl-btn" title={lang.t("Fit the whole run (0)", "显示整个运行（0）")}
                    onclick={act(|| Action::Fit)}>{ lang.t("fit", "适应") }</button>
            </span>
            <span class="tl-group" role="group" aria-label={lang.t("lanes", "泳道")}>
                { view_button(View::Task, "tl-view-task", lang.t("by task", "按任务")) }
                { view_button(View::Thread, "tl-view-thread", lang.t("by thread", "按线程")) }
            </span>
            <label class="tl-check" title={lang.t("Arrows from the task that woke, spawned, joined or cancelled another", "从唤醒、创建、等待或取消其他任务的任务画出箭头")}>
                <input id="tl-arrows" type="checkbox" checked={props.arrows}
                    onchange={{ let on_action = props.on_action.clone(); Callback::from(move |_: Event| on_action.emit(Action::ToggleArrows)) }} />
                { lang.t("arrows", "箭头") }
            </label>
            <span class="tl-group tl-exports">
                <button id="export-png" class="tl-btn" disabled={!props.has_run} onclick={on_png}
                    title={lang.t("Save the timeline as a PNG for a slide: twice the size, with the title and the legend", "将时间线保存为适合幻灯片的 PNG：两倍大小，带标题和图例")}>{ "⤓ PNG" }</button>
                <button id="export-chrome" class="tl-btn" disabled={!props.has_run} onclick={on_chrome}
                    title={lang.t("Save the trace for Perfetto or chrome://tracing", "保存追踪文件，可在 Perfetto 或 chrome://tracing 中打开")}>
                    { lang.t("⤓ trace", "⤓ 追踪") }</button>
            </span>
        </div>
    }
}
