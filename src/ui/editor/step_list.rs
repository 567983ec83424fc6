//! A list of steps (a task's body or a nested block), with a picker that adds a step.

use super::ctx::EditorCtx;
use super::fields::Select;
use super::step_row::{drop_target, step_options, StepRow};
use crate::model::edit::{add_step, block, BlockPath, StepTag};
use crate::model::TaskKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepListProps {
    pub ctx: EditorCtx,
    pub block: BlockPath,
    pub task_kind: TaskKind,
}

#[function_component(StepList)]
pub fn step_list(props: &StepListProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let steps = block(&ctx.scenario, &props.block)
        .cloned()
        .unwrap_or_default();
    let count = steps.len();
    let rows = steps.into_iter().enumerate().map(|(index, step)| {
        html! {
            <StepRow key={index} ctx={ctx.clone()} path={props.block.step(index)} {step}
                task_kind={props.task_kind} last={index + 1 == count} />
        }
    });
    let on_add = {
        let at = props.block.clone();
        ctx.callback(move |s, word: String| {
            match StepTag::ALL.into_iter().find(|t| t.word() == word) {
                Some(tag) => add_step(s, &at, tag).map(|_| ()),
                None => Ok(()),
            }
        })
    };
    // Dropping a step on the "add" line puts it at the end of this list.
    let (ondragover, ondrop) = drop_target(ctx, props.block.step(count));
    let nested = props.block.depth() > 0;
    html! {
        <div class={classes!("editor-step-list", nested.then_some("editor-nested"))}>
            <ol class="editor-steps">{ for rows }</ol>
            <div class="editor-add-line" {ondragover} {ondrop}>
                <Select value="" on_change={on_add} class="editor-add-step" testid="add-step"
                    label={lang.t("add a step at the end", "在末尾添加步骤")}>
                    <option value="">{ if nested { lang.t("+ step in this block", "+ 块内步骤") } else { lang.t("+ step", "+ 步骤") } }</option>
                    { step_options(ctx, props.task_kind) }
                </Select>
            </div>
        </div>
    }
}
