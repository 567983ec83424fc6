//! Steps: default parameters, and add, delete, duplicate, move and change the kind of a step.

use super::names::{add_resource, name_ref, resource_class, resources_of, task_ref};
use super::paths::{block, block_mut, step_at, step_at_mut, BlockPath, StepPath};
use super::tags::StepTag;
use super::{EditError, ResClass};
use crate::model::{Micros, Pos, Scenario, Start, Step, StepKind, StoreOp, TaskRef};

/// One second, the default duration: round, and long enough to see on the timeline.
const SECOND: Micros = 1_000_000;

/// The first declared resource of `class`, declaring one when there is none, so that
/// picking a step never leaves the scenario invalid and never asks for typing.
fn resource_for(s: &mut Scenario, class: ResClass) -> String {
    match resources_of(s, class).into_iter().next() {
        Some(name) => name,
        None => add_resource(s, class),
    }
}

/// The task a step in task `from` most likely means: an `on spawn` task for `spawn`,
/// `gather` and `after`, else the first other task.
fn task_for(s: &Scenario, tag: StepTag, from: usize) -> Option<TaskRef> {
    let others = || s.tasks.iter().enumerate().filter(move |(i, _)| *i != from);
    let wants_unstarted = matches!(tag, StepTag::Spawn | StepTag::Gather | StepTag::After);
    let unstarted = others().find(|(_, t)| t.start == Start::OnSpawn);
    let pick = if wants_unstarted {
        unstarted.or_else(|| others().next())
    } else {
        others().next()
    };
    pick.map(|(_, t)| task_ref(&t.name, None))
}

/// A new step of this kind in task `task`, with default parameters: 1 s durations, the first
/// declared resource of the right kind (declared now if there is none), another task.
pub fn default_step(s: &mut Scenario, tag: StepTag, task: usize) -> Result<StepKind, EditError> {
    let mut res = |class| name_ref(&resource_for(s, class));
    Ok(match tag {
        StepTag::Compute => StepKind::Compute {
            dur: SECOND,
            label: None,
        },
        StepTag::Sleep => StepKind::Sleep {
            dur: SECOND,
            label: None,
        },
        StepTag::Yield => StepKind::Yield,
        StepTag::Lock => StepKind::Lock(res(ResClass::Mutex)),
        StepTag::Read => StepKind::Read(res(ResClass::RwLock)),
        StepTag::Write => StepKind::Write(res(ResClass::RwLock)),
        StepTag::Acquire => StepKind::Acquire {
            sem: res(ResClass::Semaphore),
            n: 1,
        },
        StepTag::Release => StepKind::Release {
            sem: res(ResClass::Semaphore),
            n: 1,
        },
        StepTag::Wait => {
            let cv = res(ResClass::Condvar);
            StepKind::Wait {
                cv,
                mutex: res(ResClass::Mutex),
            }
        }
        StepTag::Notify => StepKind::Notify(res(ResClass::Condvar)),
        StepTag::NotifyAll => StepKind::NotifyAll(res(ResClass::Condvar)),
        StepTag::Send => StepKind::Send {
            ch: res(ResClass::Channel),
            value: None,
        },
        StepTag::Recv => StepKind::Recv(res(ResClass::Channel)),
        StepTag::Close => StepKind::Close(res(ResClass::Channel)),
        StepTag::Load => StepKind::Load(res(ResClass::Var)),
        StepTag::Store => StepKind::Store {
            var: res(ResClass::Var),
            op: StoreOp::Add(1),
        },
        StepTag::Incr => StepKind::Incr(res(ResClass::Var)),
        StepTag::Unlock => {
            // Unlock whichever lock the scenario has: a mutex first, else a reader-writer lock.
            let rwlock = resources_of(s, ResClass::RwLock).into_iter().next();
            match (resources_of(s, ResClass::Mutex).into_iter().next(), rwlock) {
                (Some(m), _) | (None, Some(m)) => StepKind::Unlock(name_ref(&m)),
                (None, None) => StepKind::Unlock(name_ref(&add_resource(s, ResClass::Mutex))),
            }
        }
        StepTag::Spawn | StepTag::Join | StepTag::Gather | StepTag::Cancel | StepTag::After => {
            let target = task_for(s, tag, task).ok_or(EditError::NoOtherTask)?;
            match tag {
                StepTag::Spawn => StepKind::Spawn(vec![target]),
                StepTag::Join => StepKind::Join(vec![target]),
                StepTag::Gather => StepKind::Gather(vec![target]),
                StepTag::Cancel => StepKind::Cancel(vec![target]),
                _ => StepKind::After {
                    delay: SECOND,
                    task: target,
                },
            }
        }
        StepTag::Fail => StepKind::Fail("something went wrong".to_string()),
        StepTag::Log => StepKind::Log("here".to_string()),
        StepTag::Repeat => StepKind::Repeat {
            count: 2,
            body: Vec::new(),
        },
        StepTag::Timeout => StepKind::Timeout {
            dur: SECOND,
            body: Vec::new(),
        },
        StepTag::Try => StepKind::Try {
            body: Vec::new(),
            catch: Vec::new(),
        },
    })
}

