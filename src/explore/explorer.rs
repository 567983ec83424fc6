//! The explorer: runs schedules a slice at a time, keeps the search state, and reports progress and results.

use super::dfs::{backtrack, DfsChooser, DfsConfig, Frame, Recording, Saved, Visited};
use super::outcome::{Report, Tally};
use super::pct::PctChooser;
use super::{Bound, Clock, ExploreOptions, Progress};
use crate::model::Scenario;
use crate::sim::{resume_with, simulate_with, DefaultChooser, SimOptions, SimRun};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use std::collections::BTreeSet;

/// Where the search is.
enum Search {
    /// The choice stack of the next depth-first run, and the states saved along it.
    Dfs {
        frames: Vec<Frame>,
        saved: Vec<Saved>,
    },
    /// Random runs so far, and the stream that draws them.
    Random { rng: Box<ChaCha8Rng>, runs: u64 },
}

/// An exploration in progress. Create it, call [`Explorer::step`] until it says `done`
/// (or [`Explorer::cancel`]), then read [`Explorer::report`].
pub struct Explorer {
    scenario: Scenario,
    opts: ExploreOptions,
    sim: SimOptions,
    seed: u64,
    clock: Clock,
    started_ms: f64,
    elapsed_ms: u64,
    search: Search,
    visited: Visited,
    tally: Tally,
    schedules: u64,
    pruned: u64,
    bounds: BTreeSet<Bound>,
    done: bool,
}

impl Explorer {
    pub fn new(scenario: &Scenario, opts: ExploreOptions, clock: Clock) -> Explorer {
        let seed = opts.seed.unwrap_or_else(|| scenario.runtime.seed());
        let search = match opts.random {
            Some(_) => Search::Random {
                rng: Box::new(ChaCha8Rng::seed_from_u64(seed)),
                runs: 0,
            },
            None => Search::Dfs {
                frames: Vec::new(),
                saved: Vec::new(),
            },
        };
        let started_ms = clock();
        Explorer {
            scenario: scenario.clone(),
            sim: SimOptions {
                seed: Some(seed),
                max_events: opts.max_events,
            },
            opts,
            seed,
            clock,
            started_ms,
            elapsed_ms: 0,
            search,
            visited: Visited::default(),
            tally: Tally::default(),
            schedules: 0,
            pruned: 0,
            bounds: BTreeSet::new(),
            done: false,
        }
    }

    /// Runs at most `runs` schedules (fewer when the search ends or a bound is reached).
    pub fn step(&mut self, runs: u64) -> Progress {
        for _ in 0..runs {
            if self.done {
                break;
            }
            if self.schedules + self.pruned >= self.opts.max_schedules {
                self.stop(Bound::MaxSchedules);
                break;
            }
            if self
                .opts
                .time_budget_ms
                .is_some_and(|budget| self.elapsed_ms >= budget)
            {
                self.stop(Bound::TimeBudget);
                break;
            }
            self.tick();
        }
        self.progress()
    }

    /// Stops the search; the report says it was cancelled.
    pub fn cancel(&mut self) {
        if !self.done {
            self.stop(Bound::Cancelled);
        }
    }

    pub fn progress(&self) -> Progress {
        Progress {
            schedules: self.schedules,
            pruned: self.pruned,
            distinct_states: self.visited.distinct(),
            elapsed_ms: self.elapsed_ms,
            groups: self.tally.groups.len(),
            done: self.done,
        }
    }

    /// The results so far (final once `done`).
    pub fn report(&self) -> Report {
        let mut groups = self.tally.groups.clone();
        // Stable: within a kind, groups stay in the order they were found.
        groups.sort_by_key(|g| g.kind);
        let random = matches!(self.search, Search::Random { .. });
        Report {
            scenario: self.scenario.title.clone().unwrap_or_default(),
            mode: if random { "random" } else { "dfs" }.to_string(),
            exhaustive: self.done && self.bounds.is_empty(),
            bounds: self.bounds.iter().copied().collect(),
            schedules: self.schedules,
            pruned: self.pruned,
            distinct_states: self.visited.distinct(),
            elapsed_ms: self.elapsed_ms,
            longest: self.tally.longest,
            makespan_min_us: self.tally.makespan.map(|m| m.0),
            makespan_max_us: self.tally.makespan.map(|m| m.1),
            groups,
            expects: self.tally.expects.clone(),
        }
    }

    fn stop(&mut self, bound: Bound) {
        self.bounds.insert(bound);
        self.done = true;
    }

