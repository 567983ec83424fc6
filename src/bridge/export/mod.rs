//! Scenarios written as programs that run on a real runtime and print a run summary.

mod analysis;
mod python;
mod rust;

use crate::model::Scenario;

/// Which runtime the program is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// asyncio, threading, `ThreadPoolExecutor` and multiprocessing.
    Python,
    /// tokio tasks, `spawn_blocking` and `std::thread`.
    Rust,
}

/// The program for `scenario`.
pub fn program(scenario: &Scenario, target: Target) -> String {
    match target {
        Target::Python => python::program(scenario),
        Target::Rust => rust::program(scenario),
    }
}
