//! The app shell: header, editor, timeline, inspector and metrics regions, footer.

use super::editor::EditorPanel;
use super::footer::Footer;
use super::i18n::Lang;
use super::viewer::RunViewer;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let lang = Lang::En;
    html! {
        <div class="app">
            <header class="header">
                <h1 class="brand">{ "Interleave" }</h1>
                <span class="tagline">{ lang.t("compose tasks, watch them interleave", "编排任务，看它们如何交错执行") }</span>
            </header>
            <main class="main">
                <EditorPanel {lang} />
                <RunViewer run={None} {lang} />
            </main>
            <Footer />
        </div>
    }
}
