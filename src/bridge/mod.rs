//! From code and back: a Python program read as a scenario, and a scenario written as Python or Rust.
//!
//! Only the command line and the on-demand bridge worker (`src/bin/bridge.rs`) call this module,
//! so neither the app's nor the live worker's wasm carries the Python parser.

pub mod export;
pub mod protocol;
pub mod python;
