//! The presets gallery: a panel of cards, each a scenario that teaches one lesson.

use crate::model::presets::presets;
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresetsGalleryProps {
    pub lang: Lang,
    /// The id of the preset chosen.
    pub on_choose: Callback<&'static str>,
    pub on_close: Callback<()>,
}

#[function_component(PresetsGallery)]
pub fn presets_gallery(props: &PresetsGalleryProps) -> Html {
    let lang = props.lang;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let cards = presets().iter().map(|preset| {
        let choose = {
            let on_choose = props.on_choose.clone();
            let id = preset.id;
            Callback::from(move |_: MouseEvent| on_choose.emit(id))
        };
        let (title, explain, lesson) = match lang {
            Lang::En => (preset.title_en, preset.explain_en, preset.lesson_en),
            Lang::Zh => (preset.title_zh, preset.explain_zh, preset.lesson_zh),
        };
        html! {
            <li key={preset.id}>
                <button class="gallery-card" data-preset={preset.id} onclick={choose}>
                    <span class="gallery-title">{ title }</span>
                    <span class="gallery-explain">{ explain }</span>
                    <span class="gallery-lesson">{ lesson }</span>
                </button>
            </li>
        }
    });
    html! {
        <div id="presets-panel" class="gallery-panel" role="dialog" aria-label={lang.t("presets", "预设")}>
            <div class="gallery-head">
                <span>{ lang.t("Choose an example to open — your current text stays one undo away.", "选择一个示例打开——当前文本可以用撤销找回。") }</span>
                <button class="gallery-close" onclick={close} aria-label={lang.t("close", "关闭")}>{ "✕" }</button>
            </div>
            <ul class="gallery-grid">{ for cards }</ul>
        </div>
    }
}
