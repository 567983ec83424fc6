//! A counting semaphore in three words: the permits that are free, how many threads are parked
//! waiting for some, and the tag of the last task to release (so a woken waiter can say who
//! woke it). Not FIFO: whoever looks first after a release takes the permits.

use super::{tag, untag, GaveUp, Memory, Waiting, SLICE_MS};

/// Words per semaphore: free permits, parked waiters, last releaser.
pub const WORDS: usize = 3;

/// Sets the semaphore at `at` up with `permits` free permits.
pub fn init(mem: &(impl Memory + ?Sized), at: usize, permits: i32) {
    mem.store(at, permits);
    mem.store(at + 1, 0);
    mem.store(at + 2, 0);
}

/// The task that released permits last.
pub fn released_by(mem: &(impl Memory + ?Sized), at: usize) -> Option<u32> {
    untag(mem.load(at + 2))
}

/// Takes `n` permits if that many are free.
pub fn try_acquire(mem: &(impl Memory + ?Sized), at: usize, n: i32) -> bool {
    let free = mem.load(at);
    free >= n && mem.compare_exchange(at, free, free - n).is_ok()
}

/// One look by a task that may have to wait: `None` if it took `n` permits, else the free
/// count it saw, which the word must still hold for its wait to begin (an async task awaits
/// on it; [`acquire`] parks).
pub fn look(mem: &(impl Memory + ?Sized), at: usize, n: i32) -> Option<i32> {
    loop {
        let free = mem.load(at);
        if free < n {
            return Some(free);
        }
        if mem.compare_exchange(at, free, free - n).is_ok() {
            return None;
        }
    }
}

/// Takes `n` permits, parking until that many are free. Returns whether it had to wait.
pub fn acquire(
    mem: &(impl Memory + ?Sized),
    at: usize,
    n: i32,
    waiting: &mut impl Waiting,
) -> Result<bool, GaveUp> {
    let mut told = false;
    loop {
        let Some(free) = look(mem, at, n) else {
            return Ok(told);
        };
        if !told {
            waiting.blocked(None);
            told = true;
        }
        if waiting.give_up() {
            return Err(GaveUp);
        }
        // Counted before the park and the word looked at again by `wait`: a release that
        // comes in between either sees the count or changes the word, so none is missed.
        mem.add(at + 1, 1);
        mem.wait(at, free, SLICE_MS);
        mem.add(at + 1, -1);
    }
}

/// `me` gives `n` permits back and wakes the parked threads, which look again.
pub fn release(mem: &(impl Memory + ?Sized), at: usize, n: i32, me: u32) {
    mem.store(at + 2, tag(me));
    mem.add(at, n);
    if mem.load(at + 1) > 0 {
        mem.notify(at, u32::MAX);
    }
}
