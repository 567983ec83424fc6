//! The step-type catalogue: every kind of step without its parameters, as the picker offers it.

use super::ResClass;
use crate::model::StepKind;

/// Every kind of step, without its parameters: what the step-type picker offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepTag {
    Compute,
    Sleep,
    Yield,
    Lock,
    Unlock,
    Read,
    Write,
    Acquire,
    Release,
    Wait,
    Notify,
    NotifyAll,
    Send,
    Recv,
    Close,
    Spawn,
    Join,
    Gather,
    Cancel,
    After,
    Load,
    Store,
    Incr,
    Fail,
    Log,
    Repeat,
    Timeout,
    Try,
}

impl StepTag {
    /// Every step kind, in the order of docs/LANGUAGE.md §4.
    pub const ALL: [StepTag; 28] = [
        StepTag::Compute,
        StepTag::Sleep,
        StepTag::Yield,
        StepTag::Lock,
        StepTag::Unlock,
        StepTag::Read,
        StepTag::Write,
        StepTag::Acquire,
        StepTag::Release,
        StepTag::Wait,
        StepTag::Notify,
        StepTag::NotifyAll,
        StepTag::Send,
        StepTag::Recv,
        StepTag::Close,
        StepTag::Spawn,
        StepTag::Join,
        StepTag::Gather,
        StepTag::Cancel,
        StepTag::After,
        StepTag::Load,
        StepTag::Store,
        StepTag::Incr,
        StepTag::Fail,
        StepTag::Log,
        StepTag::Repeat,
        StepTag::Timeout,
        StepTag::Try,
    ];

    /// The tag of a step.
    pub fn of(kind: &StepKind) -> StepTag {
        match kind {
            StepKind::Compute { .. } => StepTag::Compute,
            StepKind::Sleep { .. } => StepTag::Sleep,
            StepKind::Yield => StepTag::Yield,
            StepKind::Lock(_) => StepTag::Lock,
            StepKind::Unlock(_) => StepTag::Unlock,
            StepKind::Read(_) => StepTag::Read,
            StepKind::Write(_) => StepTag::Write,
            StepKind::Acquire { .. } => StepTag::Acquire,
            StepKind::Release { .. } => StepTag::Release,
            StepKind::Wait { .. } => StepTag::Wait,
            StepKind::Notify(_) => StepTag::Notify,
            StepKind::NotifyAll(_) => StepTag::NotifyAll,
            StepKind::Send { .. } => StepTag::Send,
            StepKind::Recv(_) => StepTag::Recv,
            StepKind::Close(_) => StepTag::Close,
            StepKind::Spawn(_) => StepTag::Spawn,
            StepKind::Join(_) => StepTag::Join,
            StepKind::Gather(_) => StepTag::Gather,
            StepKind::Cancel(_) => StepTag::Cancel,
            StepKind::After { .. } => StepTag::After,
            StepKind::Load(_) => StepTag::Load,
            StepKind::Store { .. } => StepTag::Store,
            StepKind::Incr(_) => StepTag::Incr,
            StepKind::Fail(_) => StepTag::Fail,
            StepKind::Log(_) => StepTag::Log,
            StepKind::Repeat { .. } => StepTag::Repeat,
            StepKind::Timeout { .. } => StepTag::Timeout,
            StepKind::Try { .. } => StepTag::Try,
        }
    }

    /// The keyword that writes it.
    pub fn word(self) -> &'static str {
        // The parser's step keywords, listed in the same order as `StepTag`.
        crate::model::parse::STEP_WORDS[self as usize]
    }

    /// The class of the resource the step mainly uses (`wait` also uses a mutex).
    pub fn class(self) -> Option<ResClass> {
        match self {
            StepTag::Lock | StepTag::Unlock => Some(ResClass::Mutex),
            StepTag::Read | StepTag::Write => Some(ResClass::RwLock),
            StepTag::Acquire | StepTag::Release => Some(ResClass::Semaphore),
            StepTag::Wait | StepTag::Notify | StepTag::NotifyAll => Some(ResClass::Condvar),
            StepTag::Send | StepTag::Recv | StepTag::Close => Some(ResClass::Channel),
            StepTag::Load | StepTag::Store | StepTag::Incr => Some(ResClass::Var),
            _ => None,
        }
    }

    /// Whether the step uses shared memory, which a `process` task does not have.
    pub fn shared_memory(self) -> bool {
        self.class().is_some_and(ResClass::shared_memory)
    }

    /// Whether the step names other tasks.
    pub fn names_tasks(self) -> bool {
        matches!(
            self,
            StepTag::Spawn | StepTag::Join | StepTag::Gather | StepTag::Cancel | StepTag::After
        )
    }

    /// Whether the step holds nested steps.
    pub fn is_block(self) -> bool {
        matches!(self, StepTag::Repeat | StepTag::Timeout | StepTag::Try)
    }
}
