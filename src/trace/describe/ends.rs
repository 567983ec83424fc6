//! How a task stands and how it ended, in words: `running on event loop`, `failed: boom`.

use super::{lane_name_in, wait_for_in};
use crate::lang::Lang;
use crate::trace::event::{EndHow, Trace};
use crate::trace::spans::SpanState;
use std::borrow::Cow;

/// How a task ended: `completed` / `已完成`, `failed: boom` / `失败：boom`, `cancelled` / `已取消`.
pub fn end_how_in(how: &EndHow, lang: Lang) -> String {
    match how {
        EndHow::Completed => lang.t("completed", "已完成").to_string(),
        EndHow::Failed(msg) => failed_in(msg, lang),
        EndHow::Cancelled => lang.t("cancelled", "已取消").to_string(),
    }
}

/// A short label for a span state: `running on event loop` / `在事件循环上运行`, `ready` / `就绪`.
pub fn span_state_in(trace: &Trace, state: &SpanState, lang: Lang) -> String {
    match state {
        SpanState::NotStarted => lang.t("not started", "未开始").to_string(),
        SpanState::Starting => lang.t("starting", "启动中").to_string(),
        SpanState::Ready => lang.t("ready", "就绪").to_string(),
        SpanState::Running { lane } => {
            let lane = lane_name_in(trace, *lane, lang);
            match lang {
                Lang::En => format!("running on {lane}"),
                Lang::Zh => lang.words(&["在", &lane, "上运行"]),
            }
        }
        SpanState::Blocked(on) => wait_for_in(trace, on, lang),
        SpanState::Sleeping => lang.t("sleeping", "睡眠中").to_string(),
        SpanState::Done => lang.t("completed", "已完成").to_string(),
        SpanState::Failed(msg) => failed_in(msg, lang),
        SpanState::Cancelled => lang.t("cancelled", "已取消").to_string(),
    }
}

fn failed_in(msg: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("failed: {msg}"),
        Lang::Zh => format!("失败：{}", failure_in(msg, lang)),
    }
}

/// A failure the runtime raised (`task j failed: boom`, `send on closed channel q`) in `lang`.
///
/// The runners word a failure once, in English, because it travels inside the trace and the
/// JSON summary. Chinese recognises each of the runners' fixed forms by its prefix and
/// suffix, which costs one pass over the text; a `fail "…"` message is the user's own text, and
/// it, like anything not recognised, stays as written.
pub fn failure_in(msg: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(msg),
        Lang::Zh => match failure_zh(msg) {
            Some(text) => Cow::Owned(text),
            None => Cow::Borrowed(msg),
        },
    }
}

fn failure_zh(msg: &str) -> Option<String> {
    if let Some(rest) = msg.strip_prefix("task ") {
        if let Some((name, why)) = rest.split_once(" failed: ") {
            return Some(format!("任务 {name} 失败：{}", failure_in(why, Lang::Zh)));
        }
        if let Some(name) = rest.strip_suffix(" was cancelled before it started") {
            return Some(format!("任务 {name} 在启动前被取消"));
        }
        if let Some(name) = rest.strip_suffix(" was cancelled") {
            return Some(format!("任务 {name} 被取消"));
        }
        if let Some(name) = rest.strip_suffix(" already started") {
            return Some(format!("任务 {name} 已经启动"));
        }
    }
    if let Some(ch) = msg.strip_prefix("send on closed channel ") {
        return Some(format!("向已关闭的通道 {ch} 发送"));
    }
    if let Some(ch) = msg.strip_prefix("recv on closed channel ") {
        return Some(format!("从已关闭的通道 {ch} 接收"));
    }
    if let Some(d) = msg.strip_prefix("timed out after ") {
        return Some(format!("{d} 后超时"));
    }
    if let Some(rest) = msg.strip_prefix("cannot unlock ") {
        let (m, who) = rest.split_once(": ")?;
        let who = who.strip_suffix(" does not hold it")?;
        return Some(format!("无法 unlock {m}：{who} 并未持有它"));
    }
    if let Some(rest) = msg.strip_prefix("cannot release ") {
        let (what, held) = rest.split_once(": ")?;
        let (n, sem) = what.split_once(" of ")?;
        let (who, mine) = held.rsplit_once(" holds ")?;
        let n = match n {
            "a permit" => "1",
            n => n.strip_suffix(" permits")?,
        };
        return Some(format!(
            "无法 release {sem} 的 {n} 个许可：{who} 只持有 {mine} 个"
        ));
    }
    if let Some(rest) = msg.strip_prefix("cannot wait on ") {
        let (cv, held) = rest.split_once(": ")?;
        let (who, m) = held.split_once(" does not hold ")?;
        return Some(format!("无法 wait {cv}：{who} 并未持有 {m}"));
    }
    if let Some((ch, _)) = msg.split_once(" is not a channel") {
        return Some(format!("{ch} 不是通道"));
    }
    if let Some(ch) = msg
        .strip_prefix("channel ")
        .and_then(|r| r.strip_suffix(" is already closed"))
    {
        return Some(format!("通道 {ch} 已经关闭"));
    }
    msg.strip_prefix("unknown task ")
        .map(|x| format!("未知的任务 {x}"))
}
