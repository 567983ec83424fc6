//! Timers: `sleep`, `at DUR`, `after DUR spawn`, and `timeout` deadlines, on the loop or thread-side.
//!
//! A timer set by (or starting) an async task belongs to the event loop: when due it is appended
//! to the ready queue at the start of the next round and fires when the loop runs that entry
//! (asyncio's `call_at`). Any other timer fires at its instant as an action of its own, ordered
//! with the other actions of that instant through the chooser.

use super::world::{Frame, Occ, Status, Timer, Wait, World};
use crate::model::Micros;
use crate::trace::{EventKind, TaskId, TimerId, TimerWhat, WakeCause};

impl World {
    /// Sets a timer due at `due` and writes `TimerSet`.
    pub(super) fn set_timer(
        &mut self,
        owner: TaskId,
        due: Micros,
        what: TimerWhat,
        by: Option<TaskId>,
        on_loop: bool,
        dur: Micros,
    ) -> TimerId {
        let id = TimerId(self.timers.len() as u32);
        self.timers.push(Timer {
            due,
            owner,
            what: what.clone(),
            by,
            on_loop,
            dur,
            cancelled: false,
            fired: false,
        });
        self.emit(EventKind::TimerSet {
            timer: id,
            owner,
            due,
            what,
        });
        if on_loop {
            self.loop_timers.insert((due, id));
        } else {
            self.schedule(due, Occ::Timer(id));
        }
        id
    }

    /// Cancels a timer that has not fired (a no-op otherwise).
    pub(super) fn cancel_timer(&mut self, id: TimerId) {
        let tm = &mut self.timers[id.0 as usize];
        if tm.fired || tm.cancelled {
            return;
        }
        tm.cancelled = true;
        let key = (tm.due, id);
        if tm.on_loop {
            self.loop_timers.remove(&key);
        }
        self.emit(EventKind::TimerCancelled { timer: id });
    }

    /// Runs a timer that came due: wakes its sleeper, starts its task, or expires its `timeout`.
    pub(super) fn fire_timer(&mut self, id: TimerId) {
        let tm = &mut self.timers[id.0 as usize];
        if tm.fired || tm.cancelled {
            return;
        }
        tm.fired = true;
        let (owner, what, by) = (tm.owner, tm.what.clone(), tm.by);
        self.emit(EventKind::TimerFired { timer: id });
        match what {
            TimerWhat::Sleep => {
                if self.task(owner).status == Status::Waiting(Wait::Sleep(id)) {
                    self.wake(owner, None, WakeCause::Timer, None);
                }
            }
            TimerWhat::Start(t) => {
                if self.task(t).start_timer == Some(id) {
                    self.task_mut(t).start_timer = None;
                }
                // `after … spawn T` of a task that already started does nothing.
                if self.task(t).status == Status::NotStarted {
                    self.start(t, by);
                }
            }
            TimerWhat::Timeout => self.timeout_fired(owner, id),
        }
    }

    /// A `timeout` block's deadline passed: cancel the block at the task's next chance.
    fn timeout_fired(&mut self, t: TaskId, id: TimerId) {
        let Some(depth) = timeout_depth(&self.task(t).frames, id) else {
            return;
        };
        // With nested timeouts the outermost expired block wins: it unwinds the most.
        let keep = self
            .task(t)
            .timeout_pending
            .and_then(|p| timeout_depth(&self.task(t).frames, p))
            .is_some_and(|d| d < depth);
        if !keep {
            self.task_mut(t).timeout_pending = Some(id);
        }
        if matches!(self.task(t).status, Status::Waiting(_)) {
            self.remove_wait(t);
            self.wake(t, None, WakeCause::Timeout, None);
        }
    }
}

/// The frame index of the `timeout` block that owns timer `id`.
pub(super) fn timeout_depth(frames: &[Frame], id: TimerId) -> Option<usize> {
    frames
        .iter()
        .position(|f| *f == Frame::Timeout { timer: id })
}
