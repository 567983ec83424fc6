//! Declarations: add, rename (updating every use), delete, duplicate and move resources and tasks.

use super::{retain_steps, visit_steps, visit_steps_mut, EditError, ResClass};
use crate::model::limits::MAX_STRING_CHARS;
use crate::model::{
    ExpectKind, NameRef, Pos, Resource, ResourceKind, Scenario, Start, StepKind, TaskDecl,
    TaskKind, TaskRef,
};

/// Every declared name, resources first, in written order.
pub fn declared_names(s: &Scenario) -> Vec<&str> {
    let resources = s.resources.iter().map(|r| r.name.as_str());
    resources
        .chain(s.tasks.iter().map(|t| t.name.as_str()))
        .collect()
}

/// The first of `stem1`, `stem2`, … that no declaration uses.
pub fn fresh_name(s: &Scenario, stem: &str) -> String {
    let taken = declared_names(s);
    (1u64..)
        .map(|n| format!("{stem}{n}"))
        .find(|name| !taken.contains(&name.as_str()))
        .expect("some numbered name is free: there are finitely many declarations")
}

/// Checks a name typed by the user, trimmed; `except` is the declaration being renamed.
pub fn check_name(
    s: &Scenario,
    name: &str,
    for_task: bool,
    except: Option<&str>,
) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    if name.chars().count() > MAX_STRING_CHARS {
        return Err(EditError::NameTooLong);
    }
    if name.chars().any(char::is_control) {
        return Err(EditError::NameHasControl);
    }
    if for_task && name.contains('#') {
        return Err(EditError::NameHasHash);
    }
    if Some(name) != except && declared_names(s).contains(&name) {
        return Err(EditError::NameTaken(name.to_string()));
    }
    Ok(name.to_string())
}

/// The names of the declared resources of one class, in written order.
pub fn resources_of(s: &Scenario, class: ResClass) -> Vec<String> {
    let of_class = s
        .resources
        .iter()
        .filter(|r| ResClass::of(&r.kind) == class);
    of_class.map(|r| r.name.clone()).collect()
}

/// The class of the resource with this name, if one is declared.
pub fn resource_class(s: &Scenario, name: &str) -> Option<ResClass> {
    let found = s.resources.iter().find(|r| r.name == name);
    found.map(|r| ResClass::of(&r.kind))
}

/// Declares a new resource of this class with a fresh name and default parameters.
pub fn add_resource(s: &mut Scenario, class: ResClass) -> String {
    let name = fresh_name(s, class.stem());
    s.resources.push(Resource {
        name: name.clone(),
        kind: class.default_kind(),
        pos: Pos::default(),
    });
    name
}

/// Sets a resource's parameters (permits, capacity, initial value).
pub fn set_resource_kind(
    s: &mut Scenario,
    name: &str,
    kind: ResourceKind,
) -> Result<(), EditError> {
    let found = s.resources.iter_mut().find(|r| r.name == name);
    let resource = found.ok_or_else(|| EditError::NoSuchName(name.to_string()))?;
    resource.kind = kind;
    Ok(())
}

/// Calls `f` on every resource name a step uses.
fn step_resource_refs(kind: &mut StepKind, f: &mut dyn FnMut(&mut NameRef)) {
    if let Some(r) = kind.subject_mut() {
        f(r);
    }
    if let StepKind::Wait { mutex, .. } = kind {
        f(mutex);
    }
}

/// Whether a step (not counting its nested steps) uses the resource `name`.
pub fn step_uses_resource(kind: &StepKind, name: &str) -> bool {
    let mut found = false;
    step_resource_refs(&mut kind.clone(), &mut |r| found |= r.name == name);
    found
}

/// How many steps and expectations use the resource `name`.
pub fn resource_uses(s: &Scenario, name: &str) -> usize {
    let mut uses = 0;
    for task in &s.tasks {
        visit_steps(&task.body, &mut |kind| {
            uses += usize::from(step_uses_resource(kind, name))
        });
    }
    let on_var = |e: &&crate::model::Expect| matches!(&e.kind, ExpectKind::Var { var, .. } if var.name == name);
    uses + s.expects.iter().filter(on_var).count()
}

