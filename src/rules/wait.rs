//! What a waiting task waits for, and how a deadlock report words it, for both runners.
//!
//! The simulator and live mode's coordinator keep the same [`Wait`] in their task states, so
//! one function words a stuck task's wait the same way in both deadlock reports.

use super::resources::{Res, ResWait};
use crate::trace::{ResId, TaskId, TimerId, Trace};

/// What a waiting task waits for (the payloads needed to take it out of a wait queue).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// A place in a resource's queue.
    Res(ResWait),
    /// The tasks of a `join` that have not ended yet.
    Join(Vec<TaskId>),
    /// A simulated `sleep` (live mode's workers sleep on their own).
    Sleep(TimerId),
}

impl From<ResWait> for Wait {
    fn from(w: ResWait) -> Wait {
        Wait::Res(w)
    }
}

/// Where a started task that has not ended is, as a deadlock report sees it.
pub(crate) enum Stuck<'a> {
    Waiting(&'a Wait),
    /// A job in the pool queue, with the jobs that hold the workers.
    Queued(Vec<TaskId>),
    /// A thread or process whose start has not finished.
    Starting,
    /// Anything else (it could run).
    Other,
}

/// What a stuck task waits for, in words, and who holds that (for a join, the tasks it waits
/// on); `trace` names the tasks and resources, `res` gives the holders.
pub(crate) fn waits_for(stuck: Stuck<'_>, trace: &Trace, res: &[Res]) -> (String, Vec<TaskId>) {
    let name = |r: ResId| {
        trace
            .resources
            .get(r.0 as usize)
            .map_or("?", |x| x.name.as_str())
    };
    let holders = |r: ResId| res.get(r.0 as usize).map_or(Vec::new(), Res::holders);
    match stuck {
        Stuck::Waiting(w) => match w {
            Wait::Res(ResWait::Lock(r)) => (format!("mutex {}", name(*r)), holders(*r)),
            Wait::Res(ResWait::Read(r)) => (format!("rwlock {} (read)", name(*r)), holders(*r)),
            Wait::Res(ResWait::Write(r)) => (format!("rwlock {} (write)", name(*r)), holders(*r)),
            Wait::Res(ResWait::Permits(r, 1)) => (format!("semaphore {}", name(*r)), holders(*r)),
            Wait::Res(ResWait::Permits(r, n)) => {
                (format!("semaphore {} ({n} permits)", name(*r)), holders(*r))
            }
            Wait::Res(ResWait::Notify(cv)) => (format!("notify on {}", name(*cv)), Vec::new()),
            Wait::Res(ResWait::Send(ch)) => (format!("channel {} (send)", name(*ch)), Vec::new()),
            Wait::Res(ResWait::Recv(ch)) => (format!("channel {} (recv)", name(*ch)), Vec::new()),
            Wait::Join(list) => {
                let names: Vec<&str> = list
                    .iter()
                    .map(|t| {
                        trace
                            .tasks
                            .get(t.0 as usize)
                            .map_or("?", |x| x.name.as_str())
                    })
                    .collect();
                (format!("join {}", names.join(", ")), list.clone())
            }
            Wait::Sleep(_) => ("a timer".to_string(), Vec::new()),
        },
        Stuck::Queued(busy) => ("a pool worker".to_string(), busy),
        Stuck::Starting => ("its thread to start".to_string(), Vec::new()),
        Stuck::Other => ("a chance to run".to_string(), Vec::new()),
    }
}
