//! A simulation run in slices: the same run as [`super::simulate`], advanced a bounded number of
//! actions at a time, so a page can paint, show progress and offer cancel between slices.

use super::chooser::{ChoicePoint, Chooser, DefaultChooser};
use super::run::Stop;
use super::world::World;
use super::{SimOptions, SimRun};
use crate::model::Scenario;
use crate::sim::RunSummary;
use crate::trace::Trace;
use std::cell::Cell;

/// A simulation that has been started and may be advanced until it ends.
///
/// Every slice resumes the run loop exactly where the last one stopped (the loop keeps no
/// state outside the world), so the trace is the one [`super::simulate`] writes, event for
/// event, whatever the slice sizes.
pub struct SimSession<C: Chooser = DefaultChooser> {
    scenario: Scenario,
    chooser: C,
    /// `None` when the scenario could not be set up (too many tasks): it ends at once.
    world: Option<World>,
    /// How many actions the whole run should take, for progress; at least 1.
    expected_actions: u64,
}

/// What one slice left.
pub enum Slice {
    /// More to do; the fraction done so far, in `0.0..1.0` (an estimate).
    Running(f64),
    /// The run ended.
    Done(Box<SimRun>),
}

impl SimSession {
    /// Sets up the run of `scenario` (with `options.seed` overriding its own), ready to advance.
    pub fn new(scenario: &Scenario, options: &SimOptions) -> SimSession {
        let seed = options.seed.unwrap_or_else(|| scenario.runtime.seed());
        SimSession::with_chooser(scenario, options, DefaultChooser::new(scenario, seed))
    }
}

impl<C: Chooser> SimSession<C> {
    /// Sets up the run of `scenario` with `chooser` deciding every choice (a recorded
    /// schedule's replay, for one), ready to advance.
    pub fn with_chooser(scenario: &Scenario, options: &SimOptions, chooser: C) -> SimSession<C> {
        let world = World::new(scenario, options.max_events).ok().map(|mut w| {
            w.init(scenario);
            w
        });
        SimSession {
            scenario: scenario.clone(),
            chooser,
            world,
            expected_actions: estimated_actions(scenario).max(1),
        }
    }

    /// Runs at most `actions` more actions (at least one).
    pub fn advance(&mut self, actions: u64) -> Slice {
        let Some(world) = self.world.as_mut() else {
            return Slice::Done(Box::new(SimRun {
                trace: Trace::default(),
                summary: RunSummary::not_run(&self.scenario, "max_tasks", None),
            }));
        };
        let mut budget = Budget {
            inner: &mut self.chooser,
            left: Cell::new(actions.max(1)),
        };
        match world.run(&mut budget, false) {
            Stop::Halted => Slice::Running(
                (world.work as f64 / self.expected_actions as f64)
                    .max(world.trace.events.len() as f64 / world.cfg.max_events.max(1) as f64)
                    .min(0.99),
            ),
            stop => {
                let summary = world.summary(&self.scenario, stop);
                let trace = std::mem::take(&mut world.trace);
                Slice::Done(Box::new(SimRun { trace, summary }))
            }
        }
    }

    /// The chooser, to ask how its choices went (a replay's status).
    pub fn chooser(&self) -> &C {
        &self.chooser
    }

    /// Advances until the run ends.
    pub fn finish(mut self, slice_actions: u64) -> SimRun {
        loop {
            if let Slice::Done(run) = self.advance(slice_actions) {
                return *run;
            }
        }
    }
}

/// The session's chooser, stopping the run loop after a number of actions.
struct Budget<'a, C: Chooser> {
    inner: &'a mut C,
    left: Cell<u64>,
}

impl<C: Chooser> Chooser for Budget<'_, C> {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        self.inner.choose(point)
    }

    fn wants_state(&self) -> bool {
        self.inner.wants_state()
    }

    fn halt(&self) -> bool {
        // Asked once before every action: count them down.
        let left = self.left.get();
        self.left.set(left.saturating_sub(1));
        left == 0 || self.inner.halt()
    }
}

/// Roughly how many actions a run takes: replicas times steps, loops multiplied out, and with
/// limited `cores` each `compute` counted once per `quantum` it is cut into (two steps of
/// `compute 60s` at `quantum 1us` are a hundred million actions, not two).
pub fn estimated_actions(scenario: &Scenario) -> u64 {
    use crate::model::{Cores, Step, StepKind};
    let quantum = match scenario.runtime.cores() {
        Cores::Limited(_) => Some(scenario.runtime.quantum().max(1)),
        Cores::Unlimited => None,
    };
    let steps = |body: &[Step]| -> u64 {
        fn walk(body: &[Step], quantum: Option<u64>) -> u64 {
            body.iter().fold(0u64, |sum, step| {
                let inner = match &step.kind {
                    StepKind::Repeat { count, body } => count.saturating_mul(walk(body, quantum)),
                    StepKind::Timeout { body, .. } => walk(body, quantum),
                    StepKind::Try { body, catch } => {
                        walk(body, quantum).saturating_add(walk(catch, quantum))
                    }
                    StepKind::Compute { dur, .. } => quantum.map_or(0, |q| dur / q),
                    _ => 0,
                };
                sum.saturating_add(1).saturating_add(inner)
            })
        }
        walk(body, quantum)
    };
    scenario.tasks.iter().fold(0u64, |sum, task| {
        let copies = u64::from(task.replicas.unwrap_or(1));
        sum.saturating_add(copies.saturating_mul(steps(&task.body)))
    })
}
