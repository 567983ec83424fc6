//! Channels in the coordinator: unbounded, bounded and rendezvous, with FIFO senders and receivers.
//!
//! As in the simulator: a value goes straight to a waiting receiver, else into the buffer if
//! there is room, else the sender waits; a receive takes the front of the buffer and lets the
//! longest-waiting sender's value in; closing wakes every waiter with a failure, and values
//! already buffered stay receivable.

use super::request::Step;
use super::state::{Res, Wait};
use super::Coordinator;
use crate::live::proto::{Reply, ReqId};
use crate::trace::{EventKind, ResId, TaskId, WakeCause};

impl Coordinator {
    pub(super) fn op_send(&mut self, t: u32, req: ReqId, ch: u32, value: i64) -> Step {
        let Some(Res::Chan {
            cap,
            buf,
            closed,
            senders,
            receivers,
        }) = self.res.get_mut(ch as usize)
        else {
            return Step::Fail(format!("{} is not a channel", self.res_name(ch)));
        };
        if *closed {
            return Step::Fail(format!("send on closed channel {}", self.res_name(ch)));
        }
        if let Some(r) = receivers.pop_front() {
            self.sent(t, ch, value);
            self.woken(r, Some(t), WakeCause::Send(ResId(ch)));
            self.received(r, ch, value);
            self.resume(r, Reply::Done(Some(value)));
            return Step::Done(None);
        }
        let room = cap.is_none_or(|c| buf.len() < c as usize) && senders.is_empty();
        if room {
            buf.push_back(value);
            self.sent(t, ch, value);
            return Step::Done(None);
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        if let Some(Res::Chan { senders, .. }) = self.res.get_mut(ch as usize) {
            senders.push_back((t, value));
        }
        self.wait_on(t, req, Wait::Send(ch))
    }

    pub(super) fn op_recv(&mut self, t: u32, req: ReqId, ch: u32) -> Step {
        let Some(Res::Chan {
            buf,
            closed,
            senders,
            ..
        }) = self.res.get_mut(ch as usize)
        else {
            return Step::Fail(format!("{} is not a channel", self.res_name(ch)));
        };
        if let Some(value) = buf.pop_front() {
            // Room opened: the longest-waiting sender's value moves into the buffer.
            let moved = senders.pop_front();
            if let Some((_, v)) = moved {
                buf.push_back(v);
            }
            self.received(t, ch, value);
            if let Some((s, v)) = moved {
                self.sent(s, ch, v);
                self.woken(s, Some(t), WakeCause::Recv(ResId(ch)));
                self.resume(s, Reply::Done(None));
            }
            return Step::Done(Some(value));
        }
        if let Some((s, v)) = senders.pop_front() {
            // Rendezvous: the value passes hand to hand.
            self.sent(s, ch, v);
            self.received(t, ch, v);
            self.woken(s, Some(t), WakeCause::Recv(ResId(ch)));
            self.resume(s, Reply::Done(None));
            return Step::Done(Some(v));
        }
        if *closed {
            return Step::Fail(format!("recv on closed channel {}", self.res_name(ch)));
        }
        if self.cancel_point(t, req) {
            return Step::Replied;
        }
        if let Some(Res::Chan { receivers, .. }) = self.res.get_mut(ch as usize) {
            receivers.push_back(t);
        }
        self.wait_on(t, req, Wait::Recv(ch))
    }

    pub(super) fn op_close(&mut self, t: u32, ch: u32) -> Step {
        let Some(Res::Chan {
            closed,
            senders,
            receivers,
            ..
        }) = self.res.get_mut(ch as usize)
        else {
            return Step::Fail(format!("{} is not a channel", self.res_name(ch)));
        };
        if *closed {
            return Step::Fail(format!("channel {} is already closed", self.res_name(ch)));
        }
        *closed = true;
        let receivers = std::mem::take(receivers);
        let senders = std::mem::take(senders);
        self.emit(EventKind::Closed {
            task: TaskId(t),
            ch: ResId(ch),
        });
        let name = self.res_name(ch).to_string();
        for r in receivers {
            self.woken(r, Some(t), WakeCause::Close(ResId(ch)));
            self.resume(r, Reply::Fail(format!("recv on closed channel {name}")));
        }
        for (s, _) in senders {
            self.woken(s, Some(t), WakeCause::Close(ResId(ch)));
            self.resume(s, Reply::Fail(format!("send on closed channel {name}")));
        }
        Step::Done(None)
    }

    fn sent(&mut self, t: u32, ch: u32, value: i64) {
        self.emit(EventKind::Sent {
            task: TaskId(t),
            ch: ResId(ch),
            value,
        });
    }

    fn received(&mut self, t: u32, ch: u32, value: i64) {
        self.emit(EventKind::Received {
            task: TaskId(t),
            ch: ResId(ch),
            value,
        });
    }
}
