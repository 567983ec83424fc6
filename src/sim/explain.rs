//! The result in plain words: one line for the outcome, then notes (a blocked event loop, failed checks).

use super::summary::{BlockedTask, DeadlockInfo, Outcome, RunSummary, TaskState};
use super::text::fmt_human;

/// How many stuck tasks a deadlock without a cycle lists before "and N more".
const LISTED: usize = 5;

impl RunSummary {
    /// E.g. `completed in 1 s`, `t1 failed: boom`, or
    /// `deadlock: p1 waits for fork2 held by p2, which waits for fork1 held by p1`; then
    /// `compute blocked the event loop for 1 s` and each failed expectation, one per line.
    pub fn explain(&self) -> String {
        let mut lines = vec![self.outcome_line()];
        if let Some(us) = self.loop_blocked_us {
            lines.push(format!(
                "compute blocked the event loop for {}",
                fmt_human(us)
            ));
        }
        for e in self.expects.iter().filter(|e| !e.passed) {
            let actual = self.actual(&e.text);
            lines.push(format!("expect {} failed{actual}", e.text));
        }
        lines.join("\n")
    }

    fn outcome_line(&self) -> String {
        let at = fmt_human(self.makespan_us);
        match self.outcome {
            Outcome::Completed => format!("completed in {at}"),
            Outcome::Failed => self
                .tasks
                .iter()
                .filter(|t| t.state == TaskState::Failed)
                .map(|t| format!("{} failed: {}", t.name, t.error.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("; "),
            Outcome::Deadlock => match &self.deadlock {
                Some(d) => format!("deadlock: {}", deadlock_text(d)),
                None => "deadlock".to_string(),
            },
            Outcome::Limit => {
                let open = self
                    .tasks
                    .iter()
                    .filter(|t| t.state == TaskState::Blocked)
                    .count();
                match self.limit.as_deref() {
                    Some("max_time") => format!(
                        "stopped at the time limit ({at}, max_time) with {open} task(s) unfinished"
                    ),
                    Some("max_events") => format!(
                        "stopped after {} events (the max_events limit) at {at}",
                        self.events
                    ),
                    Some("max_tasks") => {
                        "not run: more than 10000 tasks (the max_tasks limit)".to_string()
                    }
                    Some("stop") => {
                        format!("stopped by the user at {at} with {open} task(s) unfinished")
                    }
                    Some("running") => format!("running live: {at} so far"),
                    Some("max_live_threads") => {
                        "not run live: more than 256 threads and processes (each is a web worker)"
                            .to_string()
                    }
                    Some("stopped") => format!("paused at a scheduling choice at {at}"),
                    _ => format!("stopped at a limit at {at}"),
                }
            }
        }
    }

    /// ` (counter is 1)` or ` (makespan is 2 s)` for a failed value check.
    fn actual(&self, text: &str) -> String {
        let first = text.split(' ').next().unwrap_or("");
        if first == "makespan" {
            return format!(" (makespan is {})", fmt_human(self.makespan_us));
        }
        match self.vars.get(first) {
            Some(v) => format!(" ({first} is {v})"),
            None => String::new(),
        }
    }
}

/// The first cycle as a chain of waits, or the stuck tasks when there is no cycle.
fn deadlock_text(d: &DeadlockInfo) -> String {
    let find = |name: &str| d.blocked.iter().find(|b| b.task == name);
    if let Some(cycle) = d.cycles.first() {
        let mut s = String::new();
        for (i, name) in cycle.iter().enumerate() {
            let next = &cycle[(i + 1) % cycle.len()];
            let wait = find(name).map_or_else(String::new, |b| wait_phrase(b, next));
            if i == 0 {
                s.push_str(&format!("{name} waits for {wait}"));
            } else {
                s.push_str(&format!(", which waits for {wait}"));
            }
        }
        if d.cycles.len() > 1 {
            s.push_str(&format!(" (and {} more cycles)", d.cycles.len() - 1));
        }
        return s;
    }
    let mut parts: Vec<String> = d
        .blocked
        .iter()
        .take(LISTED)
        .map(|b| format!("{} waits for {}", b.task, b.waits_for))
        .collect();
    if d.blocked.len() > LISTED {
        parts.push(format!("and {} more", d.blocked.len() - LISTED));
    }
    parts.join("; ")
}

/// `fork2 held by p2`, `t2 to end`, `a pool worker held by j1`.
fn wait_phrase(b: &BlockedTask, next: &str) -> String {
    if b.waits_for.starts_with("join ") {
        return format!("{next} to end");
    }
    let what = b.waits_for.strip_prefix("mutex ").unwrap_or(&b.waits_for);
    format!("{what} held by {next}")
}
