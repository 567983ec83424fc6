//! Channels: unbounded, bounded and rendezvous (capacity 0), with FIFO senders and receivers.
//!
//! A value goes straight to a waiting receiver, else into the buffer if there is room, else the
//! sender waits. A receive takes the buffer's front and lets the longest-waiting sender's value
//! in, or (rendezvous) takes a waiting sender's value directly. `recv` puts the value in the
//! task's register; `send CH` without a value sends 0. Closing wakes every waiter with a failure;
//! values already buffered can still be received.

use super::steps::Flow;
use super::world::{Res, Wait, World};
use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};

impl World {
    pub(super) fn op_send(&mut self, t: TaskId, ch: ResId, value: i64) -> Flow {
        let Res::Chan {
            cap,
            buf,
            closed,
            senders,
            receivers,
        } = &mut self.res[ch.0 as usize]
        else {
            return Flow::Next;
        };
        if *closed {
            let msg = format!("send on closed channel {}", self.res_name(ch));
            return self.raise(t, msg);
        }
        if let Some(r) = receivers.pop_front() {
            self.emit(EventKind::Sent { task: t, ch, value });
            self.woken(r, Some(t), WakeCause::Send(ch));
            self.received(r, ch, value);
            self.resume(r);
            return Flow::Next;
        }
        let room = cap.is_none_or(|c| buf.len() < c as usize) && senders.is_empty();
        if room {
            buf.push_back(value);
            self.emit(EventKind::Sent { task: t, ch, value });
            return Flow::Next;
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        if let Res::Chan { senders, .. } = &mut self.res[ch.0 as usize] {
            senders.push_back((t, value));
        }
        self.block(t, Wait::Send(ch), WaitFor::Send(ch))
    }

    pub(super) fn op_recv(&mut self, t: TaskId, ch: ResId) -> Flow {
        let Res::Chan {
            buf,
            closed,
            senders,
            ..
        } = &mut self.res[ch.0 as usize]
        else {
            return Flow::Next;
        };
        if let Some(value) = buf.pop_front() {
            // Room opened: the longest-waiting sender's value moves into the buffer.
            let moved = senders.pop_front();
            if let Some((_, v)) = moved {
                buf.push_back(v);
            }
            self.received(t, ch, value);
            if let Some((s, v)) = moved {
                self.emit(EventKind::Sent {
                    task: s,
                    ch,
                    value: v,
                });
                self.woken(s, Some(t), WakeCause::Recv(ch));
                self.resume(s);
            }
            return Flow::Next;
        }
        if let Some((s, v)) = senders.pop_front() {
            // Rendezvous: the value passes hand to hand.
            self.emit(EventKind::Sent {
                task: s,
                ch,
                value: v,
            });
            self.received(t, ch, v);
            self.woken(s, Some(t), WakeCause::Recv(ch));
            self.resume(s);
            return Flow::Next;
        }
        if *closed {
            let msg = format!("recv on closed channel {}", self.res_name(ch));
            return self.raise(t, msg);
        }
        if let Some(f) = self.cancel_point(t) {
            return f;
        }
        if let Res::Chan { receivers, .. } = &mut self.res[ch.0 as usize] {
            receivers.push_back(t);
        }
        self.block(t, Wait::Recv(ch), WaitFor::Recv(ch))
    }

    pub(super) fn op_close(&mut self, t: TaskId, ch: ResId) -> Result<(), String> {
        let Res::Chan {
            closed,
            senders,
            receivers,
            ..
        } = &mut self.res[ch.0 as usize]
        else {
            return Ok(());
        };
        if *closed {
            return Err(format!("channel {} is already closed", self.res_name(ch)));
        }
        *closed = true;
        let receivers = std::mem::take(receivers);
        let senders = std::mem::take(senders);
        self.emit(EventKind::Closed { task: t, ch });
        let name = self.res_name(ch).to_string();
        for r in receivers {
            self.task_mut(r).status = super::world::Status::Running;
            let msg = format!("recv on closed channel {name}");
            self.wake(r, Some(t), WakeCause::Close(ch), Some(msg));
        }
        for (s, _) in senders {
            self.task_mut(s).status = super::world::Status::Running;
            let msg = format!("send on closed channel {name}");
            self.wake(s, Some(t), WakeCause::Close(ch), Some(msg));
        }
        Ok(())
    }

    fn received(&mut self, t: TaskId, ch: ResId, value: i64) {
        self.task_mut(t).reg = value;
        self.emit(EventKind::Received { task: t, ch, value });
    }
}
