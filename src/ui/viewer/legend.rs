//! The legend: every state's swatch (the same pattern as on the canvas) and every marker, named.

use super::labels::{style_help, style_name};
use crate::trace::layout::Style;
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
}

#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let lang = props.lang;
    let swatch = |style: Style| {
        let class = match style {
            Style::Running => "tl-sw-running",
            Style::Ready => "tl-sw-ready",
            Style::Blocked => "tl-sw-blocked",
            Style::Sleeping => "tl-sw-sleeping",
            Style::Starting => "tl-sw-starting",
        };
        html! {
            <li title={style_help(lang, style)}><span class={classes!("tl-sw", class)} aria-hidden="true"></span>{ style_name(lang, style) }</li>
        }
    };
    let mark = |glyph: &'static str,
                class: &'static str,
                text: &'static str,
                help: &'static str| {
        html! { <li title={help}><span class={classes!("tl-mk", class)} aria-hidden="true">{ glyph }</span>{ text }</li> }
    };
    html! {
        <ul class="tl-legend" aria-label={lang.t("legend", "图例")}>
            { for Style::ALL.into_iter().map(swatch) }
            { mark("◆", "tl-mk-log", lang.t("log", "日志"), lang.t("a log step", "日志步骤")) }
            { mark("✕", "tl-mk-failed", lang.t("failed", "失败"), lang.t("the task failed here", "任务在此失败")) }
            { mark("┆", "tl-mk-cancelled", lang.t("cancelled", "已取消"), lang.t("the task was cancelled here", "任务在此被取消")) }
            { mark("⚠", "tl-mk-warn", lang.t("loop blocked", "事件循环被阻塞"),
                lang.t("an async poll that kept the event loop busy for 50 ms or more: no other async task could run", "一次异步轮询占用事件循环 50 毫秒以上：其间其他异步任务都无法运行")) }
            { mark("→", "tl-mk-arrow", lang.t("woke", "唤醒"),
                lang.t("solid: woke it (unlock, release, notify, send, recv); dashed: spawned; dotted: join; long dashes: timer", "实线：唤醒（解锁、释放、通知、发送、接收）；虚线：创建；点线：等待结束；长虚线：定时器")) }
            { mark("▭", "tl-mk-deadlock", lang.t("deadlock", "死锁"), lang.t("tasks in a wait-for cycle: each waits for the next", "处于等待环中的任务：彼此循环等待")) }
        </ul>
    }
}