/// What an existing step carries over when its kind changes.
#[derive(Default)]
struct Carried {
    timed: Option<(Micros, Option<String>)>,
    resource: Option<String>,
    refs: Vec<TaskRef>,
    body: Option<Vec<Step>>,
    text: Option<String>,
}

fn carried(kind: &StepKind) -> Carried {
    let mut c = Carried {
        resource: kind.subject().map(|r| r.name.clone()),
        ..Carried::default()
    };
    match kind {
        StepKind::Compute { dur, label } | StepKind::Sleep { dur, label } => {
            c.timed = Some((*dur, label.clone()))
        }
        StepKind::Spawn(r) | StepKind::Join(r) | StepKind::Gather(r) | StepKind::Cancel(r) => {
            c.refs = r.clone()
        }
        StepKind::After { task, .. } => c.refs = vec![task.clone()],
        StepKind::Repeat { body, .. }
        | StepKind::Timeout { body, .. }
        | StepKind::Try { body, .. } => c.body = Some(body.clone()),
        StepKind::Fail(t) | StepKind::Log(t) => c.text = Some(t.clone()),
        _ => {}
    }
    c
}

/// Changes the kind of the step at `path`, keeping what still fits: the duration and label
/// between `compute` and `sleep`, the resource when it is of the right kind, the tasks named,
/// the nested steps between blocks, the text between `fail` and `log`.
pub fn change_step_kind(s: &mut Scenario, path: &StepPath, tag: StepTag) -> Result<(), EditError> {
    let old = step_at(s, path).ok_or(EditError::NoSuchPath)?.kind.clone();
    if StepTag::of(&old) == tag {
        return Ok(());
    }
    let mut new = default_step(s, tag, path.block.task)?;
    let Carried {
        timed,
        resource,
        refs,
        body,
        text,
    } = carried(&old);
    let class_fits = |s: &Scenario, name: &String| {
        let class = resource_class(s, name);
        class.is_some()
            && (class == tag.class() || (tag == StepTag::Unlock && class == Some(ResClass::RwLock)))
    };
    let resource = resource
        .filter(|name| class_fits(s, name))
        .map(|n| name_ref(&n));
    if let (Some(r), Some(kept)) = (new.subject_mut(), resource) {
        *r = kept;
    }
    match &mut new {
        StepKind::Compute { dur, label } | StepKind::Sleep { dur, label } => {
            if let Some((d, l)) = timed {
                (*dur, *label) = (d, l);
            }
        }
        StepKind::Spawn(r) | StepKind::Join(r) | StepKind::Gather(r) | StepKind::Cancel(r)
            if !refs.is_empty() =>
        {
            *r = refs;
        }
        StepKind::After { task, .. } => {
            if let Some(first) = refs.into_iter().next() {
                *task = first;
            }
        }
        StepKind::Repeat { body: b, .. }
        | StepKind::Timeout { body: b, .. }
        | StepKind::Try { body: b, .. } => {
            if let Some(kept) = body {
                *b = kept;
            }
        }
        StepKind::Fail(t) | StepKind::Log(t) => {
            if let Some(kept) = text {
                *t = kept;
            }
        }
        _ => {}
    }
    step_at_mut(s, path).ok_or(EditError::NoSuchPath)?.kind = new;
    Ok(())
}

