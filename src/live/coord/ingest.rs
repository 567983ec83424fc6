//! Trace assembly: events from every worker and from the coordinator, on one clock.
//!
//! Workers stamp events with `performance.timeOrigin + performance.now()`, which agree across
//! workers only to the browser's timer resolution. So each task's events are kept in the order
//! they reached the page (which follows cause and effect for one task) by never letting a
//! task's event be earlier than its previous one; the snapshot then sorts all events by time,
//! stably. Worker-local timer ids become run-wide ones, and events whose ids point outside the
//! trace's tables are dropped: a worker cannot corrupt the trace.

use super::{Coordinator, Source};
use crate::trace::{Event, EventKind, TimerId, TimerWhat, WaitFor, WakeCause};

impl Coordinator {
    /// Takes in one event reported by a worker.
    pub(super) fn ingest(&mut self, src: Source, e: Event) {
        if !self.ids_ok(&e.kind) {
            return;
        }
        let kind = match e.kind {
            EventKind::TimerSet {
                timer,
                owner,
                due,
                what,
            } => {
                let id = self.fresh_timer();
                self.timer_ids.insert((src, timer.0), id);
                EventKind::TimerSet {
                    timer: TimerId(id),
                    owner,
                    due,
                    what,
                }
            }
            EventKind::TimerFired { timer } => match self.timer_ids.get(&(src, timer.0)) {
                Some(&id) => EventKind::TimerFired { timer: TimerId(id) },
                None => return,
            },
            EventKind::TimerCancelled { timer } => match self.timer_ids.get(&(src, timer.0)) {
                Some(&id) => EventKind::TimerCancelled { timer: TimerId(id) },
                None => return,
            },
            other => other,
        };
        self.mirror(&kind);
        self.push_event(Event { t: e.t, kind });
    }

    /// Appends an event, never earlier than its task's previous event, up to the event limit.
    pub(super) fn push_event(&mut self, mut e: Event) {
        if self.trace.events.len() >= self.max_events {
            return;
        }
        if let Some(t) = task_of(&e.kind) {
            if let Some(last) = self.last_t.get_mut(t as usize) {
                e.t = e.t.max(*last);
                *last = e.t;
            }
        }
        self.trace.events.push(e);
    }

    /// Every id in the event indexes the trace's tables.
    fn ids_ok(&self, kind: &EventKind) -> bool {
        let tasks = self.trace.tasks.len() as u32;
        let lanes = self.trace.lanes.len() as u32;
        let res = self.trace.resources.len() as u32;
        let task = |t: &crate::trace::TaskId| t.0 < tasks;
        let r = |x: &crate::trace::ResId| x.0 < res;
        let wait_ok = |w: &WaitFor| match w {
            WaitFor::Join(list) => list.iter().all(task),
            other => other.res().is_none_or(|x| r(&x)),
        };
        let cause_ok = |c: &WakeCause| match c {
            WakeCause::Unlock(x)
            | WakeCause::Release(x)
            | WakeCause::Notify(x)
            | WakeCause::Send(x)
            | WakeCause::Recv(x)
            | WakeCause::Close(x) => r(x),
            WakeCause::Join(t) => task(t),
            _ => true,
        };
        match kind {
            EventKind::Spawned { task: t, by } => task(t) && by.as_ref().is_none_or(task),
            EventKind::PollStart { task: t, lane, .. } | EventKind::PollEnd { task: t, lane } => {
                task(t) && lane.0 < lanes
            }
            EventKind::Blocked { task: t, on } => task(t) && wait_ok(on),
            EventKind::Woken { task: t, by, cause } => {
                task(t) && by.as_ref().is_none_or(task) && cause_ok(cause)
            }
            EventKind::Acquired {
                task: t, res: x, ..
            }
            | EventKind::Released {
                task: t, res: x, ..
            }
            | EventKind::Sent { task: t, ch: x, .. }
            | EventKind::Received { task: t, ch: x, .. }
            | EventKind::Closed { task: t, ch: x }
            | EventKind::Loaded {
                task: t, var: x, ..
            }
            | EventKind::VarWritten {
                task: t, var: x, ..
            } => task(t) && r(x),
            EventKind::TimerSet { owner, what, .. } => {
                task(owner)
                    && match what {
                        TimerWhat::Start(x) => task(x),
                        _ => true,
                    }
            }
            EventKind::CancelRequested { task: t, by } => task(t) && task(by),
            EventKind::Ready { task: t }
            | EventKind::Step { task: t, .. }
            | EventKind::Sleeping { task: t, .. }
            | EventKind::Log { task: t, .. }
            | EventKind::Ended { task: t, .. } => task(t),
            EventKind::TimerFired { .. } | EventKind::TimerCancelled { .. } => true,
        }
    }
}

/// The task an event is about, if any.
pub(crate) fn task_of(kind: &EventKind) -> Option<u32> {
    match kind {
        EventKind::Spawned { task, .. }
        | EventKind::Ready { task }
        | EventKind::PollStart { task, .. }
        | EventKind::PollEnd { task, .. }
        | EventKind::Step { task, .. }
        | EventKind::Blocked { task, .. }
        | EventKind::Sleeping { task, .. }
        | EventKind::Woken { task, .. }
        | EventKind::Acquired { task, .. }
        | EventKind::Released { task, .. }
        | EventKind::Sent { task, .. }
        | EventKind::Received { task, .. }
        | EventKind::Closed { task, .. }
        | EventKind::Loaded { task, .. }
        | EventKind::VarWritten { task, .. }
        | EventKind::Log { task, .. }
        | EventKind::CancelRequested { task, .. }
        | EventKind::Ended { task, .. } => Some(task.0),
        EventKind::TimerSet { owner, .. } => Some(owner.0),
        EventKind::TimerFired { .. } | EventKind::TimerCancelled { .. } => None,
    }
}
