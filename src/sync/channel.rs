//! A FIFO channel: unbounded, bounded, or rendezvous (capacity 0), with `close`.

use super::error::{RecvError, SendError, TryRecvError, TrySendError};
use super::waiters::{Ticket, WaiterList, Wakers};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct ChanState<T> {
    /// Messages sent and not received yet.
    buf: VecDeque<T>,
    /// `None` for unbounded; `Some(0)` for rendezvous.
    capacity: Option<usize>,
    closed: bool,
    /// Senders waiting for room, each holding its message until a receiver takes it. A grant
    /// leaves `None` (delivered) or, on close, the message (not delivered).
    senders: WaiterList<Option<T>>,
    /// Receivers waiting for a message; a grant hands them `Some(message)`, or `None` on close.
    receivers: WaiterList<Option<T>>,
}

impl<T> ChanState<T> {
    fn has_room(&self) -> bool {
        self.capacity.is_none_or(|cap| self.buf.len() < cap)
    }

    /// Delivers `value` to the longest waiting receiver, or gives it back if none waits.
    fn hand_to_receiver(&mut self, value: T, wakers: &mut Wakers) -> Option<T> {
        if !self.receivers.has_waiting() {
            return Some(value);
        }
        if let Some(((), waker)) = self.receivers.grant_front_with(|slot| *slot = Some(value)) {
            wakers.push(waker);
        }
        None
    }

    /// Takes the message of the longest waiting sender (who then completes).
    fn take_from_sender(&mut self, wakers: &mut Wakers) -> Option<T> {
        let (value, waker) = self.senders.grant_front_with(Option::take)?;
        wakers.push(waker);
        value
    }

    /// Sends without waiting if possible; gives the message back otherwise.
    fn try_send(&mut self, value: T, wakers: &mut Wakers) -> Result<(), TrySendError<T>> {
        if self.closed {
            return Err(TrySendError::Closed(value));
        }
        // A receiver waits only when the buffer is empty, so handing over keeps FIFO order.
        let Some(value) = self.hand_to_receiver(value, wakers) else {
            return Ok(());
        };
        if self.has_room() {
            self.buf.push_back(value);
            Ok(())
        } else {
            Err(TrySendError::Full(value))
        }
    }

    /// Receives without waiting if possible.
    fn try_recv(&mut self, wakers: &mut Wakers) -> Result<T, TryRecvError> {
        if let Some(value) = self.buf.pop_front() {
            // Room was made: the longest waiting sender's message moves into the buffer.
            if let Some(next) = self.take_from_sender(wakers) {
                self.buf.push_back(next);
            }
            return Ok(value);
        }
        // Empty buffer with a waiting sender: a rendezvous channel.
        if let Some(value) = self.take_from_sender(wakers) {
            return Ok(value);
        }
        if self.closed {
            Err(TryRecvError::Closed)
        } else {
            Err(TryRecvError::Empty)
        }
    }
}

/// A multi-producer, multi-consumer FIFO channel for tasks on one thread; share it with `Rc`.
pub struct Channel<T> {
    state: RefCell<ChanState<T>>,
}

// ===== impl Channel =====

impl<T> Channel<T> {
    fn with_capacity(capacity: Option<usize>) -> Self {
        Self {
            state: RefCell::new(ChanState {
                buf: VecDeque::new(),
                capacity,
                closed: false,
                senders: WaiterList::new(),
                receivers: WaiterList::new(),
            }),
        }
    }

    /// A channel whose sends never wait.
    pub fn unbounded() -> Self {
        Self::with_capacity(None)
    }

    /// A channel holding at most `capacity` messages; 0 makes it a rendezvous channel, where a
    /// send completes only when a receiver takes the message.
    pub fn bounded(capacity: usize) -> Self {
        Self::with_capacity(Some(capacity))
    }

