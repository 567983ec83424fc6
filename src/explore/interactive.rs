//! "Be the scheduler": run to the next choice point after the choices made so far, and describe its options.
//!
//! The user's choices so far are a schedule prefix. [`next_choice`] replays it and stops at the
//! next choice point, returning the trace up to there and the candidates in words; undo is
//! replaying a shorter prefix. Every turn re-runs from the start, which keeps the simulator
//! free of snapshots and costs well under a millisecond for the scenarios people step through.

use super::actor::Actor;
use super::preview::{preview, Preview};
use super::replay::ReplayStatus;
use crate::lang::Lang;
use crate::model::{Micros, Scenario};
use crate::sim::{
    simulate_with, Candidate, ChoiceKind, ChoicePoint, Chooser, DefaultChooser, SimOptions, SimRun,
};
use crate::trace::{describe, EventKind, TimerWhat, Trace};

/// One option of a pending choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The index to append to the schedule to take it.
    pub index: u32,
    /// In words: `t1`, `t1 wakes from sleep`, `event loop`.
    pub label: String,
    /// The option itself, to describe it in another language ([`describe_candidate_in`]).
    pub candidate: Candidate,
    pub actor: Actor,
    /// The option the runtime's policies would take.
    pub is_default: bool,
    /// What its task would do next if it were taken.
    pub next: Preview,
}

/// Where the run stands after the choices so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Turn {
    /// The run is waiting at a choice point; `run` holds the trace up to it.
    Choose {
        kind: ChoiceKind,
        now: Micros,
        offers: Vec<Offer>,
        run: SimRun,
    },
    /// The run ended without another choice; `status` says whether every choice was used.
    Finished { run: SimRun, status: ReplayStatus },
}

/// The question a choice point asks, in words.
pub fn question(kind: ChoiceKind) -> &'static str {
    match kind {
        ChoiceKind::NextReadyTask => "Which ready entry does the event loop run next?",
        ChoiceKind::NextThreadForCore => "Which waiting thread gets the free core?",
        ChoiceKind::SameInstantOrder => "Several things are due at this instant. Which goes first?",
        ChoiceKind::NextPoolJob => "Which queued job gets the free worker?",
    }
}

/// A candidate in words, using the names in `trace`.
pub fn describe_candidate(trace: &Trace, c: &Candidate) -> String {
    describe_candidate_in(trace, c, Lang::En)
}

/// [`describe_candidate`] in `lang`.
pub fn describe_candidate_in(trace: &Trace, c: &Candidate, lang: Lang) -> String {
    let task = |t: crate::trace::TaskId| describe::task_name(trace, t).into_owned();
    match *c {
        Candidate::Task(t) => task(t),
        Candidate::Timer { timer, task: t } => {
            let what = trace.events.iter().find_map(|e| match &e.kind {
                EventKind::TimerSet {
                    timer: id, what, ..
                } if *id == timer => Some(what.clone()),
                _ => None,
            });
            match (what, lang) {
                (Some(TimerWhat::Sleep), Lang::En) => format!("{} wakes from sleep", task(t)),
                (Some(TimerWhat::Sleep), Lang::Zh) => format!("{} 从 sleep 中醒来", task(t)),
                (Some(TimerWhat::Start(x)), Lang::En) => format!("{} starts (timer)", task(x)),
                (Some(TimerWhat::Start(x)), Lang::Zh) => format!("{} 启动（定时器）", task(x)),
                (Some(TimerWhat::Timeout), Lang::En) => format!("{}'s timeout expires", task(t)),
                (Some(TimerWhat::Timeout), Lang::Zh) => format!("{} 的超时到期", task(t)),
                (None, Lang::En) => format!("a timer of {}", task(t)),
                (None, Lang::Zh) => format!("{} 的一个定时器", task(t)),
            }
        }
        Candidate::Lane { lane, task: t } => {
            let lane_name = describe::lane_name_in(trace, lane, lang).into_owned();
            match t {
                Some(t) if lane_name.ends_with(&task(t)) => task(t),
                Some(t) => match lang {
                    Lang::En => format!("{} ({lane_name})", task(t)),
                    Lang::Zh => format!("{}（{lane_name}）", task(t)),
                },
                None => lane_name,
            }
        }
    }
}

