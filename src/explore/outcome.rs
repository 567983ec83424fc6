//! Outcomes grouped: one group per distinct result, with its count, makespan range and a representative schedule.

use super::dfs::Recording;
use super::sched::format_sched;
use super::Bound;
use crate::lang::Lang;
use crate::sim::{fmt_human, trace_hash, DeadlockInfo, Outcome, RunSummary, SimRun, VarValues};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A task that failed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Failure {
    pub task: String,
    pub error: String,
}

/// What kind of result a group is, most serious first (the report lists groups in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Deadlock,
    Failed,
    Limit,
    /// Completed, but some expectation failed.
    ExpectFailed,
    Completed,
}

/// What makes two runs the same outcome: everything the user checks at the end.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OutcomeKey {
    pub outcome: Outcome,
    /// Final values of the variables, in declaration order.
    pub vars: VarValues,
    /// The expectations that failed, as written (without `expect`).
    pub failed_expects: Vec<String>,
    pub failures: Vec<Failure>,
    pub deadlock: Option<DeadlockInfo>,
    pub limit: Option<String>,
}

impl OutcomeKey {
    pub fn of(s: &RunSummary) -> OutcomeKey {
        OutcomeKey {
            outcome: s.outcome,
            vars: s.vars.clone(),
            failed_expects: s
                .expects
                .iter()
                .filter(|e| !e.passed)
                .map(|e| e.text.clone())
                .collect(),
            failures: s
                .tasks
                .iter()
                .filter_map(|t| {
                    t.error.as_ref().map(|e| Failure {
                        task: t.name.clone(),
                        error: e.clone(),
                    })
                })
                .collect(),
            deadlock: s.deadlock.clone(),
            limit: s.limit.clone(),
        }
    }

    pub fn kind(&self) -> GroupKind {
        match self.outcome {
            Outcome::Deadlock => GroupKind::Deadlock,
            Outcome::Failed => GroupKind::Failed,
            Outcome::Limit => GroupKind::Limit,
            Outcome::Completed if !self.failed_expects.is_empty() => GroupKind::ExpectFailed,
            Outcome::Completed => GroupKind::Completed,
        }
    }
}

/// Runs with one outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub kind: GroupKind,
    pub key: OutcomeKey,
    /// The representative run's result in words (`deadlock: p1 waits for …`).
    pub headline: String,
    /// The same in Chinese (`死锁：p1 等待 …`), for the app's Chinese UI.
    pub headline_zh: String,
    /// Runs that ended this way.
    pub count: u64,
    pub makespan_min_us: u64,
    pub makespan_max_us: u64,
    /// The representative schedule in text form (empty: the default run).
    pub schedule: String,
    /// The representative schedule's choices.
    pub sched: Vec<u32>,
    /// Choices of the representative that differ from the policies' (fewest found so far).
    pub deviations: u32,
    pub preemptions: u32,
    /// `trace_hash` of the representative run, in hex: its replay must give the same.
    pub trace_hash: String,
}

// A group's JSON (the command line's `--json`, the page's published report) has the outcome key's
// fields inline, where a reader expects them; postcard, the workers' wire (`crate::wire`), cannot
// encode a flattened struct, so there the key is nested. Both forms are derived from one field
// list each, and the format says which it wants.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Group")]
struct GroupInline {
    kind: GroupKind,
    #[serde(flatten)]
    key: OutcomeKey,
    headline: String,
    #[serde(default)]
    headline_zh: String,
    count: u64,
    makespan_min_us: u64,
    makespan_max_us: u64,
    schedule: String,
    #[serde(skip)]
    sched: Vec<u32>,
    deviations: u32,
    preemptions: u32,
    trace_hash: String,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Group")]
struct GroupNested {
    kind: GroupKind,
    key: OutcomeKey,
    headline: String,
    #[serde(default)]
    headline_zh: String,
    count: u64,
    makespan_min_us: u64,
    makespan_max_us: u64,
    schedule: String,
    #[serde(skip)]
    sched: Vec<u32>,
    deviations: u32,
    preemptions: u32,
    trace_hash: String,
}

impl Serialize for Group {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            GroupInline::serialize(self, s)
        } else {
            GroupNested::serialize(self, s)
        }
    }
}

impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Group, D::Error> {
        if d.is_human_readable() {
            GroupInline::deserialize(d)
        } else {
            GroupNested::deserialize(d)
        }
    }
}

/// How often an expectation held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectTally {
    pub text: String,
    pub passed: u64,
    pub failed: u64,
    /// A schedule under which it fails (the simplest found), if any.
    pub failing_schedule: Option<String>,
    #[serde(skip)]
    failing_deviations: u32,
}

/// Everything found so far, grouped.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub groups: Vec<Group>,
    /// A group's key → its index, so finding a group costs a lookup, not a scan (only looked
    /// up, never iterated, so a hash map keeps the report deterministic).
    index: HashMap<OutcomeKey, usize>,
    pub expects: Vec<ExpectTally>,
    pub makespan: Option<(u64, u64)>,
    /// Choice points of the longest run.
    pub longest: usize,
}

