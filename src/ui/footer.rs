//! The footer: the warm worker pool for live mode (started once the first run is on screen, so
//! the workers' wasm does not compete with the app's own first load), the machine's real core
//! count, and `compute`'s calibration.

use crate::live::pool::{self, PoolInfo};
use crate::ui::i18n::Lang;
use crate::web::contract::{publish, Field};
use js_sys::{Object, Reflect};
use yew::prelude::*;

/// How many pool workers the app starts (a live run's event loop gets one more, in the background).
const POOL_SIZE: usize = crate::live::layout::WARM_POOL;

#[derive(Clone, PartialEq)]
enum PoolState {
    Starting,
    Ready(PoolInfo),
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct FooterProps {
    pub lang: Lang,
    /// Start the pool now (the first run is on screen, or live mode is asked for).
    pub warm: bool,
}

#[function_component(Footer)]
pub fn footer(props: &FooterProps) -> Html {
    let lang = props.lang;
    let state = use_state(|| PoolState::Starting);
    let started = use_mut_ref(|| false);
    {
        let state = state.clone();
        use_effect_with(props.warm, move |warm| {
            if !*warm || std::mem::replace(&mut *started.borrow_mut(), true) {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match pool::warm_up(POOL_SIZE).await {
                    Ok(info) => PoolState::Ready(info),
                    Err(e) => PoolState::Failed(e.0),
                };
                publish_pool(&outcome);
                if matches!(outcome, PoolState::Ready(_)) {
                    // One more for the event loop of the first live run.
                    pool::refill(POOL_SIZE + 1);
                }
                state.set(outcome);
            });
        });
    }
    let (text, title) = match &*state {
        PoolState::Starting => (
            lang.t("starting workers…", "正在启动 worker…").to_string(),
            String::new(),
        ),
        PoolState::Ready(info) => match lang {
            Lang::En => (
                format!(
                    "{} workers ready · started in {:.0} ms · {} cores",
                    info.count, info.startup_ms, info.cores
                ),
                format!(
                    "live mode runs on these web workers; this machine reports {} logical cores \
                     (navigator.hardwareConcurrency), so `cores` cannot be simulated live. \
                     compute is calibrated at {:.0} arithmetic iterations per µs on one idle core.",
                    info.cores, info.iters_per_us
                ),
            ),
            Lang::Zh => (
                format!(
                    "{} 个 worker 已就绪 · 启动用时 {:.0} 毫秒 · {} 个核心",
                    info.count, info.startup_ms, info.cores
                ),
                format!(
                    "真实运行模式在这些 web worker 上运行；本机报告有 {} 个逻辑核心\
                     （navigator.hardwareConcurrency），因此真实运行无法模拟 `cores`。\
                     compute 已校准为在一个空闲核心上每微秒 {:.0} 次算术迭代。",
                    info.cores, info.iters_per_us
                ),
            ),
        },
        PoolState::Failed(why) => (
            match lang {
                Lang::En => format!(
                    "workers failed to start: {why}. Live mode needs web workers; reload to try again."
                ),
                Lang::Zh => format!(
                    "worker 启动失败：{why}。真实运行模式需要 web worker；请刷新页面重试。"
                ),
            },
            String::new(),
        ),
    };
    let status = match &*state {
        PoolState::Ready(_) => "ready",
        PoolState::Starting => "starting",
        PoolState::Failed(_) => "failed",
    };
    html! {
        <footer class="footer">
            <span id="pool-status" data-state={status} {title}>{ text }</span>
            { isolation(lang) }
        </footer>
    }
}

/// Whether live threads can share real memory here, and what to do if not.
fn isolation(lang: Lang) -> Html {
    let isolated = crate::web::shared_memory::isolated();
    let (text, title) = match (isolated, lang) {
        (true, Lang::En) => (
            "shared memory ✓",
            "This page is cross-origin isolated: live threads share real memory \
             (a SharedArrayBuffer), so their races are real.",
        ),
        (true, Lang::Zh) => (
            "共享内存 ✓",
            "本页面已跨源隔离：真实运行中的线程共享真实内存（SharedArrayBuffer），它们的竞争是真实的。",
        ),
        (false, Lang::En) => (
            "no shared memory",
            "This page is not cross-origin isolated, so live mode passes shared state as \
             messages. Serve it with Cross-Origin-Opener-Policy: same-origin and \
             Cross-Origin-Embedder-Policy: require-corp (cargo xtask serve does).",
        ),
        (false, Lang::Zh) => (
            "无共享内存",
            "本页面未跨源隔离，真实运行通过消息传递共享状态。请以 \
             Cross-Origin-Opener-Policy: same-origin 和 Cross-Origin-Embedder-Policy: \
             require-corp 响应头提供页面（cargo xtask serve 会这样做）。",
        ),
    };
    html! {
        <span id="isolation" class="footer-isolation" data-isolated={isolated.to_string()} {title}>
            { " · " }{ text }
        </span>
    }
}

fn publish_pool(state: &PoolState) {
    let info = Object::new();
    let (status, count, ms, cores, rate) = match state {
        PoolState::Ready(i) => (
            "ready",
            i.count as f64,
            i.startup_ms,
            f64::from(i.cores),
            i.iters_per_us,
        ),
        PoolState::Starting => ("starting", 0.0, 0.0, 0.0, 0.0),
        PoolState::Failed(_) => ("failed", 0.0, 0.0, 0.0, 0.0),
    };
    let set = |k: &str, v: wasm_bindgen::JsValue| {
        let _ = Reflect::set(&info, &k.into(), &v);
    };
    set("status", status.into());
    set("count", count.into());
    set("startup_ms", ms.into());
    set("cores", cores.into());
    set("iters_per_us", rate.into());
    publish(Field::Pool, &info.into());
}
