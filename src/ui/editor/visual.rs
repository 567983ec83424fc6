//! The visual editor: title, lesson, runtime, resources, task cards and checks, edited by picking.

use super::ctx::{DragItem, EditorCtx};
use super::expects::ExpectsPanel;
use super::fields::TextField;
use super::lesson::LessonPanel;
use super::resources::ResourcesPanel;
use super::runtime::RuntimePanel;
use super::task_card::TaskCard;
use super::words::{task_kind_label, task_kind_word, TASK_KINDS};
use crate::model::edit::{add_task, set_lesson_text, LessonText};
use crate::model::Scenario;
use crate::ui::app_state::EditFn;
use crate::ui::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

/// Past this many steps, or tasks (each a card, even when empty), the visual editor would be
/// slow and unreadable: the text view is better.
const MAX_VISUAL_STEPS: usize = 3_000;
const MAX_VISUAL_TASKS: usize = 300;

#[derive(Properties, PartialEq)]
pub struct VisualEditorProps {
    pub scenario: Rc<Scenario>,
    pub lang: Lang,
    pub on_edit: Callback<EditFn>,
    /// The text has errors: show the last valid scenario without letting it be edited.
    pub readonly: bool,
}

fn count_steps(s: &Scenario) -> usize {
    fn count(steps: &[crate::model::Step]) -> usize {
        steps
            .iter()
            .map(|step| {
                1 + match &step.kind {
                    crate::model::StepKind::Repeat { body, .. }
                    | crate::model::StepKind::Timeout { body, .. } => count(body),
                    crate::model::StepKind::Try { body, catch } => count(body) + count(catch),
                    _ => 0,
                }
            })
            .sum()
    }
    s.tasks.iter().map(|t| count(&t.body)).sum()
}

#[function_component(VisualEditor)]
pub fn visual_editor(props: &VisualEditorProps) -> Html {
    let drag = use_state(|| None::<DragItem>);
    let lang = props.lang;
    let ctx = EditorCtx {
        scenario: props.scenario.clone(),
        lang,
        on_edit: props.on_edit.clone(),
        drag,
    };
    if count_steps(&props.scenario) > MAX_VISUAL_STEPS
        || props.scenario.tasks.len() > MAX_VISUAL_TASKS
    {
        return html! {
            <p class="editor-notice">{ lang.t(
                "This scenario has too many steps to show as cards. Edit it in the text view; it still runs.",
                "这个场景的步骤太多，无法显示为卡片。请在文本视图中编辑；它仍然可以运行。") }</p>
        };
    }
    let s = &props.scenario;
    let on_title = ctx.callback(|s: &mut Scenario, title: String| {
        set_lesson_text(s, LessonText::Title, Lang::En, &title)
    });
    let on_title_zh = ctx.callback(|s: &mut Scenario, title: String| {
        set_lesson_text(s, LessonText::Title, Lang::Zh, &title)
    });
    let add_buttons = TASK_KINDS.iter().map(|kind| {
        let kind = *kind;
        let onclick = ctx.on_click(move |s| {
            add_task(s, kind);
            Ok(())
        });
        let word = task_kind_word(kind);
        html! {
            <button id={format!("add-task-{word}")} class="editor-add-btn" {onclick} title={task_kind_label(kind, lang)}>
                { format!("+ {word}") }
            </button>
        }
    });
    let count = s.tasks.len();
    let cards = s.tasks.iter().enumerate().map(|(index, task)| {
        html! { <TaskCard key={index} ctx={ctx.clone()} {index} task={task.clone()} {count} /> }
    });
    html! {
        <fieldset class="editor-visual" disabled={props.readonly}>
            <div class="editor-title-line">
                <span class="editor-muted">{ lang.t("title", "标题") }</span>
                <TextField value={s.title.clone().unwrap_or_default()} on_commit={on_title} class="editor-title"
                    placeholder={lang.t("untitled scenario", "未命名场景")} label={lang.t("scenario title", "场景标题")} testid="scenario-title" />
                <TextField value={s.title_zh.clone().unwrap_or_default()} on_commit={on_title_zh} class="editor-title"
                    placeholder="中文标题" label={lang.t("the title for Chinese readers (optional)", "给中文读者的标题（可选）")} testid="title-zh" />
            </div>
            <LessonPanel ctx={ctx.clone()} />
            <RuntimePanel ctx={ctx.clone()} />
            <ResourcesPanel ctx={ctx.clone()} />
            <section class="editor-section editor-tasks" aria-label={lang.t("tasks", "任务")}>
                if s.tasks.is_empty() {
                    <p class="editor-muted">{ lang.t("No tasks yet. Add one: an async task runs on the event loop, a thread on its own thread.",
                        "还没有任务。添加一个：异步任务运行在事件循环上，线程运行在自己的线程上。") }</p>
                }
                <ol class="editor-task-list">{ for cards }</ol>
                <div id="add-task" class="editor-add-task">
                    <span class="editor-muted">{ lang.t("add a task:", "添加任务：") }</span>
                    { for add_buttons }
                </div>
            </section>
            <ExpectsPanel ctx={ctx.clone()} />
        </fieldset>
    }
}
