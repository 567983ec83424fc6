//! A futex mutex in two words: the lock word (0 when free, else its owner's tag, with
//! [`CONTENDED`] set once someone may be parked on it) and the tag of the last task to unlock
//! it (so a woken waiter can say who woke it).
//!
//! It is not FIFO: unlock frees the word and wakes one parked thread, and any thread that
//! tries before that one runs takes the lock first. Real locks barge; the simulator's do not.

use super::{tag, untag, GaveUp, Memory, Waiting, SLICE_MS};

/// Words per mutex: the lock word, then the last unlocker.
pub const WORDS: usize = 2;
/// Set in the lock word when a thread may be parked on it: unlock must wake one.
pub const CONTENDED: i32 = 1 << 30;
/// The owner's tag within a lock word.
pub const OWNER_MASK: i32 = CONTENDED - 1;

/// How a lock was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// It was free.
    AtOnce,
    /// After waiting; the task that last unlocked it, if known, handed it over.
    AfterWaiting { unlocked_by: Option<u32> },
}

/// The task holding the mutex at word `at`, if any.
pub fn owner(mem: &(impl Memory + ?Sized), at: usize) -> Option<u32> {
    untag(mem.load(at))
}

/// Takes the mutex for `me` if it is free.
pub fn try_lock(mem: &(impl Memory + ?Sized), at: usize, me: u32) -> bool {
    mem.compare_exchange(at, 0, tag(me)).is_ok()
}

/// Takes the mutex for `me`, parking while another task holds it.
pub fn lock(
    mem: &(impl Memory + ?Sized),
    at: usize,
    me: u32,
    waiting: &mut impl Waiting,
) -> Result<Taken, GaveUp> {
    if try_lock(mem, at, me) {
        return Ok(Taken::AtOnce);
    }
    let mut told = false;
    loop {
        let (marked, holder) = match take_or_mark(mem, at, me) {
            Look::Taken => {
                let unlocked_by = unlocked_by(mem, at);
                return Ok(Taken::AfterWaiting { unlocked_by });
            }
            Look::Park { marked, holder } => (marked, holder),
        };
        if !told {
            waiting.blocked(holder);
            told = true;
        }
        if waiting.give_up() {
            // The mark stays: the next unlock wakes a thread that may not be there, which
            // costs one spurious wake-up and nothing else.
            return Err(GaveUp);
        }
        if spin_while(mem, at, marked) {
            continue;
        }
        mem.wait(at, marked, SLICE_MS);
    }
}

/// How many times a thread looks at a held lock before it parks. Parking and being woken cost
/// tens of microseconds in a browser, more than many critical sections last; a short spin takes
/// the lock a few microseconds after its unlock, and a long hold still parks soon.
pub const SPIN_LOOKS: u32 = 40_000;

/// Looks at word `at` until it no longer reads `word` (true) or [`SPIN_LOOKS`] run out.
pub(super) fn spin_while(mem: &(impl Memory + ?Sized), at: usize, word: i32) -> bool {
    for _ in 0..SPIN_LOOKS {
        if mem.load(at) != word {
            return true;
        }
        std::hint::spin_loop();
    }
    false
}

/// What a waiter found when it looked at the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// It was free, and now `me` holds it.
    Taken,
    /// Another task holds it, and the word is marked so that its unlock wakes someone: park
    /// while the word still reads `marked`.
    Park { marked: i32, holder: Option<u32> },
}

/// One look by a task that may have to wait: takes the lock if it is free, else marks it
/// contended. A thread parks on the answer ([`lock`]); an async task awaits it.
pub fn take_or_mark(mem: &(impl Memory + ?Sized), at: usize, me: u32) -> Look {
    loop {
        let word = mem.load(at);
        if word == 0 {
            // Others may still be parked behind us: keep the mark so our unlock wakes one.
            if mem.compare_exchange(at, 0, tag(me) | CONTENDED).is_ok() {
                return Look::Taken;
            }
            continue;
        }
        let marked = word | CONTENDED;
        if word != marked && mem.compare_exchange(at, word, marked).is_err() {
            continue;
        }
        return Look::Park {
            marked,
            holder: untag(word),
        };
    }
}

/// The task that unlocked the mutex last, which woke whoever takes it after a wait.
pub fn unlocked_by(mem: &(impl Memory + ?Sized), at: usize) -> Option<u32> {
    untag(mem.load(at + 1))
}

/// The holder is not the task that unlocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotOwner {
    pub holder: Option<u32>,
}

/// Frees the mutex `me` holds, and wakes one parked thread if any may be waiting.
pub fn unlock(mem: &(impl Memory + ?Sized), at: usize, me: u32) -> Result<(), NotOwner> {
    let holder = owner(mem, at);
    if holder != Some(me) {
        return Err(NotOwner { holder });
    }
    mem.store(at + 1, tag(me));
    if mem.swap(at, 0) & CONTENDED != 0 {
        mem.notify(at, 1);
    }
    Ok(())
}
