//! The run's clock in a browser: `performance.timeOrigin + performance.now()`, which every
//! worker and the page read alike, as microseconds since the run's start.

use crate::exec::Clock;
use crate::model::Micros;
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use web_sys::Performance;

thread_local! {
    /// This context's `performance` object and its `timeOrigin`, looked up once.
    static PERF: Option<(Performance, f64)> = {
        let global = js_sys::global();
        Reflect::get(&global, &"performance".into())
            .ok()
            .filter(|p| p.is_object())
            .map(|p| {
                let p: Performance = p.unchecked_into();
                let origin = p.time_origin();
                (p, origin)
            })
    };
}

/// The longest delay `setTimeout` honours: browsers take anything longer (2^31 ms and up) as
/// 0 and fire at once.
const MAX_TIMEOUT_MS: u64 = i32::MAX as u64;

/// A delay of `us` microseconds as `setTimeout` milliseconds: rounded up, so a timer never
/// fires early, and capped at what browsers honour (about 24.8 days), so a far timer waits
/// and is armed again instead of firing at once.
pub fn timeout_ms(us: Micros) -> u32 {
    us.div_ceil(1000).min(MAX_TIMEOUT_MS) as u32
}

/// Milliseconds on the clock shared by every context: `timeOrigin + now()`.
pub fn epoch_ms() -> f64 {
    PERF.with(|p| p.as_ref().map_or(0.0, |(p, origin)| origin + p.now()))
}

/// `performance.now()` in milliseconds, or 0 where there is none.
pub fn now_ms() -> f64 {
    PERF.with(|p| p.as_ref().map_or(0.0, |(p, _)| p.now()))
}

/// Microseconds since the run's start `t0_ms` (an `epoch_ms` reading); never negative.
pub fn run_us(t0_ms: f64) -> Micros {
    let us = (epoch_ms() - t0_ms) * 1000.0;
    if us.is_finite() && us > 0.0 {
        us as Micros
    } else {
        0
    }
}

/// A real clock for the executor: it cannot wait by itself, so the worker drives the
/// executor again from a `setTimeout` when the next timer is due.
pub struct RealClock {
    t0_ms: std::cell::Cell<f64>,
}

impl RealClock {
    pub fn new(t0_ms: f64) -> Self {
        RealClock {
            t0_ms: std::cell::Cell::new(t0_ms),
        }
    }

    /// Moves the time origin (the run's clock starts when every worker is ready).
    pub fn set_origin(&self, t0_ms: f64) {
        self.t0_ms.set(t0_ms);
    }

    pub fn origin(&self) -> f64 {
        self.t0_ms.get()
    }
}

impl Clock for RealClock {
    fn now(&self) -> Micros {
        run_us(self.t0_ms.get())
    }
}
