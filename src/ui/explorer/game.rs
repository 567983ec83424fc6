//! "Be the scheduler": at each choice point the user picks who goes next; undo steps back one choice.

use super::sched_text::replay_text;
use crate::explore::{
    describe_candidate_in, format_sched, next_choice, Preview, ReplayStatus, Turn,
};
use crate::model::Scenario;
use crate::sim::{fmt_human_in, ChoiceKind, SimOptions};
use crate::trace::describe::{chip_in, ChipRow};
use crate::trace::Trace;
use crate::ui::i18n::Lang;
use crate::ui::run::{next_generation, RunView};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SchedulerGameProps {
    pub scenario: Rc<Scenario>,
    pub seed: Option<u64>,
    pub lang: Lang,
    /// Shows the run so far on the timeline.
    pub on_show: Callback<Rc<RunView>>,
}

fn question(kind: ChoiceKind, lang: Lang) -> &'static str {
    match kind {
        ChoiceKind::NextReadyTask => lang.t(
            "Which ready entry does the event loop run next?",
            "事件循环接下来运行哪个就绪项？",
        ),
        ChoiceKind::NextThreadForCore => lang.t(
            "A core is free. Which waiting thread gets it?",
            "有一个核心空闲了。哪个等待中的线程得到它？",
        ),
        ChoiceKind::SameInstantOrder => lang.t(
            "Several things are due at this instant. Which goes first?",
            "此刻有几件事同时到期。哪一件先发生？",
        ),
        ChoiceKind::NextPoolJob => lang.t(
            "A pool worker is free. Which queued job does it take?",
            "线程池有一个工作线程空闲了。它接哪个排队的任务？",
        ),
    }
}

/// What an option's task would do next, in words: `load counter · store counter +1 (read
/// counter = 0; counter: 0 → 1)`; `None` when it takes no step before it pauses.
fn preview_text(trace: &Trace, next: &Preview, lang: Lang) -> Option<String> {
    if next.steps.is_empty() {
        return None;
    }
    let mut text = next.steps.join(" · ");
    if next.more {
        text.push_str(" …");
    }
    let seen: Vec<String> = next
        .chips
        .iter()
        .map(|c| chip_in(trace, c, ChipRow::Task, lang))
        .collect();
    if !seen.is_empty() {
        let (open, sep, close) = match lang {
            Lang::En => (" (", "; ", ")"),
            Lang::Zh => ("（", "；", "）"),
        };
        text = format!("{text}{open}{}{close}", seen.join(sep));
    }
    Some(text)
}

#[function_component(SchedulerGame)]
pub fn scheduler_game(props: &SchedulerGameProps) -> Html {
    let lang = props.lang;
    let prefix = use_state(Vec::<u32>::new);
    // A different scenario starts the game over.
    {
        let prefix = prefix.clone();
        use_effect_with(props.scenario.clone(), move |_| prefix.set(Vec::new()));
    }
    let turn = {
        let (scenario, seed) = (props.scenario.clone(), props.seed);
        use_memo(((*prefix).clone(), scenario, seed), |(p, s, seed)| {
            let options = SimOptions {
                seed: *seed,
                ..SimOptions::default()
            };
            Rc::new(next_choice(s, &options, p))
        })
    };
    // Every step shows the run so far on the timeline.
    {
        let (turn, on_show, scenario) = (
            (*turn).clone(),
            props.on_show.clone(),
            props.scenario.clone(),
        );
        let deps = ((*prefix).clone(), props.scenario.clone(), props.seed);
        use_effect_with(deps, move |_| {
            let run = match &*turn {
                Turn::Choose { run, .. } | Turn::Finished { run, .. } => run.clone(),
            };
            on_show.emit(Rc::new(RunView::from_sim(
                &scenario,
                run,
                next_generation(),
            )));
        });
    }
    let pick = {
        let prefix = prefix.clone();
        Callback::from(move |i: u32| {
            let mut p = (*prefix).clone();
            p.push(i);
            prefix.set(p);
        })
    };
    let undo = {
        let prefix = prefix.clone();
        Callback::from(move |_: MouseEvent| {
            let mut p = (*prefix).clone();
            p.pop();
            prefix.set(p);
        })
    };
    let restart = {
        let prefix = prefix.clone();
        Callback::from(move |_: MouseEvent| prefix.set(Vec::new()))
    };
    let chosen = format_sched(&prefix);
    let body = match &**turn {
        Turn::Choose {
            kind,
            now,
            offers,
            run,
        } => {
            let buttons = offers.iter().map(|o| {
                let i = o.index;
                let onclick = pick.reform(move |_: MouseEvent| i);
                html! {
                    <button class={classes!("sched-offer", o.is_default.then_some("default"))} {onclick} data-index={i.to_string()}>
                        <span class="sched-who">{ describe_candidate_in(&run.trace, &o.candidate, lang) }</span>
                        if o.is_default { <span class="sched-default">{ lang.t(" (the runtime's pick)", "（运行时的选择）") }</span> }
                        if let Some(next) = preview_text(&run.trace, &o.next, lang) {
                            <span class="sched-next">{ next }</span>
                        }
                    </button>
                }
            });
            html! {
                <>
                    <p id="sched-question" class="sched-question" data-kind={format!("{kind:?}")}>
                        { format!("{} · ", fmt_human_in(*now, lang)) }{ question(*kind, lang) }
                    </p>
                    <div class="sched-offers">{ for buttons }</div>
                </>
            }
        }
        Turn::Finished { run, status } => {
            let note = match status {
                ReplayStatus::Followed => String::new(),
                other => replay_text(*other, lang).unwrap_or_default(),
            };
            html! {
                <div id="sched-finished" class="sched-question">
                    <p>{ lang.t("No choice left. With your choices:", "没有可选的了。按你的选择：") }</p>
                    <ul class="sched-outcome">
                        { for run.summary.explain_in(lang).lines().map(|line| html! { <li>{ line.to_string() }</li> }) }
                    </ul>
                    if !note.is_empty() { <span class="sched-note">{ note }</span> }
                </div>
            }
        }
    };
    html! {
        <div id="sched-game" class="sched-game">
            { body }
            <div class="sched-bar">
                <button id="sched-undo" class="header-btn" onclick={undo} disabled={prefix.is_empty()}>{ lang.t("↶ undo choice", "↶ 撤销选择") }</button>
                <button id="sched-restart" class="header-btn" onclick={restart} disabled={prefix.is_empty()}>{ lang.t("restart", "重新开始") }</button>
                <span class="sched-so-far">
                    { format!("{} {}{}", prefix.len(), lang.t("choice(s)", "次选择"), lang.t(": ", "：")) }
                    <code id="sched-text">{ if chosen.is_empty() { "—".to_string() } else { chosen } }</code>
                </span>
            </div>
        </div>
    }
}
