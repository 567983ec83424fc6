//! The explorer's results: one row per outcome group, most serious first, and the expectation tallies.

use crate::explore::{GroupKind, Report};
use crate::sim::fmt_human_in;
use crate::ui::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupListProps {
    pub report: Rc<Report>,
    pub lang: Lang,
    /// The group whose representative is on the timeline.
    pub selected: Option<usize>,
    /// Show group `i`'s representative schedule on the timeline.
    pub on_show: Callback<usize>,
    /// Copy a link that opens on group `i`'s schedule.
    pub on_link: Callback<usize>,
    /// The search had a preemption bound, so preemption counts mean something to the user.
    #[prop_or_default]
    pub show_preemptions: bool,
}

/// The kind's label and its CSS class (colours follow the timeline's: vermillion for
/// deadlock, black/white for failure).
fn kind_label(kind: GroupKind, lang: Lang) -> (&'static str, &'static str) {
    match kind {
        GroupKind::Deadlock => (lang.t("deadlock", "死锁"), "xk-deadlock"),
        GroupKind::Failed => (lang.t("failed", "失败"), "xk-failed"),
        GroupKind::Limit => (lang.t("limit", "超限"), "xk-limit"),
        GroupKind::ExpectFailed => (lang.t("expect failed", "检查未通过"), "xk-expect"),
        GroupKind::Completed => (lang.t("completed", "完成"), "xk-ok"),
    }
}

fn range(lo: u64, hi: u64, lang: Lang) -> String {
    if lo == hi {
        fmt_human_in(lo, lang)
    } else {
        format!("{} … {}", fmt_human_in(lo, lang), fmt_human_in(hi, lang))
    }
}

#[function_component(GroupList)]
pub fn group_list(props: &GroupListProps) -> Html {
    let lang = props.lang;
    let r = &props.report;
    let rows = r.groups.iter().enumerate().map(|(i, g)| {
        let (label, class) = kind_label(g.kind, lang);
        let vars: Vec<String> = g.key.vars.0.iter().map(|(n, v)| format!("{n} = {v}")).collect();
        let show = props.on_show.reform(move |_: MouseEvent| i);
        let link = props.on_link.reform(move |_: MouseEvent| i);
        let selected = props.selected == Some(i);
        let times = format!("{} {}", g.count, lang.t("schedule(s)", "个调度"));
        let mut deviations = if g.schedule.is_empty() {
            lang.t("the default schedule", "默认调度").to_string()
        } else {
            format!(
                "{} {}",
                g.deviations,
                lang.t("choice(s) off the default", "处选择不同于默认")
            )
        };
        if props.show_preemptions {
            deviations.push_str(&format!(" · {} {}", g.preemptions, lang.t("preemption(s)", "次抢占")));
        }
        // The badge already names the kind.
        let (headline, prefix) = match lang {
            Lang::En => (&g.headline, "deadlock: "),
            Lang::Zh => (&g.headline_zh, "死锁："),
        };
        let headline = match g.kind {
            GroupKind::Deadlock => headline.strip_prefix(prefix).unwrap_or(headline),
            _ => headline,
        };
        html! {
            <li class={classes!("explore-group", selected.then_some("selected"))} data-kind={format!("{:?}", g.kind).to_lowercase()}>
                <button class="explore-show" onclick={show} aria-pressed={selected.to_string()}
                    title={lang.t("show this schedule on the timeline", "在时间线上显示这个调度")}>
                    <span class={classes!("xk", class)}>{ label }</span>
                    <span class="explore-headline">{ headline }</span>
                    if !vars.is_empty() { <span class="explore-vars">{ vars.join(", ") }</span> }
                    { for g.key.failed_expects.iter().map(|e| html! {
                        <span class="explore-expect">{ format!("✕ {} {e}", lang.t("expect", "检查")) }</span>
                    }) }
                    <span class="explore-meta">
                        { format!("{times} · {} {} · {deviations}", lang.t("makespan", "总耗时"), range(g.makespan_min_us, g.makespan_max_us, lang)) }
                    </span>
                </button>
                <button class="explore-link" onclick={link} aria-label={lang.t("copy a link to this schedule", "复制指向这个调度的链接")}>{ "🔗" }</button>
            </li>
        }
    });
    let tallies = r.expects.iter().filter(|e| e.failed > 0).map(|e| {
        let total = e.passed + e.failed;
        html! {
            <li class="explore-tally">
                { format!("{} {}{}", lang.t("expect", "检查"), e.text, lang.t(": ", "：")) }
                { format!("{} {} {total} {}", e.failed, lang.t("failed of", "次失败，共"), lang.t("schedule(s)", "个调度")) }
            </li>
        }
    });
    html! {
        <>
            <ol id="explore-groups" class="explore-groups">{ for rows }</ol>
            <ul class="explore-tallies">{ for tallies }</ul>
        </>
    }
}
