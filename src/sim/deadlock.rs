//! The simulator's side of a deadlock report: which tasks are stuck and what each waits for;
//! the rules' [`report_deadlock`] words the report and finds the cycles.

use super::world::{Status, World};
use crate::rules::{report_deadlock, waits_for, DeadlockInfo, Stuck};
use crate::trace::{LaneKind, TaskId};

impl World {
    /// Every started task that has not ended, with its wait and its holders; and the cycles.
    pub(super) fn deadlock_info(&self) -> DeadlockInfo {
        let stuck: Vec<TaskId> = (0..self.tasks.len())
            .map(|i| TaskId(i as u32))
            .filter(|&t| !matches!(self.task(t).status, Status::NotStarted | Status::Ended(_)))
            .collect();
        report_deadlock(
            &stuck,
            self.tasks.len(),
            |t| t.0 as usize,
            |t| self.name(t).to_string(),
            |t| self.waits_for(t),
        )
    }

    fn waits_for(&self, t: TaskId) -> (String, Vec<TaskId>) {
        let stuck = match &self.task(t).status {
            Status::Waiting(w) => Stuck::Waiting(w),
            Status::Queued => Stuck::Queued(
                self.lanes
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| matches!(self.trace.lanes[*i].kind, LaneKind::PoolWorker(_)))
                    .filter_map(|(_, l)| l.task)
                    .collect(),
            ),
            Status::Starting => Stuck::Starting,
            _ => Stuck::Other,
        };
        waits_for(stuck, &self.trace, &self.res)
    }
}
