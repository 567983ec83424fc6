//! The metrics panel: the outcome and each expectation, event-loop blocking warnings, lane
//! utilization, each task's waits by cause, and a histogram of wait times.

use super::labels::row_label;
use super::model::RunModel;
use super::shared::Shared;
use crate::sim::Outcome;
use crate::trace::describe::{self, duration_in};
use crate::trace::layout::RowKey;
use crate::trace::{LaneId, TaskId, WaitTimes};
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MetricsPanelProps {
    pub lang: Lang,
    pub model: Shared<RunModel>,
}

/// Lanes and tasks listed at most (the busiest first for tasks).
const MAX_LANES: usize = 16;
const MAX_TASKS: usize = 10;

#[function_component(MetricsPanel)]
pub fn metrics_panel(props: &MetricsPanelProps) -> Html {
    let lang = props.lang;
    let Some(m) = props.model.0.as_ref() else {
        return html! { <div class="metrics-panel"><h2>{ lang.t("Metrics", "指标") }</h2></div> };
    };
    let trace = m.trace();
    let duration = |us| duration_in(us, lang);
    let summary = &m.run.summary;
    let mx = &m.metrics;
    let outcome = match summary.outcome {
        Outcome::Completed => lang.t("completed", "完成"),
        Outcome::Failed => lang.t("failed", "失败"),
        Outcome::Deadlock => lang.t("deadlock", "死锁"),
        Outcome::Limit => lang.t("stopped at a limit", "达到上限而停止"),
    };
    let outcome_class = match summary.outcome {
        Outcome::Completed => "metrics-ok",
        _ => "metrics-bad",
    };
    let mut tasks: Vec<(usize, WaitTimes, u64)> = mx
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.wait, t.run))
        .filter(|(_, w, r)| w.total() + r > 0)
        .collect();
    tasks.sort_by_key(|t| std::cmp::Reverse(t.1.total() + t.2));
    let longest = tasks
        .iter()
        .map(|(_, w, r)| w.total() + r)
        .max()
        .unwrap_or(1)
        .max(1);
    let hist_max = mx.wait_histogram.iter().copied().max().unwrap_or(1).max(1);
    html! {
        <div class="metrics-panel">
            <h2>{ lang.t("Metrics", "指标") }</h2>
            <p id="metrics-outcome" class={classes!("metrics-outcome", outcome_class)}>
                <strong>{ outcome }</strong>{ format!(" · {} {}", lang.t("makespan", "总耗时"), duration(summary.makespan_us)) }
                { format!(" · {} {}", summary.events, lang.t("events", "个事件")) }
            </p>
            <p class="metrics-explain">{ summary.explain_in(lang) }</p>
            if !summary.expects.is_empty() {
                <ul id="metrics-expects" class="metrics-expects">
                    { for summary.expects.iter().map(|e| {
                        let (class, mark, title) = expect_mark(lang, summary.finished(), summary.judges(e), e.passed);
                        html! { <li class={class} title={title}>{ mark }<code>{ &e.text }</code></li> }
                    }) }
                </ul>
            }
            if !mx.long_polls.is_empty() {
                <div id="metrics-loop-warnings" class="metrics-warn" role="note">
                    <strong>{ blocked_in_total(lang, mx.loop_blocked) }</strong>
                    <ul>
                        { for mx.long_polls.iter().take(8).map(|lp| {
                            let (task, step) = (describe::task_name(trace, lp.task), lp.step.as_deref().unwrap_or(""));
                            let (d, from) = (duration(lp.duration), duration(lp.start));
                            html! {
                                <li>{ match lang {
                                    Lang::En => format!("{task} · {step} · {d} from {from}"),
                                    Lang::Zh => format!("{task} · {step} · {d}（始于 {from}）"),
                                } }</li>
                            }
                        }) }
                    </ul>
                </div>
            }
            <h3>{ lang.t("Lane utilization", "执行单元利用率") }</h3>
            <ul class="metrics-bars">
                { for mx.lanes.iter().enumerate().filter(|(i, l)| l.busy > 0 || !shared_lane(trace, *i)).take(MAX_LANES).map(|(i, l)| {
                    let (name, _) = row_label(lang, trace, RowKey::Lane(LaneId(i as u32)));
                    let pct = (l.utilization * 100.0).clamp(0.0, 100.0);
                    let busy = match lang {
                        Lang::En => format!("{} busy", duration(l.busy)),
                        Lang::Zh => format!("忙碌 {}", duration(l.busy)),
                    };
                    html! {
                        <li title={busy}>
                            <span class="metrics-name">{ name }</span>
                            <span class="metrics-track"><span class="metrics-fill tl-sw-running" style={format!("width:{pct:.1}%")}></span></span>
                            <span class="metrics-num">{ format!("{pct:.0}%") }</span>
                        </li>
                    }
                }) }
            </ul>
            <h3>{ lang.t("Time per task: running and waiting by cause", "各任务时间：运行与按原因分的等待") }</h3>
            <ul class="metrics-bars">
                { for tasks.iter().take(MAX_TASKS).map(|(i, w, run)| task_bar(lang, m, TaskId(*i as u32), w, *run, longest)) }
            </ul>
            if !mx.wait_histogram.is_empty() {
                <h3>{ lang.t("How long waits lasted", "等待时长分布") }</h3>
                <div class="metrics-hist" role="img" aria-label={lang.t("histogram of wait durations, doubling buckets", "等待时长直方图，按倍增分桶")}>
                    { for mx.wait_histogram.iter().enumerate().map(|(k, n)| {
                        let h = (*n as f64 / hist_max as f64 * 100.0).max(if *n > 0 { 4.0 } else { 0.0 });
                        let from = 1u64.checked_shl(k as u32).unwrap_or(u64::MAX);
                        html! {
                            <div class="metrics-hcol" title={format!("{n} × ≥ {}", duration(from))}>
                                <span class="metrics-hbar" style={format!("height:{h:.0}%")}></span>
                                <span class="metrics-hlabel">{ if k % 3 == 0 { duration(from) } else { String::new() } }</span>
                            </div>
                        }
                    }) }
                </div>
            }
        </div>
    }
}

