//! Interleave: an async and concurrency playground.
//!
//! The library is the pure core, which knows nothing of the browser and tests natively:
//! - [`model`]: what a scenario is, its text form, validation, share links and presets;
//! - [`exec`]: our cooperative executor; [`sync`]: its primitives;
//! - [`sim`]: the deterministic simulator in virtual time;
//! - [`resources`]: locks, semaphores, condvars and channels, written once for both runners;
//! - [`trace`]: the append-only event log both runners write, and the views' pure functions of it;
//! - [`lang`]: English or Chinese, the two languages the core words its texts in;
//! - [`live`]: live mode's protocol (coordinator, worker engine, in-process runner), pure; its
//!   browser shell (worker pool, worker entry, page controller) compiles only for wasm32, as
//!   does `ui` (yew components).

#![forbid(unsafe_code)]

pub mod compare;
pub mod exec;
pub mod explore;
pub mod lang;
pub mod model;
pub mod rules;
pub mod sim;
pub mod sync;
pub mod trace;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(all(target_arch = "wasm32", feature = "devtools"))]
pub mod devtools;
pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod ui;
