//! The event loop's rounds (asyncio's `_run_once`) and the pool workers' job queue.
//!
//! A round begins by appending every due loop timer (deadline order, ties in set order), then
//! runs exactly the entries queued at that moment; entries added meanwhile wait for the next
//! round. Under `fifo` the front runs first; otherwise the chooser picks among the round's
//! remaining entries. Each pick is its own lane action, and so is each step of the polled task.

use super::chooser::{pick, Candidate, ChoiceKind, Chooser};
use super::world::{LaneState, Occ, Status, World, LOOP};
use crate::trace::{EventKind, LaneId, TaskId};

impl World {
    /// Picks the loop's next entry. Fires a timer entry (and returns `None`), or starts polling
    /// a task (and returns it), or goes idle when a new round finds nothing to do.
    pub(super) fn loop_next(&mut self, chooser: &mut dyn Chooser) -> Option<TaskId> {
        self.round_left = self.round_left.min(self.ready.len());
        if self.round_left == 0 {
            while let Some(&(due, id)) = self.loop_timers.first() {
                if due > self.now {
                    break;
                }
                self.loop_timers.pop_first();
                let task = self.timers[id.0 as usize].concerns();
                self.ready.push(Candidate::Timer { timer: id, task });
            }
            self.round_left = self.ready.len();
            if self.round_left == 0 {
                self.loop_idle();
                return None;
            }
        }
        let round = &self.ready.as_slice()[..self.round_left];
        let i = pick(chooser, self, ChoiceKind::NextReadyTask, round);
        let entry = self.ready.remove(i);
        self.round_left -= 1;
        match entry {
            Candidate::Task(t) if self.task(t).status == Status::Ready => {
                self.lane_mut(LOOP).task = Some(t);
                let core = self.lanes[LOOP.0 as usize].core;
                let task = self.task_mut(t);
                task.status = Status::Running;
                task.lane = Some(LOOP);
                task.on_cpu = true;
                self.emit(EventKind::PollStart {
                    task: t,
                    lane: LOOP,
                    core,
                });
                Some(t)
            }
            Candidate::Timer { timer, .. } => {
                self.fire_timer(timer);
                self.push_lane(LOOP);
                None
            }
            _ => {
                self.push_lane(LOOP);
                None
            }
        }
    }

    /// The loop has nothing to do: it gives up its core and wakes at its next timer.
    pub(super) fn loop_idle(&mut self) {
        self.lane_mut(LOOP).state = LaneState::Idle;
        self.release_core(LOOP);
        if let Some(&(due, _)) = self.loop_timers.first() {
            self.schedule(due, Occ::LoopWake);
        }
    }

    /// Something joined the ready queue: an idle loop starts a round now.
    pub(super) fn loop_notify(&mut self) {
        if self.lanes[LOOP.0 as usize].state == LaneState::Idle {
            self.make_runnable(LOOP);
        }
    }

    /// A worker without a job takes the next one from the pool queue, or goes idle.
    pub(super) fn worker_next(&mut self, l: LaneId, chooser: &mut dyn Chooser) -> Option<TaskId> {
        if self.pool.is_empty() {
            self.lane_mut(l).state = LaneState::Idle;
            self.release_core(l);
            return None;
        }
        let i = pick(chooser, self, ChoiceKind::NextPoolJob, self.pool.as_slice());
        let Candidate::Task(t) = self.pool.remove(i) else {
            self.push_lane(l);
            return None;
        };
        self.lane_mut(l).task = Some(t);
        let core = self.lanes[l.0 as usize].core;
        let task = self.task_mut(t);
        task.status = Status::Running;
        task.lane = Some(l);
        task.on_cpu = true;
        self.emit(EventKind::PollStart {
            task: t,
            lane: l,
            core,
        });
        Some(t)
    }

    /// A job joined the pool queue: wake the first idle worker, if any.
    pub(super) fn pool_notify(&mut self) {
        let idle = (1..self.lanes.len()).map(|i| LaneId(i as u32)).find(|&l| {
            matches!(
                self.trace.lanes[l.0 as usize].kind,
                crate::trace::LaneKind::PoolWorker(_)
            ) && self.lanes[l.0 as usize].state == LaneState::Idle
        });
        if let Some(l) = idle {
            self.make_runnable(l);
        }
    }
}
