//! The coordinator of a live run: the one place that decides shared state (locks, semaphores,
//! rwlocks, condvars, channels, variables) and task lifecycles (start, pool queue, join, cancel,
//! end), and that assembles the trace from what every worker reports.
//!
//! It is a pure state machine with the simulator's semantics: FIFO waiter queues with direct
//! hand-off, writer-preferring rwlocks, release on exit, `join` failing on the first failure,
//! cancellation at the next await (or at once when waiting). Workers send it [`Out`] items; it
//! answers with [`Effect`]s that the page carries out (messages to workers, new thread
//! workers, timers). Time is whatever the caller says it is, so it tests natively.

pub mod arrivals;
mod ingest;
mod parked;
mod records;
mod report;
mod request;
mod sync;
mod tasks;

pub(crate) use ingest::task_of;
pub use records::Dest;
pub use report::{EndReason, LiveStats};

use super::layout::{layout, Layout, LayoutError};
use super::proto::{Out, Reply, ReqId, ToWorker};
use crate::model::{Micros, Scenario, Start};
use crate::trace::{Event, EventKind, TaskId, TimerId, TimerWhat, Trace};
use records::{CTask, CTimer, Res, Status};
use std::collections::{BTreeMap, VecDeque};

/// Something the page must do for the coordinator.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Post this message to the worker behind `Dest`.
    Send(Dest, ToWorker),
    /// Create the dedicated worker of this thread or process task and start the task on it.
    NewThread(u32),
    /// The thread or process task ended: terminate its worker.
    EndThread(u32),
    /// Call [`Coordinator::on_timer`] with `id` at run time `due`.
    SetTimer { id: u32, due: Micros },
}

/// Which worker (and which incarnation of it, after a replacement) sent a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub lane: u32,
    pub incarnation: u32,
}

/// The coordinator's whole state.
pub struct Coordinator {
    /// The run's number, put in every message.
    pub run: u32,
    scenario: Scenario,
    layout: Layout,
    tasks: Vec<CTask>,
    res: Vec<Res>,
    /// Jobs waiting for a pool worker, in arrival order.
    pool: VecDeque<TaskId>,
    /// The job each pool worker holds.
    workers: Vec<Option<TaskId>>,
    timers: Vec<CTimer>,
    /// The trace: tables, and events in the order they reached the coordinator.
    trace: Trace,
    /// The time of each task's latest event, so one task's events never go back in time.
    last_t: Vec<Micros>,
    /// Worker-local timer ids → trace timer ids.
    timer_ids: BTreeMap<(Source, u32), u32>,
    /// Workers' `timeout` timers that have neither fired nor been cancelled, with their task
    /// (`parked`: a thread parked inside one is not stuck).
    open_timeouts: BTreeMap<u32, TaskId>,
    next_timer: u32,
    /// The time of the input being handled.
    now: Micros,
    end_seq: u64,
    effects: Vec<Effect>,
    max_events: usize,
    stats: LiveStats,
}

// ===== impl Coordinator =====

impl Coordinator {
    /// A coordinator for `scenario`, or why it cannot run live.
    pub fn new(scenario: &Scenario, run: u32, max_events: usize) -> Result<Self, LayoutError> {
        let layout = layout(scenario)?;
        let tasks = layout
            .trace
            .tasks
            .iter()
            .enumerate()
            .map(|(i, info)| CTask::new(info.kind, scenario.tasks[layout.decl[i]].priority))
            .collect::<Vec<_>>();
        let res = scenario
            .resources
            .iter()
            .map(|r| Res::new(r.kind))
            .collect();
        let n = tasks.len();
        Ok(Coordinator {
            run,
            scenario: scenario.clone(),
            workers: vec![None; layout.workers as usize],
            trace: layout.trace.clone(),
            layout,
            tasks,
            res,
            pool: VecDeque::new(),
            timers: Vec::new(),
            last_t: vec![0; n],
            timer_ids: BTreeMap::new(),
            open_timeouts: BTreeMap::new(),
            next_timer: 0,
            now: 0,
            end_seq: 0,
            effects: Vec::new(),
            max_events,
            stats: LiveStats::default(),
        })
    }

    /// Pool workers the run uses.
    pub fn workers(&self) -> u32 {
        self.layout.workers
    }

