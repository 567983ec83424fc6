//! The text view: the scenario's text, editable, with its errors listed (click one to go there)
//! and marked in the gutter.

use crate::model::{Diagnostic, Severity};
use crate::ui::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

/// Must match `.editor-textarea`'s line height in style.css (px), for the gutter and scrolling.
const LINE_PX: f64 = 18.0;
/// How many diagnostics the list shows.
const SHOWN: usize = 50;

#[derive(Properties, PartialEq)]
pub struct TextViewProps {
    pub text: Rc<str>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub lang: Lang,
    pub on_type: Callback<String>,
}

/// The textarea offset (in UTF-16 code units, as the DOM counts) of a 1-based line and column
/// (counted in characters).
pub(crate) fn utf16_offset(text: &str, line: u32, col: u32) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let before = l.chars().take(col.saturating_sub(1) as usize);
            offset += before.map(char::len_utf16).sum::<usize>();
            return u32::try_from(offset).unwrap_or(u32::MAX);
        }
        offset += l.encode_utf16().count() + 1;
    }
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[function_component(TextView)]
pub fn text_view(props: &TextViewProps) -> Html {
    let lang = props.lang;
    let area = use_node_ref();
    let gutter = use_node_ref();
    let oninput = {
        let on_type = props.on_type.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                on_type.emit(area.value());
            }
        })
    };
    let onscroll = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(area), Some(gutter)) = (
                area.cast::<web_sys::HtmlElement>(),
                gutter.cast::<web_sys::HtmlElement>(),
            ) {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };
    // Each diagnostic's words in the reader's language, worked out once per new set of
    // diagnostics (not on every keystroke's render), and shared by the gutter and the list.
    let words = use_memo((props.diagnostics.clone(), lang), |(diagnostics, lang)| {
        diagnostics
            .iter()
            .map(|d| {
                let message = d.message_in(*lang).into_owned();
                (message, d.hint_in(*lang).map(|h| h.into_owned()))
            })
            .collect::<Vec<_>>()
    });
    let lines = props.text.split('\n').count().max(1);
    let numbers: String = (1..=lines).map(|n| format!("{n}\n")).collect();
    let markers = props.diagnostics.iter().zip(words.iter()).map(|(d, (message, _))| {
        let class = if d.is_error() { "editor-mark-error" } else { "editor-mark-warning" };
        let top = format!("top: {}px", (f64::from(d.line.max(1)) - 1.0) * LINE_PX);
        html! { <span class={classes!("editor-mark", class)} style={top} title={message.clone()}>{ "●" }</span> }
    });
    let mut sorted: Vec<(&Diagnostic, &(String, Option<String>))> =
        props.diagnostics.iter().zip(words.iter()).collect();
    sorted.sort_by_key(|(d, _)| (d.severity != Severity::Error, d.line, d.col));
    let errors = sorted.iter().filter(|(d, _)| d.is_error()).count();
    let items = sorted.iter().take(SHOWN).map(|(d, (message, hint))| {
        let go = {
            let (area, text, line, col) = (area.clone(), props.text.clone(), d.line, d.col);
            Callback::from(move |_: MouseEvent| {
                if let Some(area) = area.cast::<web_sys::HtmlTextAreaElement>() {
                    let at = utf16_offset(&text, line, col);
                    let _ = area.focus();
                    let _ = area.set_selection_range(at, at);
                    area.set_scroll_top(((f64::from(line) - 3.0) * LINE_PX).max(0.0) as i32);
                }
            })
        };
        let kind = if d.is_error() { lang.t("error", "错误") } else { lang.t("warning", "警告") };
        html! {
            <li>
                <button class={classes!("editor-diag", if d.is_error() { "editor-diag-error" } else { "editor-diag-warning" })}
                    onclick={go} data-line={d.line.to_string()} data-col={d.col.to_string()}>
                    <span class="editor-diag-at">{ format!("{}:{}", d.line, d.col) }</span>
                    <span class="editor-diag-kind">{ kind }</span>
                    <span class="editor-diag-msg">{ message.clone() }</span>
                    if let Some(hint) = hint {
                        <span class="editor-diag-hint">{ format!("→ {hint}") }</span>
                    }
                </button>
            </li>
        }
    }).collect::<Vec<Html>>();
    let more = sorted.len().saturating_sub(SHOWN);
    html! {
        <div class="editor-text">
            <div class="editor-code">
                <div class="editor-gutter" ref={gutter} aria-hidden="true">
                    <pre class="editor-numbers">{ numbers }</pre>
                    { for markers }
                </div>
                <textarea id="scenario-text" ref={area} class="editor-textarea" value={props.text.to_string()} {oninput} {onscroll}
                    spellcheck="false" wrap="off" autocomplete="off" aria-label={lang.t("scenario text", "场景文本")}
                    aria-invalid={(errors > 0).to_string()} />
            </div>
            if !sorted.is_empty() {
                <div id="diagnostics" class="editor-diagnostics" role="status">
                    <div class="editor-diag-head">
                        { if errors > 0 {
                            format!("{errors} {}", lang.t("error(s) — click one to go there. The timeline shows the last valid version.", "个错误——点击可跳转。时间线显示的是最后一个有效版本。"))
                        } else {
                            lang.t("warnings (the scenario still runs):", "警告（场景仍可运行）：").to_string()
                        } }
                    </div>
                    <ul>{ for items }</ul>
                    if more > 0 {
                        <div class="editor-muted">{ match lang {
                            Lang::En => format!("… {more} more"),
                            Lang::Zh => format!("……另有 {more} 条"),
                        } }</div>
                    }
                </div>
            }
        </div>
    }
}
