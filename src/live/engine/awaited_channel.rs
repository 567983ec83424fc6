//! An async task's `send` and `recv` on a bounded channel in shared memory, awaited in the
//! worker's line for that side of the channel (`awaited`): the event loop runs its other tasks
//! while the ring is full or empty. A `close` never waits, so async tasks and threads close
//! alike (`real_channel`).

use super::awaited::{Awaitable, Awaited, Side};
use super::interp::{Ctl, Interp};
use super::real_channel::at;
use crate::exec::Clock;
use crate::rules::resources::{recv_closed, send_closed};
use crate::shm::channel::{self, Chan, Done, Refused};
use crate::shm::Memory;
use crate::trace::{EndHow, EventKind, ResId, WaitFor, WakeCause};
use std::rc::Rc;

/// A send (of `value`) or a receive awaited on the ring `ring` of channel `res`.
struct ChannelAwaited {
    ring: Chan,
    res: ResId,
    send: Option<i64>,
    clock: Rc<dyn Clock>,
}

impl ChannelAwaited {
    /// One try under the channel's guard. A send's result carries the value it sent. It always
    /// names who ended a wait: the caller knows whether there was one.
    fn attempt(&self, mem: &dyn Memory, me: u32) -> channel::Look<i64> {
        let now = || i64::try_from(self.clock.now()).unwrap_or(i64::MAX);
        match self.send {
            Some(value) => channel::try_send(mem, self.ring, value, me, &now, true).map(|over| {
                over.map(|done| Done {
                    value,
                    at: done.at,
                    waited: done.waited,
                })
            }),
            None => channel::try_recv(mem, self.ring, me, &now, true),
        }
    }
}

impl Awaitable for ChannelAwaited {
    type Got = Result<Done<i64>, Refused>;

    fn res(&self) -> ResId {
        self.res
    }

    fn side(&self) -> Option<Side> {
        Some(match self.send {
            Some(_) => Side::Send,
            None => Side::Recv,
        })
    }

    fn waits_for(&self) -> WaitFor {
        match self.send {
            Some(_) => WaitFor::Send(self.res),
            None => WaitFor::Recv(self.res),
        }
    }

    fn word(&self) -> usize {
        self.ring.items()
    }

    fn counter(&self) -> Option<usize> {
        Some(self.ring.parked())
    }

    fn try_now(&mut self, mem: &dyn Memory, me: u32) -> Option<Self::Got> {
        self.attempt(mem, me).ok()
    }

    fn look(&mut self, mem: &dyn Memory, me: u32) -> Result<Self::Got, i32> {
        self.attempt(mem, me)
    }
}

impl Interp {
    /// `send` (with `Some(value)`) or `recv` of an async task on channel `ch`'s ring.
    pub(super) async fn channel_real_async(&mut self, ch: ResId, send: Option<i64>) -> Ctl {
        let Some(ring) = self.sh.layout.channel(ch.0) else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        let awaited = ChannelAwaited {
            ring,
            res: ch,
            send,
            clock: self.sh.clock.clone(),
        };
        let (over, waited) = match self.await_real(awaited).await {
            Awaited::AtOnce(over) => (over, false),
            Awaited::AfterWait(over) => (over, true),
            Awaited::Over(ctl) => return ctl,
        };
        match over {
            Ok(done) => {
                let task = self.task();
                if waited {
                    // Woken by the other side: the receive that made room, or the send that
                    // brought the item.
                    let cause = match send {
                        Some(_) => WakeCause::Recv(ch),
                        None => WakeCause::Send(ch),
                    };
                    self.woken_at(at(done.at), cause, done.waited.flatten());
                }
                let kind = match send {
                    Some(value) => EventKind::Sent { task, ch, value },
                    None => {
                        self.reg = done.value;
                        EventKind::Received {
                            task,
                            ch,
                            value: done.value,
                        }
                    }
                };
                self.sh.emit_at(at(done.at), kind);
                if !waited {
                    return Ctl::Go;
                }
                self.run_again().await;
                self.resumed(None)
            }
            Err(Refused::Closed { woken_by, at: t }) => {
                let why = match send {
                    Some(_) => send_closed,
                    None => recv_closed,
                };
                let msg = why(self.res_name(ch));
                if !waited {
                    return self.raise(msg);
                }
                self.woken_at(at(t), WakeCause::Close(ch), woken_by.flatten());
                self.run_again().await;
                self.resumed(Some(msg))
            }
            // A look never gives up; only a thread's park does.
            Err(Refused::GaveUp) => Ctl::End(EndHow::Cancelled),
        }
    }
}
