//! A condition variable in shared memory: a queue of waiting tasks in a ring of cells behind a
//! short guard, and one signal word per task, on which each waiter parks alone.
//!
//! It keeps the simulator's order: `notify` wakes the task that has waited longest, and
//! `notify_all` wakes every waiter in the order they came; a notify with no waiter is lost, and
//! a waiter wakes only when notified (no spurious wake-ups: a notify signals one task's word).
//! The mutex a waiter lets go of and takes back is the shared-memory mutex (`shm::mutex`), so
//! the re-lock after a wake is not FIFO.

use super::{guard, tag, untag, GaveUp, Memory, Waiting, SLICE_MS};

/// Words per condition variable: the guard, the queue's head, its length.
pub const WORDS: usize = 3;

/// Where one condition variable is: its words at `at`, its queue of at most `cap` waiters in
/// the cells from `cells`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cv {
    pub at: usize,
    pub cells: usize,
    pub cap: u32,
}

impl Cv {
    fn guard(self) -> usize {
        self.at
    }
    fn head(self) -> usize {
        self.at + 1
    }
    fn len(self) -> usize {
        self.at + 2
    }
    fn slot(self, i: i32) -> usize {
        self.cells + (i as u32 % self.cap.max(1)) as usize
    }
}

/// The queue was full: more waiters than the run has tasks, which cannot happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Full;

/// Puts `me` at the back of the queue. Called while `me` still holds the mutex, before it lets
/// go of it, so that a notify after the unlock finds it waiting. `signal` is `me`'s signal word.
pub fn enqueue(mem: &(impl Memory + ?Sized), cv: Cv, me: u32, signal: usize) -> Result<(), Full> {
    mem.store(signal, 0);
    guard::lock(mem, cv.guard());
    let len = mem.load(cv.len());
    if len as u32 >= cv.cap {
        guard::unlock(mem, cv.guard());
        return Err(Full);
    }
    let head = mem.load(cv.head());
    mem.store_cell(cv.slot(head + len), i64::from(me));
    mem.store(cv.len(), len + 1);
    guard::unlock(mem, cv.guard());
    Ok(())
}

/// The notifier, once a notify has signalled the word `signal` of a waiter; `None` while it
/// has not. A waiter that cannot park looks here between its awaits.
pub fn notified(mem: &(impl Memory + ?Sized), signal: usize) -> Option<Option<u32>> {
    let word = mem.load(signal);
    (word != 0).then(|| untag(word))
}

/// Takes `me` out of the queue as it gives up: true if it was still there, false if a notify
/// took it out first (then the notify was its).
pub fn give_up(mem: &(impl Memory + ?Sized), cv: Cv, me: u32) -> bool {
    guard::lock(mem, cv.guard());
    let left = leave(mem, cv, me);
    guard::unlock(mem, cv.guard());
    left
}

/// The notifier of a waiter that a notify has taken off the queue, once the notify has
/// signalled its word (which it does right after, outside the guard); `None` if the signal
/// does not come within a few spins, which only a notifier that died in between causes.
pub fn notifier_of_taken(mem: &(impl Memory + ?Sized), signal: usize) -> Option<u32> {
    for _ in 0..4 {
        if let Some(by) = notified(mem, signal) {
            return by;
        }
        super::mutex::spin_while(mem, signal, 0);
    }
    None
}

/// Parks `me` until a notify signals it; answers the notifier. A waiter that gives up leaves
/// the queue, unless a notify took it out first: then the notify was its, and it goes on.
pub fn await_notify(
    mem: &(impl Memory + ?Sized),
    cv: Cv,
    me: u32,
    signal: usize,
    waiting: &mut impl Waiting,
) -> Result<Option<u32>, GaveUp> {
    waiting.blocked(None);
    loop {
        if let Some(by) = notified(mem, signal) {
            return Ok(by);
        }
        if waiting.give_up() {
            if give_up(mem, cv, me) {
                return Err(GaveUp);
            }
            continue;
        }
        mem.wait(signal, 0, SLICE_MS);
    }
}

/// `me` notifies: wakes the longest waiter, or every waiter if `all`, and answers whom, in
/// order. `signal_of` names a task's signal word.
pub fn notify(
    mem: &(impl Memory + ?Sized),
    cv: Cv,
    me: u32,
    all: bool,
    signal_of: impl Fn(u32) -> usize,
) -> Vec<u32> {
    guard::lock(mem, cv.guard());
    let mut woken = Vec::new();
    let (mut head, mut len) = (mem.load(cv.head()), mem.load(cv.len()));
    while len > 0 && (all || woken.is_empty()) {
        let task = mem.load_cell(cv.slot(head)) as u32;
        head = ((head as u32 + 1) % cv.cap.max(1)) as i32;
        len -= 1;
        woken.push(task);
    }
    mem.store(cv.head(), head);
    mem.store(cv.len(), len);
    guard::unlock(mem, cv.guard());
    for &task in &woken {
        mem.store(signal_of(task), tag(me));
        // Everyone on the word: only its task waits there, but an async task's earlier await,
        // given up when its `timeout` expired, may still be registered ahead of its new one.
        mem.notify(signal_of(task), u32::MAX);
    }
    woken
}

/// The tasks waiting now, longest first.
pub fn waiters(mem: &(impl Memory + ?Sized), cv: Cv) -> Vec<u32> {
    guard::lock(mem, cv.guard());
    let (head, len) = (mem.load(cv.head()), mem.load(cv.len()));
    let tasks = (0..len)
        .map(|i| mem.load_cell(cv.slot(head + i)) as u32)
        .collect();
    guard::unlock(mem, cv.guard());
    tasks
}

/// Takes `me` out of the queue, keeping the others' order; false if it is not there. Under the
/// guard.
fn leave(mem: &(impl Memory + ?Sized), cv: Cv, me: u32) -> bool {
    let (head, len) = (mem.load(cv.head()), mem.load(cv.len()));
    let Some(i) = (0..len).find(|&i| mem.load_cell(cv.slot(head + i)) == i64::from(me)) else {
        return false;
    };
    for j in i..len - 1 {
        let next = mem.load_cell(cv.slot(head + j + 1));
        mem.store_cell(cv.slot(head + j), next);
    }
    mem.store(cv.len(), len - 1);
    true
}
