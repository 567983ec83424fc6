//! Where a live run's shared state lives when the page is cross-origin isolated: one buffer of
//! shared memory that every worker views. This is the one home for its layout and for which
//! steps use it.
//!
//! Each resource `r` of the scenario owns cell `r` (a 64-bit variable) and words
//! `r * WORDS_PER_RESOURCE ..` (a lock), so a worker finds them without a table. Variables are
//! read and written there by `load`, `store` and `incr`, as separate atomic operations: a real
//! lost update can happen. Everything else still goes through the coordinator.

use crate::model::{ResourceKind, Scenario};
use crate::shm::Memory;

/// Words reserved per resource: enough for any lock of `shm`.
pub const WORDS_PER_RESOURCE: usize = 4;

/// The size of a run's shared memory: (64-bit cells, 32-bit words).
pub fn size(scenario: &Scenario) -> (usize, usize) {
    let n = scenario.resources.len();
    (n, n * WORDS_PER_RESOURCE)
}

/// How many cells a buffer of `bytes` laid out by [`size`] holds: a worker learns the layout
/// from the buffer it is given.
pub fn cells_in(bytes: usize) -> usize {
    bytes / (8 + 4 * WORDS_PER_RESOURCE)
}

/// Writes the variables' initial values, before any worker starts.
pub fn init(scenario: &Scenario, mem: &dyn Memory) {
    for (r, res) in scenario.resources.iter().enumerate() {
        if let ResourceKind::Var { init } = res.kind {
            mem.store_cell(r, init);
        }
    }
}

/// The variables' values now: (resource index, value).
pub fn var_values(scenario: &Scenario, mem: &dyn Memory) -> Vec<(u32, i64)> {
    scenario
        .resources
        .iter()
        .enumerate()
        .filter(|(_, res)| matches!(res.kind, ResourceKind::Var { .. }))
        .map(|(r, _)| (r as u32, mem.load_cell(r)))
        .collect()
}
