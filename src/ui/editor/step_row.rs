//! One step as a row: drag handle, step-type picker, parameters, and move/duplicate/delete;
//! a block step also shows its nested steps.

use super::ctx::{DragItem, EditorCtx};
use super::fields::Select;
use super::step_list::StepList;
use super::step_params::step_params;
use super::words::{step_groups, step_hint, step_option_text};
use crate::model::edit::{
    change_step_kind, delete_step, duplicate_step, move_step, move_step_by_one, Branch, StepPath,
    StepTag,
};
use crate::model::{Step, StepKind, TaskKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepRowProps {
    pub ctx: EditorCtx,
    pub path: StepPath,
    pub step: Step,
    pub task_kind: TaskKind,
    /// Whether this is the last step of its list (it cannot move down).
    pub last: bool,
}

/// The step-type picker's options: processes cannot pick steps that share memory, and steps
/// that name another task need one to exist.
pub fn step_options(ctx: &EditorCtx, task_kind: TaskKind) -> Html {
    let lang = ctx.lang;
    let lonely = ctx.scenario.tasks.len() < 2;
    let groups = step_groups(lang).into_iter().map(|(label, tags)| {
        let options = tags.iter().map(|tag| {
            let disabled = (task_kind == TaskKind::Process && tag.shared_memory()) || (lonely && tag.names_tasks());
            // The picker shows the keyword (glossed in Chinese); the explanation is the option's
            // tooltip and the row's.
            html! { <option value={tag.word()} {disabled} title={step_hint(*tag, lang)}>{ step_option_text(*tag, lang) }</option> }
        });
        html! { <optgroup {label}>{ for options }</optgroup> }
    });
    html! { { for groups } }
}

/// Drag-and-drop handlers that make an element a drop target for steps.
pub fn drop_target(ctx: &EditorCtx, at: StepPath) -> (Callback<DragEvent>, Callback<DragEvent>) {
    let drag = ctx.drag.clone();
    let over = Callback::from(move |e: DragEvent| {
        if matches!(*drag, Some(DragItem::Step(_))) {
            e.prevent_default();
        }
    });
    let (drag, ctx) = (ctx.drag.clone(), ctx.clone());
    let drop = Callback::from(move |e: DragEvent| {
        if let Some(DragItem::Step(from)) = (*drag).clone() {
            e.prevent_default();
            e.stop_propagation();
            let to = at.clone();
            ctx.edit(move |s| move_step(s, &from, &to.block, to.index).map(|_| ()));
            drag.set(None);
        }
    });
    (over, drop)
}

#[function_component(StepRow)]
pub fn step_row(props: &StepRowProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let path = &props.path;
    let tag = StepTag::of(&props.step.kind);
    let on_kind = {
        let path = path.clone();
        ctx.callback(move |s, word: String| {
            match StepTag::ALL.into_iter().find(|t| t.word() == word) {
                Some(tag) => change_step_kind(s, &path, tag),
                None => Ok(()),
            }
        })
    };
    let ondragstart = {
        let (drag, path) = (ctx.drag.clone(), path.clone());
        Callback::from(move |e: DragEvent| {
            e.stop_propagation();
            if let Some(data) = e.data_transfer() {
                let _ = data.set_data("text/plain", "interleave-step");
                data.set_effect_allowed("move");
            }
            drag.set(Some(DragItem::Step(path.clone())));
        })
    };
    let ondragend = {
        let drag = ctx.drag.clone();
        Callback::from(move |_: DragEvent| drag.set(None))
    };
    let (ondragover, ondrop) = drop_target(ctx, path.clone());
    let up = {
        let p = path.clone();
        ctx.on_click(move |s| move_step_by_one(s, &p, true).map(|_| ()))
    };
    let down = {
        let p = path.clone();
        ctx.on_click(move |s| move_step_by_one(s, &p, false).map(|_| ()))
    };
    let copy = {
        let p = path.clone();
        ctx.on_click(move |s| duplicate_step(s, &p).map(|_| ()))
    };
    let remove = {
        let p = path.clone();
        ctx.on_click(move |s| delete_step(s, &p).map(|_| ()))
    };
    let dragging = matches!(&*ctx.drag, Some(DragItem::Step(p)) if p == path);
    let nested = match &props.step.kind {
        StepKind::Repeat { .. } | StepKind::Timeout { .. } => html! {
            <StepList ctx={ctx.clone()} block={path.child(Branch::Body)} task_kind={props.task_kind} />
        },
        StepKind::Try { .. } => html! {
            <>
                <StepList ctx={ctx.clone()} block={path.child(Branch::Body)} task_kind={props.task_kind} />
                <div class="editor-catch">{ "catch" }<span class="editor-muted">{ lang.t(" — runs if a step above fails", " —— 上面的步骤失败时运行") }</span></div>
                <StepList ctx={ctx.clone()} block={path.child(Branch::Catch)} task_kind={props.task_kind} />
            </>
        },
        _ => html! {},
    };
    let block = tag.is_block();
    html! {
        <li class={classes!("step-row", block.then_some("editor-block"), dragging.then_some("editor-dragging"))}
            data-step={tag.word()} {ondragover} {ondrop}>
            <div class="editor-step-line" title={step_hint(tag, lang)}>
                <span class="editor-handle" draggable="true" {ondragstart} {ondragend}
                    title={lang.t("drag to move this step", "拖动以移动此步骤")} aria-hidden="true">{ "⠿" }</span>
                <Select value={tag.word()} on_change={on_kind} label={lang.t("step type", "步骤类型")} class="editor-kind" testid="step-kind">
                    { step_options(ctx, props.task_kind) }
                </Select>
                { step_params(ctx, path, &props.step.kind) }
                <span class="editor-tools">
                    <button class="editor-tool" onclick={up} disabled={path.index == 0}
                        aria-label={lang.t("move step up", "上移步骤")} title={lang.t("move up", "上移")}>{ "↑" }</button>
                    <button class="editor-tool" onclick={down} disabled={props.last}
                        aria-label={lang.t("move step down", "下移步骤")} title={lang.t("move down", "下移")}>{ "↓" }</button>
                    <button class="editor-tool" onclick={copy}
                        aria-label={lang.t("duplicate step", "复制步骤")} title={lang.t("duplicate", "复制")}>{ "❏" }</button>
                    <button class="editor-tool editor-danger" onclick={remove}
                        aria-label={lang.t("delete step", "删除步骤")} title={lang.t("delete", "删除")}>{ "✕" }</button>
                </span>
            </div>
            { nested }
        </li>
    }
}
