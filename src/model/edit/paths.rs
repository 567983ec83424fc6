//! Addresses of steps inside tasks and nested blocks (`repeat`, `timeout`, `try`/`catch`).

use crate::model::{Scenario, Step, StepKind};

/// Which list of steps of a block step: the body, or the `catch` part of a `try`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Branch {
    Body,
    Catch,
}

/// A list of steps: a task's body, or a block nested in it (`nest` walks from the task's
/// body down: the index of a block step in the current list, and which of its lists).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BlockPath {
    pub task: usize,
    pub nest: Vec<(usize, Branch)>,
}

/// One step: the list it is in and its index there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StepPath {
    pub block: BlockPath,
    pub index: usize,
}

impl BlockPath {
    /// The body of task `task`.
    pub fn task(task: usize) -> Self {
        BlockPath {
            task,
            nest: Vec::new(),
        }
    }

    /// The step at `index` in this list.
    pub fn step(&self, index: usize) -> StepPath {
        StepPath {
            block: self.clone(),
            index,
        }
    }

    /// How deep this list is nested (0 for a task's body).
    pub fn depth(&self) -> usize {
        self.nest.len()
    }

    /// Whether this list lies inside the step `step` (so moving that step here is a loop).
    pub fn is_within(&self, step: &StepPath) -> bool {
        let outer = &step.block;
        self.task == outer.task
            && self.nest.len() > outer.nest.len()
            && self.nest[..outer.nest.len()] == outer.nest[..]
            && self.nest[outer.nest.len()].0 == step.index
    }
}

impl StepPath {
    /// The list `branch` of this (block) step.
    pub fn child(&self, branch: Branch) -> BlockPath {
        let mut nest = self.block.nest.clone();
        nest.push((self.index, branch));
        BlockPath {
            task: self.block.task,
            nest,
        }
    }
}

/// The steps of one list of a block step, if the step is a block with that list.
fn branch_of(kind: &StepKind, branch: Branch) -> Option<&Vec<Step>> {
    match (kind, branch) {
        (StepKind::Repeat { body, .. }, Branch::Body)
        | (StepKind::Timeout { body, .. }, Branch::Body)
        | (StepKind::Try { body, .. }, Branch::Body) => Some(body),
        (StepKind::Try { catch, .. }, Branch::Catch) => Some(catch),
        _ => None,
    }
}

fn branch_of_mut(kind: &mut StepKind, branch: Branch) -> Option<&mut Vec<Step>> {
    match (kind, branch) {
        (StepKind::Repeat { body, .. }, Branch::Body)
        | (StepKind::Timeout { body, .. }, Branch::Body)
        | (StepKind::Try { body, .. }, Branch::Body) => Some(body),
        (StepKind::Try { catch, .. }, Branch::Catch) => Some(catch),
        _ => None,
    }
}

/// The list of steps at `path`, if it exists.
pub fn block<'s>(s: &'s Scenario, path: &BlockPath) -> Option<&'s Vec<Step>> {
    let mut steps = &s.tasks.get(path.task)?.body;
    for (index, branch) in &path.nest {
        steps = branch_of(&steps.get(*index)?.kind, *branch)?;
    }
    Some(steps)
}

/// The list of steps at `path`, mutably.
pub fn block_mut<'s>(s: &'s mut Scenario, path: &BlockPath) -> Option<&'s mut Vec<Step>> {
    let mut steps = &mut s.tasks.get_mut(path.task)?.body;
    for (index, branch) in &path.nest {
        steps = branch_of_mut(&mut steps.get_mut(*index)?.kind, *branch)?;
    }
    Some(steps)
}

/// The step at `path`, if it exists.
pub fn step_at<'s>(s: &'s Scenario, path: &StepPath) -> Option<&'s Step> {
    block(s, &path.block)?.get(path.index)
}

/// The step at `path`, mutably.
pub fn step_at_mut<'s>(s: &'s mut Scenario, path: &StepPath) -> Option<&'s mut Step> {
    block_mut(s, &path.block)?.get_mut(path.index)
}
