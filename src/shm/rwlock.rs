//! A writer-preferring read-write lock in four words: the state (-1 while a writer holds it,
//! else the number of readers), the writers waiting, the writing task's tag, and the tag of the
//! last task to unlock it (so a woken waiter can say who woke it). A waiting
//! writer stops new readers, as in the simulator; who goes first among waiters is not FIFO.

use super::{tag, untag, GaveUp, Memory, Waiting, SLICE_MS};

/// Words per rwlock: state, waiting writers, writer, last unlocker.
pub const WORDS: usize = 4;
const WRITING: i32 = -1;

/// The task writing under the rwlock at `at`, if any.
pub fn writer(mem: &(impl Memory + ?Sized), at: usize) -> Option<u32> {
    (mem.load(at) == WRITING)
        .then(|| untag(mem.load(at + 2)))
        .flatten()
}

/// Takes a read lock if no writer holds or waits for the lock.
pub fn try_read(mem: &(impl Memory + ?Sized), at: usize) -> bool {
    let state = mem.load(at);
    state >= 0 && mem.load(at + 1) == 0 && mem.compare_exchange(at, state, state + 1).is_ok()
}

/// Takes a read lock, parking while a writer holds it or waits for it. Returns whether it
/// had to wait.
pub fn read(
    mem: &(impl Memory + ?Sized),
    at: usize,
    waiting: &mut impl Waiting,
) -> Result<bool, GaveUp> {
    let mut told = false;
    loop {
        let Some(state) = look_read(mem, at) else {
            return Ok(told);
        };
        if !told {
            waiting.blocked(writer(mem, at));
            told = true;
        }
        if waiting.give_up() {
            return Err(GaveUp);
        }
        mem.wait(at, state, SLICE_MS);
    }
}

/// One look by a reader that may have to wait: `None` if it took a read lock, else the state
/// the word must still hold for its wait to begin (a thread parks on it; an async task awaits).
pub fn look_read(mem: &(impl Memory + ?Sized), at: usize) -> Option<i32> {
    loop {
        let state = mem.load(at);
        if state >= 0 && mem.load(at + 1) == 0 {
            if mem.compare_exchange(at, state, state + 1).is_ok() {
                return None;
            }
            continue;
        }
        return Some(state);
    }
}

/// Takes the write lock for `me`, parking while anyone holds the lock. Returns whether it had
/// to wait.
pub fn write(
    mem: &(impl Memory + ?Sized),
    at: usize,
    me: u32,
    waiting: &mut impl Waiting,
) -> Result<bool, GaveUp> {
    announce_write(mem, at);
    let mut told = false;
    loop {
        let Some(state) = look_write(mem, at, me) else {
            return Ok(told);
        };
        if !told {
            waiting.blocked(writer(mem, at));
            told = true;
        }
        if waiting.give_up() {
            withdraw_write(mem, at);
            return Err(GaveUp);
        }
        mem.wait(at, state, SLICE_MS);
    }
}

/// Takes the write lock for `me` if nobody holds it.
pub fn try_write(mem: &(impl Memory + ?Sized), at: usize, me: u32) -> bool {
    let took = mem.compare_exchange(at, 0, WRITING).is_ok();
    if took {
        mem.store(at + 2, tag(me));
    }
    took
}

/// A writer says it waits: from now on new readers wait behind it.
pub fn announce_write(mem: &(impl Memory + ?Sized), at: usize) {
    mem.add(at + 1, 1);
}

/// One look by a writer that announced itself: `None` if it took the lock (which ends its
/// announcement), else the state the word must still hold for its wait to begin.
pub fn look_write(mem: &(impl Memory + ?Sized), at: usize, me: u32) -> Option<i32> {
    loop {
        if try_write(mem, at, me) {
            mem.add(at + 1, -1);
            return None;
        }
        let state = mem.load(at);
        if state != 0 {
            return Some(state);
        }
    }
}

/// An announced writer gives up: the readers it held back may go.
pub fn withdraw_write(mem: &(impl Memory + ?Sized), at: usize) {
    mem.add(at + 1, -1);
    mem.notify(at, u32::MAX);
}

/// The task that unlocked it last.
pub fn unlocked_by(mem: &(impl Memory + ?Sized), at: usize) -> Option<u32> {
    untag(mem.load(at + 3))
}

/// `me` gives a read lock back.
pub fn unlock_read(mem: &(impl Memory + ?Sized), at: usize, me: u32) {
    mem.store(at + 3, tag(me));
    if mem.add(at, -1) == 1 {
        mem.notify(at, u32::MAX);
    }
}

/// `me` gives the write lock back.
pub fn unlock_write(mem: &(impl Memory + ?Sized), at: usize, me: u32) {
    mem.store(at + 3, tag(me));
    mem.store(at + 2, 0);
    mem.store(at, 0);
    mem.notify(at, u32::MAX);
}
