//! Expectations: the kinds of `expect` line, their defaults, and adding or re-kinding one.

use super::names::{add_resource, name_ref, resources_of, task_ref};
use super::{EditError, ResClass};
use crate::model::{CmpOp, EndState, Expect, ExpectKind, Pos, Scenario};

/// Every kind of `expect` line, without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExpectTag {
    Var,
    Makespan,
    NoDeadlock,
    Deadlock,
    Task,
}

impl ExpectTag {
    pub const ALL: [ExpectTag; 5] = [
        ExpectTag::Var,
        ExpectTag::Makespan,
        ExpectTag::NoDeadlock,
        ExpectTag::Deadlock,
        ExpectTag::Task,
    ];

    pub fn of(kind: &ExpectKind) -> ExpectTag {
        match kind {
            ExpectKind::Var { .. } => ExpectTag::Var,
            ExpectKind::Makespan { .. } => ExpectTag::Makespan,
            ExpectKind::NoDeadlock => ExpectTag::NoDeadlock,
            ExpectKind::Deadlock => ExpectTag::Deadlock,
            ExpectKind::Task { .. } => ExpectTag::Task,
        }
    }
}

/// Every comparison operator, in the order the picker shows them.
pub const CMP_OPS: [CmpOp; 6] = [
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Gt,
    CmpOp::Ge,
];

/// Every end state an expectation can ask for.
pub const END_STATES: [EndState; 3] = [EndState::Completed, EndState::Failed, EndState::Cancelled];

/// A new expectation of this kind: the first variable `== 0` (declared now if there is none),
/// `makespan <= 1s`, the first task `completed`.
pub fn default_expect(s: &mut Scenario, tag: ExpectTag) -> Result<ExpectKind, EditError> {
    Ok(match tag {
        ExpectTag::Var => {
            let var = resources_of(s, ResClass::Var).into_iter().next();
            let var = var.unwrap_or_else(|| add_resource(s, ResClass::Var));
            ExpectKind::Var {
                var: name_ref(&var),
                op: CmpOp::Eq,
                value: 0,
            }
        }
        ExpectTag::Makespan => ExpectKind::Makespan {
            op: CmpOp::Le,
            dur: 1_000_000,
        },
        ExpectTag::NoDeadlock => ExpectKind::NoDeadlock,
        ExpectTag::Deadlock => ExpectKind::Deadlock,
        ExpectTag::Task => {
            let first = s.tasks.first().ok_or(EditError::NoOtherTask)?;
            ExpectKind::Task {
                task: task_ref(&first.name, None),
                state: EndState::Completed,
            }
        }
    })
}

/// Appends a default expectation of this kind; returns its index.
pub fn add_expect(s: &mut Scenario, tag: ExpectTag) -> Result<usize, EditError> {
    let kind = default_expect(s, tag)?;
    s.expects.push(Expect {
        kind,
        pos: Pos::default(),
    });
    Ok(s.expects.len() - 1)
}

/// Changes the kind of expectation `index`, keeping the operator when both kinds compare.
pub fn change_expect_kind(s: &mut Scenario, index: usize, tag: ExpectTag) -> Result<(), EditError> {
    let old = s
        .expects
        .get(index)
        .ok_or(EditError::NoSuchPath)?
        .kind
        .clone();
    if ExpectTag::of(&old) == tag {
        return Ok(());
    }
    let mut new = default_expect(s, tag)?;
    let old_op = match old {
        ExpectKind::Var { op, .. } | ExpectKind::Makespan { op, .. } => Some(op),
        _ => None,
    };
    if let (Some(kept), ExpectKind::Var { op, .. } | ExpectKind::Makespan { op, .. }) =
        (old_op, &mut new)
    {
        *op = kept;
    }
    s.expects.get_mut(index).ok_or(EditError::NoSuchPath)?.kind = new;
    Ok(())
}

/// Removes expectation `index`.
pub fn delete_expect(s: &mut Scenario, index: usize) -> Result<(), EditError> {
    if index >= s.expects.len() {
        return Err(EditError::NoSuchPath);
    }
    s.expects.remove(index);
    Ok(())
}