/// Replaces the step at `path` with `kind` (a parameter edit).
pub fn set_step(s: &mut Scenario, path: &StepPath, kind: StepKind) -> Result<(), EditError> {
    step_at_mut(s, path).ok_or(EditError::NoSuchPath)?.kind = kind;
    Ok(())
}

/// Appends a default step of this kind to the list at `at`; returns where it went.
pub fn add_step(s: &mut Scenario, at: &BlockPath, tag: StepTag) -> Result<StepPath, EditError> {
    block(s, at).ok_or(EditError::NoSuchPath)?;
    let kind = default_step(s, tag, at.task)?;
    let steps = block_mut(s, at).ok_or(EditError::NoSuchPath)?;
    steps.push(Step {
        kind,
        pos: Pos::default(),
    });
    Ok(at.step(steps.len() - 1))
}

/// Removes the step at `path` (with its nested steps) and returns it.
pub fn delete_step(s: &mut Scenario, path: &StepPath) -> Result<Step, EditError> {
    let steps = block_mut(s, &path.block).ok_or(EditError::NoSuchPath)?;
    if path.index >= steps.len() {
        return Err(EditError::NoSuchPath);
    }
    Ok(steps.remove(path.index))
}

/// Inserts a copy of the step at `path` right after it; returns the copy's path.
pub fn duplicate_step(s: &mut Scenario, path: &StepPath) -> Result<StepPath, EditError> {
    let steps = block_mut(s, &path.block).ok_or(EditError::NoSuchPath)?;
    let copy = steps.get(path.index).ok_or(EditError::NoSuchPath)?.clone();
    steps.insert(path.index + 1, copy);
    Ok(path.block.step(path.index + 1))
}

/// Moves the step at `from` into the list `to`, before the step that is at `index` there
/// now (`index` = the list's length puts it last). Returns the step's new path.
pub fn move_step(
    s: &mut Scenario,
    from: &StepPath,
    to: &BlockPath,
    index: usize,
) -> Result<StepPath, EditError> {
    if to.is_within(from) {
        return Err(EditError::MoveIntoItself);
    }
    step_at(s, from).ok_or(EditError::NoSuchPath)?;
    if index > block(s, to).ok_or(EditError::NoSuchPath)?.len() {
        return Err(EditError::NoSuchPath);
    }
    let step = delete_step(s, from)?;
    // Removing the step shifts the later steps of its list down by one: the destination list
    // may be one of them, or lie inside one of them.
    let mut to = to.clone();
    let mut index = index;
    let depth = from.block.nest.len();
    if to.task == from.block.task
        && to.nest.len() > depth
        && to.nest[..depth] == from.block.nest[..]
        && to.nest[depth].0 > from.index
    {
        to.nest[depth].0 -= 1;
    }
    if to == from.block && index > from.index {
        index -= 1;
    }
    let steps = block_mut(s, &to).ok_or(EditError::NoSuchPath)?;
    steps.insert(index, step);
    Ok(to.step(index))
}

/// Moves a step one place up (`up`) or down within its list; returns its new path.
pub fn move_step_by_one(
    s: &mut Scenario,
    path: &StepPath,
    up: bool,
) -> Result<StepPath, EditError> {
    let steps = block_mut(s, &path.block).ok_or(EditError::NoSuchPath)?;
    let other = if up {
        path.index.checked_sub(1)
    } else {
        Some(path.index + 1)
    };
    let other = other
        .filter(|i| *i < steps.len() && path.index < steps.len())
        .ok_or(EditError::NoSuchPath)?;
    steps.swap(path.index, other);
    Ok(path.block.step(other))
}
