//! The one counter that numbers every run the views show (simulated, live, replayed from a
//! link or the explorer), so a new run is always told from the one on screen.

use std::cell::Cell;

thread_local! {
    static LAST: Cell<u32> = const { Cell::new(0) };
}

/// A number no run of this page had before.
pub fn next_generation() -> u32 {
    LAST.with(|last| {
        let next = last.get().wrapping_add(1).max(1);
        last.set(next);
        next
    })
}
