//! Steps that take no time, as labelled chips: a `load`, a `store`, a send or receive, a lock
//! taken or given back. Each shows on its task's row, and the shared variables and channels
//! get a row of their own that shows their value, or how full they are, over time.

use super::rows::{Row, RowKey, Rows};
use crate::model::{Micros, ResourceKind};
use crate::trace::{EventKind, ResId, TaskId, Trace};

/// What a zero-time step did, with the values it saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChipWhat {
    /// `load`: the task read the variable.
    Load { var: ResId, value: i64 },
    /// `store` or `incr`: the variable went from one value to another.
    Store { var: ResId, from: i64, to: i64 },
    /// A message went into a channel, which then held `queued`.
    Sent { ch: ResId, value: i64, queued: u32 },
    /// A message came out of a channel, which then held `queued`.
    Received { ch: ResId, value: i64, queued: u32 },
    /// A lock, rwlock or semaphore was taken.
    Took { res: ResId },
    /// A lock, rwlock or semaphore was given back.
    Gave { res: ResId },
}

impl ChipWhat {
    /// The resource the step touched.
    pub fn res(self) -> ResId {
        match self {
            ChipWhat::Load { var, .. } | ChipWhat::Store { var, .. } => var,
            ChipWhat::Sent { ch, .. } | ChipWhat::Received { ch, .. } => ch,
            ChipWhat::Took { res } | ChipWhat::Gave { res } => res,
        }
    }
}

/// One zero-time step of one task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chip {
    pub t: Micros,
    pub task: TaskId,
    /// Index of its event in `Trace::events`.
    pub event: u32,
    pub what: ChipWhat,
}

/// Every zero-time step of the run, in event order, with the values each saw.
pub fn chips(trace: &Trace) -> Vec<Chip> {
    let mut value: Vec<i64> = trace
        .resources
        .iter()
        .map(|r| match r.kind {
            ResourceKind::Var { init } => init,
            _ => 0,
        })
        .collect();
    let mut queued: Vec<u32> = vec![0; trace.resources.len()];
    let mut out = Vec::new();
    for (i, e) in trace.events.iter().enumerate() {
        let (task, what) = match e.kind {
            EventKind::Loaded { task, var, value } => (task, ChipWhat::Load { var, value }),
            EventKind::VarWritten {
                task,
                var,
                value: to,
            } => {
                let Some(slot) = value.get_mut(var.0 as usize) else {
                    continue;
                };
                let from = std::mem::replace(slot, to);
                (task, ChipWhat::Store { var, from, to })
            }
            EventKind::Sent { task, ch, value } => {
                let Some(q) = queued.get_mut(ch.0 as usize) else {
                    continue;
                };
                *q += 1;
                (
                    task,
                    ChipWhat::Sent {
                        ch,
                        value,
                        queued: *q,
                    },
                )
            }
            EventKind::Received { task, ch, value } => {
                let Some(q) = queued.get_mut(ch.0 as usize) else {
                    continue;
                };
                *q = q.saturating_sub(1);
                (
                    task,
                    ChipWhat::Received {
                        ch,
                        value,
                        queued: *q,
                    },
                )
            }
            EventKind::Acquired { task, res, .. } => (task, ChipWhat::Took { res }),
            EventKind::Released { task, res, .. } => (task, ChipWhat::Gave { res }),
            _ => continue,
        };
        out.push(Chip {
            t: e.t,
            task,
            event: i as u32,
            what,
        });
    }
    out
}

/// The resources that get a row of their own: shared variables and channels, in declaration order.
pub fn value_resources(trace: &Trace) -> Vec<ResId> {
    trace
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            matches!(
                r.kind,
                ResourceKind::Var { .. } | ResourceKind::Channel { .. }
            )
        })
        .map(|(i, _)| ResId(i as u32))
        .collect()
}

/// Adds an empty row for each shared variable and channel after the rows of a view; their
/// chips come from [`chips`].
pub fn add_value_rows(trace: &Trace, rows: &mut Rows) {
    for r in value_resources(trace) {
        rows.rows.push(Row {
            key: RowKey::Res(r),
            segs: Vec::new(),
            marks: Vec::new(),
        });
    }
}

/// The chips of each task and of each resource, as indices into `chips` in time order.
pub fn chips_by_owner(trace: &Trace, chips: &[Chip]) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let mut by_task = vec![Vec::new(); trace.tasks.len()];
    let mut by_res = vec![Vec::new(); trace.resources.len()];
    for (i, c) in chips.iter().enumerate() {
        if let Some(list) = by_task.get_mut(c.task.0 as usize) {
            list.push(i as u32);
        }
        if let Some(list) = by_res.get_mut(c.what.res().0 as usize) {
            list.push(i as u32);
        }
    }
    (by_task, by_res)
}

/// Where chips go on a row so that none covers another: each at its own time's x when there is
/// room, else just right of the one before, so chips of one instant line up in event order; and
/// where that would run past `right` (an instant at the end of the view), the row's last chips
/// move left instead. `chips` are `(x, width)` in time order; the result is each left edge.
pub fn place(chips: &[(f64, f64)], gap: f64, right: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(chips.len());
    let mut free = f64::NEG_INFINITY;
    for &(x, width) in chips {
        let left = x.max(free);
        out.push(left);
        free = left + width + gap;
    }
    let mut limit = right;
    for (left, &(_, width)) in out.iter_mut().zip(chips).rev() {
        if *left + width <= limit {
            break;
        }
        *left = limit - width;
        limit = *left - gap;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::place;

    #[test]
    fn chips_of_one_instant_line_up_in_order_without_overlapping() {
        let far = f64::INFINITY;
        let placed = place(&[(10.0, 30.0), (10.0, 20.0), (100.0, 5.0)], 2.0, far);
        assert_eq!(placed, [10.0, 42.0, 100.0]);
        assert_eq!(place(&[(10.0, 30.0), (20.0, 5.0)], 2.0, far), [10.0, 42.0]);
        assert!(place(&[], 2.0, far).is_empty());
    }

    #[test]
    fn chips_at_the_right_edge_line_up_leftwards_in_order() {
        // Two chips at x = 95 on a row ending at 100: both move left, still in order.
        assert_eq!(
            place(&[(95.0, 20.0), (95.0, 10.0)], 2.0, 100.0),
            [68.0, 90.0]
        );
        // A chip that fits stays where its instant is.
        assert_eq!(
            place(&[(10.0, 20.0), (95.0, 10.0)], 2.0, 100.0),
            [10.0, 90.0]
        );
    }
}
