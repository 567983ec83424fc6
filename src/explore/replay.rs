//! Replaying a schedule: a chooser that takes the recorded choices, then the runtime's own policies.

use crate::model::Scenario;
use crate::sim::{simulate_with, ChoicePoint, Chooser, DefaultChooser, SimOptions, SimRun};

/// How well a schedule fitted the run it steered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayStatus {
    /// Every choice was taken; if the run had more choice points, the policies decided them.
    Followed,
    /// The run ended with `left` choices of the schedule unused: it was made for another
    /// scenario or another version of the simulator.
    Unused { left: usize },
    /// At choice point `point` (0-based) the schedule asked for candidate `choice` but there
    /// were only `options`; from there on the policies decided.
    Invalid {
        point: usize,
        choice: u32,
        options: usize,
    },
}

impl ReplayStatus {
    /// A sentence for the user, or `None` when the schedule fitted.
    pub fn message(&self) -> Option<String> {
        match *self {
            ReplayStatus::Followed => None,
            ReplayStatus::Unused { left } => Some(format!(
                "The run ended before its schedule did ({left} choice(s) unused): the schedule \
                 was made for a different scenario. The run shown follows it as far as it went."
            )),
            ReplayStatus::Invalid {
                point,
                choice,
                options,
            } => Some(format!(
                "The schedule does not fit this scenario: choice {} asks for option {choice} of \
                 {options}. The run follows the default schedule from there.",
                point + 1
            )),
        }
    }
}

/// Follows a schedule, then falls back to the scenario's own policies.
///
/// The [`DefaultChooser`] is consulted at every choice point, even while the schedule is being
/// followed, so that its random stream (the `random` policy) is where it would be in a default
/// run: a schedule whose tail equals the policies' choices can drop that tail.
#[derive(Clone, Debug)]
pub struct ReplayChooser {
    sched: Vec<u32>,
    pos: usize,
    points: usize,
    invalid: Option<(usize, u32, usize)>,
    default: DefaultChooser,
}

impl ReplayChooser {
    /// A chooser for `scenario` run with `seed` (the seed the default run would use).
    pub fn new(scenario: &Scenario, seed: u64, sched: Vec<u32>) -> Self {
        ReplayChooser {
            sched,
            pos: 0,
            points: 0,
            invalid: None,
            default: DefaultChooser::new(scenario, seed),
        }
    }

    /// How the schedule fitted, once the run is over.
    pub fn status(&self) -> ReplayStatus {
        if let Some((point, choice, options)) = self.invalid {
            return ReplayStatus::Invalid {
                point,
                choice,
                options,
            };
        }
        match self.sched.len() - self.pos {
            0 => ReplayStatus::Followed,
            left => ReplayStatus::Unused { left },
        }
    }

    /// Choice points seen so far.
    pub fn points(&self) -> usize {
        self.points
    }
}

impl Chooser for ReplayChooser {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        let fallback = self.default.choose(point);
        let at = self.points;
        self.points += 1;
        if self.invalid.is_some() || self.pos >= self.sched.len() {
            return fallback;
        }
        let choice = self.sched[self.pos];
        self.pos += 1;
        if choice as usize >= point.candidates.len() {
            self.invalid = Some((at, choice, point.candidates.len()));
            return fallback;
        }
        choice as usize
    }
}

/// Runs `scenario` along `sched` and says how the schedule fitted.
pub fn replay(scenario: &Scenario, options: &SimOptions, sched: &[u32]) -> (SimRun, ReplayStatus) {
    let seed = options.seed.unwrap_or_else(|| scenario.runtime.seed());
    let mut chooser = ReplayChooser::new(scenario, seed, sched.to_vec());
    let run = simulate_with(scenario, options, &mut chooser);
    (run, chooser.status())
}
