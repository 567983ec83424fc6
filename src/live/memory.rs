//! Where a live run's shared state lives when the page is cross-origin isolated: one buffer of
//! shared memory that every worker views. This is the one home for its layout and for which
//! steps use it.
//!
//! - Each resource `r` owns cell `r` (a 64-bit variable) and words `r * WORDS_PER_RESOURCE ..`
//!   (a lock), so a worker finds them without a table.
//! - Each task `t` owns the word after every resource's: its cancel flag (the canceller's task
//!   index plus one), which a thread parked on a lock reads between its parks, since it cannot
//!   read messages while parked.
//!
//! Variables are read and written there by `load`, `store` and `incr`, as separate atomic
//! operations: a real lost update can happen. A mutex lives there when only threads, jobs and
//! processes use it and no condition variable waits with it ([`real_locks`]): those tasks can
//! block their own worker, the event loop must not. Everything else goes through the
//! coordinator.

use crate::model::{ResourceKind, Scenario, TaskKind};
use crate::rules::program::{Op, Program};
use crate::shm::Memory;

/// Words reserved per resource: enough for any lock of `shm`.
pub const WORDS_PER_RESOURCE: usize = 4;

/// The shape of a run's shared memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    resources: usize,
    tasks: usize,
}

impl Layout {
    pub fn of(scenario: &Scenario) -> Layout {
        let tasks = scenario
            .tasks
            .iter()
            .map(|d| d.replicas.unwrap_or(1).max(1) as usize)
            .sum();
        Layout {
            resources: scenario.resources.len(),
            tasks,
        }
    }

    /// (64-bit cells, 32-bit words).
    pub fn size(&self) -> (usize, usize) {
        (
            self.resources,
            self.resources * WORDS_PER_RESOURCE + self.tasks,
        )
    }

    /// The first word of resource `r`'s lock.
    pub fn lock_word(&self, r: u32) -> usize {
        r as usize * WORDS_PER_RESOURCE
    }

    /// Task `t`'s cancel flag.
    pub fn cancel_word(&self, t: u32) -> usize {
        self.resources * WORDS_PER_RESOURCE + t as usize
    }
}

/// Per resource: whether it is a mutex that lives in shared memory. Only threads, jobs and
/// processes lock or unlock it (they may block their worker; an async task must not block the
/// event loop), and no `wait` re-locks it (condition variables stay with the coordinator).
pub(crate) fn real_locks(scenario: &Scenario, progs: &[Program]) -> Vec<bool> {
    let mut real: Vec<bool> = scenario
        .resources
        .iter()
        .map(|r| r.kind == ResourceKind::Mutex)
        .collect();
    for (decl, prog) in scenario.tasks.iter().zip(progs) {
        for op in prog.ops.iter() {
            let (m, disqualifies) = match *op {
                Op::Lock(m) | Op::Unlock(m) => (m, decl.kind == TaskKind::Async),
                Op::Wait { mutex, .. } => (mutex, true),
                _ => continue,
            };
            if disqualifies {
                if let Some(r) = real.get_mut(m.0 as usize) {
                    *r = false;
                }
            }
        }
    }
    real
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
