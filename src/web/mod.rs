//! The browser shell that `live` and `ui` share: the clock every context reads alike, DOM
//! helpers, and the page's contract with tools (`window.__interleave`).
//!
//! It sits above the pure core and below `live` and `ui` (docs/LAYOUT.md): nothing here
//! knows a scenario's rules, only the browser.

pub mod bridge_worker;
pub mod clock;
pub mod contract;
pub mod dom;
pub mod message;
pub mod shared_memory;
