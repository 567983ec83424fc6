//! The live bar under the header in live mode: what is running, for how long, on how many
//! real cores, Stop, the time limit, and the way to the comparison with the simulation.

use super::{LiveCtl, LiveStatus};
use crate::live::pool;
use crate::sim::fmt_human_in;
use crate::ui::i18n::Lang;
use crate::web::clock::now_ms;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LiveBarProps {
    pub lang: Lang,
    pub ctl: LiveCtl,
    pub compare_open: bool,
    pub on_compare: Callback<()>,
}

#[function_component(LiveBar)]
pub fn live_bar(props: &LiveBarProps) -> Html {
    let lang = props.lang;
    let ctl = &props.ctl;
    // Re-renders every 200 ms while running, so the elapsed time moves.
    let tick = use_state(|| 0u32);
    {
        let running = matches!(
            ctl.status,
            LiveStatus::Running { .. } | LiveStatus::Preparing
        );
        let tick = tick.clone();
        use_effect_with(running, move |running| {
            let interval =
                running.then(|| Interval::new(200, move || tick.set(tick.wrapping_add(1))));
            move || drop(interval)
        });
    }
    let cores = pool::cores();
    let cores_text = format!(
        "{cores} {}",
        lang.t(
            "real cores (cores is not simulated live)",
            "个真实核心（真实运行不模拟 cores）"
        )
    );
    // What `compute` means live: the measured speed of one core, so a learner can see why a
    // `compute 200ms` takes longer on a busy machine.
    let calibration = pool::iters_per_us().map(|rate| match lang {
        Lang::En => format!(
            "compute: {rate:.0} iterations/µs, the fastest of this page's measurements on one core"
        ),
        Lang::Zh => format!("compute：每微秒 {rate:.0} 次迭代，取本页在单个核心上测得的最快值"),
    });
    let (state, text) = match &ctl.status {
        LiveStatus::Idle => (
            "idle",
            lang.t(
                "live mode: ▶ runs on real web workers",
                "真实运行模式：▶ 在真实的 Web Worker 上运行",
            )
            .to_string(),
        ),
        LiveStatus::Preparing => (
            "preparing",
            lang.t("starting workers…", "正在启动 worker…").to_string(),
        ),
        LiveStatus::Running { since_ms, .. } => {
            let us = ((now_ms() - since_ms).max(0.0) * 1000.0) as u64;
            (
                "running",
                format!(
                    "{} {}",
                    lang.t("● running live ·", "● 正在真实运行 ·"),
                    fmt_human_in(us - us % 100_000, lang)
                ),
            )
        }
        LiveStatus::Done(done) => {
            let s = &done.result.summary;
            let first = s
                .explain_in(lang)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            let path = if done.result.shared_memory {
                lang.t(" · real shared memory", " · 真实共享内存")
            } else {
                lang.t(" · shared state as messages", " · 共享状态经由消息传递")
            };
            (
                "done",
                format!("{}{first}{path}", lang.t("live run: ", "真实运行：")),
            )
        }
        LiveStatus::Failed(why) => (
            "failed",
            format!(
                "{}{why}",
                lang.t("live mode could not start: ", "真实运行无法启动：")
            ),
        ),
    };
    let running = matches!(
        ctl.status,
        LiveStatus::Running { .. } | LiveStatus::Preparing
    );
    let stop = ctl.on_stop.reform(|_: MouseEvent| ());
    let on_limit = {
        let cb = ctl.on_limit.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.value().parse::<u32>().ok());
            if let Some(v) = value {
                cb.emit(v);
            }
        })
    };
    let on_memory = {
        let cb = ctl.on_messages.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(v) = value {
                cb.emit(v == "messages");
            }
        })
    };
    let compare = props.on_compare.reform(|_: MouseEvent| ());
    let done = matches!(ctl.status, LiveStatus::Done(_));
    html! {
        <div id="live-bar" class="banner-box" data-state={state} role="status"
            style="background: var(--panel); gap: 12px;">
            <span id="live-status" class="banner-text">{ text }</span>
            <span id="live-cores" title={lang.t("navigator.hardwareConcurrency", "navigator.hardwareConcurrency")}>{ cores_text }</span>
            if let Some(calibration) = calibration {
                <span id="live-calibration" class="live-calibration" title={calibration.clone()}>
                    { lang.t("⏱ calibrated", "⏱ 已校准") }</span>
            }
            <label title={lang.t("a live run stops with a time-limit result past this", "真实运行超过此时间即停止并报告时间限制")}>
                { lang.t("limit ", "限时 ") }
                <input id="live-limit" type="number" min="1" max="3600" value={ctl.limit_s.to_string()}
                    style="width: 4.5em" onchange={on_limit} />
                { lang.t(" s", " 秒") }
            </label>
            { memory_setting(lang, ctl.messages, on_memory) }
            if running {
                <button id="live-stop" class="header-btn" onclick={stop}
                    title={lang.t("end the live run now", "立即结束真实运行")}>{ lang.t("■ Stop", "■ 停止") }</button>
            }
            if done {
                <button id="live-compare-toggle" class="header-btn" onclick={compare}
                    aria-expanded={props.compare_open.to_string()}
                    title={lang.t("the simulated and the live run side by side", "并排比较模拟运行与真实运行")}>
                    { lang.t("compare with simulation", "与模拟比较") }
                </button>
            }
        </div>
    }
}

/// Where live runs keep the variables: in real shared memory (when the page is cross-origin
/// isolated) or with the coordinator, through messages. Without isolation the choice is not
/// there, and the bar says why and how to get it.
fn memory_setting(lang: Lang, messages: bool, on_change: Callback<Event>) -> Html {
    if !crate::web::shared_memory::isolated() {
        return html! {
            <span id="live-memory-note" class="live-memory-note" title={lang.t(
                "Real shared memory needs a cross-origin isolated page: serve Interleave with \
                 Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: \
                 require-corp (cargo xtask serve and trunk serve do; dist/_headers and a service \
                 worker cover other hosts).",
                "真实共享内存需要跨源隔离的页面：请以 Cross-Origin-Opener-Policy: same-origin 和 \
                 Cross-Origin-Embedder-Policy: require-corp 响应头提供 Interleave（cargo xtask \
                 serve 和 trunk serve 会这样做；其他主机可用 dist/_headers 和 service worker）。")}>
                { lang.t("memory: messages (no cross-origin isolation)", "内存：消息（未跨源隔离）") }
            </span>
        };
    }
    html! {
        <label title={lang.t(
            "shared: load, store and incr are real atomic operations on memory every worker \
             shares, so a real lost update can happen; messages: the coordinator on the page \
             applies them in turn, as the simulator does",
            "共享：load、store 和 incr 是对所有 worker 共享内存的真实原子操作，因此可能真的丢失更新；\
             消息：由页面上的协调器依次执行，与模拟器一致")}>
            { lang.t("memory ", "内存 ") }
            <select id="live-memory" onchange={on_change}>
                <option value="shared" selected={!messages}>{ lang.t("shared", "共享") }</option>
                <option value="messages" selected={messages}>{ lang.t("messages", "消息") }</option>
            </select>
        </label>
    }
}
