//! Lanes (the event loop, pool workers, dedicated threads and processes) and the cores they share.
//!
//! A lane acts one step at a time. With `cores N`, a lane needs a core to run at all; it keeps
//! the core until its task waits or ends, or until a quantum boundary passes during a
//! `compute` while another lane waits for a core (round-robin). Instantaneous steps cost no
//! time, so preemption only ever happens inside `compute`.

use super::chooser::{pick, Candidate, ChoiceKind, Chooser};
use super::steps::Flow;
use super::world::{LaneState, Occ, Status, World, LOOP};
use crate::model::{Micros, TaskKind};
use crate::trace::{EventKind, LaneId, LaneKind, TaskId};

impl World {
    /// Runs one action of lane `l`.
    pub(super) fn act_lane(&mut self, l: LaneId, chooser: &mut dyn Chooser) {
        let now = self.now;
        let limited = self.cfg.cores.is_some();
        self.lane_mut(l).queued = false;
        let (state, task) = (
            self.lanes[l.0 as usize].state,
            self.lanes[l.0 as usize].task,
        );
        match state {
            LaneState::Starting => {
                self.lane_mut(l).state = LaneState::Idle;
                if let Some(t) = task {
                    self.task_mut(t).status = Status::Running;
                    self.emit(EventKind::Ready { task: t });
                    self.make_runnable(l);
                }
                return;
            }
            LaneState::Busy => {
                let lane = self.lane_mut(l);
                let done = now.saturating_sub(lane.compute_since);
                lane.compute_left = lane.compute_left.saturating_sub(done);
                lane.state = LaneState::Run;
                let (slice_end, left) = (lane.slice_end, lane.compute_left);
                // A compute that ends on the boundary is done: the lane goes on with its
                // instantaneous steps and is preempted at its next compute instead.
                if limited && left > 0 && !self.core_queue.is_empty() && now >= slice_end {
                    self.preempt(l);
                    return;
                }
            }
            LaneState::Run => {}
            _ => return,
        }
        if self.lanes[l.0 as usize].compute_left > 0 {
            self.compute_continue(l);
            return;
        }
        let (t, poll_start) = match self.lanes[l.0 as usize].task {
            Some(t) => (t, false),
            None => {
                let next = match self.trace.lanes[l.0 as usize].kind {
                    LaneKind::EventLoop => self.loop_next(chooser),
                    LaneKind::PoolWorker(_) => self.worker_next(l, chooser),
                    _ => None,
                };
                match next {
                    Some(t) => (t, true),
                    None => return,
                }
            }
        };
        // An async task sees cancellation and expiry when a poll starts; a thread at every step.
        let check = poll_start || !self.is_async(t);
        let flow = match if check { self.check_pending(t) } else { None } {
            Some(Flow::Next) | None => self.run_step(t),
            Some(other) => other,
        };
        self.after_flow(l, t, flow);
    }

    fn after_flow(&mut self, l: LaneId, t: TaskId, flow: Flow) {
        match flow {
            Flow::Next => self.push_lane(l),
            Flow::Compute(d) => {
                self.lane_mut(l).compute_left = d;
                let spent = self.now >= self.lanes[l.0 as usize].slice_end;
                if self.cfg.cores.is_some() && spent && !self.core_queue.is_empty() {
                    self.preempt(l);
                } else {
                    self.compute_continue(l);
                }
            }
            Flow::Parked => {}
            Flow::Left => {
                let ended = matches!(self.task(t).status, Status::Ended(_));
                match self.trace.lanes[l.0 as usize].kind {
                    LaneKind::EventLoop => {
                        self.lane_mut(l).task = None;
                        self.push_lane(l);
                    }
                    LaneKind::PoolWorker(_) if ended => {
                        // The worker is free: it takes the next job in a new action.
                        self.lane_mut(l).task = None;
                        self.push_lane(l);
                    }
                    _ => {
                        self.lane_mut(l).state = if ended {
                            LaneState::Idle
                        } else {
                            LaneState::Wait
                        };
                        self.release_core(l);
                    }
                }
            }
        }
    }

    /// A thread-side task ended while its lane was not acting (cancelled while it waited).
    pub(super) fn lane_after_external_end(&mut self, t: TaskId) {
        let Some(l) = self.task(t).lane else {
            return;
        };
        if self.lanes[l.0 as usize].task != Some(t) {
            return;
        }
        match self.trace.lanes[l.0 as usize].kind {
            LaneKind::PoolWorker(_) => {
                self.lane_mut(l).task = None;
                self.make_runnable(l);
            }
            LaneKind::Thread(_) | LaneKind::Process(_) => {
                self.lane_mut(l).state = LaneState::Idle;
                self.release_core(l);
            }
            LaneKind::EventLoop => {}
        }
    }

    /// Starts or resumes the lane's `compute`: a wake at its end, or at the quantum boundary
    /// when another lane waits for a core.
    pub(super) fn compute_continue(&mut self, l: LaneId) {
        let now = self.now;
        let contended = self.cfg.cores.is_some() && !self.core_queue.is_empty();
        let boundary = self.next_boundary(l);
        let lane = self.lane_mut(l);
        let end = now.saturating_add(lane.compute_left);
        let wake = if contended {
            lane.slice_end = boundary;
            end.min(boundary)
        } else {
            lane.slice_end = Micros::MAX;
            end
        };
        lane.state = LaneState::Busy;
        lane.compute_since = now;
        self.wake_lane_at(l, wake);
    }

