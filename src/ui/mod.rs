//! The browser app: yew components over the pure core. No scheduling logic lives here.

mod app;
mod footer;
pub mod publish;

pub use app::App;

/// Mounts the app on the page's `<body>`.
pub fn start_app() {
    yew::Renderer::<App>::new().render();
}
