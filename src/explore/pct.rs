//! Random exploration with PCT: random actor priorities and a few random priority change points per run.
//!
//! PCT (probabilistic concurrency testing, Burckhardt et al. 2010) finds a bug of depth `d`
//! (one that needs `d` ordering constraints) with probability at least 1/(n·k^(d−1)) per run,
//! for n actors and k steps. Here a step is a choice point and k is the longest run seen so far.

use super::actor::Actor;
use super::dfs::{Recording, Visited};
use crate::sim::{ChoicePoint, Chooser, DefaultChooser};
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use std::collections::BTreeMap;

/// One PCT run's chooser.
pub(super) struct PctChooser<'a> {
    rng: &'a mut ChaCha8Rng,
    visited: &'a mut Visited,
    default: DefaultChooser,
    /// Priorities met so far; initial ones are ≥ `depth`, change points set 1 … depth − 1.
    prio: BTreeMap<Actor, u64>,
    depth: u32,
    /// Choice-point indices at which the running actor's priority drops, in order.
    change_points: Vec<u64>,
    point: u64,
    pub rec: Recording,
}

impl<'a> PctChooser<'a> {
    /// A run with `depth - 1` change points drawn from `0..steps`.
    pub(super) fn new(
        rng: &'a mut ChaCha8Rng,
        visited: &'a mut Visited,
        default: DefaultChooser,
        depth: u32,
        steps: u64,
    ) -> Self {
        let depth = depth.max(1);
        let steps = steps.max(1);
        let change_points = (1..depth).map(|_| rng.next_u64() % steps).collect();
        PctChooser {
            rng,
            visited,
            default,
            prio: BTreeMap::new(),
            depth,
            change_points,
            point: 0,
            rec: Recording::default(),
        }
    }

    fn priority(&mut self, a: Actor) -> u64 {
        if let Some(&p) = self.prio.get(&a) {
            return p;
        }
        // Initial priorities sit above every change-point priority.
        let p = (self.rng.next_u64() >> 1).max(u64::from(self.depth));
        self.prio.insert(a, p);
        p
    }
}

impl Chooser for PctChooser<'_> {
    fn choose(&mut self, point: &ChoicePoint<'_>) -> usize {
        let default = self.default.choose(point).min(point.candidates.len() - 1);
        if let Some(state) = point.state {
            self.visited.count(state);
        }
        // The i-th change point (1-based) drops the running actor's priority to i, below
        // every initial priority, as in the paper.
        for (i, &cp) in self.change_points.iter().enumerate() {
            if cp == self.point {
                if let Some(prev) = self.rec.prev {
                    self.prio.insert(prev, i as u64 + 1);
                }
            }
        }
        let mut best = 0;
        let mut best_p = 0;
        for (i, c) in point.candidates.iter().enumerate() {
            let p = self.priority(Actor::of(c));
            if i == 0 || p > best_p {
                best = i;
                best_p = p;
            }
        }
        self.point += 1;
        self.rec.note(point, best, default);
        best
    }

    fn wants_state(&self) -> bool {
        true
    }
}
