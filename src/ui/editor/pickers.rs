//! Pickers for what a step names: a declared resource of the right kind (or a new one), and
//! the tasks a `spawn`, `join`, `gather`, `cancel` or `after` refers to.

use super::ctx::EditorCtx;
use super::fields::Select;
use super::words::res_class_label;
use crate::model::edit::{
    add_resource, name_ref, resources_of, step_at_mut, task_ref, task_ref_choices, EditError,
    ResClass, StepPath,
};
use crate::model::{NameRef, StepKind, TaskRef};
use yew::prelude::*;

/// A resource picked in a step: one that exists, or a new one of a class.
#[derive(Clone, Debug, PartialEq)]
pub enum NamePick {
    Existing(String),
    New(ResClass),
}

impl NamePick {
    /// Option values: `n:NAME` for a declared resource, `+:CLASS` for a new one.
    fn decode(value: &str) -> Option<NamePick> {
        if let Some(name) = value.strip_prefix("n:") {
            return Some(NamePick::Existing(name.to_string()));
        }
        let word = value.strip_prefix("+:")?;
        ResClass::ALL
            .into_iter()
            .find(|c| c.word() == word)
            .map(NamePick::New)
    }
}

impl EditorCtx {
    /// A callback that sets the resource named by the step at `path`, declaring it if new.
    pub fn patch_name(&self, path: &StepPath, f: fn(&mut StepKind, NameRef)) -> Callback<NamePick> {
        let path = path.clone();
        self.callback(move |s, pick: NamePick| {
            let name = match pick {
                NamePick::Existing(name) => name,
                NamePick::New(class) => add_resource(s, class),
            };
            let step = step_at_mut(s, &path).ok_or(EditError::NoSuchPath)?;
            f(&mut step.kind, name_ref(&name));
            Ok(())
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct ResourcePickProps {
    pub ctx: EditorCtx,
    /// The classes that fit (a mutex or an rwlock for `unlock`).
    pub classes: Vec<ResClass>,
    pub value: AttrValue,
    pub on_pick: Callback<NamePick>,
}

#[function_component(ResourcePick)]
pub fn resource_pick(props: &ResourcePickProps) -> Html {
    let lang = props.ctx.lang;
    let s = &props.ctx.scenario;
    let on_change = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |value: String| {
            if let Some(pick) = NamePick::decode(&value) {
                on_pick.emit(pick);
            }
        })
    };
    let existing = props
        .classes
        .iter()
        .flat_map(|class| resources_of(s, *class));
    let options =
        existing.map(|name| html! { <option value={format!("n:{name}")}>{ name }</option> });
    let new = props.classes.iter().map(|class| {
        let text = format!(
            "+ {}",
            lang.words(&[lang.t("new", "新建"), res_class_label(*class, lang)])
        );
        html! { <option value={format!("+:{}", class.word())}>{ text }</option> }
    });
    let label = props
        .classes
        .iter()
        .map(|c| res_class_label(*c, lang))
        .collect::<Vec<_>>()
        .join(" / ");
    html! {
        <Select value={AttrValue::from(format!("n:{}", props.value))} {on_change} {label} class="editor-pick">
            { for options }
            { for new }
        </Select>
    }
}

/// `d` or `d#2`; task names cannot contain `#`, so this reads back unambiguously.
pub fn ref_value(r: &TaskRef) -> String {
    match r.replica {
        Some(i) => format!("{}#{i}", r.name),
        None => r.name.clone(),
    }
}

/// Reads a [`ref_value`] back.
pub fn parse_ref_value(value: &str) -> TaskRef {
    match value
        .rsplit_once('#')
        .and_then(|(name, i)| Some((name, i.parse::<u32>().ok()?)))
    {
        Some((name, i)) => task_ref(name, Some(i)),
        None => task_ref(value, None),
    }
}

#[derive(Properties, PartialEq)]
pub struct TaskRefsProps {
    pub ctx: EditorCtx,
    pub path: StepPath,
    pub refs: Vec<TaskRef>,
}

/// The tasks a `spawn`, `join`, `gather` or `cancel` names: chips, and a picker to add one.
#[function_component(TaskRefs)]
pub fn task_refs(props: &TaskRefsProps) -> Html {
    let lang = props.ctx.lang;
    let task = props.path.block.task;
    let only_one = props.refs.len() <= 1;
    let chips = props.refs.iter().enumerate().map(|(i, r)| {
        let remove = props.ctx.patch(&props.path, |kind, i: usize| {
            if let StepKind::Spawn(refs) | StepKind::Join(refs) | StepKind::Gather(refs) | StepKind::Cancel(refs) = kind {
                if refs.len() > 1 && i < refs.len() {
                    refs.remove(i);
                }
            }
        });
        html! {
            <span class="editor-chip" key={i}>
                { ref_value(r) }
                if !only_one {
                    <button class="editor-chip-x" onclick={remove.reform(move |_: MouseEvent| i)}
                        aria-label={lang.t("remove this task from the step", "从此步骤中移除这个任务")}>{ "✕" }</button>
                }
            </span>
        }
    });
    let choices: Vec<TaskRef> = task_ref_choices(&props.ctx.scenario, Some(task))
        .into_iter()
        .filter(|c| !props.refs.contains(c))
        .collect();
    let add = props.ctx.patch(&props.path, |kind, value: String| {
        if let StepKind::Spawn(refs)
        | StepKind::Join(refs)
        | StepKind::Gather(refs)
        | StepKind::Cancel(refs) = kind
        {
            if !value.is_empty() {
                refs.push(parse_ref_value(&value));
            }
        }
    });
    html! {
        <span class="editor-refs">
            { for chips }
            if !choices.is_empty() {
                <Select value="" on_change={add} label={lang.t("add a task", "添加任务")} class="editor-add-ref">
                    <option value="">{ lang.t("+ task", "+ 任务") }</option>
                    { for choices.iter().map(|c| html! { <option value={ref_value(c)}>{ ref_value(c) }</option> }) }
                </Select>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct TaskPickProps {
    pub ctx: EditorCtx,
    /// The task the step is in, left out of the choices (`None` for an expectation).
    pub except: Option<usize>,
    pub value: TaskRef,
    pub on_pick: Callback<TaskRef>,
}

/// One task reference (`after … spawn T`, `expect T completed`).
#[function_component(TaskPick)]
pub fn task_pick(props: &TaskPickProps) -> Html {
    let choices = task_ref_choices(&props.ctx.scenario, props.except);
    let on_change = props
        .on_pick
        .reform(|value: String| parse_ref_value(&value));
    html! {
        <Select value={AttrValue::from(ref_value(&props.value))} {on_change} label={props.ctx.lang.t("task", "任务")} class="editor-pick">
            { for choices.iter().map(|c| html! { <option value={ref_value(c)}>{ ref_value(c) }</option> }) }
        </Select>
    }
}
