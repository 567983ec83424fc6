//! A short lock over one word, for the few loads and stores that update a channel's ring or a
//! condition variable's queue together: 0 free, 1 held, 2 held while someone may be parked on
//! it. It is never held across a wait, so a thread mostly finds it free.

use super::{Memory, SLICE_MS};

pub fn lock(mem: &(impl Memory + ?Sized), g: usize) {
    if mem.compare_exchange(g, 0, 1).is_ok() {
        return;
    }
    loop {
        if super::mutex::spin_while(mem, g, 1) && mem.compare_exchange(g, 0, 1).is_ok() {
            return;
        }
        if mem.swap(g, 2) == 0 {
            return;
        }
        mem.wait(g, 2, SLICE_MS);
    }
}

pub fn unlock(mem: &(impl Memory + ?Sized), g: usize) {
    if mem.swap(g, 0) == 2 {
        mem.notify(g, 1);
    }
}
