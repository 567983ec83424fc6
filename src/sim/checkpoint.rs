//! A run's whole state saved before a choice point, from which later runs resume instead of
//! replaying the choices that led there.

use super::chooser::Chooser;
use super::world::World;
use super::SimRun;
use crate::model::Scenario;

/// The simulator's state just before a choice among same-instant actions (see
/// [`Chooser::wants_checkpoint`]). The state is plain data, so saving it is a copy; the compiled
/// task bodies are shared, not copied.
#[derive(Clone, Debug)]
pub struct Checkpoint {
    world: World,
}

impl Checkpoint {
    pub(super) fn of(world: &World) -> Checkpoint {
        Checkpoint {
            world: world.clone(),
        }
    }

    /// Trace events held, the bulk of what the checkpoint costs to keep and to copy.
    pub fn events(&self) -> usize {
        self.world.trace.events.len()
    }
}

/// Runs `scenario` on from `saved`, as [`super::simulate_with`] would have from the start had
/// `chooser` made the same choices up to there (the run's options are in the saved state).
pub fn resume_with(scenario: &Scenario, saved: Checkpoint, chooser: &mut dyn Chooser) -> SimRun {
    let mut world = saved.world;
    let stop = world.run(chooser, true);
    let summary = world.summary(scenario, stop);
    SimRun {
        trace: world.trace,
        summary,
    }
}
