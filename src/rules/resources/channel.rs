//! Channels: unbounded, bounded and rendezvous (capacity 0), with FIFO senders and receivers.
//!
//! A value goes straight to a waiting receiver, else into the buffer if there is room, else the
//! sender waits. A receive takes the buffer's front and lets the longest-waiting sender's value
//! in, or (rendezvous) takes a waiting sender's value directly. Closing wakes every waiter with
//! a failure; values already buffered can still be received.

use super::{get, Answer, Host, Kind, Pending, Res, Resume};
use crate::trace::{EventKind, ResId, TaskId, WakeCause};

/// `send CH V`.
pub fn send<H: Host>(h: &mut H, t: TaskId, ch: ResId, value: i64) -> Answer {
    let Some(Res::Chan {
        cap,
        buf,
        closed,
        senders,
        receivers,
    }) = get(h, ch)
    else {
        return Answer::NotA(ch, Kind::Channel);
    };
    if *closed {
        return Answer::Fail(send_closed(h.resource_name(ch)));
    }
    if let Some(r) = receivers.pop_front() {
        sent(h, t, ch, value);
        h.wakes(r, Some(t), WakeCause::Send(ch));
        received(h, r, ch, value);
        h.proceeds(r, Resume::Value(value));
        return Answer::Done(None);
    }
    let room = cap.is_none_or(|c| buf.len() < c as usize) && senders.is_empty();
    if !room {
        return Answer::Wait(Pending::Send(ch, value));
    }
    buf.push_back(value);
    sent(h, t, ch, value);
    Answer::Done(None)
}

/// `recv CH`: answers the value received.
pub fn recv<H: Host>(h: &mut H, t: TaskId, ch: ResId) -> Answer {
    let Some(Res::Chan {
        buf,
        closed,
        senders,
        ..
    }) = get(h, ch)
    else {
        return Answer::NotA(ch, Kind::Channel);
    };
    if let Some(value) = buf.pop_front() {
        // Room opened: the longest-waiting sender's value moves into the buffer.
        let moved = senders.pop_front();
        if let Some((_, v)) = moved {
            buf.push_back(v);
        }
        received(h, t, ch, value);
        if let Some((s, v)) = moved {
            sent(h, s, ch, v);
            h.wakes(s, Some(t), WakeCause::Recv(ch));
            h.proceeds(s, Resume::Done);
        }
        return Answer::Done(Some(value));
    }
    if let Some((s, v)) = senders.pop_front() {
        // Rendezvous: the value passes hand to hand.
        sent(h, s, ch, v);
        received(h, t, ch, v);
        h.wakes(s, Some(t), WakeCause::Recv(ch));
        h.proceeds(s, Resume::Done);
        return Answer::Done(Some(v));
    }
    if *closed {
        return Answer::Fail(recv_closed(h.resource_name(ch)));
    }
    Answer::Wait(Pending::Recv(ch))
}

/// `close CH`: wakes every receiver, then every sender, each with a failure.
pub fn close<H: Host>(h: &mut H, t: TaskId, ch: ResId) -> Answer {
    let Some(Res::Chan {
        closed,
        senders,
        receivers,
        ..
    }) = get(h, ch)
    else {
        return Answer::NotA(ch, Kind::Channel);
    };
    if *closed {
        return Answer::Fail(already_closed(h.resource_name(ch)));
    }
    *closed = true;
    let receivers = std::mem::take(receivers);
    let senders = std::mem::take(senders);
    h.record(EventKind::Closed { task: t, ch });
    let name = h.resource_name(ch).to_string();
    for r in receivers {
        h.wakes(r, Some(t), WakeCause::Close(ch));
        h.proceeds(r, Resume::Fail(recv_closed(&name)));
    }
    for (s, _) in senders {
        h.wakes(s, Some(t), WakeCause::Close(ch));
        h.proceeds(s, Resume::Fail(send_closed(&name)));
    }
    Answer::Done(None)
}

fn sent<H: Host>(h: &mut H, t: TaskId, ch: ResId, value: i64) {
    h.record(EventKind::Sent { task: t, ch, value });
}

fn received<H: Host>(h: &mut H, t: TaskId, ch: ResId, value: i64) {
    h.record(EventKind::Received { task: t, ch, value });
}

/// Why a `send` on closed channel `ch` fails.
pub fn send_closed(ch: &str) -> String {
    format!("send on closed channel {ch}")
}

/// Why a `recv` on closed and empty channel `ch` fails.
pub fn recv_closed(ch: &str) -> String {
    format!("recv on closed channel {ch}")
}

/// Why a second `close` of channel `ch` fails.
pub fn already_closed(ch: &str) -> String {
    format!("channel {ch} is already closed")
}
