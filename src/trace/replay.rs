//! The replay state machine: what every task, queue, timer and primitive looks like after a prefix of events.
//!
//! Spans, metrics, the wait-for graph and the inspector all step this one machine, so they agree by
//! construction. It is lenient on purpose: the simulator and the live runner may differ in small
//! ways (a thread may or may not end its "poll" when it blocks), and a malformed trace must never
//! panic, so each rule accepts every order that makes sense and ignores what does not.

use super::compile::{Compiled, Op, NONE};
use super::event::{LaneKind, WaitFor};
use crate::model::{Micros, ResourceKind, TaskKind};
use std::collections::{BTreeMap, VecDeque};

/// Where a task is in its life, without payloads (those live in [`Slot`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    NotStarted,
    Starting,
    Ready,
    Running,
    Blocked,
    Sleeping,
    Done,
    Failed,
    Cancelled,
}

impl Phase {
    pub(crate) fn ended(self) -> bool {
        matches!(self, Phase::Done | Phase::Failed | Phase::Cancelled)
    }
}

/// Which queue a task waits in, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Queue {
    None,
    /// The event loop's ready queue (async tasks).
    Ready,
    /// The pool queue: jobs that have not had a worker yet.
    Pool,
    /// A core's run queue: threads, processes and jobs that already hold a worker.
    Core,
}

/// One task's replayed state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub phase: Phase,
    /// The task has run at least once (a job then holds its worker).
    pub polled: bool,
    pub queue: Queue,
    /// The lane it is polled on right now, or `NONE`.
    pub lane: u32,
    /// The last non-event-loop lane it ran on (a job keeps its worker between polls), or `NONE`.
    pub home: u32,
    /// Current step text (index into `Compiled::steps`), or `NONE`.
    pub step: u32,
    /// Blocked: index into `Compiled::waits`. Ended: the `how` code of `Op::Ended`.
    pub wait: u32,
    /// The resource whose waiter list holds this task, or `NONE`.
    pub wait_res: u32,
    /// When `phase` last changed.
    pub since: Micros,
    /// The private register `load` filled, if any.
    pub reg: Option<i64>,
}

impl Slot {
    const FRESH: Slot = Slot {
        phase: Phase::NotStarted,
        polled: false,
        queue: Queue::None,
        lane: NONE,
        home: NONE,
        step: NONE,
        wait: NONE,
        wait_res: NONE,
        since: 0,
        reg: None,
    };
}

/// A holder of a primitive: a task and how many units (permits, or 1 for a lock) it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hold {
    pub task: u32,
    pub n: u32,
    pub shared: bool,
}

/// One resource's replayed state; only the fields its kind uses ever change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ResState {
    /// In acquisition order.
    pub holders: Vec<Hold>,
    /// In the order they blocked (FIFO).
    pub waiters: Vec<u32>,
    /// Messages sent and received so far: the channel holds `chan_values[recvd..sent]`.
    pub sent: u32,
    pub recvd: u32,
    pub closed: bool,
    /// A variable's value.
    pub value: i64,
}

/// The whole replayed runtime after `applied` events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    pub applied: usize,
    pub slots: Vec<Slot>,
    pub ready: VecDeque<u32>,
    pub pool: VecDeque<u32>,
    pub cores: VecDeque<u32>,
    /// Pending timers: timer id → index into `Compiled::timers`.
    pub timers: BTreeMap<u32, u32>,
    pub res: Vec<ResState>,
    /// The task that occupies each lane (running or holding it), or `NONE`.
    pub lane_owner: Vec<u32>,
}

// ===== impl State =====

impl State {
    /// The state before any event: nothing started, variables at their initial values.
    pub(crate) fn new(c: &Compiled) -> State {
        let res = c
            .res_kinds
            .iter()
            .map(|k| ResState {
                value: match k {
                    ResourceKind::Var { init } => *init,
                    _ => 0,
                },
                ..ResState::default()
            })
            .collect();
        State {
            applied: 0,
            slots: vec![Slot::FRESH; c.task_kinds.len()],
            ready: VecDeque::new(),
            pool: VecDeque::new(),
            cores: VecDeque::new(),
            timers: BTreeMap::new(),
            res,
            lane_owner: vec![NONE; c.lane_kinds.len()],
        }
    }

    /// A rough count of the items a clone copies, used to space checkpoints.
    pub(crate) fn size(&self) -> usize {
        let res: usize = self
            .res
            .iter()
            .map(|r| 1 + r.holders.len() + r.waiters.len())
            .sum();
        self.slots.len()
            + self.ready.len()
            + self.pool.len()
            + self.cores.len()
            + self.timers.len()
            + res
    }

