//! The app-wide keyboard shortcuts (run, undo, redo, help, close or cancel) and the shortcuts
//! overlay.
//! Playback keys (Space, arrows, Home/End, zoom) belong to the timeline.

use crate::ui::i18n::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What a key press asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    Run,
    Undo,
    Redo,
    ToggleHelp,
    Close,
}

/// The element a key press happened in, by tag name (`INPUT`, `TEXTAREA`, …).
fn target_tag(e: &KeyboardEvent) -> String {
    let element = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    element.map(|el| el.tag_name()).unwrap_or_default()
}

/// The app action for a key press, if any. Undo in a one-line field is left to the field
/// (it undoes the typing not yet committed); in the scenario text it is the app's undo, so
/// that it covers both views.
pub fn key_action(e: &KeyboardEvent) -> Option<KeyAction> {
    let tag = target_tag(e);
    let command = e.ctrl_key() || e.meta_key();
    let key = e.key();
    match (command, key.as_str()) {
        (true, "Enter") => Some(KeyAction::Run),
        (true, "z" | "Z") if tag != "INPUT" => Some(if e.shift_key() {
            KeyAction::Redo
        } else {
            KeyAction::Undo
        }),
        (true, "y" | "Y") if tag != "INPUT" => Some(KeyAction::Redo),
        (false, "?") if !matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") => {
            Some(KeyAction::ToggleHelp)
        }
        (false, "Escape") => Some(KeyAction::Close),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[function_component(ShortcutsHelp)]
pub fn shortcuts_help(props: &ShortcutsHelpProps) -> Html {
    let lang = props.lang;
    let rows = [
        (
            lang.t("Space", "空格"),
            lang.t(
                "play / pause (also right after Run)",
                "播放 / 暂停（刚点过运行也一样）",
            ),
        ),
        (
            "← / →",
            lang.t("previous / next event", "上一个 / 下一个事件"),
        ),
        ("Shift+← / Shift+→", lang.t("10 events", "10 个事件")),
        ("Home / End", lang.t("start / end", "开头 / 结尾")),
        (
            "+ / − / 0",
            lang.t("zoom in / out / fit", "放大 / 缩小 / 适应"),
        ),
        (
            "N / P",
            lang.t(
                "next / previous stop of the lesson's tour",
                "课程导览的下一站 / 上一站",
            ),
        ),
        ("Ctrl+Enter", lang.t("run", "运行")),
        (
            "Ctrl+Z / Ctrl+Shift+Z",
            lang.t("undo / redo", "撤销 / 重做"),
        ),
        ("?", lang.t("show these shortcuts", "显示这些快捷键")),
        (
            "Esc",
            lang.t(
                "close a panel, else cancel a big simulation",
                "关闭面板，否则取消正在进行的大型模拟",
            ),
        ),
    ];
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div id="shortcuts" class="gallery-panel header-shortcuts" role="dialog" aria-label={lang.t("keyboard shortcuts", "键盘快捷键")}>
            <div class="gallery-head">
                <span>{ lang.t("Keyboard shortcuts", "键盘快捷键") }</span>
                <button class="gallery-close" onclick={close} aria-label={lang.t("close", "关闭")}>{ "✕" }</button>
            </div>
            <table class="header-keys">
                { for rows.iter().map(|(key, what)| html! { <tr><td><kbd>{ *key }</kbd></td><td>{ *what }</td></tr> }) }
            </table>
        </div>
    }
}
