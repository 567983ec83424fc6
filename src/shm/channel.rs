//! A bounded channel in shared memory, as an OS pipe is: a ring of 64-bit cells behind a short
//! guard, and one word that holds how many items are in it (and whether it is closed), on which
//! senders and receivers park.
//!
//! The items come out in the order they went in. The waiters are not served in order: a
//! sender that arrives when there is room puts its item in ahead of one that has waited, as a
//! real pipe lets it (the simulator's channel queues waiting senders first).
//!
//! Every operation is stamped under the guard with a time no earlier than the one before it,
//! so the trace shows each item received after it was sent, although each worker reads its own
//! clock.

use super::{guard, tag, untag, GaveUp, Memory, Waiting, SLICE_MS};

/// Words per channel: items (with [`CLOSED`]), the guard, the ring's head, parked waiters.
pub const WORDS: usize = 4;
/// Set in the items word once the channel is closed.
pub const CLOSED: i32 = 1 << 30;
/// Cells before the ring: last sender, last receiver, the closer, the last stamp.
pub const META_CELLS: usize = 4;

const SENT_BY: usize = 0;
const RECEIVED_BY: usize = 1;
const CLOSED_BY: usize = 2;
const STAMP: usize = 3;

/// Where one channel is: its words at `at`, its cells at `cells` (meta, then `cap` slots).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chan {
    pub at: usize,
    pub cells: usize,
    pub cap: u32,
}

impl Chan {
    /// Cells a channel of capacity `cap` needs.
    pub fn cells_for(cap: u32) -> usize {
        META_CELLS + cap as usize
    }
    /// The word holding the item count and [`CLOSED`]: waits are on it.
    pub fn items(self) -> usize {
        self.at
    }
    fn guard(self) -> usize {
        self.at + 1
    }
    fn head(self) -> usize {
        self.at + 2
    }
    /// The count of waiters parked on [`Chan::items`], counted before each wait begins: a
    /// send or receive notifies only when it is not 0.
    pub fn parked(self) -> usize {
        self.at + 3
    }
    fn slot(self, i: i32) -> usize {
        self.cells + META_CELLS + (i as u32 % self.cap.max(1)) as usize
    }
}

/// A send or receive that went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Done<T> {
    pub value: T,
    /// Its stamp (the caller's clock, never before the channel's previous operation).
    pub at: i64,
    /// `None` if it went through at once; after a wait, the task whose receive made room (for
    /// a send) or whose send brought the item (for a receive), if known.
    pub waited: Option<Option<u32>>,
}

/// Why a send or receive did not go through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The channel is closed (and, for a receive, empty). `woken_by` names the closer if the
    /// task had been waiting, which the close woke.
    Closed {
        woken_by: Option<Option<u32>>,
        at: i64,
    },
    /// The waiter gave up: cancelled, or its `timeout` expired.
    GaveUp,
}

impl From<GaveUp> for Refused {
    fn from(_: GaveUp) -> Self {
        Refused::GaveUp
    }
}

/// The channel was closed already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlreadyClosed;

/// What one look under the guard found: the operation over (`Ok`: done, or refused because the
/// channel is closed), or `Err` with the value the items word must still hold for a wait to
/// begin. A thread parks on that word ([`send`], [`recv`]); an async task awaits it.
pub type Look<T> = Result<Result<Done<T>, Refused>, i32>;

/// Puts `value` in, parking while the ring is full.
pub fn send(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    value: i64,
    me: u32,
    now: impl Fn() -> i64,
    waiting: &mut impl Waiting,
) -> Result<Done<()>, Refused> {
    let mut waited = false;
    loop {
        match try_send(mem, ch, value, me, &now, waited) {
            Ok(over) => return over,
            Err(state) => park(mem, ch, state, &mut waited, waiting)?,
        }
    }
}

/// Takes the oldest item out, parking while the ring is empty and open.
pub fn recv(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    me: u32,
    now: impl Fn() -> i64,
    waiting: &mut impl Waiting,
) -> Result<Done<i64>, Refused> {
    let mut waited = false;
    loop {
        match try_recv(mem, ch, me, &now, waited) {
            Ok(over) => return over,
            Err(state) => park(mem, ch, state, &mut waited, waiting)?,
        }
    }
}

/// One try to put `value` in; `waited` says whether the caller has waited before it, so that
/// the result names who ended the wait.
pub fn try_send(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    value: i64,
    me: u32,
    now: &impl Fn() -> i64,
    waited: bool,
) -> Look<()> {
    guard::lock(mem, ch.guard());
    let state = mem.load(ch.items());
    if state & CLOSED != 0 {
        return Ok(Err(refuse_closed(mem, ch, waited, now)));
    }
    if (state as u32) >= ch.cap {
        guard::unlock(mem, ch.guard());
        return Err(state);
    }
    mem.store_cell(ch.slot(mem.load(ch.head()) + state), value);
    mem.store_cell(ch.cells + SENT_BY, i64::from(tag(me)));
    let by = cell_tag(mem, ch.cells + RECEIVED_BY);
    let at = stamp(mem, ch, now);
    mem.store(ch.items(), state + 1);
    guard::unlock(mem, ch.guard());
    wake(mem, ch);
    Ok(Ok(Done {
        value: (),
        at,
        waited: waited.then_some(by),
    }))
}