/// Follows `prefix`, then stops at the next choice point and keeps it.
struct StopAt<'p> {
    prefix: &'p [u32],
    point: usize,
    default: DefaultChooser,
    invalid: Option<(usize, u32, usize)>,
    pending: Option<(ChoiceKind, Micros, Vec<Candidate>, usize)>,
}

impl Chooser for StopAt<'_> {
    fn choose(&mut self, p: &ChoicePoint<'_>) -> usize {
        let d = self.default.choose(p).min(p.candidates.len() - 1);
        if self.pending.is_some() {
            return d;
        }
        let at = self.point;
        self.point += 1;
        match self.prefix.get(at) {
            // A choice that did not fit: the policies decide the rest, to the end.
            _ if self.invalid.is_some() => d,
            Some(&c) if (c as usize) < p.candidates.len() => c as usize,
            Some(&c) => {
                self.invalid = Some((at, c, p.candidates.len()));
                d
            }
            None => {
                self.pending = Some((p.kind, p.now, p.candidates.to_vec(), d));
                d
            }
        }
    }

    fn halt(&self) -> bool {
        self.pending.is_some()
    }
}

/// Replays `prefix` to the next choice point; the chooser says where the run stopped.
fn run_to_choice<'p>(
    scenario: &Scenario,
    options: &SimOptions,
    prefix: &'p [u32],
) -> (SimRun, StopAt<'p>) {
    let seed = options.seed.unwrap_or_else(|| scenario.runtime.seed());
    let mut c = StopAt {
        prefix,
        point: 0,
        default: DefaultChooser::new(scenario, seed),
        invalid: None,
        pending: None,
    };
    let run = simulate_with(scenario, options, &mut c);
    (run, c)
}

/// Takes each option (one more replay each, to the choice point after it), and returns the
/// runs and how many events they share: the events before the choice. The run that stopped at
/// the choice already holds the default option's first action (the simulator applies a pick
/// before it can stop), so the options' own runs are what tell where the choice begins.
fn take_each(
    scenario: &Scenario,
    options: &SimOptions,
    prefix: &[u32],
    count: usize,
) -> (Vec<SimRun>, usize) {
    let runs: Vec<SimRun> = (0..count as u32)
        .map(|i| {
            let mut taken = prefix.to_vec();
            taken.push(i);
            run_to_choice(scenario, options, &taken).0
        })
        .collect();
    let shared = runs
        .iter()
        .skip(1)
        .map(|r| common_len(&runs[0].trace.events, &r.trace.events))
        .min()
        .unwrap_or(0);
    (runs, shared)
}

fn common_len<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Replays `prefix` and stops at the next choice point (or the end of the run).
pub fn next_choice(scenario: &Scenario, options: &SimOptions, prefix: &[u32]) -> Turn {
    let (mut run, c) = run_to_choice(scenario, options, prefix);
    match c.pending {
        Some((kind, now, candidates, d)) if c.invalid.is_none() => {
            let (ahead, shared) = take_each(scenario, options, prefix, candidates.len());
            // Shown as it stands at the choice, before any option's action.
            run.trace.events.truncate(shared);
            run.summary.events = run.trace.events.len();
            let offers = candidates
                .iter()
                .enumerate()
                .map(|(i, cand)| Offer {
                    index: i as u32,
                    label: describe_candidate(&run.trace, cand),
                    candidate: *cand,
                    actor: Actor::of(cand),
                    is_default: i == d,
                    next: cand
                        .task()
                        .map(|t| preview(&ahead[i].trace, shared, t))
                        .unwrap_or_default(),
                })
                .collect();
            Turn::Choose {
                kind,
                now,
                offers,
                run,
            }
        }
        _ => {
            let status = match c.invalid {
                Some((point, choice, options)) => ReplayStatus::Invalid {
                    point,
                    choice,
                    options,
                },
                None if c.point < prefix.len() => ReplayStatus::Unused {
                    left: prefix.len() - c.point,
                },
                None => ReplayStatus::Followed,
            };
            Turn::Finished { run, status }
        }
    }
}
