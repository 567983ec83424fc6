//! The strip that says a link's recorded schedule is playing, and offers the default run.
//!
//! A schedule replays one chosen interleaving, which can differ from what the runtime's own
//! policies do; without this strip a learner would take it for the scenario's usual run.

use crate::ui::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReplayBarProps {
    pub sched: Option<Rc<str>>,
    pub lang: Lang,
    /// Drops the schedule and runs the scenario as the runtime would.
    pub on_default: Callback<()>,
}

/// The longest schedule text shown; the rest is cut with an ellipsis.
const SHOWN: usize = 40;

#[function_component(ReplayBar)]
pub fn replay_bar(props: &ReplayBarProps) -> Html {
    let Some(sched) = &props.sched else {
        return Html::default();
    };
    let lang = props.lang;
    let shown: String = if sched.chars().count() > SHOWN {
        sched.chars().take(SHOWN).chain(['…']).collect()
    } else {
        sched.to_string()
    };
    let on_default = props.on_default.reform(|_: MouseEvent| ());
    html! {
        <div id="replay-bar" class="banner-box replay-bar" role="status">
            <span>
                { lang.t("▶ Replaying the link's recorded schedule ", "▶ 正在重放链接中记录的调度 ") }
                <code>{ shown }</code>
                { lang.t(": one chosen interleaving, not necessarily what the runtime would do.", "：这是选定的一种交错执行，不一定是运行时自己会走的那一种。") }
            </span>
            <button id="replay-default" class="header-btn" onclick={on_default}>
                { lang.t("Show the default run", "显示默认运行") }
            </button>
        </div>
    }
}