    /// Sends `value`, waiting for room (or, at capacity 0, for a receiver) in FIFO order.
    /// Fails at once on a closed channel; a sender waiting when the channel closes fails too.
    pub fn send(&self, value: T) -> SendFuture<'_, T> {
        SendFuture {
            ch: self,
            value: Some(value),
            ticket: None,
        }
    }

    /// Receives the oldest message, waiting for one in FIFO order. Fails once the channel is
    /// closed and empty.
    pub fn recv(&self) -> RecvFuture<'_, T> {
        RecvFuture {
            ch: self,
            ticket: None,
        }
    }

    /// Sends without waiting.
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        let mut wakers = Wakers::new();
        let result = self.state.borrow_mut().try_send(value, &mut wakers);
        wakers.wake();
        result
    }

    /// Receives without waiting.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut wakers = Wakers::new();
        let result = self.state.borrow_mut().try_recv(&mut wakers);
        wakers.wake();
        result
    }

    /// Closes the channel: later sends fail, receivers drain what is buffered and then fail,
    /// and every waiting sender and receiver is woken to fail. Closing twice does nothing.
    pub fn close(&self) {
        let mut wakers = Wakers::new();
        {
            let mut state = self.state.borrow_mut();
            if state.closed {
                return;
            }
            state.closed = true;
            state.receivers.grant_all_with(|_| (), &mut wakers);
            // Waiting senders keep their undelivered message, which tells them they failed.
            state.senders.grant_all_with(|_| (), &mut wakers);
        }
        wakers.wake();
    }

    pub fn is_closed(&self) -> bool {
        self.state.borrow().closed
    }

    /// Messages buffered now.
    pub fn len(&self) -> usize {
        self.state.borrow().buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.state.borrow().buf.is_empty()
    }

    /// `None` for an unbounded channel.
    pub fn capacity(&self) -> Option<usize> {
        self.state.borrow().capacity
    }

    /// Senders and receivers waiting.
    pub fn waiting(&self) -> (usize, usize) {
        let state = self.state.borrow();
        (state.senders.waiting_len(), state.receivers.waiting_len())
    }
}

impl<T> fmt::Debug for Channel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("Channel")
            .field("len", &state.buf.len())
            .field("capacity", &state.capacity)
            .field("closed", &state.closed)
            .finish()
    }
}

/// The future of [`Channel::send`]. Dropping it while it waits withdraws the message.
#[must_use = "futures do nothing unless awaited"]
pub struct SendFuture<'a, T> {
    ch: &'a Channel<T>,
    /// The message until it is sent or queued.
    value: Option<T>,
    ticket: Option<Ticket>,
}

impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = Result<(), SendError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut wakers = Wakers::new();
        let poll = {
            let mut state = self.ch.state.borrow_mut();
            match (self.ticket, self.value.take()) {
                (None, Some(value)) => match state.try_send(value, &mut wakers) {
                    Ok(()) => Poll::Ready(Ok(())),
                    Err(TrySendError::Closed(value)) => Poll::Ready(Err(SendError::Closed(value))),
                    Err(TrySendError::Full(value)) => {
                        let ticket = state.senders.push(Some(value), Some(cx.waker()));
                        self.ticket = Some(ticket);
                        Poll::Pending
                    }
                },
                (Some(ticket), _) => match state.senders.poll(ticket, cx.waker()) {
                    Some(None) => {
                        self.ticket = None;
                        Poll::Ready(Ok(()))
                    }
                    Some(Some(value)) => {
                        self.ticket = None;
                        Poll::Ready(Err(SendError::Closed(value)))
                    }
                    None => Poll::Pending,
                },
                (None, None) => panic!("SendFuture polled after it returned"),
            }
        };
        wakers.wake();
        poll
    }
}

impl<T> Drop for SendFuture<'_, T> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            // Granted or not, nothing to pass on: a granted sender's message was delivered
            // (or the channel closed); a waiting one's message is withdrawn with it.
            let removed = self.ch.state.borrow_mut().senders.remove(ticket);
            drop(removed);
        }
    }
}

/// The future of [`Channel::recv`]. Dropping it after a message was handed to it gives the
/// message to the next waiting receiver, or back to the front of the buffer.
#[must_use = "futures do nothing unless awaited"]
pub struct RecvFuture<'a, T> {
    ch: &'a Channel<T>,
    ticket: Option<Ticket>,
}

impl<T> Future for RecvFuture<'_, T> {
    type Output = Result<T, RecvError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut wakers = Wakers::new();
        let poll = {
            let mut state = self.ch.state.borrow_mut();
            match self.ticket {
                None => match state.try_recv(&mut wakers) {
                    Ok(value) => Poll::Ready(Ok(value)),
                    Err(TryRecvError::Closed) => Poll::Ready(Err(RecvError::Closed)),
                    Err(TryRecvError::Empty) => {
                        self.ticket = Some(state.receivers.push(None, Some(cx.waker())));
                        Poll::Pending
                    }
                },
                Some(ticket) => match state.receivers.poll(ticket, cx.waker()) {
                    Some(got) => {
                        self.ticket = None;
                        Poll::Ready(got.ok_or(RecvError::Closed))
                    }
                    None => Poll::Pending,
                },
            }
        };
        wakers.wake();
        poll
    }
}

impl<T> Drop for RecvFuture<'_, T> {
    fn drop(&mut self) {
        let Some(ticket) = self.ticket.take() else {
            return;
        };
        let mut wakers = Wakers::new();
        {
            let mut state = self.ch.state.borrow_mut();
            if let Some(removed) = state.receivers.remove(ticket) {
                if let Some(value) = removed.data {
                    // Handed a message it will never return: keep it first in line.
                    if let Some(value) = state.hand_to_receiver(value, &mut wakers) {
                        state.buf.push_front(value);
                    }
                }
            }
        }
        wakers.wake();
    }
}