    /// Applies event number `self.applied` and moves on to the next.
    pub(crate) fn step(&mut self, c: &Compiled) {
        let i = self.applied;
        if let (Some(op), Some(&t)) = (c.ops.get(i), c.times.get(i)) {
            self.apply(c, *op, t);
        }
        self.applied = i + 1;
    }

    /// Applies events until `applied == end`.
    pub(crate) fn run_to(&mut self, c: &Compiled, end: usize) {
        let end = end.min(c.ops.len());
        while self.applied < end {
            self.step(c);
        }
    }

    fn apply(&mut self, c: &Compiled, op: Op, t: Micros) {
        match op {
            Op::Spawned { task } => {
                if self.slots[task as usize].phase == Phase::NotStarted {
                    self.set_phase(c, task, Phase::Starting, t, false);
                }
            }
            Op::Ready { task } => {
                if !self.slots[task as usize].phase.ended() {
                    self.leave_waiters(task);
                    self.set_phase(c, task, Phase::Ready, t, true);
                }
            }
            Op::PollStart { task, lane } => self.poll_start(c, task, lane, t),
            Op::PollEnd { task, lane } => {
                let slot = &mut self.slots[task as usize];
                slot.lane = NONE;
                if c.lane_kinds[lane as usize] == LaneKind::EventLoop
                    && self.lane_owner[lane as usize] == task
                {
                    self.lane_owner[lane as usize] = NONE;
                }
                // A poll that ends without saying why leaves a runnable task: the simulator
                // follows with `Ready` (yield, preemption), which then changes nothing.
                if slot.phase == Phase::Running {
                    self.set_phase(c, task, Phase::Ready, t, false);
                }
            }
            Op::Step { task, text } => {
                let slot = &mut self.slots[task as usize];
                if !slot.phase.ended() {
                    slot.step = text;
                }
            }
            Op::Blocked { task, wait, res } => {
                if !self.slots[task as usize].phase.ended() {
                    self.leave_waiters(task);
                    self.slots[task as usize].wait = wait;
                    if res != NONE {
                        self.res[res as usize].waiters.push(task);
                        self.slots[task as usize].wait_res = res;
                    }
                    self.set_phase(c, task, Phase::Blocked, t, true);
                }
            }
            Op::Sleeping { task } => {
                if !self.slots[task as usize].phase.ended() {
                    self.leave_waiters(task);
                    self.set_phase(c, task, Phase::Sleeping, t, false);
                }
            }
            Op::Woken { task } => {
                let slot = self.slots[task as usize];
                if matches!(slot.phase, Phase::Blocked | Phase::Sleeping) {
                    self.leave_waiters(task);
                    // A thread that blocks without ending its poll resumes running at once.
                    let next = if slot.lane != NONE {
                        Phase::Running
                    } else {
                        Phase::Ready
                    };
                    self.set_phase(c, task, next, t, false);
                }
            }
            Op::Acquired {
                task,
                res,
                n,
                shared,
            } => {
                if self.slots[task as usize].wait_res == res {
                    self.leave_waiters(task);
                }
                let holders = &mut self.res[res as usize].holders;
                match holders
                    .iter_mut()
                    .find(|h| h.task == task && h.shared == shared)
                {
                    Some(h) => h.n = h.n.saturating_add(n),
                    None => holders.push(Hold { task, n, shared }),
                }
            }
            Op::Released { task, res, n } => {
                let holders = &mut self.res[res as usize].holders;
                if let Some(p) = holders.iter().position(|h| h.task == task) {
                    holders[p].n = holders[p].n.saturating_sub(n);
                    if holders[p].n == 0 {
                        holders.remove(p);
                    }
                }
            }
            Op::Sent { ch } => self.res[ch as usize].sent += 1,
            Op::Received { ch } => self.res[ch as usize].recvd += 1,
            Op::Closed { ch } => self.res[ch as usize].closed = true,
            Op::Loaded { task, val } => {
                self.slots[task as usize].reg = c.vals.get(val as usize).copied()
            }
            Op::VarWritten { var, val } => {
                if let Some(v) = c.vals.get(val as usize) {
                    self.res[var as usize].value = *v;
                }
            }
            Op::TimerSet { timer, info } => {
                self.timers.insert(timer, info);
            }
            Op::TimerGone { timer } => {
                self.timers.remove(&timer);
            }
            Op::Ended { task, how } => {
                if !self.slots[task as usize].phase.ended() {
                    self.leave_waiters(task);
                    self.slots[task as usize].wait = how;
                    let phase = match how {
                        0 => Phase::Done,
                        1 => Phase::Cancelled,
                        _ => Phase::Failed,
                    };
                    self.set_phase(c, task, phase, t, false);
                    for owner in self.lane_owner.iter_mut().filter(|o| **o == task) {
                        *owner = NONE;
                    }
                }
            }
            Op::Nop => {}
        }
    }

