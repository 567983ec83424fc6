//! Telling a silently dead worker from a busy one: when to ping a quiet worker, and how long an
//! unanswered ping may wait before the worker is declared dead.
//!
//! A worker that throws reports an `error` event, but one the browser stops without a word
//! (killed for memory, closed by itself) just goes quiet. Quiet alone proves nothing: a worker
//! doing a `compute` cannot answer until the compute ends. So the watchdog pings a worker that
//! has been quiet for a while and waits, for the answer, longer than any uninterrupted stretch
//! of work the scenario can give one worker: all its computes back to back, slowed by the
//! machine's cores being shared, plus a margin for a busy machine.

use crate::model::{Micros, Scenario, Step, StepKind};

/// Quiet time after which a worker is pinged.
pub const QUIET_MS: f64 = 1000.0;

/// Margin added to the longest possible busy stretch (start-up, garbage collection, a loaded
/// machine).
pub const MARGIN_MS: f64 = 3000.0;

/// What to do about one worker now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Heard from recently, or a ping is on its way and still in time.
    Fine,
    /// Quiet for a while and not asked yet: ping it.
    Ping,
    /// It has not answered a ping for longer than it could possibly be busy.
    Dead,
}

/// The watchdog's limits for one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Watchdog {
    pub quiet_ms: f64,
    /// How long an unanswered ping may wait.
    pub answer_ms: f64,
}

impl Watchdog {
    /// Limits for `scenario` run live with `workers` busy at most at once on `cores` cores.
    pub fn for_scenario(scenario: &Scenario, workers: u32, cores: u32) -> Watchdog {
        let busy_ms = busy_bound_us(scenario) as f64 / 1000.0;
        // Computes on more workers than cores share the cores, so each takes longer.
        let sharing = (f64::from(workers.max(1)) / f64::from(cores.max(1))).max(1.0);
        Watchdog {
            quiet_ms: QUIET_MS,
            answer_ms: MARGIN_MS + 2.0 * busy_ms * sharing,
        }
    }

    /// The verdict on a worker last heard from at `heard_ms` and pinged at `pinged_ms`.
    pub fn verdict(&self, now_ms: f64, heard_ms: f64, pinged_ms: Option<f64>) -> Verdict {
        match pinged_ms {
            // Any message after the ping is an answer.
            Some(p) if heard_ms < p && now_ms - p > self.answer_ms => Verdict::Dead,
            Some(p) if heard_ms < p => Verdict::Fine,
            _ if now_ms - heard_ms > self.quiet_ms => Verdict::Ping,
            _ => Verdict::Fine,
        }
    }
}

/// The most compute time the scenario can ask for in total (every task, every replica, every
/// repetition): no worker can be kept busy without a pause for longer than that.
pub fn busy_bound_us(scenario: &Scenario) -> Micros {
    scenario.tasks.iter().fold(0, |sum: Micros, task| {
        let replicas = Micros::from(task.replicas.unwrap_or(1));
        sum.saturating_add(compute_us(&task.body).saturating_mul(replicas))
    })
}

fn compute_us(steps: &[Step]) -> Micros {
    steps.iter().fold(0, |sum: Micros, step| {
        let us = match &step.kind {
            StepKind::Compute { dur, .. } => *dur,
            StepKind::Repeat { count, body } => compute_us(body).saturating_mul(*count),
            StepKind::Timeout { body, .. } => compute_us(body),
            StepKind::Try { body, catch } => compute_us(body).saturating_add(compute_us(catch)),
            _ => 0,
        };
        sum.saturating_add(us)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(text: &str) -> Scenario {
        crate::model::load(text).expect("valid scenario")
    }

    #[test]
    fn busy_bound_counts_every_compute_replica_and_repetition() {
        let s = scenario(
            "job j x2 {\n  compute 10ms\n  repeat 3 {\n    compute 1ms\n    sleep 1s\n  }\n}\n\n\
             async a {\n  try {\n    compute 5ms\n  } catch {\n    compute 7ms\n  }\n  timeout 1s {\n    compute 2ms\n  }\n}\n",
        );
        // 2 × (10 + 3 × 1) + (5 + 7 + 2) = 26 + 14 ms; sleeps do not count.
        assert_eq!(busy_bound_us(&s), 40_000);
    }

    #[test]
    fn busy_bound_saturates_instead_of_overflowing() {
        let s = scenario(
            "thread t x1000 {\n  repeat 1000000000 {\n    repeat 1000000000 {\n      compute 1s\n    }\n  }\n}\n",
        );
        assert_eq!(busy_bound_us(&s), Micros::MAX);
        let w = Watchdog::for_scenario(&s, 4, 2);
        // A run this long meets its time limit first; the watchdog never calls it dead.
        assert!(w.answer_ms > 1e15);
        assert_eq!(w.verdict(1e12, 0.0, Some(1.0)), Verdict::Fine);
    }

    #[test]
    fn a_quiet_worker_is_pinged_then_declared_dead_only_after_the_allowance() {
        let s = scenario("job j {\n  compute 1s\n}\n");
        let w = Watchdog::for_scenario(&s, 2, 2);
        assert_eq!(w.answer_ms, 3000.0 + 2000.0);
        assert_eq!(w.verdict(500.0, 0.0, None), Verdict::Fine);
        assert_eq!(w.verdict(1500.0, 0.0, None), Verdict::Ping);
        assert_eq!(w.verdict(4000.0, 0.0, Some(1500.0)), Verdict::Fine);
        assert_eq!(w.verdict(6600.0, 0.0, Some(1500.0)), Verdict::Dead);
        // An answer, however late, clears it.
        assert_eq!(w.verdict(6600.0, 6000.0, Some(1500.0)), Verdict::Fine);
    }

    #[test]
    fn shared_cores_stretch_the_allowance() {
        let s = scenario("job j x8 {\n  compute 100ms\n}\n");
        let alone = Watchdog::for_scenario(&s, 2, 2);
        let crowded = Watchdog::for_scenario(&s, 8, 2);
        assert_eq!(alone.answer_ms, 3000.0 + 1600.0);
        assert_eq!(crowded.answer_ms, 3000.0 + 6400.0);
    }
}
