//! A compact, string-free form of a trace that replays fast: one small `Op` per event plus side tables.
//!
//! Every view derives its state from the same replay ([`super::state`]), so spans, metrics and the
//! inspector never disagree. Ids that point outside the trace's tables are dropped here (as `Op::Nop`)
//! so nothing downstream can index out of bounds on a malformed trace.

use super::event::{EndHow, EventKind, LaneKind, TaskId, TimerWhat, Trace, WaitFor};
use crate::model::{Micros, ResourceKind, TaskKind};
use std::collections::HashMap;
use std::sync::Arc;

/// "No value" for the `u32` slots of [`Op`] and of the replay state.
pub(crate) const NONE: u32 = u32::MAX;

/// One event, reduced to ids that index the tables of [`Compiled`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Spawned {
        task: u32,
    },
    Ready {
        task: u32,
    },
    PollStart {
        task: u32,
        lane: u32,
    },
    PollEnd {
        task: u32,
        lane: u32,
    },
    /// `text` indexes [`Compiled::steps`].
    Step {
        task: u32,
        text: u32,
    },
    /// `wait` indexes [`Compiled::waits`]; `res` is the resource waited on, or `NONE`.
    Blocked {
        task: u32,
        wait: u32,
        res: u32,
    },
    Sleeping {
        task: u32,
    },
    Woken {
        task: u32,
    },
    Acquired {
        task: u32,
        res: u32,
        n: u32,
        shared: bool,
    },
    Released {
        task: u32,
        res: u32,
        n: u32,
    },
    Sent {
        ch: u32,
    },
    Received {
        ch: u32,
    },
    Closed {
        ch: u32,
    },
    /// `val` indexes [`Compiled::vals`].
    Loaded {
        task: u32,
        val: u32,
    },
    VarWritten {
        var: u32,
        val: u32,
    },
    /// `info` indexes [`Compiled::timers`].
    TimerSet {
        timer: u32,
        info: u32,
    },
    TimerGone {
        timer: u32,
    },
    /// `how`: 0 completed, 1 cancelled, `2 + i` failed with [`Compiled::fails`]`[i]`.
    Ended {
        task: u32,
        how: u32,
    },
    /// An event with no effect on the replayed state (logs, cancel requests, bad ids).
    Nop,
}

impl Op {
    /// The task whose own state (phase, step, lane) this op may change.
    pub(crate) fn task(self) -> Option<u32> {
        match self {
            Op::Spawned { task }
            | Op::Ready { task }
            | Op::PollStart { task, .. }
            | Op::PollEnd { task, .. }
            | Op::Step { task, .. }
            | Op::Blocked { task, .. }
            | Op::Sleeping { task }
            | Op::Woken { task }
            | Op::Loaded { task, .. }
            | Op::Ended { task, .. } => Some(task),
            _ => None,
        }
    }
}

/// What a `TimerSet` recorded, kept out of line so `Op` stays 16 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TimerInfo {
    pub owner: u32,
    pub due: Micros,
    pub what: TimerWhat,
}

/// The compiled trace: times, ops and the side tables they point into.
#[derive(Clone, Debug, Default)]
pub(crate) struct Compiled {
    /// Event times made non-decreasing (a running maximum) so binary searches stay valid.
    pub times: Vec<Micros>,
    pub ops: Vec<Op>,
    /// Interned step texts: a scenario repeats the same few steps many times.
    pub steps: Vec<Arc<str>>,
    /// Interned wait reasons.
    pub waits: Vec<WaitFor>,
    /// Failure messages, one per failed task end.
    pub fails: Vec<Arc<str>>,
    pub vals: Vec<i64>,
    pub timers: Vec<TimerInfo>,
    /// Every value sent on each channel, in send order (indexed by resource id).
    pub chan_values: Vec<Vec<i64>>,
    pub task_kinds: Vec<TaskKind>,
    pub lane_kinds: Vec<LaneKind>,
    pub res_kinds: Vec<ResourceKind>,
}

/// Interns step texts and wait reasons while compiling. Lookup maps are never iterated.
#[derive(Default)]
struct Interner {
    steps: HashMap<String, u32>,
    simple_waits: HashMap<(u8, u32, u32), u32>,
    join_waits: HashMap<Vec<TaskId>, u32>,
}

/// Compiles `trace` in one pass.
pub(crate) fn compile(trace: &Trace) -> Compiled {
    let mut c = Compiled {
        times: Vec::with_capacity(trace.events.len()),
        ops: Vec::with_capacity(trace.events.len()),
        chan_values: vec![Vec::new(); trace.resources.len()],
        task_kinds: trace.tasks.iter().map(|t| t.kind).collect(),
        lane_kinds: trace.lanes.iter().map(|l| l.kind).collect(),
        res_kinds: trace.resources.iter().map(|r| r.kind).collect(),
        ..Compiled::default()
    };
    let mut interner = Interner::default();
    let mut last = 0;
    for ev in &trace.events {
        last = last.max(ev.t);
        c.times.push(last);
        let op = compile_one(&mut c, &mut interner, &ev.kind);
        c.ops.push(op);
    }
    c
}