/// `⚠ the event loop was blocked for 2 s in total`: every event-loop poll added up
/// ([`crate::trace::Metrics::loop_blocked`]). Said as a total, since the summary's note above
/// it names the longest single block (`RunSummary::loop_blocked_us`), 1 s when two tasks
/// compute 1 s each; without the word the two read as one figure that disagrees.
fn blocked_in_total(lang: Lang, us: u64) -> String {
    let d = duration_in(us, lang);
    match lang {
        Lang::En => format!("⚠ the event loop was blocked for {d} in total"),
        Lang::Zh => format!("⚠ 事件循环总共被阻塞 {d}"),
    }
}

/// One task's stacked bar: running, ready, blocked (by cause in the tooltip) and sleeping.
fn task_bar(lang: Lang, m: &RunModel, task: TaskId, w: &WaitTimes, run: u64, longest: u64) -> Html {
    let blocked = w.lock + w.semaphore + w.channel + w.condvar + w.join;
    let pct = |d: u64| d as f64 / longest as f64 * 100.0;
    let duration = |us| duration_in(us, lang);
    let causes: Vec<String> = [
        (lang.t("running", "运行"), run),
        (lang.t("ready", "就绪"), w.ready),
        (lang.t("lock", "锁"), w.lock),
        (lang.t("semaphore", "信号量"), w.semaphore),
        (lang.t("channel", "通道"), w.channel),
        (lang.t("condvar", "条件变量"), w.condvar),
        (lang.t("join", "等待结束"), w.join),
        (lang.t("sleep", "睡眠"), w.sleep),
        (lang.t("start", "启动"), w.start),
    ]
    .iter()
    .filter(|(_, d)| *d > 0)
    .map(|(what, d)| format!("{what} {}", duration(*d)))
    .collect();
    let part = |class: &'static str, d: u64| {
        html! { if d > 0 { <span class={classes!("metrics-fill", class)} style={format!("width:{:.2}%", pct(d))}></span> } }
    };
    html! {
        <li title={causes.join(" · ")}>
            <span class="metrics-name">{ describe::task_name(m.trace(), task).into_owned() }</span>
            <span class="metrics-track metrics-stack">
                { part("tl-sw-running", run) }
                { part("tl-sw-ready", w.ready) }
                { part("tl-sw-blocked", blocked) }
                { part("tl-sw-sleeping", w.sleep) }
                { part("tl-sw-starting", w.start) }
            </span>
            <span class="metrics-num">{ causes.first().cloned().unwrap_or_default() }</span>
        </li>
    }
}

/// The event loop and pool workers exist in every run; idle, they only take room.
fn shared_lane(trace: &crate::trace::Trace, lane: usize) -> bool {
    matches!(
        trace.lanes.get(lane).map(|l| l.kind),
        Some(crate::trace::LaneKind::EventLoop | crate::trace::LaneKind::PoolWorker(_))
    )
}

/// A check's class, mark and tooltip: ✓ or ✗ once the run has ended, … while it is still going
/// (a live run, a run paused at a scheduling choice), where a value halfway proves nothing;
/// ≈ for a live run's timing check.
fn expect_mark(
    lang: Lang,
    finished: bool,
    judged: bool,
    passed: bool,
) -> (&'static str, &'static str, &'static str) {
    match (finished, passed) {
        // A live run's timing check is a measurement (RunSummary::judges): neutral, not ✗.
        (true, false) if !judged => (
            "metrics-pending",
            "≈ ",
            lang.t(
                "measured live; timing is judged in the simulation (see Compare)",
                "真实测量；时间在模拟中判断（见“比较”）",
            ),
        ),
        (false, _) => (
            "metrics-pending",
            "… ",
            lang.t(
                "pending: judged when the run ends",
                "待定：运行结束后才判断",
            ),
        ),
        (true, true) => ("metrics-pass", "✓ ", lang.t("passed", "通过")),
        (true, false) => ("metrics-fail", "✗ ", lang.t("failed", "未通过")),
    }
}
