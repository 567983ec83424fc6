//! Test hooks and benchmark pages, only in builds with the `devtools` cargo feature (the e2e
//! and benchmark builds made by `cargo xtask test` and `cargo xtask bench`); a release build
//! ships none of it (`tests/layers.rs` checks that nothing outside names it ungated).
//!
//! Layer: above `live`, below `ui`. The frame-time benchmark stays inside the timeline viewer
//! (`ui/viewer/bench.rs`, gated the same way) because it measures the viewer's own paints.

pub mod core_bench;
pub mod live_bench;
pub mod test_hooks;

/// Reads the address for `test=1` (before the app rewrites it) and installs the hooks and the
/// benchmark pages the address asks for.
pub fn install() {
    test_hooks::remember();
    test_hooks::install();
    live_bench::install();
    core_bench::install();
}
