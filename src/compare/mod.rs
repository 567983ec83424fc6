//! The simulated and the live run of one scenario, side by side: per-task times, the makespan
//! difference, and where the difference comes from (worker start-up, message round trips,
//! late timers, `compute` stretched by shared cores).

mod barging;

use crate::model::{Micros, TaskKind};
use crate::rules::{Outcome, RunSummary, TaskState};
use crate::trace::{EventKind, TimerWhat, Trace};
pub use barging::{first_barging, Barging};
use std::collections::BTreeMap;

/// One task's life in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Life {
    pub start: Option<Micros>,
    pub end: Option<Micros>,
    pub state: TaskState,
}

/// One task in both runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDiff {
    pub name: String,
    pub kind: TaskKind,
    pub sim: Life,
    pub live: Life,
}

impl TaskDiff {
    /// Live end minus simulated end, when both ended.
    pub fn end_delta(&self) -> Option<i64> {
        Some(self.live.end? as i64 - self.sim.end? as i64)
    }
}

/// A kind of overhead: how often it happened, how much in all, the worst case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overhead {
    pub count: usize,
    pub total_us: Micros,
    pub max_us: Micros,
}

impl Overhead {
    fn add(&mut self, us: Micros) {
        self.count += 1;
        self.total_us = self.total_us.saturating_add(us);
        self.max_us = self.max_us.max(us);
    }

    /// The mean, or 0 when it never happened.
    pub fn mean_us(&self) -> Micros {
        match self.count {
            0 => 0,
            n => self.total_us / n as Micros,
        }
    }
}

/// The two runs compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub sim_outcome: Outcome,
    pub live_outcome: Outcome,
    pub sim_makespan: Micros,
    pub live_makespan: Micros,
    pub tasks: Vec<TaskDiff>,
    /// Threads and processes: live start-up (spawn to first run) beyond the simulated one.
    pub startup: Overhead,
    /// Requests answered at once by the coordinator: send-to-reply time.
    pub messages: Overhead,
    pub messages_p50_us: Micros,
    pub messages_p99_us: Micros,
    /// Timers (sleep, `at`, `after`): how late each fired.
    pub timers: Overhead,
    /// `compute` steps: how much longer each took live than simulated.
    pub compute: Overhead,
    /// The first time a real lock let a task in ahead of one that had waited longer.
    pub barging: Option<Barging>,
}

/// Where a live run's extra time comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Threads and processes starting on web workers.
    Startup,
    /// Round trips between a worker and the page's coordinator.
    Messages,
    /// Timers firing late.
    Timers,
    /// `compute` running longer on shared cores.
    Compute,
}

impl Comparison {
    /// Live makespan minus simulated makespan.
    pub fn makespan_delta(&self) -> i64 {
        self.live_makespan as i64 - self.sim_makespan as i64
    }

    /// The overhead that cost the most in one go, which is what lengthens a run's critical
    /// path: start-ups, round trips and late timers of parallel tasks overlap, so their worst
    /// case says more than their sum. `None` when live added nothing.
    pub fn main_cause(&self) -> Option<(Cause, Overhead)> {
        [
            (Cause::Startup, self.startup),
            (Cause::Messages, self.messages),
            (Cause::Timers, self.timers),
            (Cause::Compute, self.compute),
        ]
        .into_iter()
        .filter(|(_, o)| o.max_us > 0)
        .max_by_key(|(_, o)| o.max_us)
    }
}

/// Compares a simulated run with a live run of the same scenario.
pub fn compare(
    sim_trace: &Trace,
    sim: &RunSummary,
    live_trace: &Trace,
    live: &RunSummary,
    round_trips_us: &[Micros],
) -> Comparison {
    let life = |s: &RunSummary, i: usize| {
        s.tasks.get(i).map_or(
            Life {
                start: None,
                end: None,
                state: TaskState::NotStarted,
            },
            |t| Life {
                start: t.start_us,
                end: t.end_us,
                state: t.state,
            },
        )
    };
    let tasks = sim
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| TaskDiff {
            name: t.name.clone(),
            kind: t.kind,
            sim: life(sim, i),
            live: life(live, i),
        })
        .collect();
    let mut startup = Overhead::default();
    let (sim_starts, live_starts) = (startups(sim_trace), startups(live_trace));
    for (task, live_us) in &live_starts {
        let sim_us = sim_starts.get(task).copied().unwrap_or(0);
        startup.add(live_us.saturating_sub(sim_us));
    }
    let mut timers = Overhead::default();
    for late in timer_lateness(live_trace) {
        timers.add(late);
    }
    let mut compute = Overhead::default();
    let (sim_c, live_c) = (computes(sim_trace), computes(live_trace));
    for (task, live_list) in &live_c {
        let Some(sim_list) = sim_c.get(task) else {
            continue;
        };
        for (l, s) in live_list.iter().zip(sim_list) {
            compute.add(l.saturating_sub(*s));
        }
    }
    let mut messages = Overhead::default();
    for us in round_trips_us {
        messages.add(*us);
    }
    let mut sorted = round_trips_us.to_vec();
    sorted.sort_unstable();
    let pct = |p: usize| -> Micros {
        match sorted.len() {
            0 => 0,
            n => sorted[((n - 1) * p) / 100],
        }
    };
    Comparison {
        barging: first_barging(live_trace),
        sim_outcome: sim.outcome,
        live_outcome: live.outcome,
        sim_makespan: sim.makespan_us,
        live_makespan: live.makespan_us,
        tasks,
        startup,
        messages,
        messages_p50_us: pct(50),
        messages_p99_us: pct(99),
        timers,
        compute,
    }
}

