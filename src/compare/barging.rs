//! Where a real lock was not fair: in a live trace, the first time a mutex let a task in while
//! another had waited for it longer. A futex in shared memory allows this (the simulator's
//! mutex hands off in FIFO order), and the compare view says so.

use crate::trace::{EventKind, Trace, WaitFor};

/// One unfair hand-off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Barging {
    pub mutex: String,
    /// The task the lock let in.
    pub let_in: String,
    /// The task that had waited longer.
    pub passed_over: String,
}

/// The first time a mutex went to a task while another waited for it from earlier on.
pub fn first_barging(trace: &Trace) -> Option<Barging> {
    // Per mutex, its waiters in the order they began to wait.
    let mut waiting: Vec<Vec<u32>> = vec![Vec::new(); trace.resources.len()];
    let name = |names: Option<&str>| names.unwrap_or("?").to_string();
    for e in &trace.events {
        match &e.kind {
            EventKind::Blocked {
                task,
                on: WaitFor::Lock(m),
            } => {
                if let Some(q) = waiting.get_mut(m.0 as usize) {
                    q.push(task.0);
                }
            }
            EventKind::Acquired { task, res, .. } => {
                let Some(q) = waiting.get_mut(res.0 as usize) else {
                    continue;
                };
                let first = q.first().copied();
                q.retain(|t| *t != task.0);
                if let Some(x) = first.filter(|x| *x != task.0) {
                    return Some(Barging {
                        mutex: name(trace.resources.get(res.0 as usize).map(|r| r.name.as_str())),
                        let_in: name(trace.tasks.get(task.0 as usize).map(|t| t.name.as_str())),
                        passed_over: name(trace.tasks.get(x as usize).map(|t| t.name.as_str())),
                    });
                }
            }
            EventKind::Ended { task, .. } => {
                for q in &mut waiting {
                    q.retain(|t| *t != task.0);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;
    use crate::sim::{simulate, SimOptions};
    use crate::trace::{Event, ResId, TaskId};

    fn contended() -> Trace {
        let s = load("mutex m\n\nthread t x3 {\n  lock m\n  sleep 1ms\n  unlock m\n}\n")
            .expect("valid");
        simulate(&s, &SimOptions::default()).trace
    }

    #[test]
    fn the_simulators_fifo_mutex_never_barges() {
        let trace = contended();
        assert!(trace
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Blocked { .. })));
        assert_eq!(first_barging(&trace), None);
    }

    #[test]
    fn a_lock_taken_ahead_of_an_older_waiter_is_found() {
        let mut trace = contended();
        trace.events.clear();
        let block = |task| EventKind::Blocked {
            task: TaskId(task),
            on: WaitFor::Lock(ResId(0)),
        };
        let take = |task| EventKind::Acquired {
            task: TaskId(task),
            res: ResId(0),
            n: 1,
            shared: false,
        };
        // t#2 waits first, then t#3; the lock goes to t#3.
        for (t, kind) in [(1, block(1)), (2, block(2)), (3, take(2))] {
            trace.events.push(Event { t, kind });
        }
        assert_eq!(
            first_barging(&trace),
            Some(Barging {
                mutex: "m".into(),
                let_in: "t#3".into(),
                passed_over: "t#2".into(),
            })
        );
    }
}