    /// One run.
    fn tick(&mut self) {
        let default = DefaultChooser::new(&self.scenario, self.seed);
        match &mut self.search {
            Search::Dfs { .. } => {
                if let Some((run, rec, halted)) = self.dfs_run() {
                    self.finish_run(&run, &rec, halted);
                }
            }
            Search::Random { rng, runs } => {
                let Some(random) = self.opts.random else {
                    self.done = true;
                    return;
                };
                let (run, rec) = if *runs == 0 {
                    // The first run is the default schedule, so its outcome is always listed.
                    let mut c = Recorder {
                        default,
                        rec: Recording::default(),
                    };
                    let run = simulate_with(&self.scenario, &self.sim, &mut c);
                    (run, c.rec)
                } else {
                    let steps = self.tally.longest as u64;
                    let mut c =
                        PctChooser::new(rng, &mut self.visited, default, random.depth, steps);
                    let run = simulate_with(&self.scenario, &self.sim, &mut c);
                    (run, std::mem::take(&mut c.rec))
                };
                *runs += 1;
                let last = *runs >= random.runs;
                self.finish_run(&run, &rec, false);
                if last {
                    self.stop(Bound::Random);
                }
            }
        }
        self.elapsed_ms = ((self.clock)() - self.started_ms).max(0.0) as u64;
    }

    /// The next depth-first run: what it produced, the choices it made, and whether it was
    /// pruned. It resumes from the deepest state saved on its path, if any.
    fn dfs_run(&mut self) -> Option<(SimRun, Recording, bool)> {
        let Search::Dfs { frames, saved } = &mut self.search else {
            return None;
        };
        let cfg = DfsConfig {
            bound: self.opts.preemption_bound,
            prune: self.opts.prune,
        };
        let default = DefaultChooser::new(&self.scenario, self.seed);
        // The deepest saved state lies on this run's path (backtracking dropped the others):
        // resume from it rather than replay the choices before it. A state saved at the branch
        // point itself whose last alternative this run takes is needed no more: it is moved,
        // not copied.
        let last_use = saved.last().is_some_and(|s| {
            s.point + 1 == frames.len() && frames.last().is_some_and(|f| f.todo.is_empty())
        });
        let from = if last_use {
            saved.pop()
        } else {
            saved.last().cloned()
        };
        let mut chooser = DfsChooser::new(
            frames,
            saved,
            &mut self.visited,
            cfg,
            default,
            from.as_ref(),
        );
        let run = match from {
            Some(s) => resume_with(&self.scenario, s.world, &mut chooser),
            None => simulate_with(&self.scenario, &self.sim, &mut chooser),
        };
        let (halted, bound_hit) = (chooser.halted, chooser.bound_hit);
        let rec = std::mem::take(&mut chooser.rec);
        if bound_hit {
            self.bounds.insert(Bound::PreemptionBound);
        }
        if !backtrack(frames, saved) {
            self.done = true;
        }
        Some((run, rec, halted))
    }

    fn finish_run(&mut self, run: &SimRun, rec: &Recording, halted: bool) {
        if halted {
            self.pruned += 1;
        } else {
            self.schedules += 1;
            self.tally.add(run, rec);
        }
    }
}

/// The default schedule, recorded.
struct Recorder {
    default: DefaultChooser,
    rec: Recording,
}

impl crate::sim::Chooser for Recorder {
    fn choose(&mut self, point: &crate::sim::ChoicePoint<'_>) -> usize {
        let d = self.default.choose(point).min(point.candidates.len() - 1);
        self.rec.note(point, d, d);
        d
    }
}

/// Explores to the end (or to a bound) in one call.
pub fn explore(scenario: &Scenario, opts: ExploreOptions, clock: Clock) -> Report {
    let mut ex = Explorer::new(scenario, opts, clock);
    while !ex.step(64).done {}
    ex.report()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::replay;
    use crate::sim::trace_hash;

    /// Resuming is only a shortcut: every run of the search, most of them resumed from a saved
    /// state, ends exactly as its schedule replayed from the start, event for event.
    #[test]
    fn every_resumed_run_equals_its_schedule_replayed_from_the_start() {
        let mut resumed = 0;
        for preset in crate::model::presets::presets() {
            let scenario = crate::model::load(preset.source).expect("a preset loads");
            let opts = ExploreOptions {
                prune: false,
                max_events: 5_000,
                ..ExploreOptions::default()
            };
            let mut ex = Explorer::new(&scenario, opts, Box::new(|| 0.0));
            for _ in 0..40 {
                if let Search::Dfs { saved, .. } = &ex.search {
                    resumed += usize::from(!saved.is_empty());
                }
                let Some((run, rec, _)) = ex.dfs_run() else {
                    break;
                };
                let (again, _) = replay(&scenario, &ex.sim, &rec.sched);
                assert_eq!(
                    trace_hash(&again.trace),
                    trace_hash(&run.trace),
                    "{}: schedule {:?}",
                    preset.id,
                    rec.sched
                );
                assert_eq!(again.summary, run.summary, "{}", preset.id);
                if ex.done {
                    break;
                }
            }
        }
        assert!(
            resumed > 100,
            "only {resumed} runs resumed from a saved state"
        );
    }
}