    /// The trace lane of a worker.
    pub fn lane_of(&self, dest: Dest) -> u32 {
        match dest {
            Dest::Loop => 0,
            Dest::Pool(w) => 1 + w,
            Dest::Thread(t) => self
                .layout
                .own_lane
                .get(t as usize)
                .copied()
                .flatten()
                .map_or(0, |l| l.0),
        }
    }

    /// The index of the task called `name`, if there is one.
    pub fn task_index(&self, name: &str) -> Option<u32> {
        self.trace
            .tasks
            .iter()
            .position(|t| t.name == name)
            .map(|i| i as u32)
    }

    /// Starts what starts at 0 (in declaration order) and sets the `at` timers.
    pub fn init(&mut self, now: Micros) {
        self.now = now;
        for i in 0..self.tasks.len() {
            let decl = self.layout.decl[i];
            let t = TaskId(i as u32);
            match self.scenario.tasks[decl].start {
                Start::AtZero => self.start(t, None),
                Start::At(d) => {
                    let id = self.set_timer(t, t, None, d);
                    self.tasks[i].start_timer = Some(id);
                }
                Start::OnSpawn => {}
            }
        }
    }

    /// Takes in a batch of events a worker wrote into its trace ring (`live::run::rings`).
    pub fn on_ring_batch(&mut self, src: Source, items: Vec<Out>, now: Micros) {
        self.stats.ring_batches = self.stats.ring_batches.saturating_add(1);
        self.on_batch(src, items, now);
    }

    /// Handles a worker's batch, item by item, at page time `now`.
    pub fn on_batch(&mut self, src: Source, items: Vec<Out>, now: Micros) {
        for item in items {
            self.now = now;
            match item {
                Out::Event(e) => self.ingest(src, e),
                Out::Req(r) => self.request(r),
                // Workers name tasks by index; from here on they are `TaskId`s.
                Out::Abort { task, req } => self.abort(TaskId(task), req),
                Out::End { task, t, how } => {
                    let task = TaskId(task);
                    if self.is_live(task) {
                        self.now = t.min(now);
                        self.finish(task, how);
                    }
                }
                Out::LoopBlocked { us } => {
                    let b = &mut self.stats.loop_blocked_us;
                    *b = Some(b.map_or(us, |x| x.max(us)));
                }
                Out::RoundTrip { us } => self.stats.round_trips_us.push(us),
            }
        }
    }

    /// A timer set through [`Effect::SetTimer`] came due.
    pub fn on_timer(&mut self, id: u32, now: Micros) {
        self.now = now;
        let Some(tm) = self.timers.get_mut(id as usize) else {
            return;
        };
        if tm.done {
            return;
        }
        if now < tm.due {
            // Fired early (a page timer capped at what `setTimeout` honours): arm it again.
            let due = tm.due;
            self.effects.push(Effect::SetTimer { id, due });
            return;
        }
        tm.done = true;
        let (task, by, trace_id) = (tm.task, tm.by, tm.trace_id);
        self.emit(EventKind::TimerFired {
            timer: TimerId(trace_id),
        });
        if self.tasks[task.0 as usize].start_timer == Some(id) {
            self.tasks[task.0 as usize].start_timer = None;
        }
        // `after … spawn T` of a task that already started does nothing.
        if self.tasks[task.0 as usize].status == Status::NotStarted {
            self.start(task, by);
        }
    }

    /// The worker behind `dest` threw or died: every task on it fails with `why`, and gives back
    /// what it held, the locks in the run's shared `memory` too.
    pub fn on_fault(
        &mut self,
        dest: Dest,
        why: &str,
        now: Micros,
        memory: Option<&dyn crate::shm::Memory>,
    ) {
        self.now = now;
        let lane = self.lane_of(dest);
        for t in (0..self.tasks.len() as u32).map(TaskId) {
            let task = &self.tasks[t.0 as usize];
            if task.dest != Some(dest) || !self.is_live(t) {
                continue;
            }
            if matches!(task.status, Status::Waiting(_)) {
                self.remove_wait(t);
            }
            if let Some(memory) = memory {
                self.release_real_on_exit(t, memory);
            }
            self.emit(EventKind::PollEnd {
                task: t,
                lane: crate::trace::LaneId(lane),
            });
            self.finish(t, crate::trace::EndHow::Failed(why.to_string()));
        }
    }

