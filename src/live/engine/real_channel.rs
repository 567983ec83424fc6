//! The interpreter's channels in shared memory (`live::memory`): a thread's `send` and `recv`,
//! and anyone's `close`, of a bounded channel, run where the task is over the ring of
//! `shm::channel`, with the trace written where things happen. A full or empty channel parks
//! the thread's worker as a real lock does (`real_lock::Parked`); an async task awaits it
//! instead (`awaited_channel`).

use super::interp::{Ctl, Interp};
use super::real_lock::Parked;
use crate::rules::resources::{already_closed, recv_closed, send_closed};
use crate::shm::channel::{self, Chan, Done, Refused};
use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};

impl Interp {
    pub(super) fn send_real(&mut self, ch: ResId, value: i64) -> Ctl {
        let Some((mem, ring)) = self.ring(ch) else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let me = self.cell.id;
        let mut parked = Parked::new(self, WaitFor::Send(ch));
        let sent = channel::send(&*mem, ring, value, me, || self.stamp(), &mut parked);
        let cancelled_by = parked.cancelled_by;
        drop(parked);
        match sent {
            Ok(done) => {
                self.after_wait(&done, WakeCause::Recv(ch));
                let task = self.task();
                self.sh
                    .emit_at(at(done.at), EventKind::Sent { task, ch, value });
                Ctl::Go
            }
            Err(refused) => self.refused(refused, ch, cancelled_by, send_closed),
        }
    }

    pub(super) fn recv_real(&mut self, ch: ResId) -> Ctl {
        let Some((mem, ring)) = self.ring(ch) else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let me = self.cell.id;
        let mut parked = Parked::new(self, WaitFor::Recv(ch));
        let got = channel::recv(&*mem, ring, me, || self.stamp(), &mut parked);
        let cancelled_by = parked.cancelled_by;
        drop(parked);
        match got {
            Ok(done) => {
                self.after_wait(&done, WakeCause::Send(ch));
                self.reg = done.value;
                let task = self.task();
                self.sh.emit_at(
                    at(done.at),
                    EventKind::Received {
                        task,
                        ch,
                        value: done.value,
                    },
                );
                Ctl::Go
            }
            Err(refused) => self.refused(refused, ch, cancelled_by, recv_closed),
        }
    }

    pub(super) fn close_real(&mut self, ch: ResId) -> Ctl {
        let Some((mem, ring)) = self.ring(ch) else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        match channel::close(&*mem, ring, self.cell.id, || self.stamp()) {
            Ok(t) => {
                let task = self.task();
                self.sh.emit_at(at(t), EventKind::Closed { task, ch });
                Ctl::Go
            }
            Err(channel::AlreadyClosed) => {
                let msg = already_closed(self.res_name(ch));
                self.raise(msg)
            }
        }
    }

    fn ring(&self, ch: ResId) -> Option<(std::rc::Rc<dyn crate::shm::Memory>, Chan)> {
        Some((self.sh.memory.clone()?, self.sh.layout.channel(ch.0)?))
    }

    fn stamp(&self) -> i64 {
        i64::try_from(self.sh.now()).unwrap_or(i64::MAX)
    }

    /// After a wait, who woke the task: the other side of the channel.
    fn after_wait<T>(&self, done: &Done<T>, cause: WakeCause) {
        if let Some(by) = done.waited {
            self.sh.emit_at(
                at(done.at),
                EventKind::Woken {
                    task: self.task(),
                    by: by.map(TaskId),
                    cause,
                },
            );
        }
    }

    /// A closed channel fails the step with the simulator's words (woken by the close if the
    /// task was waiting); a wait given up goes on as a cancel or a timeout does.
    fn refused(
        &mut self,
        refused: Refused,
        ch: ResId,
        cancelled_by: Option<u32>,
        why: fn(&str) -> String,
    ) -> Ctl {
        match refused {
            Refused::GaveUp => self.gave_up(cancelled_by),
            Refused::Closed { woken_by, at: t } => {
                if let Some(by) = woken_by {
                    self.sh.emit_at(
                        at(t),
                        EventKind::Woken {
                            task: self.task(),
                            by: by.map(TaskId),
                            cause: WakeCause::Close(ch),
                        },
                    );
                }
                let msg = why(self.res_name(ch));
                self.raise(msg)
            }
        }
    }
}

/// A channel's stamp as the trace's time.
pub(super) fn at(stamp: i64) -> crate::model::Micros {
    u64::try_from(stamp).unwrap_or(0)
}
