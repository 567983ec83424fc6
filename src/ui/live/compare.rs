//! The compare view: the simulated and the live run of one scenario overlaid per task, the
//! makespan and per-task differences, and where they come from.

use super::LiveDone;
use crate::compare::{Comparison, Overhead};
use crate::model::Micros;
use crate::sim::fmt_human_in;
use crate::ui::i18n::Lang;
use crate::web::contract::{publish, Field};
use js_sys::{Object, Reflect};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct ComparePanelProps {
    pub done: Rc<LiveDone>,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

impl PartialEq for ComparePanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.done, &other.done) && self.lang == other.lang
    }
}

/// A signed duration: `+12 ms`, `−3 ms`.
fn signed(us: i64, lang: Lang) -> String {
    let sign = if us < 0 { "−" } else { "+" };
    format!("{sign}{}", fmt_human_in(us.unsigned_abs(), lang))
}

fn opt(us: Option<Micros>, lang: Lang) -> String {
    us.map_or_else(|| "–".to_string(), |us| fmt_human_in(us, lang))
}

#[function_component(ComparePanel)]
pub fn compare_panel(props: &ComparePanelProps) -> Html {
    let lang = props.lang;
    let fmt_human = |us| fmt_human_in(us, lang);
    let c: Rc<Comparison> = props.done.comparison();
    {
        let c = c.clone();
        use_effect_with(Shared(props.done.clone()), move |_| publish_comparison(&c));
    }
    let scale = c
        .tasks
        .iter()
        .flat_map(|t| [t.sim.end, t.live.end])
        .flatten()
        .chain([c.sim_makespan, c.live_makespan])
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let pct = |us: Micros| (us as f64 / scale * 100.0).clamp(0.0, 100.0);
    let bar = |start: Option<Micros>, end: Option<Micros>, top: &str, style: &str| {
        let (Some(s), Some(e)) = (start, end.or(Some(scale as Micros))) else {
            return html! {};
        };
        let css = format!(
            "position:absolute; left:{:.2}%; width:max(2px, {:.2}%); top:{top}; height:42%; {style}",
            pct(s),
            pct(e.saturating_sub(s))
        );
        html! { <div style={css}></div> }
    };
    let sim_style = "background:#0072B2; border-radius:2px;";
    let live_style = "background:repeating-linear-gradient(45deg,#E69F00 0 4px,#f3c76b 4px 8px); border-radius:2px;";
    let rows = c.tasks.iter().map(|t| {
        let delta = t.end_delta().map_or_else(|| "–".to_string(), |d| signed(d, lang));
        html! {
            <tr>
                <td style="white-space:nowrap; padding-right:8px">{ &t.name }</td>
                <td style="width:45%">
                    <div style="position:relative; height:18px; background:var(--bg, transparent); border-bottom:1px dotted var(--border)">
                        { bar(t.sim.start, t.sim.end, "2%", sim_style) }
                        { bar(t.live.start, t.live.end, "54%", live_style) }
                    </div>
                </td>
                <td>{ format!("{} – {}", opt(t.sim.start, lang), opt(t.sim.end, lang)) }</td>
                <td>{ format!("{} – {}", opt(t.live.start, lang), opt(t.live.end, lang)) }</td>
                <td class="live-delta">{ delta }</td>
            </tr>
        }
    });
    let line = |label: &'static str, o: &Overhead, what: String| {
        html! {
            <li><b>{ label }</b>{ lang.t(" ", "") }{ if o.count == 0 { lang.t("none", "无").to_string() } else { what } }</li>
        }
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section id="live-compare" class="banner-box" style="display:block; max-height:60vh; overflow:auto; background:var(--panel);"
            aria-label={lang.t("simulated and live run compared", "模拟运行与真实运行的比较")}>
            <div style="display:flex; gap:12px; align-items:center">
                <strong style="flex:1">
                    { format!("{} {} · {} {} · {} {}",
                        lang.t("simulated", "模拟"), fmt_human(c.sim_makespan),
                        lang.t("live", "真实"), fmt_human(c.live_makespan),
                        lang.t("difference", "差异"), signed(c.makespan_delta(), lang)) }
                </strong>
                <span style="display:inline-flex; gap:10px; font-size:12px">
                    <span><span style={format!("display:inline-block;width:14px;height:8px;{sim_style}")}></span>{ lang.t(" simulated", " 模拟") }</span>
                    <span><span style={format!("display:inline-block;width:14px;height:8px;{live_style}")}></span>{ lang.t(" live", " 真实") }</span>
                </span>
                <button class="banner-close" onclick={close}>{ lang.t("close", "关闭") }</button>
            </div>
            <table id="live-compare-tasks" style="width:100%; border-collapse:collapse; font-size:12px; margin-top:6px">
                <thead><tr>
                    <th style="text-align:left">{ lang.t("task", "任务") }</th>
                    <th style="text-align:left">{ lang.t("overlaid", "叠加") }</th>
                    <th style="text-align:left">{ lang.t("simulated", "模拟") }</th>
                    <th style="text-align:left">{ lang.t("live", "真实") }</th>
                    <th style="text-align:left">{ lang.t("end Δ", "结束差") }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p style="margin:8px 0 2px"><b>{ lang.t("Where the difference comes from", "差异从何而来") }</b></p>
            <ul id="live-compare-sources" style="margin:0; padding-left:18px; font-size:12px">
                { line(lang.t("worker start-up:", "worker 启动："), &c.startup, format!(
                    "{} {} {} · {} {} · {} {}", c.startup.count, lang.t("threads/processes, total", "个线程/进程，共"),
                    fmt_human(c.startup.total_us), lang.t("mean", "平均"), fmt_human(c.startup.mean_us()),
                    lang.t("max", "最长"), fmt_human(c.startup.max_us))) }
                { line(lang.t("message latency:", "消息延迟："), &c.messages, format!(
                    "{} {} · p50 {} · p99 {} · {} {}", c.messages.count,
                    lang.t("round trips to the coordinator", "次与协调者的往返"),
                    fmt_human(c.messages_p50_us), fmt_human(c.messages_p99_us),
                    lang.t("in all", "合计"), fmt_human(c.messages.total_us))) }
                { line(lang.t("timer lateness:", "定时器延迟："), &c.timers, format!(
                    "{} {} · {} {} · {} {}", c.timers.count, lang.t("timers", "个定时器"),
                    lang.t("mean", "平均"), fmt_human(c.timers.mean_us()), lang.t("max", "最长"), fmt_human(c.timers.max_us))) }
                { line(lang.t("compute stretch:", "计算拉长："), &c.compute, format!(
                    "{} {} {} · {} {}{}", c.compute.count, lang.t("computes took longer by", "次计算共多用"),
                    fmt_human(c.compute.total_us), lang.t("max", "最长"), fmt_human(c.compute.max_us),
                    lang.t(" (the cores are shared with other work)", "（核心被其他工作共享）"))) }
            </ul>
            if let Some(b) = &c.barging {
                <p id="live-compare-barging" style="margin:6px 0 0; font-size:12px">{ match lang {
                    Lang::En => format!(
                        "⚖ the real lock let {} into {} before {}, which had waited longer; the simulator hands off in FIFO order",
                        b.let_in, b.mutex, b.passed_over),
                    Lang::Zh => format!(
                        "⚖ 真实的锁让 {} 先于等待更久的 {} 拿到了 {}；模拟器按先进先出的顺序交接",
                        b.let_in, b.passed_over, b.mutex),
                } }</p>
            }
        </section>
    }
}

