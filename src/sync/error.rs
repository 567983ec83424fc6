//! Errors of the sync primitives, with plain-words messages.

use std::fmt;

/// `send` on a closed channel; the message is given back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SendError<T> {
    Closed(T),
}

/// `recv` on a channel that is closed and empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecvError {
    Closed,
}

/// `try_send` could not send at once; the message is given back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TrySendError<T> {
    /// No room (and, for a rendezvous channel, no receiver waiting).
    Full(T),
    Closed(T),
}

/// `try_recv` found nothing to receive at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryRecvError {
    /// No message and no sender waiting, but the channel is open.
    Empty,
    Closed,
}

// Debug without requiring `T: Debug`, so `Result::unwrap` works for any message type.
impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Closed(..)")
    }
}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => f.write_str("Full(..)"),
            TrySendError::Closed(_) => f.write_str("Closed(..)"),
        }
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot send: the channel is closed")
    }
}

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot receive: the channel is closed and empty")
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => f.write_str("cannot send now: the channel is full"),
            TrySendError::Closed(_) => f.write_str("cannot send: the channel is closed"),
        }
    }
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryRecvError::Empty => f.write_str("nothing to receive yet: the channel is empty"),
            TryRecvError::Closed => f.write_str("cannot receive: the channel is closed and empty"),
        }
    }
}

impl<T> std::error::Error for SendError<T> {}
impl std::error::Error for RecvError {}
impl<T> std::error::Error for TrySendError<T> {}
impl std::error::Error for TryRecvError {}
