//! The editor panel: the visual editor and the text view of the current scenario.

use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorPanelProps {
    pub lang: Lang,
}

#[function_component(EditorPanel)]
pub fn editor_panel(props: &EditorPanelProps) -> Html {
    html! {
        <section class="region editor" aria-label={props.lang.t("editor", "编辑器")}>
            <h2>{ props.lang.t("Editor", "编辑器") }</h2>
        </section>
    }
}
