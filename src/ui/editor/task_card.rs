//! One task as a card: kind, name, replicas, start, priority, and its steps.

use super::ctx::{DragItem, EditorCtx};
use super::fields::{DurationField, NumberField, Select, TextField};
use super::step_list::StepList;
use super::words::{task_kind_label, task_kind_word, TASK_KINDS};
use crate::model::edit::{
    delete_task, duplicate_task, move_task, rename_task, set_replicas, BlockPath, EditError,
};
use crate::model::{Micros, Start, TaskDecl};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TaskCardProps {
    pub ctx: EditorCtx,
    pub index: usize,
    pub task: TaskDecl,
    /// How many tasks there are (the last cannot move down).
    pub count: usize,
}

/// Sets a field of task `index`.
fn set_task(
    s: &mut crate::model::Scenario,
    index: usize,
    f: impl FnOnce(&mut TaskDecl),
) -> Result<(), EditError> {
    f(s.tasks.get_mut(index).ok_or(EditError::NoSuchPath)?);
    Ok(())
}

#[function_component(TaskCard)]
pub fn task_card(props: &TaskCardProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let index = props.index;
    let task = &props.task;
    let on_kind = ctx.callback(move |s, word: String| {
        let kind = TASK_KINDS.into_iter().find(|k| task_kind_word(*k) == word);
        set_task(s, index, |t| t.kind = kind.unwrap_or(t.kind))
    });
    let on_name = ctx.callback(move |s, name: String| rename_task(s, index, &name).map(|_| ()));
    let on_replicas = ctx.callback(move |s, n: Option<i64>| {
        let n = n.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 1);
        set_replicas(s, index, n)
    });
    let start_word = match task.start {
        Start::AtZero => "zero",
        Start::At(_) => "at",
        Start::OnSpawn => "spawn",
    };
    let on_start = ctx.callback(move |s, word: String| {
        set_task(s, index, |t| {
            t.start = match word.as_str() {
                "at" => Start::At(1_000_000),
                "spawn" => Start::OnSpawn,
                _ => Start::AtZero,
            }
        })
    });
    let on_at = ctx.callback(move |s, at: Option<Micros>| {
        set_task(s, index, |t| t.start = at.map(Start::At).unwrap_or(t.start))
    });
    let on_priority =
        ctx.callback(move |s, p: Option<i64>| set_task(s, index, |t| t.priority = p.unwrap_or(0)));
    let up = ctx.on_click(move |s| move_task(s, index, index.saturating_sub(1)));
    let down = ctx.on_click(move |s| move_task(s, index, index + 1));
    let copy = ctx.on_click(move |s| duplicate_task(s, index).map(|_| ()));
    let remove = ctx.on_click(move |s| delete_task(s, index).map(|_| ()));
    let ondragstart = {
        let drag = ctx.drag.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(data) = e.data_transfer() {
                let _ = data.set_data("text/plain", "interleave-task");
                data.set_effect_allowed("move");
            }
            drag.set(Some(DragItem::Task(index)));
        })
    };
    let ondragend = {
        let drag = ctx.drag.clone();
        Callback::from(move |_: DragEvent| drag.set(None))
    };
    let ondragover = {
        let drag = ctx.drag.clone();
        Callback::from(move |e: DragEvent| {
            if matches!(*drag, Some(DragItem::Task(_))) {
                e.prevent_default();
            }
        })
    };
    let ondrop = {
        let (drag, ctx) = (ctx.drag.clone(), ctx.clone());
        Callback::from(move |e: DragEvent| {
            if let Some(DragItem::Task(from)) = *drag {
                e.prevent_default();
                ctx.edit(move |s| move_task(s, from, index));
                drag.set(None);
            }
        })
    };
    let kinds = TASK_KINDS.iter().map(|k| html! {
        <option value={task_kind_word(*k)} title={task_kind_label(*k, lang)}>{ task_kind_word(*k) }</option>
    });
    let replicas = task.replicas.map(i64::from);
    // Start time and priority are rarely changed: shown when set, or on request.
    let more_open = use_state(|| false);
    let show_more = *more_open || task.start != Start::AtZero || task.priority != 0;
    let toggle_more = {
        let more_open = more_open.clone();
        Callback::from(move |_: MouseEvent| more_open.set(!*more_open))
    };
    html! {
        <li class="task-card" data-task={task.name.clone()} data-kind={task_kind_word(task.kind)} {ondragover} {ondrop}>
            <div class="editor-task-line">
                <span class="editor-handle" draggable="true" {ondragstart} {ondragend}
                    title={lang.t("drag to reorder tasks", "拖动以调整任务顺序")} aria-hidden="true">{ "⠿" }</span>
                <Select value={task_kind_word(task.kind)} on_change={on_kind} label={lang.t("where the task runs", "任务在哪里运行")} class="editor-task-kind" testid="task-kind">
                    { for kinds }
                </Select>
                <TextField value={task.name.clone()} on_commit={on_name} class="editor-name" label={lang.t("task name", "任务名称")} testid="task-name" />
                <span class="editor-word" title={lang.t("replicas: copies named NAME#1, NAME#2, …", "副本：名为 NAME#1、NAME#2……的多个拷贝")}>{ "×" }</span>
                <NumberField value={replicas} on_commit={on_replicas} min={Some(1)} max={Some(10_000)} allow_empty={true}
                    placeholder="1" label={lang.t("replicas (copies of this task)", "副本数（此任务的拷贝数）")} class="editor-replicas" testid="task-replicas" />
                <span class="editor-tools">
                    <button class="editor-tool editor-more" onclick={toggle_more} aria-expanded={show_more.to_string()}
                        aria-label={lang.t("start time and priority", "开始时间与优先级")}
                        title={lang.t("start time and priority", "开始时间与优先级")}>{ "⋯" }</button>
                    <button class="editor-tool" onclick={up} disabled={index == 0}
                        aria-label={lang.t("move task up", "上移任务")} title={lang.t("move up", "上移")}>{ "↑" }</button>
                    <button class="editor-tool" onclick={down} disabled={index + 1 >= props.count}
                        aria-label={lang.t("move task down", "下移任务")} title={lang.t("move down", "下移")}>{ "↓" }</button>
                    <button class="editor-tool" onclick={copy}
                        aria-label={lang.t("duplicate task", "复制任务")} title={lang.t("duplicate", "复制")}>{ "❏" }</button>
                    <button class="editor-tool editor-danger" onclick={remove}
                        aria-label={lang.t("delete task", "删除任务")} title={lang.t("delete (steps that name it go too)", "删除（引用它的步骤也会删除）")}>{ "✕" }</button>
                </span>
            </div>
            if show_more {
            <div class="editor-task-line editor-task-more">
                <span class="editor-muted">{ lang.t("starts", "开始") }</span>
                <Select value={start_word} on_change={on_start} label={lang.t("when the task starts", "任务何时开始")} class="editor-start">
                    <option value="zero">{ lang.t("at 0", "在 0 时刻") }</option>
                    <option value="at">{ lang.t("at a time", "在某个时刻") }</option>
                    <option value="spawn">{ lang.t("when spawned", "被 spawn 时") }</option>
                </Select>
                if let Start::At(at) = task.start {
                    <DurationField value={Some(at)} on_commit={on_at} label={lang.t("start time", "开始时间")} />
                }
                <span class="editor-muted">{ lang.t("priority", "优先级") }</span>
                <NumberField value={Some(task.priority)} on_commit={on_priority} allow_empty={true} class="editor-priority"
                    label={lang.t("priority: higher runs first under the priority policy", "优先级：在 priority 策略下数值大的先运行")} />
            </div>
            }
            <StepList ctx={ctx.clone()} block={BlockPath::task(index)} task_kind={task.kind} />
        </li>
    }
}