/// Renames a resource and every step and expectation that uses it.
pub fn rename_resource(s: &mut Scenario, old: &str, new: &str) -> Result<String, EditError> {
    let new = check_name(s, new, false, Some(old))?;
    let found = s.resources.iter_mut().find(|r| r.name == old);
    found
        .ok_or_else(|| EditError::NoSuchName(old.to_string()))?
        .name = new.clone();
    for task in &mut s.tasks {
        visit_steps_mut(&mut task.body, &mut |kind| {
            step_resource_refs(kind, &mut |r| {
                if r.name == old {
                    r.name = new.clone();
                }
            })
        });
    }
    for e in &mut s.expects {
        if let ExpectKind::Var { var, .. } = &mut e.kind {
            if var.name == old {
                var.name = new.clone();
            }
        }
    }
    super::lesson::stop_refs_retain(s, |r| {
        if r.name == old {
            r.name = new.clone();
        }
        true
    });
    Ok(new)
}

/// Deletes a resource together with the steps and expectations that use it (a step without
/// its resource could not run); returns how many steps and expectations went with it.
pub fn delete_resource(s: &mut Scenario, name: &str) -> Result<usize, EditError> {
    let index = s.resources.iter().position(|r| r.name == name);
    s.resources
        .remove(index.ok_or_else(|| EditError::NoSuchName(name.to_string()))?);
    let mut removed = 0;
    for task in &mut s.tasks {
        removed += retain_steps(&mut task.body, &mut |kind| !step_uses_resource(kind, name));
    }
    let before = s.expects.len();
    s.expects
        .retain(|e| !matches!(&e.kind, ExpectKind::Var { var, .. } if var.name == name));
    super::lesson::stop_refs_retain(s, |r| r.name != name);
    Ok(removed + before - s.expects.len())
}

// ===== tasks =====

/// The stem of fresh task names for a kind.
pub fn task_stem(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Async => "a",
        TaskKind::Thread => "t",
        TaskKind::Job => "j",
        TaskKind::Process => "p",
    }
}

/// Appends a new task of this kind with a fresh name, one `sleep 1s` step and defaults
/// elsewhere; returns its index.
pub fn add_task(s: &mut Scenario, kind: TaskKind) -> usize {
    let name = fresh_name(s, task_stem(kind));
    let sleep = StepKind::Sleep {
        dur: 1_000_000,
        label: None,
    };
    s.tasks.push(TaskDecl {
        kind,
        name,
        replicas: None,
        start: Start::AtZero,
        priority: 0,
        body: vec![crate::model::Step {
            kind: sleep,
            pos: Pos::default(),
        }],
        pos: Pos::default(),
    });
    s.tasks.len() - 1
}

fn task_mut(s: &mut Scenario, index: usize) -> Result<&mut TaskDecl, EditError> {
    s.tasks.get_mut(index).ok_or(EditError::NoSuchPath)
}

/// Calls `f` on every task reference a step makes.
fn step_task_refs(kind: &mut StepKind, f: &mut dyn FnMut(&mut TaskRef)) {
    match kind {
        StepKind::Spawn(refs)
        | StepKind::Join(refs)
        | StepKind::Gather(refs)
        | StepKind::Cancel(refs) => refs.iter_mut().for_each(f),
        StepKind::After { task, .. } => f(task),
        _ => {}
    }
}

/// Renames a task and every step and expectation that refers to it.
pub fn rename_task(s: &mut Scenario, index: usize, new: &str) -> Result<String, EditError> {
    let old = task_mut(s, index)?.name.clone();
    let new = check_name(s, new, true, Some(&old))?;
    let rename = |r: &mut TaskRef| {
        if r.name == old {
            r.name = new.clone();
        }
    };
    let mut rename = rename;
    task_mut(s, index)?.name = new.clone();
    for task in &mut s.tasks {
        visit_steps_mut(&mut task.body, &mut |kind| {
            step_task_refs(kind, &mut rename)
        });
    }
    for e in &mut s.expects {
        if let ExpectKind::Task { task, .. } = &mut e.kind {
            rename(task);
        }
    }
    super::lesson::stop_refs_retain(s, |r| {
        rename(r);
        true
    });
    Ok(new)
}