fn compile_one(c: &mut Compiled, it: &mut Interner, kind: &EventKind) -> Op {
    let tasks = c.task_kinds.len();
    let task_ok = |t: TaskId| (t.0 as usize) < tasks;
    let res_ok = |r: u32| (r as usize) < c.res_kinds.len();
    let lane_ok = |l: u32| (l as usize) < c.lane_kinds.len();
    match kind {
        EventKind::Spawned { task, .. } if task_ok(*task) => Op::Spawned { task: task.0 },
        EventKind::Ready { task } if task_ok(*task) => Op::Ready { task: task.0 },
        EventKind::PollStart { task, lane, .. } if task_ok(*task) && lane_ok(lane.0) => {
            Op::PollStart {
                task: task.0,
                lane: lane.0,
            }
        }
        EventKind::PollEnd { task, lane } if task_ok(*task) && lane_ok(lane.0) => Op::PollEnd {
            task: task.0,
            lane: lane.0,
        },
        EventKind::Step { task, text } if task_ok(*task) => {
            let next = c.steps.len() as u32;
            let id = *it.steps.entry(text.to_string()).or_insert(next);
            if id == next {
                c.steps.push(Arc::from(&**text));
            }
            Op::Step {
                task: task.0,
                text: id,
            }
        }
        EventKind::Blocked { task, on } if task_ok(*task) => {
            let res = on.res().map(|r| r.0).filter(|r| res_ok(*r)).unwrap_or(NONE);
            let wait = intern_wait(c, it, on);
            Op::Blocked {
                task: task.0,
                wait,
                res,
            }
        }
        EventKind::Sleeping { task, .. } if task_ok(*task) => Op::Sleeping { task: task.0 },
        EventKind::Woken { task, .. } if task_ok(*task) => Op::Woken { task: task.0 },
        EventKind::Acquired {
            task,
            res,
            n,
            shared,
        } if task_ok(*task) && res_ok(res.0) => Op::Acquired {
            task: task.0,
            res: res.0,
            n: *n,
            shared: *shared,
        },
        EventKind::Released { task, res, n, .. } if task_ok(*task) && res_ok(res.0) => {
            Op::Released {
                task: task.0,
                res: res.0,
                n: *n,
            }
        }
        EventKind::Sent { ch, value, .. } if res_ok(ch.0) => {
            c.chan_values[ch.0 as usize].push(*value);
            Op::Sent { ch: ch.0 }
        }
        EventKind::Received { ch, .. } if res_ok(ch.0) => Op::Received { ch: ch.0 },
        EventKind::Closed { ch, .. } if res_ok(ch.0) => Op::Closed { ch: ch.0 },
        EventKind::Loaded { task, value, .. } if task_ok(*task) => {
            c.vals.push(*value);
            Op::Loaded {
                task: task.0,
                val: c.vals.len() as u32 - 1,
            }
        }
        EventKind::VarWritten { var, value, .. } if res_ok(var.0) => {
            c.vals.push(*value);
            Op::VarWritten {
                var: var.0,
                val: c.vals.len() as u32 - 1,
            }
        }
        EventKind::TimerSet {
            timer,
            owner,
            due,
            what,
        } if task_ok(*owner) => {
            c.timers.push(TimerInfo {
                owner: owner.0,
                due: *due,
                what: what.clone(),
            });
            Op::TimerSet {
                timer: timer.0,
                info: c.timers.len() as u32 - 1,
            }
        }
        EventKind::TimerFired { timer } | EventKind::TimerCancelled { timer } => {
            Op::TimerGone { timer: timer.0 }
        }
        EventKind::Ended { task, how } if task_ok(*task) => {
            let how = match how {
                EndHow::Completed => 0,
                EndHow::Cancelled => 1,
                EndHow::Failed(msg) => {
                    c.fails.push(Arc::from(msg.as_str()));
                    c.fails.len() as u32 + 1
                }
            };
            Op::Ended { task: task.0, how }
        }
        _ => Op::Nop,
    }
}

fn intern_wait(c: &mut Compiled, it: &mut Interner, on: &WaitFor) -> u32 {
    let next = c.waits.len() as u32;
    let id = match on {
        WaitFor::Join(tasks) => *it.join_waits.entry(tasks.clone()).or_insert(next),
        simple => {
            let key = match simple {
                WaitFor::Lock(r) => (0, r.0, 0),
                WaitFor::Read(r) => (1, r.0, 0),
                WaitFor::Write(r) => (2, r.0, 0),
                WaitFor::Permits(r, n) => (3, r.0, *n),
                WaitFor::Notify(r) => (4, r.0, 0),
                WaitFor::Send(r) => (5, r.0, 0),
                WaitFor::Recv(r) => (6, r.0, 0),
                WaitFor::Worker => (7, 0, 0),
                WaitFor::Core | WaitFor::Join(_) => (8, 0, 0),
            };
            *it.simple_waits.entry(key).or_insert(next)
        }
    };
    if id == next {
        c.waits.push(on.clone());
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_stay_sixteen_bytes_so_a_million_events_fit_in_sixteen_megabytes() {
        assert_eq!(std::mem::size_of::<Op>(), 16);
    }
}
