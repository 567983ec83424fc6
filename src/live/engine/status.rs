//! This task's entry in the status array of shared memory (`live::memory`): what it waits for
//! there and since when, written as the wait begins and cleared as it ends. The page reads it
//! to confirm a deadlock: its mirror of the workers' reports can lag, the status array cannot.

use super::interp::Interp;
use crate::live::memory::waiting_for;
use crate::trace::ResId;

impl Interp {
    /// This task waits for `res` in shared memory from now on.
    pub(super) fn mark_waiting(&self, res: ResId) {
        if let Some(mem) = &self.sh.memory {
            let since = i64::try_from(self.sh.now()).unwrap_or(i64::MAX);
            mem.store_cell(self.sh.layout.since_cell(self.cell.id), since);
            mem.store(self.sh.layout.status_word(self.cell.id), waiting_for(res));
        }
    }

    /// This task no longer waits in shared memory.
    pub(super) fn mark_going(&self) {
        if let Some(mem) = &self.sh.memory {
            mem.store(self.sh.layout.status_word(self.cell.id), 0);
        }
    }
}
