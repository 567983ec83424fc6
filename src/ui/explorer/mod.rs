//! The Explorer panel: run every schedule of the scenario (or random ones), watch the outcomes stream in, replay any of them; or be the scheduler yourself.
//!
//! The panel owns no scheduling logic: the search is `crate::explore`, driven a slice at a
//! time by [`driver`]. It shows a run on the timeline through `on_show`, which the app wires
//! to its `Action::RunDone`. Ids for tests: `#explorer`, `#explore-start`, `#explore-cancel`,
//! `#explore-progress`, `#explore-status`, `.explore-group[data-kind]`, `#sched-game`,
//! `.sched-offer`, `#sched-undo`. The final report is published as
//! `window.__interleave.explore`, with an `interleave:explore` event.

mod driver;
mod game;
mod results;
pub mod sched_text;

use crate::explore::{
    parse_sched, Bound, ExploreOptions, RandomOptions, ReplayChooser, ReplayStatus, Report,
};
use crate::model::share::{format_fragment, Mode};
use crate::model::{print, Scenario};
use crate::sim::{SimOptions, SimSession};
use crate::ui::i18n::Lang;
use crate::ui::run::{advance_in_slices, next_generation, Progress, RunView};
use crate::web::contract::{publish_announced, Field};
use crate::web::dom::{copy_to_clipboard, page_base};
use driver::use_explorer;
use game::SchedulerGame;
use results::GroupList;
use sched_text::SchedNote;
use std::rc::Rc;
use yew::prelude::*;

/// Replays a link's recorded schedule, in slices with progress when the run is big (a million
/// events would otherwise hold the page); `None` once `cancelled` says so.
pub async fn run_link_schedule(
    scenario: &Scenario,
    seed: Option<u64>,
    sched: &str,
    generation: u32,
    on_progress: &impl Fn(Progress),
    cancelled: &impl Fn() -> bool,
) -> Option<Result<(Rc<RunView>, Option<SchedNote>), SchedNote>> {
    let choices = match parse_sched(sched) {
        Ok(choices) => choices,
        Err(why) => return Some(Err(SchedNote::Refused(why))),
    };
    let options = SimOptions {
        seed,
        ..SimOptions::default()
    };
    let seed = seed.unwrap_or_else(|| scenario.runtime.seed());
    let chooser = ReplayChooser::new(scenario, seed, choices);
    let mut session = SimSession::with_chooser(scenario, &options, chooser);
    let run = advance_in_slices(&mut session, on_progress, cancelled).await?;
    let status = session.chooser().status();
    let note = (status != ReplayStatus::Followed).then_some(SchedNote::Replay(status));
    Some(Ok((
        Rc::new(RunView::from_sim(scenario, run, generation)),
        note,
    )))
}

#[derive(Properties, PartialEq)]
pub struct ExplorerPanelProps {
    /// The last valid scenario (what runs use).
    pub scenario: Rc<Scenario>,
    /// A seed overriding the scenario's own (from a link).
    pub seed: Option<u64>,
    pub lang: Lang,
    /// Shows a run on the timeline (the app dispatches `Action::RunDone`).
    pub on_show: Callback<Rc<RunView>>,
    #[prop_or_default]
    pub on_close: Option<Callback<()>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    All,
    Random,
    Game,
}

fn publish_report(report: &Report) {
    if let Ok(json) = serde_json::to_string(report) {
        publish_announced(Field::Explore, &json);
    }
}

fn number_input(value: u64, on: Callback<u64>, id: &'static str, label: &'static str) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            if let Ok(v) = input.value().trim().parse::<u64>() {
                on.emit(v);
            }
        }
    });
    html! {
        <label class="explore-field">{ label }
            <input {id} type="number" min="1" value={value.to_string()} {oninput} />
        </label>
    }
}