    fn poll_start(&mut self, c: &Compiled, task: u32, lane: u32, t: Micros) {
        let slot = self.slots[task as usize];
        if slot.phase.ended() {
            return;
        }
        // A job that moves to another worker gives the old one up.
        if slot.home != NONE && slot.home != lane && self.lane_owner[slot.home as usize] == task {
            self.lane_owner[slot.home as usize] = NONE;
        }
        self.lane_owner[lane as usize] = task;
        let slot = &mut self.slots[task as usize];
        slot.lane = lane;
        slot.polled = true;
        if c.lane_kinds[lane as usize] != LaneKind::EventLoop {
            slot.home = lane;
        }
        self.leave_waiters(task);
        self.set_phase(c, task, Phase::Running, t, false);
    }

    /// Removes `task` from the waiter list it sits in, if any.
    fn leave_waiters(&mut self, task: u32) {
        let slot = &mut self.slots[task as usize];
        if slot.wait_res != NONE {
            let waiters = &mut self.res[slot.wait_res as usize].waiters;
            if let Some(p) = waiters.iter().position(|w| *w == task) {
                waiters.remove(p);
            }
            slot.wait_res = NONE;
        }
    }

    /// Changes a task's phase and moves it between queues to match.
    ///
    /// Only `Ready` (and `Blocked` on a worker or a core) put a task in a queue, as the event
    /// docs say: a task whose poll ends, or that is woken, is runnable but joins its queue only
    /// with the `Ready` that follows. Otherwise a task ending right after its poll would
    /// count, for an instant, as queued.
    fn set_phase(&mut self, c: &Compiled, task: u32, phase: Phase, t: Micros, joins: bool) {
        let slot = &mut self.slots[task as usize];
        let changed = slot.phase != phase;
        if changed {
            slot.phase = phase;
            slot.since = t;
        }
        let queue = if joins {
            queue_for(c, task, slot)
        } else if changed {
            Queue::None
        } else {
            slot.queue
        };
        if queue != slot.queue {
            let old = slot.queue;
            slot.queue = queue;
            if let Some(q) = self.queue_mut(old) {
                if let Some(p) = q.iter().position(|x| *x == task) {
                    q.remove(p);
                }
            }
            if let Some(q) = self.queue_mut(queue) {
                q.push_back(task);
            }
        }
    }

    fn queue_mut(&mut self, q: Queue) -> Option<&mut VecDeque<u32>> {
        match q {
            Queue::None => None,
            Queue::Ready => Some(&mut self.ready),
            Queue::Pool => Some(&mut self.pool),
            Queue::Core => Some(&mut self.cores),
        }
    }
}

/// The queue a task in this state belongs to.
fn queue_for(c: &Compiled, task: u32, slot: &Slot) -> Queue {
    let kind = c.task_kinds[task as usize];
    match slot.phase {
        Phase::Ready => match kind {
            TaskKind::Async => Queue::Ready,
            TaskKind::Job if !slot.polled => Queue::Pool,
            _ => Queue::Core,
        },
        Phase::Blocked => match c.waits.get(slot.wait as usize) {
            Some(WaitFor::Worker) => Queue::Pool,
            Some(WaitFor::Core) => Queue::Core,
            _ => Queue::None,
        },
        _ => Queue::None,
    }
}

/// Who occupies lane `l` (running on it or holding it), and whether that task runs on it now.
///
/// A dedicated thread or process owns its lane for its whole life; the event loop and pool
/// workers are owned by the task last polled on them until it leaves (the loop) or ends or
/// moves (a worker: a sleeping or blocked job keeps its worker).
pub(crate) fn lane_owner(c: &Compiled, st: &State, l: usize) -> Option<(u32, bool)> {
    let owner = match c.lane_kinds.get(l)? {
        LaneKind::Thread(tid) | LaneKind::Process(tid) => {
            let slot = st.slots.get(tid.0 as usize)?;
            if slot.phase.ended() || slot.phase == Phase::NotStarted {
                return None;
            }
            tid.0
        }
        _ => *st.lane_owner.get(l).filter(|o| **o != NONE)?,
    };
    let slot = st.slots.get(owner as usize)?;
    Some((owner, slot.phase == Phase::Running && slot.lane == l as u32))
}
