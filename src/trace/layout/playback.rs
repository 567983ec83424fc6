//! Playback speed and the playhead's motion: how far virtual time advances per real millisecond.
//!
//! Speed 1× moves the playhead across the visible window in [`WINDOW_MS`] of real time, whatever
//! the run's length: a 2 ms run and a 10 min run both visibly animate, and zooming in slows the
//! playhead in virtual time so that its motion on screen stays the same. When the whole run is
//! in view (the default after each run), 1× plays the whole run in 5 s.

/// Real milliseconds the playhead takes to cross the visible window at 1×.
pub const WINDOW_MS: f64 = 5000.0;

/// The slowest and fastest speeds the slider offers.
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 100.0;

/// Slider positions run from 0 to this; the mapping is logarithmic.
pub const SLIDER_STEPS: u32 = 300;

/// The speed at a slider position: 0 → 0.1×, 100 → 1×, 200 → 10×, 300 → 100×.
pub fn speed_at(pos: u32) -> f64 {
    let pos = pos.min(SLIDER_STEPS) as f64 / SLIDER_STEPS as f64;
    MIN_SPEED * (MAX_SPEED / MIN_SPEED).powf(pos)
}

/// The slider position closest to a speed.
pub fn slider_at(speed: f64) -> u32 {
    let speed = if speed.is_finite() {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    } else {
        1.0
    };
    let pos = (speed / MIN_SPEED).ln() / (MAX_SPEED / MIN_SPEED).ln();
    (pos * SLIDER_STEPS as f64).round() as u32
}

/// A speed as the slider's label shows it: `0.1×`, `0.5×`, `1×`, `12×`.
pub fn speed_label(speed: f64) -> String {
    if speed < 0.95 {
        format!("{speed:.1}×")
    } else if speed < 9.95 {
        let s = format!("{speed:.1}");
        format!("{}×", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{speed:.0}×")
    }
}

/// Virtual µs the playhead advances in `dt_ms` real milliseconds at `speed`, with `span_us` of
/// virtual time on screen. Long pauses (a background tab) advance at most 100 ms worth.
pub fn advance(dt_ms: f64, speed: f64, span_us: f64) -> f64 {
    let dt = if dt_ms.is_finite() {
        dt_ms.clamp(0.0, 100.0)
    } else {
        0.0
    };
    dt * speed * span_us / WINDOW_MS
}
