//! The app shell: header, editor, timeline, inspector and metrics regions, footer.

use super::footer::Footer;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <div class="app">
            <header class="header">
                <h1 class="brand">{ "Interleave" }</h1>
                <span class="tagline">{ "compose tasks, watch them interleave" }</span>
            </header>
            <main class="main">
                <section class="region editor" aria-label="editor">
                    <h2>{ "Editor" }</h2>
                    <p class="placeholder">{ "Tasks and their steps will be composed here." }</p>
                </section>
                <section class="region timeline" aria-label="timeline">
                    <h2>{ "Timeline" }</h2>
                    <p class="placeholder">{ "The interleaving will play here." }</p>
                </section>
                <section class="region bottom" aria-label="inspector and metrics">
                    <h2>{ "Inspector · Metrics" }</h2>
                    <p class="placeholder">{ "What the runtime is doing at the playhead." }</p>
                </section>
            </main>
            <Footer />
        </div>
    }
}
