//! Interleave: an async and concurrency playground.
//!
//! The library is the pure core, which knows nothing of the browser and tests natively, and the
//! browser shells around it. From the bottom layer up (docs/LAYOUT.md; nothing names a module
//! above its own):
//! - [`exec`]: our cooperative executor; [`sync`]: its primitives; [`lang`]: English or
//!   Chinese, the two languages the core words its texts in; [`wire`]: the bytes messages
//!   between the page and its workers travel as; [`shm`]: futex-style locks over shared memory;
//! - [`model`]: what a scenario is, its text form, validation, share links and presets;
//! - [`trace`]: the append-only event log both runners write, and the views' pure functions of it;
//! - [`rules`]: the runtime's rules, written once for both runners;
//! - [`sim`]: the deterministic simulator in virtual time; [`explore`]: the schedule explorer;
//! - `web` (wasm32): the browser shell, its clock and the `window.__interleave` contract;
//! - [`live`]: live mode's protocol (coordinator, worker engine, in-process runner), pure; its
//!   browser side (worker pool, worker entry, page controller) compiles only for wasm32;
//! - [`compare`]: a simulated and a live run side by side; `devtools` (wasm32, `devtools`
//!   feature): test hooks and benchmark pages;
//! - `ui` (wasm32): yew components.

#![forbid(unsafe_code)]

pub mod bridge;
pub mod compare;
pub mod exec;
pub mod explore;
pub mod lang;
pub mod model;
pub mod rules;
pub mod shm;
pub mod sim;
pub mod sync;
pub mod trace;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(all(target_arch = "wasm32", feature = "devtools"))]
pub mod devtools;
pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod ui;