/// Per thread or process task: time from `Spawned` to its first `PollStart`.
fn startups(trace: &Trace) -> BTreeMap<u32, Micros> {
    let mut spawned: BTreeMap<u32, Micros> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for e in &trace.events {
        match &e.kind {
            EventKind::Spawned { task, .. } => {
                let own = trace
                    .tasks
                    .get(task.0 as usize)
                    .is_some_and(|t| matches!(t.kind, TaskKind::Thread | TaskKind::Process));
                if own {
                    spawned.insert(task.0, e.t);
                }
            }
            EventKind::PollStart { task, .. } => {
                if let Some(at) = spawned.remove(&task.0) {
                    out.insert(task.0, e.t.saturating_sub(at));
                }
            }
            _ => {}
        }
    }
    out
}

/// How late each sleep and start timer fired.
fn timer_lateness(trace: &Trace) -> Vec<Micros> {
    let mut due: BTreeMap<u32, Micros> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &trace.events {
        match &e.kind {
            EventKind::TimerSet {
                timer,
                due: at,
                what: TimerWhat::Sleep | TimerWhat::Start(_),
                ..
            } => {
                due.insert(timer.0, *at);
            }
            EventKind::TimerFired { timer } => {
                if let Some(at) = due.remove(&timer.0) {
                    out.push(e.t.saturating_sub(at));
                }
            }
            _ => {}
        }
    }
    out
}

/// Per task, how long each of its `compute` steps took (until its next event).
fn computes(trace: &Trace) -> BTreeMap<u32, Vec<Micros>> {
    let mut open: BTreeMap<u32, Micros> = BTreeMap::new();
    let mut out: BTreeMap<u32, Vec<Micros>> = BTreeMap::new();
    for e in &trace.events {
        let Some(task) = crate::live::coord::task_of(&e.kind) else {
            continue;
        };
        if let Some(start) = open.remove(&task) {
            out.entry(task).or_default().push(e.t.saturating_sub(start));
        }
        if let EventKind::Step { text, .. } = &e.kind {
            if text.starts_with("compute ") {
                open.insert(task, e.t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::local::run_local;
    use crate::model::load;
    use crate::sim::{simulate, SimOptions};

    #[test]
    fn a_perfect_machine_adds_nothing_but_thread_start_up_is_measured() {
        let text =
            "runtime {\n  thread_start 5ms\n}\n\nthread t x2 {\n  compute 10ms\n  sleep 1ms\n}\n";
        let s = load(text).expect("valid");
        let sim = simulate(&s, &SimOptions::default());
        let (trace, live) = run_local(&s, 60_000_000);
        let c = compare(&sim.trace, &sim.summary, &trace, &live, &[100, 300, 200]);
        assert_eq!(c.tasks.len(), 2);
        assert_eq!(c.compute.total_us, 0, "computes took as long as simulated");
        assert_eq!(c.timers.count, 2);
        assert_eq!(c.timers.max_us, 0, "virtual timers are never late");
        // The in-process runner starts threads at once; the simulation charged 5 ms each.
        assert_eq!(c.startup.count, 2);
        assert_eq!(c.startup.total_us, 0);
        assert_eq!(c.makespan_delta(), -5000);
        assert_eq!((c.messages_p50_us, c.messages.max_us), (200, 300));
        assert_eq!(c.tasks[0].end_delta(), Some(-5000));
    }

    #[test]
    fn late_timers_and_stretched_computes_are_counted() {
        let text = "async a {\n  compute 10ms\n  sleep 5ms\n}\n";
        let s = load(text).expect("valid");
        let sim = simulate(&s, &SimOptions::default());
        let mut live_trace = sim.trace.clone();
        // Pretend the machine was slower: everything after the compute began is 2 ms late,
        // and the timer a further 1 ms.
        let compute_at = live_trace
            .events
            .iter()
            .position(
                |e| matches!(&e.kind, EventKind::Step { text, .. } if text.starts_with("compute")),
            )
            .expect("a compute step");
        for (i, e) in live_trace.events.iter_mut().enumerate() {
            if i > compute_at {
                e.t += 2000;
            }
            if matches!(e.kind, EventKind::TimerFired { .. }) {
                e.t += 1000;
            }
        }
        let c = compare(&sim.trace, &sim.summary, &live_trace, &sim.summary, &[]);
        assert_eq!(c.compute.count, 1);
        assert_eq!(c.compute.total_us, 2000);
        assert_eq!(c.timers.count, 1);
        assert_eq!(c.timers.max_us, 3000);
        assert_eq!(c.messages.count, 0);
    }
}
