//! The browser app: yew components over the pure core. No scheduling logic lives here.

mod app;
pub mod app_state;
mod banner;
mod code;
pub mod editor;
pub mod explorer;
mod file_picker;
mod footer;
mod header;
mod history;
pub mod hooks;
pub mod i18n;
pub mod live;
mod panic;
mod presets_gallery;
mod replay_bar;
pub mod run;
mod share_ui;
mod shortcuts;
mod splitter;
mod startup;
mod summary_line;
pub mod viewer;

pub use app::App;

/// Mounts the app on the page's `<body>`, with a panic hook that keeps the work and says so.
pub fn start_app() {
    panic::install();
    // index.html paints a page while the wasm loads; the app takes its place.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<App>::new().render();
}
