//! The resource a step acts on (its subject): `lock m` → m, `wait cv m` → cv, `send ch 1` → ch.

use super::types::{NameRef, StepKind};

/// One list of the steps that name a resource first, for both borrows.
macro_rules! subject_of {
    ($kind:expr) => {
        match $kind {
            StepKind::Lock(r)
            | StepKind::Unlock(r)
            | StepKind::Read(r)
            | StepKind::Write(r)
            | StepKind::Notify(r)
            | StepKind::NotifyAll(r)
            | StepKind::Recv(r)
            | StepKind::Close(r)
            | StepKind::Load(r)
            | StepKind::Incr(r)
            | StepKind::Acquire { sem: r, .. }
            | StepKind::Release { sem: r, .. }
            | StepKind::Wait { cv: r, .. }
            | StepKind::Send { ch: r, .. }
            | StepKind::Store { var: r, .. } => Some(r),
            _ => None,
        }
    };
}

impl StepKind {
    /// The resource the step acts on, if it names one (for `wait CV M`, the condvar; the
    /// mutex it re-locks is its second resource).
    pub fn subject(&self) -> Option<&NameRef> {
        subject_of!(self)
    }

    /// [`StepKind::subject`], to rename or replace it.
    pub fn subject_mut(&mut self) -> Option<&mut NameRef> {
        subject_of!(self)
    }

    /// Whether the step works on a channel (the one kind of resource processes may share).
    pub fn is_channel_step(&self) -> bool {
        matches!(
            self,
            StepKind::Send { .. } | StepKind::Recv(_) | StepKind::Close(_)
        )
    }
}
