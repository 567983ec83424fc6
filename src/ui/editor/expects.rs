//! The expectations panel: checks reported with each run (`expect …`), added and edited by picking.

use super::ctx::EditorCtx;
use super::fields::{DurationField, NumberField, Select};
use super::pickers::{ResourcePick, TaskPick};
use super::words::{end_state_label, end_state_word, expect_label};
use crate::model::edit::{
    add_expect, change_expect_kind, delete_expect, name_ref, EditError, ExpectTag, ResClass,
    CMP_OPS, END_STATES,
};
use crate::model::{CmpOp, Expect, ExpectKind, Micros, Scenario};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExpectsPanelProps {
    pub ctx: EditorCtx,
}

fn tag_word(tag: ExpectTag) -> &'static str {
    match tag {
        ExpectTag::Var => "var",
        ExpectTag::Makespan => "makespan",
        ExpectTag::NoDeadlock => "no_deadlock",
        ExpectTag::Deadlock => "deadlock",
        ExpectTag::Task => "task",
    }
}

/// A callback that changes expectation `index`.
fn patch<V: Clone + 'static>(
    ctx: &EditorCtx,
    index: usize,
    f: fn(&mut ExpectKind, V),
) -> Callback<V> {
    ctx.callback(move |s: &mut Scenario, v: V| -> Result<(), EditError> {
        f(
            &mut s.expects.get_mut(index).ok_or(EditError::NoSuchPath)?.kind,
            v,
        );
        Ok(())
    })
}

fn op_select(ctx: &EditorCtx, index: usize, op: CmpOp) -> Html {
    let on = patch(ctx, index, |k, v: String| {
        if let ExpectKind::Var { op, .. } | ExpectKind::Makespan { op, .. } = k {
            *op = CMP_OPS.into_iter().find(|o| o.symbol() == v).unwrap_or(*op);
        }
    });
    html! {
        <Select value={op.symbol()} on_change={on} label={ctx.lang.t("comparison", "比较")} class="editor-op">
            { for CMP_OPS.iter().map(|o| html! { <option value={o.symbol()}>{ o.symbol() }</option> }) }
        </Select>
    }
}

fn expect_row(ctx: &EditorCtx, index: usize, e: &Expect) -> Html {
    let lang = ctx.lang;
    let tag = ExpectTag::of(&e.kind);
    let on_kind = ctx.callback(move |s, word: String| {
        match ExpectTag::ALL.into_iter().find(|t| tag_word(*t) == word) {
            Some(tag) => change_expect_kind(s, index, tag),
            None => Ok(()),
        }
    });
    let params = match &e.kind {
        ExpectKind::Var { var, op, value } => {
            let on_var = ctx.callback(
                move |s: &mut Scenario, pick: super::pickers::NamePick| -> Result<(), EditError> {
                    let name = match pick {
                        super::pickers::NamePick::Existing(n) => n,
                        super::pickers::NamePick::New(c) => crate::model::edit::add_resource(s, c),
                    };
                    if let ExpectKind::Var { var, .. } =
                        &mut s.expects.get_mut(index).ok_or(EditError::NoSuchPath)?.kind
                    {
                        *var = name_ref(&name);
                    }
                    Ok(())
                },
            );
            let on_value = patch(ctx, index, |k, v: Option<i64>| {
                if let (ExpectKind::Var { value, .. }, Some(v)) = (k, v) {
                    *value = v;
                }
            });
            html! {
                <>
                    <ResourcePick ctx={ctx.clone()} classes={vec![ResClass::Var]} value={var.name.clone()} on_pick={on_var} />
                    { op_select(ctx, index, *op) }
                    <NumberField value={Some(*value)} on_commit={on_value} label={lang.t("value", "值")} />
                </>
            }
        }
        ExpectKind::Makespan { op, dur } => {
            let on_dur = patch(ctx, index, |k, v: Option<Micros>| {
                if let (ExpectKind::Makespan { dur, .. }, Some(v)) = (k, v) {
                    *dur = v;
                }
            });
            html! {
                <>
                    { op_select(ctx, index, *op) }
                    <DurationField value={Some(*dur)} on_commit={on_dur} label={lang.t("time", "时间")} />
                </>
            }
        }
        ExpectKind::Task { task, state } => {
            let on_task = patch(ctx, index, |k, v| {
                if let ExpectKind::Task { task, .. } = k {
                    *task = v;
                }
            });
            let on_state = patch(ctx, index, |k, v: String| {
                if let ExpectKind::Task { state, .. } = k {
                    *state = END_STATES
                        .into_iter()
                        .find(|s| end_state_word(*s) == v)
                        .unwrap_or(*state);
                }
            });
            html! {
                <>
                    <TaskPick ctx={ctx.clone()} except={None} value={task.clone()} on_pick={on_task} />
                    <Select value={end_state_word(*state)} on_change={on_state} label={lang.t("how it ends", "结束方式")}>
                        { for END_STATES.iter().map(|s| html! { <option value={end_state_word(*s)}>{ end_state_label(*s, lang) }</option> }) }
                    </Select>
                </>
            }
        }
        ExpectKind::NoDeadlock | ExpectKind::Deadlock => html! {},
    };
    let remove = ctx.on_click(move |s| delete_expect(s, index));
    html! {
        <li class="editor-expect" key={index}>
            <Select value={tag_word(tag)} on_change={on_kind} label={lang.t("what to check", "检查什么")}>
                { for ExpectTag::ALL.iter().map(|t| html! { <option value={tag_word(*t)}>{ expect_label(*t, lang) }</option> }) }
            </Select>
            { params }
            <button class="editor-tool editor-danger" onclick={remove} aria-label={lang.t("delete check", "删除检查")} title={lang.t("delete", "删除")}>{ "✕" }</button>
        </li>
    }
}

#[function_component(ExpectsPanel)]
pub fn expects_panel(props: &ExpectsPanelProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let on_add = ctx.callback(|s, word: String| {
        match ExpectTag::ALL.into_iter().find(|t| tag_word(*t) == word) {
            Some(tag) => add_expect(s, tag).map(|_| ()),
            None => Ok(()),
        }
    });
    let has_tasks = !ctx.scenario.tasks.is_empty();
    html! {
        <section class="editor-section editor-expects" aria-label={lang.t("checks", "检查")}>
            <div class="editor-section-head">
                <span class="editor-section-title" title={lang.t("expect lines: checks reported with each run", "expect 行：每次运行后报告的检查")}>
                    { lang.t("Checks (expect)", "检查（expect）") }</span>
                <Select value="" on_change={on_add} class="editor-add-expect" testid="add-expect" label={lang.t("add a check", "添加检查")}>
                    <option value="">{ lang.t("+ check", "+ 检查") }</option>
                    { for ExpectTag::ALL.iter().map(|t| html! {
                        <option value={tag_word(*t)} disabled={*t == ExpectTag::Task && !has_tasks}>{ expect_label(*t, lang) }</option>
                    }) }
                </Select>
            </div>
            if !ctx.scenario.expects.is_empty() {
                <ul class="editor-expect-list">
                    { for ctx.scenario.expects.iter().enumerate().map(|(i, e)| expect_row(ctx, i, e)) }
                </ul>
            }
        </section>
    }
}
