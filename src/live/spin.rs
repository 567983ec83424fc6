//! The arithmetic that `compute` runs live: a fixed number of xorshift rounds, calibrated once.

/// Runs `iters` rounds of xorshift64 and returns the state, so the work cannot be optimised
/// away. Each round depends on the one before it: the loop cannot be vectorised either.
pub fn spin(iters: u64) -> u64 {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..iters {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    std::hint::black_box(x)
}

/// Iterations for `us` microseconds at `iters_per_us` (at least one per microsecond asked).
pub fn iterations(us: u64, iters_per_us: f64) -> u64 {
    let rate = if iters_per_us.is_finite() && iters_per_us > 0.0 {
        iters_per_us
    } else {
        1.0
    };
    ((us as f64) * rate).round().clamp(0.0, u64::MAX as f64) as u64
}

/// The rate measured by timing `spin(iters)`: iterations per microsecond, or `None` when the
/// clock did not move (too coarse to tell).
pub fn rate(iters: u64, elapsed_us: f64) -> Option<f64> {
    (elapsed_us > 0.0 && iters > 0).then(|| iters as f64 / elapsed_us)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_depends_on_the_count() {
        assert_ne!(spin(1), spin(2));
        assert_eq!(spin(100), spin(100));
    }

    #[test]
    fn iterations_scale_with_time_and_survive_a_bad_rate() {
        assert_eq!(iterations(1000, 2.5), 2500);
        assert_eq!(iterations(10, f64::NAN), 10);
        assert_eq!(iterations(10, -3.0), 10);
        assert_eq!(rate(1000, 0.0), None);
        assert_eq!(rate(1000, 500.0), Some(2.0));
    }
}
