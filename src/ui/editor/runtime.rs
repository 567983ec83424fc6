//! The runtime settings: every key of the `runtime { … }` block, each blank for its default.

use super::ctx::EditorCtx;
use super::fields::{DurationField, NumberField, Select};
use crate::model::edit::EditError;
use crate::model::{Cores, Micros, Policy, PoolQueue, Runtime, Scenario};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RuntimePanelProps {
    pub ctx: EditorCtx,
}

/// Sets one whole-number key of the runtime block.
type NumberKey = fn(&mut Runtime, Option<i64>);

fn set_runtime(ctx: &EditorCtx) -> impl Fn(NumberKey) -> Callback<Option<i64>> + '_ {
    move |f| {
        ctx.callback(
            move |s: &mut Scenario, v: Option<i64>| -> Result<(), EditError> {
                f(&mut s.runtime, v);
                Ok(())
            },
        )
    }
}

fn set_duration(ctx: &EditorCtx, f: fn(&mut Runtime, Option<Micros>)) -> Callback<Option<Micros>> {
    ctx.callback(
        move |s: &mut Scenario, v: Option<Micros>| -> Result<(), EditError> {
            f(&mut s.runtime, v);
            Ok(())
        },
    )
}

/// The keys that are written, as the text shows them (`workers 2 · seed 7`).
fn written(r: &Runtime) -> String {
    let mut parts = Vec::new();
    if let Some(w) = r.workers {
        parts.push(format!("workers {w}"));
    }
    if let Some(c) = r.cores {
        parts.push(match c {
            Cores::Unlimited => "cores unlimited".to_string(),
            Cores::Limited(n) => format!("cores {n}"),
        });
    }
    for (key, set) in [
        ("quantum", r.quantum.is_some()),
        ("policy", r.policy.is_some()),
        ("pool_queue", r.pool_queue.is_some()),
        ("thread_start", r.thread_start.is_some()),
        ("process_start", r.process_start.is_some()),
        ("max_time", r.max_time.is_some()),
    ] {
        if set {
            parts.push(key.to_string());
        }
    }
    if let Some(seed) = r.seed {
        parts.push(format!("seed {seed}"));
    }
    parts.join(" · ")
}