    /// (Re)schedules lane `l`'s single wake.
    pub(super) fn wake_lane_at(&mut self, l: LaneId, at: Micros) {
        let lane = self.lane_mut(l);
        lane.gen += 1;
        lane.wake_at = at;
        let gen = lane.gen;
        self.schedule(at, Occ::Lane(l, gen));
    }

    /// The first quantum boundary strictly after now.
    fn next_boundary(&self, l: LaneId) -> Micros {
        let lane = &self.lanes[l.0 as usize];
        let q = self.cfg.quantum;
        let ran = self.now.saturating_sub(lane.slice_start);
        lane.slice_start
            .saturating_add(q.saturating_mul(ran / q + 1))
    }

    /// The lane has work now: it gets a core (or queues for one) and an action.
    pub(super) fn make_runnable(&mut self, l: LaneId) {
        if self.cfg.cores.is_some() && self.lanes[l.0 as usize].core.is_none() {
            if self.core_queue.is_empty() {
                if let Some(c) = self.free_cores.pop_first() {
                    self.give_core(l, c);
                    return;
                }
            }
            let was_empty = self.core_queue.is_empty();
            let lane = self.lane_mut(l);
            lane.state = LaneState::WaitCore;
            let task = lane.task;
            self.core_queue.push(Candidate::Lane { lane: l, task });
            if was_empty {
                self.contention_began();
            }
            return;
        }
        self.lane_mut(l).state = LaneState::Run;
        self.poll_start_on(l);
        self.push_lane(l);
    }

    fn give_core(&mut self, l: LaneId, c: u32) {
        let now = self.now;
        let lane = self.lane_mut(l);
        lane.core = Some(c);
        lane.slice_start = now;
        lane.slice_end = Micros::MAX;
        lane.state = LaneState::Run;
        self.core_owner[c as usize] = Some(l);
        self.poll_start_on(l);
        self.push_lane(l);
    }

    /// Writes `PollStart` for the task on the lane, unless it is already running there.
    fn poll_start_on(&mut self, l: LaneId) {
        let Some(t) = self.lanes[l.0 as usize].task else {
            return;
        };
        if self.task(t).on_cpu || matches!(self.task(t).status, Status::Ended(_)) {
            return;
        }
        self.task_mut(t).on_cpu = true;
        let core = self.lanes[l.0 as usize].core;
        self.emit(EventKind::PollStart {
            task: t,
            lane: l,
            core,
        });
    }

    /// Writes `PollEnd` if the task is running on a lane.
    pub(super) fn leave_lane(&mut self, t: TaskId) {
        if !self.task(t).on_cpu {
            return;
        }
        self.task_mut(t).on_cpu = false;
        let lane = self.task(t).lane.unwrap_or(LOOP);
        self.emit(EventKind::PollEnd { task: t, lane });
    }

    pub(super) fn release_core(&mut self, l: LaneId) {
        if let Some(c) = self.lane_mut(l).core.take() {
            self.core_owner[c as usize] = None;
            self.free_cores.insert(c);
        }
    }

    /// Hands free cores to waiting lanes (round-robin by default).
    pub(super) fn grant_cores(&mut self, chooser: &mut dyn Chooser) {
        while !self.core_queue.is_empty() && !self.free_cores.is_empty() {
            let i = pick(
                chooser,
                self,
                ChoiceKind::NextThreadForCore,
                self.core_queue.as_slice(),
            );
            let Candidate::Lane { lane, .. } = self.core_queue.remove(i) else {
                continue;
            };
            if let Some(c) = self.free_cores.pop_first() {
                self.give_core(lane, c);
            }
        }
    }

    /// Takes the core from a lane whose quantum ran out while others wait.
    pub(super) fn preempt(&mut self, l: LaneId) {
        if let Some(t) = self.lanes[l.0 as usize].task {
            self.leave_lane(t);
            self.emit(EventKind::Ready { task: t });
        }
        self.park_for_core(l);
    }

    /// Gives up the core and joins the back of the core queue.
    pub(super) fn park_for_core(&mut self, l: LaneId) {
        self.release_core(l);
        let lane = self.lane_mut(l);
        lane.state = LaneState::WaitCore;
        let task = lane.task;
        let was_empty = self.core_queue.is_empty();
        self.core_queue.push(Candidate::Lane { lane: l, task });
        if was_empty {
            self.contention_began();
        }
    }

    /// Someone now waits for a core: computing lanes must stop at their next quantum boundary.
    fn contention_began(&mut self) {
        for c in 0..self.core_owner.len() {
            let Some(l) = self.core_owner[c] else {
                continue;
            };
            if self.lanes[l.0 as usize].state != LaneState::Busy {
                continue;
            }
            let boundary = self.next_boundary(l);
            let lane = self.lane_mut(l);
            lane.slice_end = boundary;
            if boundary < lane.wake_at {
                // Account for the compute done so far, then wake at the boundary instead.
                let now = self.now;
                let lane = self.lane_mut(l);
                let done = now.saturating_sub(lane.compute_since);
                lane.compute_left = lane.compute_left.saturating_sub(done);
                lane.compute_since = now;
                self.wake_lane_at(l, boundary);
            }
        }
    }

    /// Whether a yield by a thread-side task should hand its core to someone.
    pub(super) fn someone_waits_for_core(&self, t: TaskId) -> bool {
        self.cfg.cores.is_some()
            && !self.core_queue.is_empty()
            && self.task(t).kind != TaskKind::Async
    }
}
