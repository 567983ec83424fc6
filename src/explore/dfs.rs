//! Depth-first enumeration: the choice stack, the chooser that replays a prefix and extends it, the saved states runs resume from, and the visited states.

use super::actor::{preempts, Actor};
use crate::sim::{Checkpoint, ChoicePoint, Chooser, DefaultChooser};
use std::collections::{HashMap, HashSet};

/// One choice point on the current path.
#[derive(Clone, Debug)]
pub(super) struct Frame {
    /// The candidate taken on the current path.
    pub choice: u32,
    /// Alternatives still to try, last one first (so `pop` gives the next).
    pub todo: Vec<u32>,
}

/// A run's state before choice point `point`, with the chooser's own state there: the next run
/// that branches at or below `point` starts from it instead of replaying the choices before.
#[derive(Clone, Debug)]
pub(super) struct Saved {
    pub point: usize,
    pub world: Checkpoint,
    pub rec: Recording,
    pub default: DefaultChooser,
}

/// Saved states kept at most, and trace events across them: a path of thousands of choice
/// points keeps the states nearest its root (a later branch replays from the deepest one), so
/// memory stays bounded whatever the scenario.
const MAX_SAVED: usize = 128;
const MAX_SAVED_EVENTS: usize = 1 << 20;

/// Moves the deepest choice with an untried alternative to it, dropping the frames below and
/// the states saved below it. Returns false when every alternative of every frame has been
/// tried.
pub(super) fn backtrack(frames: &mut Vec<Frame>, saved: &mut Vec<Saved>) -> bool {
    let more = loop {
        let Some(top) = frames.last_mut() else {
            break false;
        };
        if let Some(next) = top.todo.pop() {
            top.choice = next;
            break true;
        }
        frames.pop();
    };
    // A state saved before choice point `p` holds for every path that shares choices 0..p.
    while saved.last().is_some_and(|s| s.point >= frames.len()) {
        saved.pop();
    }
    more
}

/// States met at choice points. Only looked up, never iterated, so a hash set is fine.
#[derive(Debug, Default)]
pub(super) struct Visited {
    states: HashSet<u64>,
    /// With a preemption bound: (state, running actor) → fewest preemptions it was explored with.
    bounded: HashMap<(u64, Option<Actor>), u32>,
}

impl Visited {
    pub(super) fn distinct(&self) -> u64 {
        self.states.len() as u64
    }

    /// Counts the state; true if a run already explored it (with at most `used` preemptions
    /// when `bounded`), so this run can stop.
    pub(super) fn seen(
        &mut self,
        state: u64,
        prev: Option<Actor>,
        used: u32,
        bounded: bool,
    ) -> bool {
        let new = self.states.insert(state);
        if !bounded {
            return !new;
        }
        match self.bounded.get_mut(&(state, prev)) {
            Some(best) if *best <= used => true,
            Some(best) => {
                *best = used;
                false
            }
            None => {
                self.bounded.insert((state, prev), used);
                false
            }
        }
    }

    /// Counts the state without pruning (random runs).
    pub(super) fn count(&mut self, state: u64) {
        self.states.insert(state);
    }
}

/// The choices a run took, and how far they departed from the policies.
#[derive(Clone, Debug, Default)]
pub(super) struct Recording {
    pub sched: Vec<u32>,
    /// Length of the schedule up to its last non-default choice (the rest replays by default).
    pub keep: usize,
    /// Choices that differ from the policies' choice.
    pub deviations: u32,
    pub preemptions: u32,
    /// The actor chosen at the previous choice point.
    pub prev: Option<Actor>,
}

impl Recording {
    /// Notes one choice (and whether it preempts the previous actor).
    pub(super) fn note(&mut self, point: &ChoicePoint<'_>, choice: usize, default: usize) {
        if preempts(point.candidates, self.prev, choice) {
            self.preemptions += 1;
        }
        self.prev = point.candidates.get(choice).map(Actor::of);
        self.sched.push(choice as u32);
        if choice != default {
            self.deviations += 1;
            self.keep = self.sched.len();
        }
    }

    /// The schedule without its tail of default choices.
    pub(super) fn trimmed(&self) -> &[u32] {
        &self.sched[..self.keep]
    }
}