impl Tally {
    /// Counts a finished run taken along `rec`.
    pub(super) fn add(&mut self, run: &SimRun, rec: &Recording) {
        let s = &run.summary;
        let ms = s.makespan_us;
        self.longest = self.longest.max(rec.sched.len());
        self.makespan = Some(match self.makespan {
            Some((lo, hi)) => (lo.min(ms), hi.max(ms)),
            None => (ms, ms),
        });
        self.tally_expects(s, rec);
        let key = OutcomeKey::of(s);
        let better = |g: &Group| rec.deviations < g.deviations;
        match self.index.get(&key) {
            Some(&i) => {
                let g = &mut self.groups[i];
                g.count += 1;
                g.makespan_min_us = g.makespan_min_us.min(ms);
                g.makespan_max_us = g.makespan_max_us.max(ms);
                if better(g) {
                    represent(g, run, rec);
                }
            }
            None => {
                self.index.insert(key.clone(), self.groups.len());
                let mut g = Group {
                    kind: key.kind(),
                    key,
                    headline: String::new(),
                    headline_zh: String::new(),
                    count: 1,
                    makespan_min_us: ms,
                    makespan_max_us: ms,
                    schedule: String::new(),
                    sched: Vec::new(),
                    deviations: 0,
                    preemptions: 0,
                    trace_hash: String::new(),
                };
                represent(&mut g, run, rec);
                self.groups.push(g);
            }
        }
    }

    fn tally_expects(&mut self, s: &RunSummary, rec: &Recording) {
        if self.expects.is_empty() {
            self.expects = s
                .expects
                .iter()
                .map(|e| ExpectTally {
                    text: e.text.clone(),
                    passed: 0,
                    failed: 0,
                    failing_schedule: None,
                    failing_deviations: 0,
                })
                .collect();
        }
        for (t, e) in self.expects.iter_mut().zip(&s.expects) {
            if e.passed {
                t.passed += 1;
                continue;
            }
            t.failed += 1;
            if t.failing_schedule.is_none() || rec.deviations < t.failing_deviations {
                t.failing_schedule = Some(format_sched(rec.trimmed()));
                t.failing_deviations = rec.deviations;
            }
        }
    }
}

/// Makes this run the group's representative.
fn represent(g: &mut Group, run: &SimRun, rec: &Recording) {
    g.sched = rec.trimmed().to_vec();
    g.schedule = format_sched(&g.sched);
    g.deviations = rec.deviations;
    g.preemptions = rec.preemptions;
    g.trace_hash = format!("{:016x}", trace_hash(&run.trace));
    let first_line = |lang| {
        let text = run.summary.explain_in(lang);
        text.lines().next().unwrap_or("").to_string()
    };
    g.headline = first_line(Lang::En);
    g.headline_zh = first_line(Lang::Zh);
}

/// The result of a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub scenario: String,
    /// `dfs` or `random`.
    pub mode: String,
    /// Every schedule was covered (up to states proven equal).
    pub exhaustive: bool,
    /// What stopped the search early, if anything.
    pub bounds: Vec<Bound>,
    pub schedules: u64,
    pub pruned: u64,
    pub distinct_states: u64,
    pub elapsed_ms: u64,
    /// Choice points of the longest run.
    pub longest: usize,
    pub makespan_min_us: Option<u64>,
    pub makespan_max_us: Option<u64>,
    /// Most serious first, then in the order found.
    pub groups: Vec<Group>,
    pub expects: Vec<ExpectTally>,
}

impl Report {
    /// The report in words, for the command line.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        let how = if self.exhaustive {
            "exhaustive: every schedule covered".to_string()
        } else {
            let why: Vec<&str> = self.bounds.iter().map(|b| b.describe()).collect();
            format!("not exhaustive: {}", why.join(", "))
        };
        out.push(format!(
            "explored {} schedule(s) in {} ms ({how}); {} run(s) pruned at known states, {} distinct state(s)",
            self.schedules, self.elapsed_ms, self.pruned, self.distinct_states
        ));
        if let (Some(lo), Some(hi)) = (self.makespan_min_us, self.makespan_max_us) {
            out.push(format!("makespan: {} … {}", fmt_human(lo), fmt_human(hi)));
        }
        out.push(format!("{} outcome(s):", self.groups.len()));
        for (i, g) in self.groups.iter().enumerate() {
            let vars: Vec<String> = g
                .key
                .vars
                .0
                .iter()
                .map(|(n, v)| format!("{n} = {v}"))
                .collect();
            let mut line = format!("  {}. {}", i + 1, g.headline);
            if !vars.is_empty() {
                line.push_str(&format!(" · {}", vars.join(", ")));
            }
            line.push_str(&format!(" — {} schedule(s)", g.count));
            out.push(line);
            for e in &g.key.failed_expects {
                out.push(format!("     expect {e} failed"));
            }
            let sched = if g.schedule.is_empty() {
                "(the default schedule)".to_string()
            } else {
                g.schedule.clone()
            };
            out.push(format!("     schedule: {sched}"));
        }
        for e in self.expects.iter().filter(|e| e.failed > 0) {
            let total = e.passed + e.failed;
            let sched = match e.failing_schedule.as_deref() {
                Some("") | None => "(the default schedule)",
                Some(s) => s,
            };
            out.push(format!(
                "expect {} failed in {} of {total} schedule(s), e.g. {sched}",
                e.text, e.failed
            ));
        }
        out.join("\n")
    }

    /// True when no explored schedule failed, deadlocked, hit a limit or broke an expectation.
    pub fn all_passed(&self) -> bool {
        self.groups.iter().all(|g| g.kind == GroupKind::Completed)
    }
}
