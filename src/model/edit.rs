//! The editing core behind the visual editor: pure operations on a [`Scenario`].
//!
//! Every visual edit is one of these functions applied to a copy of the last valid scenario,
//! which is then printed to its canonical text. Keeping them here (not in the UI) means they
//! test natively and the browser code only wires buttons to them.
//!
//! - [`names`]: resources and tasks — add, rename (updating every use), delete, duplicate, move;
//! - [`paths`]: addressing a step inside nested blocks;
//! - [`steps`]: add, delete, duplicate, move and re-kind steps with sensible default parameters;
//! - [`tags`]: the step-type catalogue;
//! - [`expects`]: add and re-kind `expect` lines;
//! - [`lesson`]: the lesson's texts, its view and the tour's stops.

pub mod expects;
pub mod lesson;
pub mod names;
pub mod paths;
pub mod steps;
pub mod tags;

pub use expects::*;
pub use lesson::*;
pub use names::*;
pub use paths::*;
pub use steps::*;
pub use tags::*;

use super::{ResourceKind, Step, StepKind};
use std::fmt;

/// Why an edit was refused. The UI words each case in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// A name cannot be empty.
    EmptyName,
    /// A name is longer than the language allows.
    NameTooLong,
    /// A name contains a line break or another control character.
    NameHasControl,
    /// A task name contains `#`, which marks replicas.
    NameHasHash,
    /// Another declaration already has this name.
    NameTaken(String),
    /// No resource or task has this name.
    NoSuchName(String),
    /// The task, block or step addressed does not exist.
    NoSuchPath,
    /// A block step cannot be moved into itself.
    MoveIntoItself,
    /// The step names a task, and there is no other task to name.
    NoOtherTask,
    /// A lesson text is longer than the language allows.
    TextTooLong,
    /// The tour already has as many stops as the language allows.
    TooManyStops,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::EmptyName => write!(f, "a name cannot be empty; type one"),
            EditError::NameTooLong => write!(f, "a name has at most 200 characters"),
            EditError::NameHasControl => write!(f, "a name must stay on one line"),
            EditError::NameHasHash => {
                write!(
                    f,
                    "a task name cannot contain # (it marks replicas, as in d#2)"
                )
            }
            EditError::NameTaken(name) => {
                write!(
                    f,
                    "\"{name}\" is already used; names are unique, choose another"
                )
            }
            EditError::NoSuchName(name) => write!(f, "nothing is named \"{name}\""),
            EditError::NoSuchPath => write!(f, "that step no longer exists"),
            EditError::MoveIntoItself => write!(f, "a block cannot be moved into itself"),
            EditError::NoOtherTask => write!(f, "this step names another task; add a task first"),
            EditError::TextTooLong => write!(
                f,
                "a lesson text has at most {} characters; shorten it or split it into stops",
                super::types::limits::MAX_LESSON_CHARS
            ),
            EditError::TooManyStops => write!(
                f,
                "a tour has at most {} stops; delete one first",
                super::types::limits::MAX_TOUR_STOPS
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// The six kinds of shared resource, without their parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResClass {
    Mutex,
    RwLock,
    Semaphore,
    Channel,
    Condvar,
    Var,
}

impl ResClass {
    /// Every class, in the order of docs/LANGUAGE.md §3.3.
    pub const ALL: [ResClass; 6] = [
        ResClass::Mutex,
        ResClass::RwLock,
        ResClass::Semaphore,
        ResClass::Channel,
        ResClass::Condvar,
        ResClass::Var,
    ];

    /// The class of a declared resource.
    pub fn of(kind: &ResourceKind) -> ResClass {
        match kind {
            ResourceKind::Mutex => ResClass::Mutex,
            ResourceKind::RwLock => ResClass::RwLock,
            ResourceKind::Semaphore { .. } => ResClass::Semaphore,
            ResourceKind::Channel { .. } => ResClass::Channel,
            ResourceKind::Condvar => ResClass::Condvar,
            ResourceKind::Var { .. } => ResClass::Var,
        }
    }

    /// A new resource of this class: one permit, an unbounded channel, a variable at 0.
    pub fn default_kind(self) -> ResourceKind {
        match self {
            ResClass::Mutex => ResourceKind::Mutex,
            ResClass::RwLock => ResourceKind::RwLock,
            ResClass::Semaphore => ResourceKind::Semaphore { permits: 1 },
            ResClass::Channel => ResourceKind::Channel { capacity: None },
            ResClass::Condvar => ResourceKind::Condvar,
            ResClass::Var => ResourceKind::Var { init: 0 },
        }
    }

    /// The keyword that declares it.
    pub fn word(self) -> &'static str {
        match self {
            ResClass::Mutex => "mutex",
            ResClass::RwLock => "rwlock",
            ResClass::Semaphore => "semaphore",
            ResClass::Channel => "channel",
            ResClass::Condvar => "condvar",
            ResClass::Var => "var",
        }
    }

    /// The stem of fresh names (`m1`, `sem1`, …), short so that step rows stay narrow.
    pub fn stem(self) -> &'static str {
        match self {
            ResClass::Mutex => "m",
            ResClass::RwLock => "rw",
            ResClass::Semaphore => "sem",
            ResClass::Channel => "ch",
            ResClass::Condvar => "cv",
            ResClass::Var => "v",
        }
    }

    /// Whether a `process` task may use it (processes share no memory: only channels).
    pub fn shared_memory(self) -> bool {
        self != ResClass::Channel
    }
}

// ===== walking step trees =====

/// Calls `f` on every step of `steps`, nested blocks included (parents before children).
pub(crate) fn visit_steps_mut(steps: &mut [Step], f: &mut dyn FnMut(&mut StepKind)) {
    for step in steps {
        f(&mut step.kind);
        match &mut step.kind {
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => {
                visit_steps_mut(body, f)
            }
            StepKind::Try { body, catch } => {
                visit_steps_mut(body, f);
                visit_steps_mut(catch, f);
            }
            _ => {}
        }
    }
}

/// Calls `f` on every step of `steps`, nested blocks included.
pub(crate) fn visit_steps(steps: &[Step], f: &mut dyn FnMut(&StepKind)) {
    for step in steps {
        f(&step.kind);
        match &step.kind {
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => visit_steps(body, f),
            StepKind::Try { body, catch } => {
                visit_steps(body, f);
                visit_steps(catch, f);
            }
            _ => {}
        }
    }
}

/// Keeps the steps (at every depth) for which `keep` holds; returns how many were removed.
/// A removed block takes its nested steps with it; they are not counted separately.
pub(crate) fn retain_steps(
    steps: &mut Vec<Step>,
    keep: &mut dyn FnMut(&mut StepKind) -> bool,
) -> usize {
    let before = steps.len();
    steps.retain_mut(|step| keep(&mut step.kind));
    let mut removed = before - steps.len();
    for step in steps.iter_mut() {
        match &mut step.kind {
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => {
                removed += retain_steps(body, keep)
            }
            StepKind::Try { body, catch } => {
                removed += retain_steps(body, keep);
                removed += retain_steps(catch, keep);
            }
            _ => {}
        }
    }
    removed
}
