//! The lesson panel above the timeline: what the scenario teaches, what to look for, and its
//! tour, one stop at a time (N and P, or the arrows). It stays while the learner works.

use super::model::RunModel;
use super::shared::Shared;
use super::viewer_state::Action;
use crate::model::{Micros, TourStop};
use crate::rules::RunMode;
use crate::trace::describe::duration_in;
use crate::trace::tour::past_the_end;
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lang: Lang,
    pub model: Shared<RunModel>,
    pub tour: Option<usize>,
    pub on_action: Callback<Action>,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| true);
    // Once the learner starts the tour, the explanation folds away so the stop and the timeline
    // have the room; the toggle brings it back.
    {
        let open = open.clone();
        use_effect_with(props.tour.is_some(), move |touring| {
            if *touring {
                open.set(false);
            }
        });
    }
    let Some(m) = props.model.0.as_ref() else {
        return Html::default();
    };
    let scenario = &m.run.scenario;
    let lesson = &scenario.lesson;
    if lesson.is_empty() {
        return Html::default();
    }
    let title = match (lang, &scenario.title_zh, &scenario.title) {
        (Lang::Zh, Some(zh), _) => zh.clone(),
        (_, _, Some(title)) => title.clone(),
        _ => String::new(),
    };
    let stops = &lesson.stops;
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let go = |by: i64| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::TourStep(by)))
    };
    let count = match props.tour {
        Some(i) => match lang {
            Lang::En => format!("Stop {} of {}", i + 1, stops.len()),
            Lang::Zh => format!("第 {} 站，共 {} 站", i + 1, stops.len()),
        },
        None => match lang {
            Lang::En if stops.len() == 1 => "Tour: 1 stop".to_string(),
            Lang::En => format!("Tour: {} stops", stops.len()),
            Lang::Zh => format!("导览：共 {} 站", stops.len()),
        },
    };
    let stop = props.tour.and_then(|i| stops.get(i));
    let stop_text = match stop {
        Some(stop) => html! {
            <p class="tour-text" aria-live="polite">
                <span class="tour-at">{ duration_in(stop.at, lang) }</span>
                { stop.said.in_lang(lang) }
            </p>
        },
        None if !stops.is_empty() => html! {
            <p class="tour-text tour-hint">{ lang.t(
                "Press N (or ▶) to take the tour: the playhead goes to each moment that matters.",
                "按 N（或 ▶）开始导览：播放头会依次跳到每个关键时刻。"
            ) }</p>
        },
        None => Html::default(),
    };
    let note = stop.and_then(|stop| stop_note(lang, stop, m.end, m.run.mode));
    let at_first = props.tour == Some(0);
    let at_last = props.tour.is_some_and(|i| i + 1 >= stops.len());
    html! {
        <section class={classes!("lesson", (*open).then_some("lesson-open"))} aria-label={lang.t("lesson", "课程")}>
            <div class="lesson-bar">
                <button id="lesson-toggle" class="lesson-toggle" aria-expanded={(*open).to_string()} onclick={toggle}
                    title={lang.t("Show or hide the lesson", "显示或隐藏课程")}>
                    { if *open { "▾ " } else { "▸ " } }{ lang.t("Lesson", "课程") }
                </button>
                <span class="lesson-title">{ title }</span>
                if !stops.is_empty() {
                    <span class="tour-nav">
                        <button id="tour-prev" class="tour-btn" onclick={go(-1)} disabled={at_first}
                            title={lang.t("Previous stop (P)", "上一站（P）")} aria-label={lang.t("Previous stop", "上一站")}>{ "◀" }</button>
                        <span class="tour-count">{ count }</span>
                        <button id="tour-next" class="tour-btn" onclick={go(1)} disabled={at_last}
                            title={lang.t("Next stop (N)", "下一站（N）")} aria-label={lang.t("Next stop", "下一站")}>{ "▶" }</button>
                    </span>
                }
            </div>
            if *open {
                if let Some(about) = &lesson.about {
                    <p class="lesson-about">{ about.in_lang(lang) }</p>
                }
                if let Some(look) = &lesson.look {
                    <p class="lesson-look"><strong>{ lang.t("Look for: ", "留意：") }</strong>{ look.in_lang(lang) }</p>
                }
            }
            { stop_text }
            if let Some(note) = note {
                <p class="tour-note">{ note }</p>
            }
        </section>
    }
}

/// Why a stop cannot show exactly what it says: it lies past the end of this run, or it was
/// written for the simulated run and this one is live.
fn stop_note(lang: Lang, stop: &TourStop, end: Micros, mode: RunMode) -> Option<String> {
    if past_the_end(stop, end) {
        let (at, end) = (duration_in(stop.at, lang), duration_in(end, lang));
        return Some(match lang {
            Lang::En => format!("This stop is at {at}, after the run ended at {end}: the playhead waits at the end."),
            Lang::Zh => format!(
                "这一站在 {at}，{}：播放头停在结尾。",
                lang.words(&["而运行在", &end, "就结束了"])
            ),
        });
    }
    (mode == RunMode::Live).then(|| {
        lang.t(
            "This tour describes the simulated run. In this live run the playhead goes to the same time, where real timing may differ.",
            "这段导览讲的是模拟运行。在这次真实运行中，播放头跳到同一时刻，但真实的时间可能有所不同。",
        )
        .to_string()
    })
}