/// Deletes a task, drops it from every step that names it (a step left naming no task goes
/// too) and the expectations about it; returns how many steps and expectations went.
pub fn delete_task(s: &mut Scenario, index: usize) -> Result<usize, EditError> {
    let name = task_mut(s, index)?.name.clone();
    s.tasks.remove(index);
    let mut removed = 0;
    for task in &mut s.tasks {
        removed += retain_steps(&mut task.body, &mut |kind| match kind {
            StepKind::Spawn(refs)
            | StepKind::Join(refs)
            | StepKind::Gather(refs)
            | StepKind::Cancel(refs) => {
                refs.retain(|r| r.name != name);
                !refs.is_empty()
            }
            StepKind::After { task, .. } => task.name != name,
            _ => true,
        });
    }
    let before = s.expects.len();
    s.expects
        .retain(|e| !matches!(&e.kind, ExpectKind::Task { task, .. } if task.name == name));
    super::lesson::stop_refs_retain(s, |r| r.name != name);
    Ok(removed + before - s.expects.len())
}

/// Copies a task under a fresh name (`a1` → `a2`) right after it; returns the copy's index.
pub fn duplicate_task(s: &mut Scenario, index: usize) -> Result<usize, EditError> {
    let mut copy = task_mut(s, index)?.clone();
    let stem = copy.name.trim_end_matches(|c: char| c.is_ascii_digit());
    let stem = if stem.is_empty() {
        task_stem(copy.kind)
    } else {
        stem
    };
    copy.name = fresh_name(s, stem);
    s.tasks.insert(index + 1, copy);
    Ok(index + 1)
}

/// Moves the task at `from` so that it ends up at index `to`.
pub fn move_task(s: &mut Scenario, from: usize, to: usize) -> Result<(), EditError> {
    if from >= s.tasks.len() || to >= s.tasks.len() {
        return Err(EditError::NoSuchPath);
    }
    let task = s.tasks.remove(from);
    s.tasks.insert(to, task);
    Ok(())
}

/// Sets a task's replica count. References to replicas that no longer exist (`d#3` when
/// there are two) become references to the whole group, without repeating one.
pub fn set_replicas(
    s: &mut Scenario,
    index: usize,
    replicas: Option<u32>,
) -> Result<(), EditError> {
    let replicas = replicas.filter(|n| *n >= 1);
    let task = task_mut(s, index)?;
    task.replicas = replicas;
    let name = task.name.clone();
    let gone =
        |r: &TaskRef| r.name == name && r.replica.is_some_and(|i| replicas.is_none_or(|n| i > n));
    for task in &mut s.tasks {
        visit_steps_mut(&mut task.body, &mut |kind| match kind {
            StepKind::Spawn(refs)
            | StepKind::Join(refs)
            | StepKind::Gather(refs)
            | StepKind::Cancel(refs) => {
                let mut kept: Vec<TaskRef> = Vec::new();
                for mut r in refs.drain(..) {
                    if gone(&r) {
                        r.replica = None;
                    }
                    if !kept.contains(&r) || r.name != name {
                        kept.push(r);
                    }
                }
                *refs = kept;
            }
            StepKind::After { task, .. } if gone(task) => task.replica = None,
            _ => {}
        });
    }
    for e in &mut s.expects {
        if let ExpectKind::Task { task, .. } = &mut e.kind {
            if gone(task) {
                task.replica = None;
            }
        }
    }
    // A stop that highlighted a vanished replica highlights the group, once.
    for stop in &mut s.lesson.stops {
        let mut kept: Vec<TaskRef> = Vec::new();
        for mut r in stop.show.drain(..) {
            if gone(&r) {
                r.replica = None;
            }
            if !kept
                .iter()
                .any(|k| k.name == r.name && k.replica == r.replica)
            {
                kept.push(r);
            }
        }
        stop.show = kept;
    }
    Ok(())
}

/// The task references a step may make: each group, then each of its replicas, in order.
/// `except` leaves one task out (a task does not join itself).
pub fn task_ref_choices(s: &Scenario, except: Option<usize>) -> Vec<TaskRef> {
    let mut out = Vec::new();
    for (i, task) in s.tasks.iter().enumerate() {
        if Some(i) == except {
            continue;
        }
        out.push(task_ref(&task.name, None));
        for replica in 1..=task.replicas.unwrap_or(0) {
            out.push(task_ref(&task.name, Some(replica)));
        }
    }
    out
}

/// A task reference with no source position.
pub fn task_ref(name: &str, replica: Option<u32>) -> TaskRef {
    TaskRef {
        name: name.to_string(),
        replica,
        pos: Pos::default(),
    }
}

/// A resource reference with no source position.
pub fn name_ref(name: &str) -> NameRef {
    NameRef {
        name: name.to_string(),
        pos: Pos::default(),
    }
}