#[function_component(RuntimePanel)]
pub fn runtime_panel(props: &RuntimePanelProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let r = &ctx.scenario.runtime;
    let number = set_runtime(ctx);
    let on_workers = number(|r, v| r.workers = v.and_then(|v| u32::try_from(v).ok()));
    let on_cores =
        number(|r, v| r.cores = v.and_then(|v| u32::try_from(v).ok()).map(Cores::Limited));
    let on_seed = number(|r, v| r.seed = v.and_then(|v| u64::try_from(v).ok()));
    let cores_mode = match r.cores {
        None => "",
        Some(Cores::Unlimited) => "unlimited",
        Some(Cores::Limited(_)) => "limited",
    };
    let on_cores_mode = ctx.callback(|s: &mut Scenario, mode: String| -> Result<(), EditError> {
        s.runtime.cores = match mode.as_str() {
            "unlimited" => Some(Cores::Unlimited),
            "limited" => Some(Cores::Limited(2)),
            _ => None,
        };
        Ok(())
    });
    let policy = r.policy.map(|p| match p {
        Policy::Fifo => "fifo",
        Policy::Lifo => "lifo",
        Policy::Random => "random",
        Policy::Priority => "priority",
    });
    let on_policy = ctx.callback(|s: &mut Scenario, v: String| -> Result<(), EditError> {
        s.runtime.policy = match v.as_str() {
            "fifo" => Some(Policy::Fifo),
            "lifo" => Some(Policy::Lifo),
            "random" => Some(Policy::Random),
            "priority" => Some(Policy::Priority),
            _ => None,
        };
        Ok(())
    });
    let pool_queue = r.pool_queue.map(|p| match p {
        PoolQueue::Fifo => "fifo",
        PoolQueue::Lifo => "lifo",
        PoolQueue::Priority => "priority",
    });
    let on_pool_queue = ctx.callback(|s: &mut Scenario, v: String| -> Result<(), EditError> {
        s.runtime.pool_queue = match v.as_str() {
            "fifo" => Some(PoolQueue::Fifo),
            "lifo" => Some(PoolQueue::Lifo),
            "priority" => Some(PoolQueue::Priority),
            _ => None,
        };
        Ok(())
    });
    let default = lang.t("default", "默认");
    let summary = written(r);
    let summary = if summary.is_empty() {
        lang.t("all defaults", "全部默认").to_string()
    } else {
        summary
    };
    let opt = |value: &'static str, text: String| html! { <option {value}>{ text }</option> };
    html! {
        <details class="editor-section editor-runtime">
            <summary><span class="editor-section-title">{ lang.t("Runtime", "运行时") }</span>
                <span class="editor-muted">{ format!(" · {summary}") }</span></summary>
            <div class="editor-grid">
                <label>{ lang.t("pool workers", "线程池大小") }</label>
                <NumberField value={r.workers.map(i64::from)} on_commit={on_workers} min={Some(1)} max={Some(64)} allow_empty={true} placeholder="4" label={lang.t("workers", "线程池大小（workers）")} />
                <label>{ lang.t("CPU cores", "CPU 核数") }</label>
                <span class="editor-inline">
                    <Select value={cores_mode} on_change={on_cores_mode} label={lang.t("cores", "CPU 核数（cores）")}>
                        { opt("", format!("{default}{}", lang.t(" (unlimited)", "（不限）"))) }
                        { opt("unlimited", lang.t("unlimited", "不限").to_string()) }
                        { opt("limited", lang.t("limited to", "限制为").to_string()) }
                    </Select>
                    if let Some(Cores::Limited(n)) = r.cores {
                        <NumberField value={Some(i64::from(n))} on_commit={on_cores} min={Some(1)} max={Some(1024)} label={lang.t("cores", "CPU 核数（cores）")} />
                    }
                </span>
                <label>{ lang.t("time slice", "时间片") }</label>
                <DurationField value={r.quantum} on_commit={set_duration(ctx, |r, v| r.quantum = v)} allow_empty={true} placeholder="10ms" label={lang.t("quantum", "时间片（quantum）")} />
                <label>{ lang.t("event-loop order", "事件循环顺序") }</label>
                <Select value={policy.unwrap_or("")} on_change={on_policy} label={lang.t("policy", "事件循环顺序（policy）")}>
                    { opt("", format!("{default}{}", lang.t(" (fifo)", "（fifo）"))) }
                    { opt("fifo", lang.t("fifo", "fifo（先进先出）").to_string()) }
                    { opt("lifo", lang.t("lifo", "lifo（后进先出）").to_string()) }
                    { opt("random", lang.t("random", "random（随机）").to_string()) }
                    { opt("priority", lang.t("priority", "priority（按优先级）").to_string()) }
                </Select>
                <label>{ lang.t("pool queue order", "线程池排队顺序") }</label>
                <Select value={pool_queue.unwrap_or("")} on_change={on_pool_queue} label={lang.t("pool_queue", "线程池排队顺序（pool_queue）")}>
                    { opt("", format!("{default}{}", lang.t(" (fifo)", "（fifo）"))) }
                    { opt("fifo", lang.t("fifo", "fifo（先进先出）").to_string()) }
                    { opt("lifo", lang.t("lifo", "lifo（后进先出）").to_string()) }
                    { opt("priority", lang.t("priority", "priority（按优先级）").to_string()) }
                </Select>
                <label>{ lang.t("thread start cost", "线程启动开销") }</label>
                <DurationField value={r.thread_start} on_commit={set_duration(ctx, |r, v| r.thread_start = v)} allow_empty={true} placeholder="0" label={lang.t("thread_start", "线程启动开销（thread_start）")} />
                <label>{ lang.t("process start cost", "进程启动开销") }</label>
                <DurationField value={r.process_start} on_commit={set_duration(ctx, |r, v| r.process_start = v)} allow_empty={true} placeholder="0" label={lang.t("process_start", "进程启动开销（process_start）")} />
                <label>{ lang.t("random seed", "随机种子") }</label>
                <NumberField value={r.seed.and_then(|s| i64::try_from(s).ok())} on_commit={on_seed} min={Some(0)} allow_empty={true} placeholder="0" label={lang.t("seed", "随机种子（seed）")} />
                <label>{ lang.t("time limit", "时间上限") }</label>
                <DurationField value={r.max_time} on_commit={set_duration(ctx, |r, v| r.max_time = v)} allow_empty={true} placeholder="10min" label={lang.t("max_time", "时间上限（max_time）")} />
            </div>
        </details>
    }
}
