//! The web-worker entry (trunk's `data-bin="worker"`): the page calls `worker_main` after loading it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    interleave::live::worker::install();
}
