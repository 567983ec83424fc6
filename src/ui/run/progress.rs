//! How far a big run has got, for the summary line's progress bar.

/// Which part of a big run is under way, for the progress text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    Simulating,
    LayingOut,
}

/// How far a big run has got.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub phase: Phase,
    /// The fraction of the phase done, `0.0..=1.0`.
    pub done: f64,
}
