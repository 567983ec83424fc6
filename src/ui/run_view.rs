//! One finished (or growing) run as the views see it: the scenario, its trace and its summary.

use crate::model::Scenario;
use crate::sim::RunSummary;
use crate::trace::Trace;

/// Which runner produced a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RunMode {
    #[default]
    Sim,
    Live,
}

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
