//! The lesson panel: the lesson and what to look for in both languages, the
//! view it asks for, and the tour's stops with what each highlights.

use super::ctx::EditorCtx;
use super::fields::{DurationField, Select, TextField};
use super::pickers::{parse_ref_value, ref_value};
use crate::model::edit::{
    add_stop, delete_stop, set_lesson_text, set_lesson_view, set_stop_at, stop_choices,
    toggle_stop_shows, EditError, LessonText,
};
use crate::model::{LessonView, Micros, Said, Scenario, TourStop};
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub ctx: EditorCtx,
}

fn text_callback(ctx: &EditorCtx, which: LessonText, lang: Lang) -> Callback<String> {
    ctx.callback(move |s: &mut Scenario, text: String| set_lesson_text(s, which, lang, &text))
}

/// A text in its two versions, side by side: the written one (shown when the reader's
/// language has none) and the Chinese one.
fn said_fields(
    ctx: &EditorCtx,
    which: LessonText,
    said: Option<&Said>,
    what: &str,
    testid: &str,
) -> Html {
    let lang = ctx.lang;
    let text = said.map(|s| s.text.clone()).unwrap_or_default();
    let zh = said.and_then(|s| s.zh.clone()).unwrap_or_default();
    let paragraph = !matches!(which, LessonText::Stop(_));
    let field = |value: String, to: Lang, label: String, placeholder: &'static str, id: String| {
        let on_commit = text_callback(ctx, which, to);
        let class = (!paragraph).then_some("editor-stop-text");
        html! { <TextField value={value} {on_commit} {label} {placeholder} testid={id} {paragraph} class={classes!(class)} /> }
    };
    html! {
        <span class="editor-said">
            { field(text, Lang::En, format!("{what}: {}", lang.t("English, or the only version", "英文，或唯一的版本")),
                "English", format!("{testid}-en")) }
            { field(zh, Lang::Zh, format!("{what}: {}", lang.t("Chinese version (optional)", "中文版本（可选）")),
                "中文", format!("{testid}-zh")) }
        </span>
    }
}

fn view_word(view: Option<LessonView>) -> &'static str {
    match view {
        None => "",
        Some(LessonView::Tasks) => "tasks",
        Some(LessonView::Threads) => "threads",
    }
}

fn stop_row(ctx: &EditorCtx, index: usize, stop: &TourStop) -> Html {
    let lang = ctx.lang;
    let on_at = ctx.callback(move |s: &mut Scenario, at: Option<Micros>| match at {
        Some(at) => set_stop_at(s, index, at).map(|_| ()),
        None => Ok(()),
    });
    let toggle = ctx.callback(move |s: &mut Scenario, value: String| {
        if value.is_empty() {
            return Ok(());
        }
        toggle_stop_shows(s, index, parse_ref_value(&value))
    });
    let chips = stop.show.iter().map(|r| {
        let value = ref_value(r);
        let remove = toggle.reform({
            let value = value.clone();
            move |_: MouseEvent| value.clone()
        });
        html! {
            <span class="editor-chip">
                { value.clone() }
                <button class="editor-chip-x" onclick={remove}
                    aria-label={lang.t("stop highlighting this", "不再突出显示它")}>{ "✕" }</button>
            </span>
        }
    });
    let choices: Vec<String> = stop_choices(&ctx.scenario)
        .iter()
        .filter(|c| {
            !stop
                .show
                .iter()
                .any(|r| r.name == c.name && r.replica == c.replica)
        })
        .map(ref_value)
        .collect();
    let remove = ctx.on_click(move |s| delete_stop(s, index));
    html! {
        <li class="editor-stop" key={index} data-testid="lesson-stop">
            <span class="editor-stop-line">
                <span class="editor-muted">{ format!("{}.", index + 1) }</span>
                <DurationField value={Some(stop.at)} on_commit={on_at} label={lang.t("the stop's moment", "这一站的时刻")} testid="stop-at" />
                { said_fields(ctx, LessonText::Stop(index), Some(&stop.said), lang.t("the stop's sentence", "这一站的说明"), "stop-text") }
                <button class="editor-tool editor-danger" onclick={remove}
                    aria-label={lang.t("delete stop", "删除这一站")} title={lang.t("delete", "删除")}>{ "✕" }</button>
            </span>
            <span class="editor-refs editor-stop-shows">
                <span class="editor-muted">{ lang.t("highlight", "突出显示") }</span>
                { for chips }
                if !choices.is_empty() {
                    <Select value="" on_change={toggle} label={lang.t("highlight a task or resource at this stop", "在这一站突出显示一个任务或资源")}
                        class="editor-add-ref" testid="stop-show">
                        <option value="">{ lang.t("+ task or resource", "+ 任务或资源") }</option>
                        { for choices.iter().map(|c| html! { <option value={c.clone()}>{ c.clone() }</option> }) }
                    </Select>
                }
            </span>
        </li>
    }
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let s = &ctx.scenario;
    let lesson = &s.lesson;
    let on_view = ctx.callback(|s: &mut Scenario, word: String| -> Result<(), EditError> {
        let view = match word.as_str() {
            "tasks" => Some(LessonView::Tasks),
            "threads" => Some(LessonView::Threads),
            _ => None,
        };
        set_lesson_view(s, view);
        Ok(())
    });
    let on_add = ctx.on_click(move |s| add_stop(s, lang).map(|_| ()));
    let summary = if lesson.is_empty() {
        lang.t(
            "none yet: write one for your learners",
            "还没有：为学习者写一个",
        )
        .to_string()
    } else {
        match lang {
            Lang::En if lesson.stops.len() == 1 => "a tour of 1 stop".to_string(),
            Lang::En => format!("a tour of {} stops", lesson.stops.len()),
            Lang::Zh => format!("导览共 {} 站", lesson.stops.len()),
        }
    };
    html! {
        <details class="editor-section editor-lesson" data-testid="lesson-editor">
            <summary><span class="editor-section-title">{ lang.t("Lesson", "课程") }</span>
                <span class="editor-muted">{ format!(" · {summary}") }</span></summary>
            <div class="editor-grid">
                <label>{ lang.t("what it teaches", "讲解") }</label>
                { said_fields(ctx, LessonText::About, lesson.about.as_ref(), lang.t("lesson", "讲解"), "lesson-about") }
                <label>{ lang.t("look for", "观察要点") }</label>
                { said_fields(ctx, LessonText::Look, lesson.look.as_ref(), lang.t("what to look for", "观察要点"), "lesson-look") }
                <label>{ lang.t("opens in", "打开时的视图") }</label>
                <Select value={view_word(lesson.view)} on_change={on_view} label={lang.t("the view the lesson opens in", "课程打开时的视图")} testid="lesson-view">
                    <option value="">{ lang.t("the reader's choice", "读者自选") }</option>
                    <option value="tasks">{ lang.t("by task", "按任务") }</option>
                    <option value="threads">{ lang.t("by thread", "按线程") }</option>
                </Select>
            </div>
            <div class="editor-section-head">
                <span class="editor-muted">{ lang.t("Tour: N and P step through these moments of the run", "导览：按 N 和 P 逐个查看运行中的这些时刻") }</span>
            </div>
            if !lesson.stops.is_empty() {
                <ol class="editor-stop-list">{ for lesson.stops.iter().enumerate().map(|(i, stop)| stop_row(ctx, i, stop)) }</ol>
            }
            <button class="editor-add-btn" onclick={on_add} data-testid="add-stop">{ lang.t("+ stop", "+ 一站") }</button>
        </details>
    }
}
