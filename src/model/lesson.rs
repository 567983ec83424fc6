//! A scenario's lesson: what it teaches, what to look for, and a tour of moments in its run
//! (docs/LANGUAGE.md §3.8). Teachers write it in the scenario's own text, so it travels in links.

use super::{Micros, Pos, TaskRef};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A text a person reads, with an optional Chinese version: `"Two threads…" zh "两个线程……"`.
///
/// The first text is in whatever language its author wrote; it is shown whenever the reader's
/// language has no version of its own, so a lesson written in one language reads in both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub text: String,
    pub zh: Option<String>,
}

impl Said {
    /// The text for a reader of `lang`, falling back to the one that was written.
    pub fn in_lang(&self, lang: Lang) -> &str {
        match (lang, &self.zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.text,
        }
    }
}

/// Which rows the timeline shows: one per task, or one per thread, worker and event loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LessonView {
    Tasks,
    Threads,
}

/// One stop of a tour: a moment of the run, one sentence about it, and what to highlight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TourStop {
    pub at: Micros,
    pub said: Said,
    /// Tasks (a group, or one replica as `t#1`) and resources, by name.
    pub show: Vec<TaskRef>,
    pub pos: Pos,
}

/// Everything a scenario says to teach; empty when it teaches nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// `lesson "…"`: what happens in the scenario and why.
    pub about: Option<Said>,
    /// `look "…"`: what to look for on the timeline.
    pub look: Option<Said>,
    /// `view threads`: the view the lesson is best seen in.
    pub view: Option<LessonView>,
    /// `stop DUR "…" on …`, in written order.
    pub stops: Vec<TourStop>,
}

impl Lesson {
    pub fn is_empty(&self) -> bool {
        self.about.is_none() && self.look.is_none() && self.view.is_none() && self.stops.is_empty()
    }
}
