//! The autosave history in the browser (`model::history` in localStorage): this tab's draft,
//! the work kept before a link, a preset, a file or *New* replaces it, and the History list.

use crate::model::history::{History, Version};
use crate::ui::hooks::{read_storage, try_write_storage};
use crate::ui::i18n::Lang;
use yew::prelude::*;

/// Where the history is stored.
pub const KEY_HISTORY: &str = "interleave.history";
/// Where this tab keeps its id (sessionStorage lives as long as the tab).
const KEY_TAB: &str = "interleave.tab";

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// This tab's id, made on its first use.
fn tab_id() -> String {
    let session = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(id) = session
        .as_ref()
        .and_then(|s| s.get_item(KEY_TAB).ok().flatten())
    {
        return id;
    }
    let id = format!(
        "{:x}{:x}",
        now_ms() as u64,
        (js_sys::Math::random() * 1e9) as u64
    );
    if let Some(s) = session {
        let _ = s.set_item(KEY_TAB, &id);
    }
    id
}

/// The stored history (empty when there is none, or it cannot be read).
pub fn load() -> History {
    History::from_json(read_storage(KEY_HISTORY).as_deref())
}

fn store(history: &History) -> Result<(), String> {
    try_write_storage(KEY_HISTORY, &history.to_json())
}

/// Saves `text` as this tab's draft.
pub fn save_draft(text: &str, title: &str) -> Result<(), String> {
    let mut history = load();
    history.save_draft(&tab_id(), text, title, now_ms());
    store(&history)
}

/// Keeps `text`, about to be replaced, as a version; `Ok(true)` when it was kept.
pub fn keep(text: &str, title: &str) -> Result<bool, String> {
    let mut history = load();
    if !history.keep(&tab_id(), text, title, now_ms()) {
        return Ok(false);
    }
    store(&history).map(|()| true)
}

#[derive(Properties, PartialEq)]
pub struct HistoryPanelProps {
    pub lang: Lang,
    /// Opens a version's text (the work shown now is kept first, like any replace).
    pub on_restore: Callback<String>,
    pub on_close: Callback<()>,
}

/// The History list: every version kept, newest first, each with its title, time and Restore.
#[function_component(HistoryPanel)]
pub fn history_panel(props: &HistoryPanelProps) -> Html {
    let lang = props.lang;
    let history = use_memo((), |_| load());
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows: Html = history
        .newest_first()
        .enumerate()
        .map(|(i, v)| row(i, v, lang, &props.on_restore))
        .collect();
    html! {
        <div id="history-panel" class="gallery-panel history-panel" role="dialog" aria-label={lang.t("History", "历史版本")}>
            <div class="gallery-head">
                <b>{ lang.t("History", "历史版本") }</b>
                <button class="gallery-close" onclick={close} aria-label={lang.t("close", "关闭")}>{ "✕" }</button>
            </div>
            <p class="history-note">{ lang.t(
                "Your work is saved here before a link, a preset, a file or New replaces it, and each tab keeps its own draft.",
                "在链接、预设、文件或“新建”替换你的内容之前，内容会保存在这里；每个标签页也各自保存草稿。") }</p>
            if history.versions.is_empty() {
                <p id="history-empty">{ lang.t("Nothing saved yet.", "还没有保存的版本。") }</p>
            } else {
                <ol class="history-list">{ rows }</ol>
            }
        </div>
    }
}

fn row(i: usize, v: &Version, lang: Lang, on_restore: &Callback<String>) -> Html {
    let title = if v.title.is_empty() {
        lang.t("untitled scenario", "未命名场景").to_string()
    } else {
        v.title.clone()
    };
    let when = js_sys::Date::new(&v.saved_ms.into())
        .to_locale_string(lang.code(), &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default();
    let kind = match v.draft {
        true => lang.t("a tab's current work", "某个标签页当前的内容"),
        false => lang.t("kept before it was replaced", "被替换前保存"),
    };
    let first_line = v
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string();
    let restore = {
        let (text, on_restore) = (v.text.clone(), on_restore.clone());
        Callback::from(move |_: MouseEvent| on_restore.emit(text.clone()))
    };
    html! {
        <li class="history-row">
            <div class="history-what">
                <b>{ title }</b>{ " · " }{ when }{ " · " }{ kind }
                <div class="history-line">{ first_line }</div>
            </div>
            <button id={format!("history-restore-{i}")} class="banner-action" onclick={restore}>
                { lang.t("Restore", "恢复") }
            </button>
        </li>
    }
}