/// The live run compared by identity.
#[derive(Clone)]
struct Shared(Rc<LiveDone>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// `window.__interleave.compare`, for tests and tools.
fn publish_comparison(c: &Comparison) {
    let o = Object::new();
    let set = |k: &str, v: f64| {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    };
    set("sim_makespan_us", c.sim_makespan as f64);
    set("live_makespan_us", c.live_makespan as f64);
    set("startup_total_us", c.startup.total_us as f64);
    set("messages", c.messages.count as f64);
    set("messages_p50_us", c.messages_p50_us as f64);
    set("messages_p99_us", c.messages_p99_us as f64);
    set("timers_max_us", c.timers.max_us as f64);
    set("timers_mean_us", c.timers.mean_us() as f64);
    set("compute_extra_us", c.compute.total_us as f64);
    if let Some(b) = &c.barging {
        let barging = Object::new();
        for (k, v) in [
            ("mutex", &b.mutex),
            ("let_in", &b.let_in),
            ("passed_over", &b.passed_over),
        ] {
            let _ = Reflect::set(&barging, &k.into(), &v.into());
        }
        let _ = Reflect::set(&o, &"barging".into(), &barging.into());
    }
    publish(Field::Compare, &o.into());
}

/// One line for the summary: the live makespan against the simulated one, and the cause the
/// compare view finds first: `live 1.06 s, simulated 1 s (+62.3 ms), mostly worker start-up
/// (up to 61.5 ms)`.
pub fn timing_note(c: &Comparison, lang: Lang) -> String {
    use crate::compare::Cause;
    let (live, sim) = (
        fmt_human_in(c.live_makespan, lang),
        fmt_human_in(c.sim_makespan, lang),
    );
    let delta = signed(c.makespan_delta(), lang);
    let cause = c.main_cause().map(|(cause, o)| {
        let what = match cause {
            Cause::Startup => lang.t("worker start-up", "worker 启动"),
            Cause::Messages => lang.t("message round trips", "消息往返"),
            Cause::Timers => lang.t("late timers", "定时器延迟"),
            Cause::Compute => lang.t(
                "compute stretched by shared cores",
                "共享核心拉长了 compute",
            ),
        };
        let max = fmt_human_in(o.max_us, lang);
        match lang {
            Lang::En => format!(", mostly {what} (up to {max})"),
            Lang::Zh => format!("，主要来自{what}（最多 {max}）"),
        }
    });
    let cause = cause.unwrap_or_default();
    match lang {
        Lang::En => format!("live {live}, simulated {sim} ({delta}){cause}"),
        Lang::Zh => format!("真实 {live}，模拟 {sim}（{delta}）{cause}"),
    }
}
