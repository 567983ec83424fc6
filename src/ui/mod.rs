//! The browser app: yew components over the pure core. No scheduling logic lives here.

mod app;
pub mod editor;
mod footer;
pub mod i18n;
pub mod publish;
pub mod run_view;
pub mod viewer;

pub use app::App;

/// Mounts the app on the page's `<body>`.
pub fn start_app() {
    yew::Renderer::<App>::new().render();
}