/// Settings of a depth-first run.
#[derive(Clone, Copy, Debug)]
pub(super) struct DfsConfig {
    pub bound: Option<u32>,
    pub prune: bool,
}

/// Replays the frames as a prefix (from the deepest saved state, or from the start), then
/// extends the path with the policies' choice first, saving states as it goes.
pub(super) struct DfsChooser<'a> {
    frames: &'a mut Vec<Frame>,
    saved: &'a mut Vec<Saved>,
    saved_events: usize,
    visited: &'a mut Visited,
    cfg: DfsConfig,
    prefix: usize,
    point: usize,
    default: DefaultChooser,
    pub halted: bool,
    /// An alternative was skipped for needing too many preemptions.
    pub bound_hit: bool,
    pub rec: Recording,
}

impl<'a> DfsChooser<'a> {
    /// A chooser for the next run. It starts at the start with `default`, or, when `from` is
    /// the deepest saved state, where that state was saved (the caller resumes the run there).
    pub(super) fn new(
        frames: &'a mut Vec<Frame>,
        saved: &'a mut Vec<Saved>,
        visited: &'a mut Visited,
        cfg: DfsConfig,
        default: DefaultChooser,
        from: Option<&Saved>,
    ) -> Self {
        let prefix = frames.len();
        let saved_events = saved.iter().map(|s| s.world.events()).sum();
        let (point, rec, default) = match from {
            Some(s) => (s.point, s.rec.clone(), s.default.clone()),
            None => (0, Recording::default(), default),
        };
        DfsChooser {
            frames,
            saved,
            saved_events,
            visited,
            cfg,
            prefix,
            point,
            default,
            halted: false,
            bound_hit: false,
            rec,
        }
    }

    /// A new choice point: the alternatives in the order to try them (the policies' choice
    /// first), leaving out those the preemption bound forbids.
    fn alternatives(&mut self, point: &ChoicePoint<'_>, default: usize) -> Vec<u32> {
        let n = point.candidates.len();
        let order = std::iter::once(default).chain((0..n).filter(|&i| i != default));
        let mut allowed = Vec::with_capacity(n);
        for i in order {
            let cost = u32::from(preempts(point.candidates, self.rec.prev, i));
            match self.cfg.bound {
                Some(b) if self.rec.preemptions + cost > b => self.bound_hit = true,
                _ => allowed.push(i as u32),
            }
        }
        allowed
    }
}

impl Chooser for DfsChooser<'_> {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        let default = self.default.choose(point).min(point.candidates.len() - 1);
        if self.halted {
            return default;
        }
        let choice = if self.point < self.prefix {
            self.frames[self.point].choice as usize
        } else {
            if let Some(state) = point.state {
                let bounded = self.cfg.bound.is_some();
                let seen = self
                    .visited
                    .seen(state, self.rec.prev, self.rec.preemptions, bounded);
                if seen && self.cfg.prune {
                    self.halted = true;
                    return default;
                }
            }
            let mut allowed = self.alternatives(point, default);
            // Continuing the previous actor is always allowed, so `allowed` is never empty;
            // the fallback only guards that invariant.
            let first = if allowed.is_empty() {
                default as u32
            } else {
                allowed.remove(0)
            };
            allowed.reverse();
            self.frames.push(Frame {
                choice: first,
                todo: allowed,
            });
            first as usize
        };
        let choice = choice.min(point.candidates.len() - 1);
        self.point += 1;
        self.rec.note(point, choice, default);
        choice
    }

    fn wants_state(&self) -> bool {
        !self.halted && self.point >= self.prefix
    }

    fn halt(&self) -> bool {
        self.halted
    }

    /// Only on new ground: the states before the prefix's choice points are saved already
    /// (backtracking keeps those of the shared prefix).
    fn wants_checkpoint(&self) -> bool {
        !self.halted
            && self.point >= self.prefix
            && self.saved.len() < MAX_SAVED
            && self.saved_events < MAX_SAVED_EVENTS
    }

    fn checkpoint(&mut self, world: Checkpoint) {
        self.saved_events += world.events();
        self.saved.push(Saved {
            point: self.point,
            world,
            rec: self.rec.clone(),
            default: self.default.clone(),
        });
    }
}
