//! The main loop: runs the actions due now one at a time, then jumps to the next instant.
//!
//! Every action is one step of one lane (or one thread-side timer firing). When several are
//! due at the same instant the chooser orders them (`SameInstantOrder`), so two threads'
//! `load`/`store` steps are separate interleaving points. The loop stops when nothing is left
//! to do, or at `max_time`, or at `max_events`; it never spins.

use super::checkpoint::Checkpoint;
use super::chooser::{pick, Candidate, ChoiceKind, Chooser};
use super::world::{LaneState, Occ, World, LOOP};

/// Why the run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// Nothing more can happen (every task ended, or a deadlock).
    Idle,
    /// The next thing would happen after `max_time`.
    Time,
    /// The trace reached `max_events`.
    Events,
    /// The chooser asked to stop ([`Chooser::halt`]).
    Halted,
}

impl World {
    /// Runs to the end from the start, or from a [`Checkpoint`]'s state when `resuming`: that
    /// state is just before a choice among same-instant actions, with the checks before it
    /// already passed, so the first turn goes straight to that choice.
    pub(super) fn run(&mut self, chooser: &mut dyn Chooser, resuming: bool) -> Stop {
        let mut resuming = resuming;
        loop {
            if chooser.halt() {
                return Stop::Halted;
            }
            if !std::mem::take(&mut resuming) {
                if self.trace.events.len() >= self.cfg.max_events || self.work > self.cfg.max_work {
                    self.trace.events.truncate(self.cfg.max_events);
                    return Stop::Events;
                }
                if self.cfg.cores.is_some() {
                    self.grant_cores(chooser);
                }
                if self.now_q.len() >= 2 && chooser.wants_checkpoint() {
                    chooser.checkpoint(Checkpoint::of(self));
                }
            }
            if !self.now_q.is_empty() {
                let i = pick(
                    chooser,
                    self,
                    ChoiceKind::SameInstantOrder,
                    self.now_q.as_slice(),
                );
                let action = self.now_q.remove(i);
                self.work += 1;
                match action {
                    Candidate::Lane { lane, .. } => self.act_lane(lane, chooser),
                    Candidate::Timer { timer, .. } => self.fire_timer(timer),
                    Candidate::Task(_) => {}
                }
                continue;
            }
            let Some(&(at, seq, occ)) = self.agenda.first() else {
                return Stop::Idle;
            };
            if self.is_stale(at, occ) {
                self.agenda.remove(&(at, seq, occ));
                continue;
            }
            if at > self.cfg.max_time {
                self.now = self.cfg.max_time;
                return Stop::Time;
            }
            self.now = at;
            while let Some(&(t, s, o)) = self.agenda.first() {
                if t != at {
                    break;
                }
                self.agenda.remove(&(t, s, o));
                if !self.is_stale(t, o) {
                    self.dispatch(o);
                }
            }
        }
    }

    /// An occurrence that no longer means anything: skipped without moving the clock.
    fn is_stale(&self, at: u64, occ: Occ) -> bool {
        match occ {
            Occ::Lane(l, gen) => self.lanes[l.0 as usize].gen != gen,
            Occ::Timer(id) => {
                let tm = &self.timers[id.0 as usize];
                tm.cancelled || tm.fired
            }
            Occ::LoopWake => {
                self.lanes[LOOP.0 as usize].state != LaneState::Idle
                    || self.loop_timers.first().is_none_or(|&(due, _)| due > at)
            }
        }
    }

    /// Turns a due occurrence into an action at the current instant.
    fn dispatch(&mut self, occ: Occ) {
        match occ {
            Occ::Lane(l, _) => self.push_lane(l),
            Occ::Timer(id) => {
                let task = self.timers[id.0 as usize].concerns();
                self.now_q.push(Candidate::Timer { timer: id, task });
            }
            Occ::LoopWake => self.make_runnable(LOOP),
        }
    }
}