#[function_component(ExplorerPanel)]
pub fn explorer_panel(props: &ExplorerPanelProps) -> Html {
    let lang = props.lang;
    let handle = use_explorer();
    let tab = use_state(|| Tab::All);
    let max_schedules = use_state(|| 20_000u64);
    let random_runs = use_state(|| 2_000u64);
    let bound = use_state(|| None::<u32>);
    let selected = use_state(|| None::<usize>);
    let copied = use_state(|| None::<bool>);
    // The scenario the results belong to: schedules replay on it, not on a later edit.
    let explored = use_state(|| None::<Rc<Scenario>>);
    let view = handle.view.clone();

    {
        let report = view.report.clone();
        let done = view.progress.done;
        use_effect_with((view.id, done), move |_| {
            if let (true, Some(r)) = (done, report) {
                publish_report(&r);
            }
        });
    }

    let start = {
        let (h, tab, max, runs, bound) = (
            handle.start.clone(),
            *tab,
            *max_schedules,
            *random_runs,
            *bound,
        );
        let (scenario, seed) = (props.scenario.clone(), props.seed);
        let (explored, selected) = (explored.clone(), selected.clone());
        Callback::from(move |_: MouseEvent| {
            let options = ExploreOptions {
                max_schedules: if tab == Tab::Random { runs } else { max },
                preemption_bound: bound,
                seed,
                random: (tab == Tab::Random).then_some(RandomOptions { runs, depth: 3 }),
                ..ExploreOptions::default()
            };
            explored.set(Some(scenario.clone()));
            selected.set(None);
            h.emit((print(&scenario), options));
        })
    };
    let cancel = handle.cancel.reform(|_: MouseEvent| ());
    // Each click on a group numbers its replay; a replay still going when a newer one starts
    // is dropped, so a slow big one never replaces the one asked for last.
    let latest_replay = use_mut_ref(|| 0u64);
    let show = {
        let (report, explored, selected) =
            (view.report.clone(), explored.clone(), selected.clone());
        let latest_replay = latest_replay.clone();
        let (on_show, seed) = (props.on_show.clone(), props.seed);
        Callback::from(move |i: usize| {
            let (Some(r), Some(s)) = (report.as_ref(), explored.as_ref()) else {
                return;
            };
            let Some(g) = r.groups.get(i) else { return };
            let (s, schedule) = (s.clone(), g.schedule.clone());
            let (selected, on_show) = (selected.clone(), on_show.clone());
            let mine = {
                let mut latest = latest_replay.borrow_mut();
                *latest += 1;
                *latest
            };
            let latest_replay = latest_replay.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let quiet = |_| {};
                let superseded = move || *latest_replay.borrow() != mine;
                let replayed =
                    run_link_schedule(&s, seed, &schedule, next_generation(), &quiet, &superseded);
                if let Some(Ok((run, _))) = replayed.await {
                    selected.set(Some(i));
                    on_show.emit(run);
                }
            });
        })
    };
    let link = {
        let (report, explored, copied) = (view.report.clone(), explored.clone(), copied.clone());
        let seed = props.seed;
        Callback::from(move |i: usize| {
            let (Some(r), Some(s)) = (report.as_ref(), explored.as_ref()) else {
                return;
            };
            let Some(g) = r.groups.get(i) else { return };
            let sched = (!g.schedule.is_empty()).then_some(g.schedule.as_str());
            let url = format!(
                "{}{}",
                page_base(),
                format_fragment(&print(s), Mode::Sim, seed, sched)
            );
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(copy_to_clipboard(&url).await.is_ok()));
            });
        })
    };
    let set_tab = |t: Tab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(t))
    };
    let tab_button = |t: Tab, id: &'static str, label: &'static str| {
        html! {
            <button {id} role="tab" class={classes!("explore-tab", (*tab == t).then_some("active"))}
                aria-selected={(*tab == t).to_string()} onclick={set_tab(t)}>{ label }</button>
        }
    };
    let stale = explored.as_ref().is_some_and(|s| **s != *props.scenario);

    let controls = match *tab {
        Tab::Game => html! {},
        t => {
            let on_max = {
                let m = max_schedules.clone();
                Callback::from(move |v: u64| m.set(v))
            };
            let on_runs = {
                let m = random_runs.clone();
                Callback::from(move |v: u64| m.set(v))
            };
            let on_bound = {
                let b = bound.clone();
                Callback::from(move |e: Event| {
                    if let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                        b.set(sel.value().parse::<u32>().ok());
                    }
                })
            };
            let bound_value = bound.map(|b| b.to_string()).unwrap_or_default();
            html! {
                <div class="explore-controls">
                    if t == Tab::All {
                        { number_input(*max_schedules, on_max, "explore-max", lang.t("at most", "最多")) }
                        <label class="explore-field">{ lang.t("preemptions", "抢占次数") }
                            <select id="explore-bound" onchange={on_bound} value={bound_value.clone()}>
                                <option value="" selected={bound.is_none()}>{ lang.t("any", "不限") }</option>
                                { for (0..=3u32).map(|b| html! {
                                    <option value={b.to_string()} selected={*bound == Some(b)}>{ format!("≤ {b}") }</option>
                                }) }
                            </select>
                        </label>
                    } else {
                        { number_input(*random_runs, on_runs, "explore-runs", lang.t("random runs", "随机运行次数")) }
                    }
                    if view.running {
                        <button id="explore-cancel" class="header-btn" onclick={cancel}>{ lang.t("■ cancel", "■ 取消") }</button>
                    } else {
                        <button id="explore-start" class="header-btn primary" onclick={start}>{ lang.t("▶ explore", "▶ 探索") }</button>
                    }
                </div>
            }
        }
    };
    let progress = progress_html(&view, lang, stale);
    let results = match (&view.report, *tab) {
        (_, Tab::Game) => html! {},
        (Some(r), _) => html! {
            <GroupList report={r.clone()} {lang} selected={*selected} on_show={show} on_link={link}
                show_preemptions={view.options.as_ref().is_some_and(|o| o.preemption_bound.is_some())} />
        },
        (None, _) => html! {},
    };
    let copied_note = match *copied {
        Some(true) => lang.t("Link copied.", "链接已复制。"),
        Some(false) => lang.t("Could not reach the clipboard.", "无法访问剪贴板。"),
        None => "",
    };
    let close = props.on_close.clone().map(|c| {
        let onclick = c.reform(|_: MouseEvent| ());
        html! { <button class="banner-close" {onclick} aria-label={lang.t("close", "关闭")}>{ "✕" }</button> }
    });
    html! {
        <section id="explorer" class="explorer" aria-label={lang.t("schedule explorer", "调度探索器")}>
            <div class="explore-head" role="tablist">
                <b>{ lang.t("Explore", "探索") }</b>
                { tab_button(Tab::All, "explore-tab-all", lang.t("every schedule", "所有调度")) }
                { tab_button(Tab::Random, "explore-tab-random", lang.t("random", "随机")) }
                { tab_button(Tab::Game, "explore-tab-game", lang.t("be the scheduler", "你来调度")) }
                { for close }
            </div>
            { controls }
            if *tab != Tab::Game { { progress } }
            { results }
            if !copied_note.is_empty() && *tab != Tab::Game { <p class="explore-note">{ copied_note }</p> }
            if *tab == Tab::Game {
                <SchedulerGame scenario={props.scenario.clone()} seed={props.seed} {lang}
                    on_show={props.on_show.clone()} />
            }
        </section>
    }
}

