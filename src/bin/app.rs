//! The browser app entry (trunk's `data-bin="app"`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    interleave::ui::start_app();
}
