//! The interpreter's control flow: block frames (`repeat`, `timeout`, `try`), failures that
//! unwind to a `catch`, cancellation and expired `timeout`s noticed at the right moments.

use super::interp::{Ctl, Frame, Interp};
use crate::live::proto::Out;
use crate::model::Micros;
use crate::rules::fmt_dur;
use crate::rules::program::Op;
use crate::trace::{EndHow, EventKind, TimerId};

impl Interp {
    /// Runs control ops up to the next step; false when the program has ended.
    pub(super) fn advance_control(&mut self) -> bool {
        loop {
            let Some(&op) = self.sh.progs[self.decl].ops.get(self.pc as usize) else {
                return false;
            };
            if !op.is_control() {
                return true;
            }
            match op {
                Op::RepeatEnd { start } => match self.frames.last_mut() {
                    Some(Frame::Repeat { left, .. }) if *left > 1 => {
                        *left -= 1;
                        self.pc = start + 1;
                    }
                    _ => {
                        self.frames.pop();
                        self.pc += 1;
                    }
                },
                Op::TimeoutEnd => {
                    self.pc += 1;
                    if let Some(Frame::Timeout { timer, .. }) = self.frames.last().copied() {
                        self.frames.pop();
                        self.timer_cancelled(timer);
                    }
                }
                Op::TryEnd { end } => {
                    self.frames.pop();
                    self.pc = end;
                }
                _ => return true,
            }
        }
    }

    /// The program ran out; a task asked to cancel that never reached an await ends cancelled.
    pub(super) fn complete(&self) -> EndHow {
        match self.cell.cancel.get() {
            Some(_) => EndHow::Cancelled,
            None => EndHow::Completed,
        }
    }

    /// Cancellation, an expired `timeout`, or a failure delivered while waiting (in that order).
    pub(super) fn check_pending(&mut self, fail: Option<String>) -> Option<Ctl> {
        if self.cell.cancel.get().is_some() {
            return Some(Ctl::End(EndHow::Cancelled));
        }
        if let Some(depth) = self.expired_timeout() {
            return Some(self.expire_timeout(depth, false));
        }
        fail.map(|msg| self.raise(msg))
    }

    /// The outermost `timeout` block whose deadline has passed.
    pub(super) fn expired_timeout(&self) -> Option<usize> {
        let now = self.sh.now();
        self.frames
            .iter()
            .position(|f| matches!(f, Frame::Timeout { due, .. } if *due <= now))
    }

    /// The earliest `timeout` deadline, with its depth.
    pub(super) fn next_timeout(&self) -> Option<(usize, Micros)> {
        self.frames
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match f {
                Frame::Timeout { due, .. } => Some((i, *due)),
                _ => None,
            })
            .min_by_key(|(_, due)| *due)
    }

    /// Raises a failure: unwinds to the innermost `try` (running its `catch`), else fails.
    pub(super) fn raise(&mut self, msg: String) -> Ctl {
        while let Some(frame) = self.frames.pop() {
            match frame {
                Frame::Repeat { .. } => {}
                Frame::Timeout { timer, .. } => self.timer_cancelled(timer),
                Frame::Try { catch } => {
                    self.pc = catch;
                    self.sh.emit(EventKind::Step {
                        task: self.task(),
                        text: "catch".into(),
                    });
                    return Ctl::Go;
                }
            }
        }
        Ctl::End(EndHow::Failed(msg))
    }

    /// Cancels the expired block (inner `try`s do not catch that) and raises
    /// `timed out after DUR` where the block was.
    /// `fired`: its `TimerFired` is already written.
    pub(super) fn expire_timeout(&mut self, depth: usize, fired: bool) -> Ctl {
        while self.frames.len() > depth + 1 {
            if let Some(Frame::Timeout { timer, .. }) = self.frames.pop() {
                self.timer_cancelled(timer);
            }
        }
        let Some(Frame::Timeout { timer, dur, due }) = self.frames.pop() else {
            return Ctl::Go;
        };
        if !fired {
            // A thread-side timer fires at its instant, even while the thread computes; the
            // event loop's fires when the loop gets to it, which is now.
            let t = if self.thread_side() {
                due
            } else {
                self.sh.now()
            };
            self.sh.push(Out::Event(crate::trace::Event {
                t,
                kind: EventKind::TimerFired {
                    timer: TimerId(timer),
                },
            }));
        }
        self.raise(format!("timed out after {}", fmt_dur(dur)))
    }

    /// The local timer id of the `timeout` frame at `depth`.
    pub(super) fn timer_at(&self, depth: usize) -> u32 {
        match self.frames.get(depth) {
            Some(Frame::Timeout { timer, .. }) => *timer,
            _ => u32::MAX,
        }
    }

    pub(super) fn timer_cancelled(&self, timer: u32) {
        self.sh.emit(EventKind::TimerCancelled {
            timer: TimerId(timer),
        });
    }

    /// After an await: an async task notices cancellation and expiry now.
    pub(super) fn resumed(&mut self, fail: Option<String>) -> Ctl {
        if self.thread_side() {
            // A thread notices them before its next step; only a failure applies at once.
            return fail.map_or(Ctl::Go, |msg| self.raise(msg));
        }
        self.check_pending(fail).unwrap_or(Ctl::Go)
    }
}
