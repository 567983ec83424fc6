//! The cooperative executor: task arena, ready queue, wakers, timers behind a clock trait.