    /// Takes the effects produced so far.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The events so far, sorted by time (stable, so each task's events keep their order).
    pub fn snapshot(&self) -> Trace {
        let mut trace = self.trace.clone();
        trace.events.sort_by_key(|e| e.t);
        trace
    }

    /// Events so far.
    pub fn events(&self) -> usize {
        self.trace.events.len()
    }

    /// The trace reached its event limit.
    /// Takes the variables' values from where they really lived (the run's shared memory,
    /// `live::memory`): the summary and its `expect` checks read them.
    pub fn settle_vars(&mut self, memory: &dyn crate::shm::Memory) {
        for (r, v) in super::memory::var_values(&self.scenario, memory) {
            if let Some(Res::Var { value }) = self.res.get_mut(r as usize) {
                *value = v;
            }
        }
    }

    pub fn at_event_limit(&self) -> bool {
        self.trace.events.len() >= self.max_events
    }

    /// Every task that started has ended and no timer can start another.
    pub fn all_ended(&self) -> bool {
        self.tasks
            .iter()
            .all(|t| matches!(t.status, Status::NotStarted | Status::Ended(_)))
            && self.pending_timers() == 0
    }

    /// Nothing can make progress: every unfinished task waits in the coordinator for something
    /// only another waiting task could give (and no timer of a `timeout` or a start is pending).
    pub fn stuck(&self) -> bool {
        let mut any = false;
        for t in &self.tasks {
            match &t.status {
                Status::NotStarted | Status::Ended(_) => {}
                Status::Waiting(_) if !t.deadline => any = true,
                Status::Queued => any = true,
                _ => return false,
            }
        }
        any && self.pending_timers() == 0
    }

    fn pending_timers(&self) -> usize {
        self.timers.iter().filter(|t| !t.done).count()
    }

    // ===== helpers for the other files =====

    /// Appends an event at the current time.
    fn emit(&mut self, kind: EventKind) {
        self.push_event(Event { t: self.now, kind });
    }

    fn name(&self, t: TaskId) -> &str {
        self.trace
            .tasks
            .get(t.0 as usize)
            .map_or("?", |i| i.name.as_str())
    }

    fn res_name(&self, r: u32) -> &str {
        self.trace
            .resources
            .get(r as usize)
            .map_or("?", |i| i.name.as_str())
    }

    /// A started task that has not ended.
    fn is_live(&self, t: TaskId) -> bool {
        self.tasks
            .get(t.0 as usize)
            .is_some_and(|x| !matches!(x.status, Status::NotStarted | Status::Ended(_)))
    }

    /// Sends `reply` to request `req` of `t`, on the worker that runs it.
    fn reply(&mut self, t: TaskId, req: ReqId, reply: Reply) {
        let Some(dest) = self.tasks[t.0 as usize].dest else {
            return;
        };
        let msg = ToWorker::Reply {
            run: self.run,
            task: t.0,
            req,
            reply,
        };
        self.effects.push(Effect::Send(dest, msg));
    }

    /// Sets a start timer for `task` at `due`; returns its index.
    fn set_timer(&mut self, owner: TaskId, task: TaskId, by: Option<TaskId>, due: Micros) -> u32 {
        let trace_id = self.fresh_timer();
        let id = self.timers.len() as u32;
        self.timers.push(CTimer {
            task,
            by,
            trace_id,
            due,
            done: false,
        });
        self.emit(EventKind::TimerSet {
            timer: TimerId(trace_id),
            owner,
            due,
            what: TimerWhat::Start(task),
        });
        self.effects.push(Effect::SetTimer { id, due });
        id
    }

    fn cancel_timer(&mut self, id: u32) {
        if let Some(tm) = self.timers.get_mut(id as usize) {
            if !tm.done {
                tm.done = true;
                let timer = TimerId(tm.trace_id);
                self.emit(EventKind::TimerCancelled { timer });
            }
        }
    }

    fn fresh_timer(&mut self) -> u32 {
        let id = self.next_timer;
        self.next_timer = self.next_timer.saturating_add(1);
        id
    }
}

#[cfg(test)]
mod tests;
