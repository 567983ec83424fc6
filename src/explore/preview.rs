//! What each option of a choice would do next, so "be the scheduler" is an informed choice:
//! `t#1: load counter · store counter +1` with the values those steps saw.
//!
//! The preview is the run itself, not a guess: the option is taken (the prefix plus its index
//! is replayed to the next choice point), and the steps its task made until it next paused are
//! read from that trace.

use crate::trace::layout::chips::{chips, Chip};
use crate::trace::{EventKind, TaskId, Trace};

/// At most this many steps are previewed per option.
const STEPS: usize = 3;

/// The steps one option's task takes when it is chosen, until it next pauses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// The steps as the editor writes them: `load counter`, `store counter +1`.
    pub steps: Vec<String>,
    /// Those steps' zero-time effects, with the values they saw (in `trace`'s ids).
    pub chips: Vec<Chip>,
    /// More steps followed than `steps` holds.
    pub more: bool,
}

/// The preview of `task` in `ahead`, a run that took the option: its events from `from` (the
/// trace's length at the choice point) until the task's poll ends, it blocks, sleeps or ends.
pub fn preview(ahead: &Trace, from: usize, task: TaskId) -> Preview {
    let mut out = Preview::default();
    let mut until = ahead.events.len();
    for (i, e) in ahead.events.iter().enumerate().skip(from) {
        match &e.kind {
            EventKind::Step { task: t, text } if *t == task => {
                if out.steps.len() == STEPS {
                    out.more = true;
                } else {
                    out.steps.push(text.to_string());
                }
            }
            EventKind::PollEnd { task: t, .. }
            | EventKind::Blocked { task: t, .. }
            | EventKind::Sleeping { task: t, .. }
            | EventKind::Ended { task: t, .. }
                if *t == task && !out.steps.is_empty() =>
            {
                until = i + 1;
                break;
            }
            _ => {}
        }
    }
    out.chips = chips(ahead)
        .into_iter()
        .filter(|c| c.task == task && (from..until).contains(&(c.event as usize)))
        .collect();
    out
}
