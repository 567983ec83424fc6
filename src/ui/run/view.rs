//! One finished (or growing) run as the views see it: the scenario, its trace and its summary.

use crate::model::Scenario;
pub use crate::rules::RunMode;
use crate::sim::{simulate, RunSummary, SimOptions, SimRun};
use crate::trace::Trace;

/// A run, shared by the timeline, the inspector, the metrics and the event list.
///
/// Views receive it as `Rc<RunView>`; a new run is a new `Rc`, so `PartialEq` by pointer tells
/// components when to rebuild their derived data (spans, inspector index).
pub struct RunView {
    pub scenario: Scenario,
    pub trace: Trace,
    pub summary: RunSummary,
    pub mode: RunMode,
    /// Increases with every run, so views can reset their playhead on a new run.
    pub generation: u32,
}

impl RunView {
    /// A simulated run as the views take it, its summary marked `sim`.
    pub fn from_sim(scenario: &Scenario, run: SimRun, generation: u32) -> RunView {
        let mut summary = run.summary;
        summary.mode = Some(RunMode::Sim.word().to_string());
        RunView {
            scenario: scenario.clone(),
            trace: run.trace,
            summary,
            mode: RunMode::Sim,
            generation,
        }
    }

    /// Simulates `scenario` at once (with `seed` overriding its own, when given).
    pub fn simulate(scenario: &Scenario, seed: Option<u64>, generation: u32) -> RunView {
        let options = SimOptions {
            seed,
            ..SimOptions::default()
        };
        RunView::from_sim(scenario, simulate(scenario, &options), generation)
    }
}