/// One try to take the oldest item out; `waited` as for [`try_send`].
pub fn try_recv(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    me: u32,
    now: &impl Fn() -> i64,
    waited: bool,
) -> Look<i64> {
    guard::lock(mem, ch.guard());
    let state = mem.load(ch.items());
    if state & !CLOSED == 0 {
        if state & CLOSED != 0 {
            return Ok(Err(refuse_closed(mem, ch, waited, now)));
        }
        guard::unlock(mem, ch.guard());
        return Err(state);
    }
    let head = mem.load(ch.head());
    let value = mem.load_cell(ch.slot(head));
    mem.store(ch.head(), ((head as u32 + 1) % ch.cap.max(1)) as i32);
    mem.store_cell(ch.cells + RECEIVED_BY, i64::from(tag(me)));
    let by = cell_tag(mem, ch.cells + SENT_BY);
    let at = stamp(mem, ch, now);
    mem.store(ch.items(), state - 1);
    guard::unlock(mem, ch.guard());
    wake(mem, ch);
    Ok(Ok(Done {
        value,
        at,
        waited: waited.then_some(by),
    }))
}

/// Closes the channel for `me` and wakes every waiter; returns the close's stamp.
pub fn close(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    me: u32,
    now: impl Fn() -> i64,
) -> Result<i64, AlreadyClosed> {
    guard::lock(mem, ch.guard());
    let state = mem.load(ch.items());
    if state & CLOSED != 0 {
        guard::unlock(mem, ch.guard());
        return Err(AlreadyClosed);
    }
    mem.store_cell(ch.cells + CLOSED_BY, i64::from(tag(me)));
    let at = stamp(mem, ch, &now);
    mem.store(ch.items(), state | CLOSED);
    guard::unlock(mem, ch.guard());
    mem.notify(ch.items(), u32::MAX);
    Ok(at)
}

/// Items in the channel now, and whether it is closed.
pub fn look(mem: &(impl Memory + ?Sized), ch: Chan) -> (u32, bool) {
    let state = mem.load(ch.items());
    ((state & !CLOSED) as u32, state & CLOSED != 0)
}

/// Called under the guard, which it lets go.
fn refuse_closed(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    waited: bool,
    now: &impl Fn() -> i64,
) -> Refused {
    let by = cell_tag(mem, ch.cells + CLOSED_BY);
    let at = stamp(mem, ch, now);
    guard::unlock(mem, ch.guard());
    Refused::Closed {
        woken_by: waited.then_some(by),
        at,
    }
}

/// Waits, for one slice at most, while the items word still reads `state`: the caller looks
/// again either way. A wait that a short spin ends is no wait: `waiting` hears of the wait only
/// once the task is about to park, so a pipe whose other end keeps up posts no message to the
/// page for every item.
fn park(
    mem: &(impl Memory + ?Sized),
    ch: Chan,
    state: i32,
    waited: &mut bool,
    waiting: &mut impl Waiting,
) -> Result<(), GaveUp> {
    if super::mutex::spin_while(mem, ch.items(), state) {
        return Ok(());
    }
    if !*waited {
        waiting.blocked(None);
        *waited = true;
    }
    if waiting.give_up() {
        return Err(GaveUp);
    }
    // Counted before the park, and the word looked at again by `wait`: a change that comes in
    // between either sees the count or changes the word, so no wake-up is missed.
    mem.add(ch.parked(), 1);
    mem.wait(ch.items(), state, SLICE_MS);
    mem.add(ch.parked(), -1);
    Ok(())
}

fn wake(mem: &(impl Memory + ?Sized), ch: Chan) {
    if mem.load(ch.parked()) > 0 {
        mem.notify(ch.items(), u32::MAX);
    }
}

/// A stamp after the channel's last one, so that its operations are ordered by time alone. Under
/// the guard.
fn stamp(mem: &(impl Memory + ?Sized), ch: Chan, now: &impl Fn() -> i64) -> i64 {
    let at = now().max(mem.load_cell(ch.cells + STAMP) + 1);
    mem.store_cell(ch.cells + STAMP, at);
    at
}

fn cell_tag(mem: &(impl Memory + ?Sized), cell: usize) -> Option<u32> {
    untag(i32::try_from(mem.load_cell(cell)).unwrap_or(0))
}
