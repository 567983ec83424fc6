//! Interleave: an async and concurrency playground.
//!
//! The library is the pure core, which knows nothing of the browser and tests natively:
//! - [`model`]: what a scenario is, its text form, validation, share links and presets;
//! - [`exec`]: our cooperative executor; [`sync`]: its primitives;
//! - [`sim`]: the deterministic simulator in virtual time;
//! - [`trace`]: the append-only event log both runners write, and the views' pure functions of it.
//!
//! Browser shells compile only for wasm32: `ui` (yew components) and `live` (the web-worker
//! pool and the worker entry).

#![forbid(unsafe_code)]

pub mod exec;
pub mod explore;
pub mod model;
pub mod sim;
pub mod sync;
pub mod trace;

pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod ui;
