//! The bridge worker's entry (trunk's `data-bin="bridge"`): the Python importer and the exporters,
//! fetched only when the code panel is first used, so the app's first load does not carry them.

fn main() {
    #[cfg(target_arch = "wasm32")]
    interleave::web::bridge_worker::install();
}
