//! The editor panel: the visual editor and the text view of the current scenario, with
//! undo/redo and file drop.

mod ctx;
mod expects;
pub mod fields;
mod lesson;
mod pickers;
mod resources;
mod runtime;
mod step_list;
mod step_params;
mod step_row;
mod task_card;
pub(crate) mod text_view;
mod visual;
mod words;

use crate::model::{Diagnostic, Scenario};
use crate::ui::app_state::{EditFn, Tab};
use crate::ui::i18n::Lang;
use std::rc::Rc;
use text_view::TextView;
use visual::VisualEditor;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorPanelProps {
    pub lang: Lang,
    pub text: Rc<str>,
    pub scenario: Rc<Scenario>,
    pub text_ok: bool,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub tab: Tab,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_type: Callback<String>,
    pub on_edit: Callback<EditFn>,
    pub on_tab: Callback<Tab>,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_new: Callback<()>,
    pub on_import: Callback<web_sys::File>,
}

#[function_component(EditorPanel)]
pub fn editor_panel(props: &EditorPanelProps) -> Html {
    let lang = props.lang;
    let dropping = use_state(|| false);
    let tab_button = |tab: Tab, id: &'static str, text: &'static str| {
        let selected = props.tab == tab;
        let onclick = props.on_tab.reform(move |_: MouseEvent| tab);
        html! {
            <button {id} role="tab" class={classes!("editor-tab", selected.then_some("editor-tab-on"))}
                aria-selected={selected.to_string()} {onclick}>{ text }</button>
        }
    };
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    // A file dragged from the desktop onto the editor is imported; steps and tasks dragged
    // inside the editor are handled (and stopped) by their own drop targets.
    let carries_files = |e: &DragEvent| {
        e.data_transfer()
            .map(|d| {
                d.types()
                    .iter()
                    .any(|t| t.as_string().as_deref() == Some("Files"))
            })
            .unwrap_or(false)
    };
    let ondragover = {
        let dropping = dropping.clone();
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                e.prevent_default();
                dropping.set(true);
            }
        })
    };
    let ondragleave = {
        let dropping = dropping.clone();
        Callback::from(move |_: DragEvent| dropping.set(false))
    };
    let ondrop = {
        let (dropping, on_import) = (dropping.clone(), props.on_import.clone());
        Callback::from(move |e: DragEvent| {
            dropping.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                e.prevent_default();
                on_import.emit(file);
            }
        })
    };
    let body = match props.tab {
        Tab::Visual => html! {
            <VisualEditor scenario={props.scenario.clone()} {lang} on_edit={props.on_edit.clone()} readonly={!props.text_ok} />
        },
        Tab::Text => html! {
            <TextView text={props.text.clone()} diagnostics={props.diagnostics.clone()} {lang} on_type={props.on_type.clone()} />
        },
    };
    html! {
        <section class={classes!("region", "editor", "editor-panel", (*dropping).then_some("editor-dropping"))} aria-label={lang.t("editor", "编辑器")}
            {ondragover} {ondragleave} {ondrop}>
            <div class="editor-toolbar">
                <div role="tablist" class="editor-tabs" aria-label={lang.t("editor view", "编辑器视图")}>
                    { tab_button(Tab::Visual, "tab-visual", lang.t("visual", "可视化")) }
                    { tab_button(Tab::Text, "tab-text", lang.t("text", "文本")) }
                </div>
                <span class="editor-spacer"></span>
                <button id="undo" class="editor-tool" onclick={click(&props.on_undo)} disabled={!props.can_undo}
                    title={lang.t("undo (Ctrl+Z)", "撤销（Ctrl+Z）")} aria-label={lang.t("undo", "撤销")}>{ "↶" }</button>
                <button id="redo" class="editor-tool" onclick={click(&props.on_redo)} disabled={!props.can_redo}
                    title={lang.t("redo (Ctrl+Shift+Z)", "重做（Ctrl+Shift+Z）")} aria-label={lang.t("redo", "重做")}>{ "↷" }</button>
                <button id="new-scenario" class="editor-tool editor-wide" onclick={click(&props.on_new)}
                    title={lang.t("start from an empty scenario (undoable)", "从空白场景开始（可撤销）")}>{ lang.t("new", "新建") }</button>
            </div>
            if !props.text_ok && props.tab == Tab::Visual {
                <div id="stale-notice" class="editor-stale" role="status">
                    { lang.t("The text has errors: showing the last valid version — fix the text to update.",
                        "文本有错误：这里显示的是最后一个有效版本——修正文本后才会更新。") }
                    <button class="editor-link" onclick={props.on_tab.reform(|_: MouseEvent| Tab::Text)}>
                        { lang.t("show the errors", "查看错误") }</button>
                </div>
            }
            <div class="editor-body">{ body }</div>
        </section>
    }
}