fn progress_html(view: &driver::ExploreView, lang: Lang, stale: bool) -> Html {
    if let Some(e) = &view.error {
        let text = match e {
            driver::Failure::Scenario(why) => format!(
                "{}{why}",
                lang.t("The scenario did not load: ", "场景无法加载：")
            ),
            driver::Failure::Worker(why) => match lang {
                Lang::En => {
                    format!("The explorer's worker stopped ({why}) Press explore to start again.")
                }
                Lang::Zh => format!("探索器的 worker 已停止（{why}）。请按“探索”重新开始。"),
            },
        };
        return html! { <p id="explore-status" class="explore-note error">{ text }</p> };
    }
    let Some(opts) = &view.options else {
        return html! {
            <p id="explore-status" class="explore-note">{ lang.t(
                "Runs the scenario under every order the scheduler could pick, and groups what happened.",
                "在调度器可能选择的每一种顺序下运行这个场景，并按结果分组。") }</p>
        };
    };
    let p = view.progress;
    let runs = p.schedules + p.pruned;
    let status = match &view.report {
        Some(r) if p.done && r.exhaustive => lang
            .t(
                "Exhaustive: every schedule covered.",
                "穷尽：覆盖了所有调度。",
            )
            .to_string(),
        Some(r) if p.done => {
            let why: Vec<&str> = r.bounds.iter().map(|b| bound_text(*b, lang)).collect();
            format!(
                "{}{}{}",
                lang.t("Not exhaustive: ", "未穷尽："),
                why.join(lang.t(", ", "，")),
                lang.t(".", "。")
            )
        }
        None if p.done => lang
            .t("Cancelled before it started.", "在开始前已取消。")
            .to_string(),
        _ => lang.t("exploring…", "探索中…").to_string(),
    };
    let elapsed = format!("{:.1} {}", p.elapsed_ms as f64 / 1000.0, lang.t("s", "秒"));
    let host = match view.host {
        driver::Host::Worker => lang.t("in a web worker", "在 web worker 中"),
        driver::Host::Page => lang.t(
            "on the page (no worker could start)",
            "在页面上（无法启动 worker）",
        ),
    };
    html! {
        <div class="explore-progress-box">
            <progress id="explore-progress" max={opts.max_schedules.to_string()} value={runs.to_string()}
                data-done={p.done.to_string()} />
            <p id="explore-status" class="explore-note" data-done={p.done.to_string()} data-host={view.host.code()}>
                { format!("{} {} · {} {} · {} {} · {elapsed} · {host} — ",
                    p.schedules, lang.t("schedules", "个调度"),
                    p.pruned, lang.t("pruned", "个剪枝"),
                    p.distinct_states, lang.t("distinct states", "个不同状态")) }
                { status }
                if stale { <span class="explore-stale">{ lang.t(" (for an earlier version of the scenario)", "（针对场景的早先版本）") }</span> }
            </p>
        </div>
    }
}

/// Why a search was not exhaustive, in the UI's language.
fn bound_text(bound: Bound, lang: Lang) -> &'static str {
    match bound {
        Bound::MaxSchedules => lang.t("the schedule limit was reached", "达到了调度数上限"),
        Bound::PreemptionBound => lang.t(
            "schedules needing more preemptions were skipped",
            "跳过了需要更多抢占的调度",
        ),
        Bound::TimeBudget => lang.t("the time budget ran out", "时间预算用完了"),
        Bound::Cancelled => lang.t("it was cancelled", "已被取消"),
        Bound::Random => lang.t("random runs sample the schedules", "随机运行只是对调度抽样"),
    }
}
