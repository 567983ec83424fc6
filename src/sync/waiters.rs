//! The one FIFO waiter list behind every primitive: tickets, fair hand-off, clean cancellation.
//!
//! Primitives hand the resource directly to the longest waiter ("grant") instead of waking it
//! to race for it, so no newcomer can barge past a queue. A granted waiter stays in the list
//! until its future sees the grant; if the future is dropped first, the primitive takes the
//! grant back from [`WaiterList::remove`] and passes it on, so no wake-up is ever lost.

use std::collections::VecDeque;
use std::task::Waker;

/// A waiter's place in a list; tickets only grow, so their order is the arrival order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ticket(u64);

/// One registered waiter.
#[derive(Debug)]
struct Waiter<T> {
    ticket: Ticket,
    /// Whom to wake on grant; `None` until the waiter's future is first polled.
    waker: Option<Waker>,
    /// What the primitive needs to know about the request, or what it hands over.
    data: T,
}

/// A waiter removed before it saw its grant.
#[derive(Debug)]
pub(crate) struct Removed<T> {
    /// The primitive had already granted it: the caller must pass the grant on.
    pub granted: bool,
    pub data: T,
}

/// Waiters in arrival order: a prefix of granted ones, then the ones still waiting.
#[derive(Debug)]
pub(crate) struct WaiterList<T> {
    /// Sorted by ticket; `entries[..granted]` were granted, the rest wait.
    entries: VecDeque<Waiter<T>>,
    /// How many entries at the front have been granted.
    granted: usize,
    /// The next ticket to hand out.
    next_ticket: u64,
}

impl<T> Default for WaiterList<T> {
    fn default() -> Self {
        Self {
            entries: VecDeque::new(),
            granted: 0,
            next_ticket: 0,
        }
    }
}

// ===== impl WaiterList =====

impl<T> WaiterList<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a waiter at the back of the queue.
    pub fn push(&mut self, data: T, waker: Option<&Waker>) -> Ticket {
        let ticket = Ticket(self.next_ticket);
        self.next_ticket += 1;
        self.entries.push_back(Waiter {
            ticket,
            waker: waker.cloned(),
            data,
        });
        ticket
    }

    fn position(&self, ticket: Ticket) -> Option<usize> {
        // Most lookups are for the front (the waiter just granted), so try it first.
        if self.entries.front().is_some_and(|w| w.ticket == ticket) {
            return Some(0);
        }
        self.entries
            .binary_search_by_key(&ticket, |w| w.ticket)
            .ok()
    }

    /// For the waiter's future: takes its grant (removing it) if it was granted; otherwise
    /// remembers the latest waker and returns `None`.
    pub fn poll(&mut self, ticket: Ticket, waker: &Waker) -> Option<T> {
        let index = self.position(ticket)?;
        if index < self.granted {
            self.granted -= 1;
            let removed = if index == 0 {
                self.entries.pop_front()
            } else {
                self.entries.remove(index)
            };
            return removed.map(|w| w.data);
        }
        let slot = &mut self.entries[index].waker;
        match slot {
            Some(w) if w.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
        None
    }

    /// For a dropped waiter future: removes it and says whether it had been granted.
    pub fn remove(&mut self, ticket: Ticket) -> Option<Removed<T>> {
        let index = self.position(ticket)?;
        let granted = index < self.granted;
        if granted {
            self.granted -= 1;
        }
        self.entries.remove(index).map(|w| Removed {
            granted,
            data: w.data,
        })
    }

    /// Whether some waiter has not been granted yet.
    pub fn has_waiting(&self) -> bool {
        self.entries.len() > self.granted
    }

    /// Number of waiters not granted yet.
    pub fn waiting_len(&self) -> usize {
        self.entries.len() - self.granted
    }

    /// The request of the longest waiter not granted yet.
    pub fn front_waiting(&self) -> Option<&T> {
        self.entries.get(self.granted).map(|w| &w.data)
    }

    /// Grants the longest waiter, letting `f` update its data (e.g. hand it a message).
    /// Returns `f`'s result and the waker to call once the caller's borrows are released.
    pub fn grant_front_with<R>(
        &mut self,
        f: impl FnOnce(&mut T) -> R,
    ) -> Option<(R, Option<Waker>)> {
        let waiter = self.entries.get_mut(self.granted)?;
        self.granted += 1;
        let result = f(&mut waiter.data);
        Some((result, waiter.waker.take()))
    }

    /// Grants the longest waiter; `None` if nobody waits, else the waker to call.
    pub fn grant_front(&mut self) -> Option<Option<Waker>> {
        self.grant_front_with(|_| ()).map(|(_, waker)| waker)
    }

    /// Grants every waiter, in order, letting `f` update each one's data; their wakers are
    /// appended to `wakers`.
    pub fn grant_all_with(&mut self, mut f: impl FnMut(&mut T), wakers: &mut Wakers) {
        while let Some(((), waker)) = self.grant_front_with(&mut f) {
            wakers.push(waker);
        }
    }
}

/// Wakers collected while a primitive is borrowed, to be woken in order once it is not.
/// Most operations wake at most one task, which needs no allocation.
#[derive(Debug, Default)]
pub(crate) struct Wakers {
    first: Option<Waker>,
    /// Only allocated when more than one task is woken (notify_all, close, rwlock readers).
    rest: Option<Vec<Waker>>,
}

impl Wakers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a waker (a waiter granted before its first poll has none).
    pub fn push(&mut self, waker: Option<Waker>) {
        let Some(waker) = waker else {
            return;
        };
        if self.first.is_none() {
            self.first = Some(waker);
        } else {
            self.rest.get_or_insert_with(Vec::new).push(waker);
        }
    }

    /// Wakes them all, in the order they were added.
    pub fn wake(self) {
        if let Some(first) = self.first {
            first.wake();
        }
        if let Some(rest) = self.rest {
            for waker in rest {
                waker.wake();
            }
        }
    }
}
