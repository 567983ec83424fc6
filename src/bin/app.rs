//! The browser app entry (trunk's `data-bin="app"`).

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "devtools"))]
    interleave::devtools::install();
    #[cfg(target_arch = "wasm32")]
    interleave::ui::start_app();
}
