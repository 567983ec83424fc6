//! The executor's notion of time: a `Clock` trait in microseconds and a shared virtual clock.

use std::cell::Cell;

/// A time or a duration in whole microseconds, as everywhere in Interleave.
pub type Micros = u64;

/// Where the executor reads the time, and how it waits for the next timer.
///
/// The executor never reads the wall clock itself, so the same code runs in virtual time
/// (tests, the simulator's reference runs) and, later, against a real clock in a web worker.
pub trait Clock {
    /// The current time in microseconds since the clock's origin.
    fn now(&self) -> Micros;

    /// Makes time reach `deadline`, if this clock can do that by itself.
    ///
    /// A virtual clock jumps; a blocking native clock may sleep. A clock that cannot wait here
    /// (a browser, which must return to its event loop and use `setTimeout`) returns `false`,
    /// and `Executor::run` then hands control back to its caller.
    fn wait_until(&self, deadline: Micros) -> bool {
        let _ = deadline;
        false
    }
}

/// A clock that only moves when told to: `advance`, `jump_to`, or the executor's `run`.
///
/// Share it with `Rc<VirtualClock>`: the executor and the test both hold a reference.
#[derive(Debug, Default)]
pub struct VirtualClock {
    /// The current virtual time.
    now: Cell<Micros>,
}

// ===== impl VirtualClock =====

impl VirtualClock {
    /// A virtual clock at time 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// A virtual clock starting at `start`.
    pub fn starting_at(start: Micros) -> Self {
        Self {
            now: Cell::new(start),
        }
    }

    /// Moves time forward by `by` microseconds (saturating, never wraps).
    pub fn advance(&self, by: Micros) {
        self.now.set(self.now.get().saturating_add(by));
    }

    /// Moves time to `to`; a time in the past is ignored because time never goes backwards.
    pub fn jump_to(&self, to: Micros) {
        if to > self.now.get() {
            self.now.set(to);
        }
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Micros {
        self.now.get()
    }

    fn wait_until(&self, deadline: Micros) -> bool {
        self.jump_to(deadline);
        true
    }
}
