//! The Chinese wording of [`super::describe`]: the same facts, in sentences a Chinese reader would write.
//!
//! Task and resource names stay as written (they are identifiers from the scenario); only the
//! words around them are translated. The `*_in` functions of `describe` pick these for `Lang::Zh`.

use super::duration::duration_in;
use super::event::{
    EndHow, EventKind, LaneId, LaneKind, ResId, TaskId, TimerWhat, Trace, WaitFor, WakeCause,
};
use super::spans::SpanState;
use crate::lang::Lang;
use std::borrow::Cow;

fn task(trace: &Trace, t: TaskId) -> Cow<'_, str> {
    match trace.tasks.get(t.0 as usize) {
        Some(info) => Cow::Borrowed(&info.name),
        None => Cow::Owned(format!("任务 #{}", t.0)),
    }
}

fn res(trace: &Trace, r: ResId) -> Cow<'_, str> {
    match trace.resources.get(r.0 as usize) {
        Some(info) => Cow::Borrowed(&info.name),
        None => Cow::Owned(format!("资源 #{}", r.0)),
    }
}

/// A lane's name in Chinese, made from its kind (the trace stores the English name).
pub(super) fn lane(trace: &Trace, l: LaneId) -> Cow<'_, str> {
    match trace.lanes.get(l.0 as usize).map(|info| info.kind) {
        Some(LaneKind::EventLoop) => Cow::Borrowed("事件循环"),
        Some(LaneKind::PoolWorker(w)) => Cow::Owned(format!("工作线程 {}", w + 1)),
        Some(LaneKind::Thread(t)) => Cow::Owned(format!("线程 {}", task(trace, t))),
        Some(LaneKind::Process(t)) => Cow::Owned(format!("进程 {}", task(trace, t))),
        None => Cow::Owned(format!("执行道 #{}", l.0)),
    }
}

/// Names joined with the Chinese enumeration comma: `j1、j2`.
fn names(trace: &Trace, tasks: &[TaskId]) -> String {
    tasks
        .iter()
        .map(|t| task(trace, *t))
        .collect::<Vec<_>>()
        .join("、")
}

fn dur(us: crate::model::Micros) -> String {
    duration_in(us, Lang::Zh)
}

/// `加锁 m`, `从 q 接收`, `等 t2 结束`.
pub(super) fn wait_for(trace: &Trace, on: &WaitFor) -> String {
    match on {
        WaitFor::Lock(r) => format!("加锁 {}", res(trace, *r)),
        WaitFor::Read(r) => format!("读锁 {}", res(trace, *r)),
        WaitFor::Write(r) => format!("写锁 {}", res(trace, *r)),
        WaitFor::Permits(r, 1) => format!("获取 {}", res(trace, *r)),
        WaitFor::Permits(r, n) => format!("获取 {} 的 {n} 个许可", res(trace, *r)),
        WaitFor::Notify(r) => format!("等 {} 的通知", res(trace, *r)),
        WaitFor::Send(r) => format!("发送到 {}", res(trace, *r)),
        WaitFor::Recv(r) => format!("从 {} 接收", res(trace, *r)),
        WaitFor::Join(tasks) => format!("等 {} 结束", names(trace, tasks)),
        WaitFor::Worker => "等空闲工作线程".to_string(),
        WaitFor::Core => "等空闲 CPU 核心".to_string(),
    }
}

/// `t2 等待 m（由 t1 持有）`.
pub(super) fn waits_for_sentence(
    trace: &Trace,
    waiter: TaskId,
    on: &WaitFor,
    holders: &[TaskId],
) -> String {
    let who = task(trace, waiter);
    let held = if holders.is_empty() {
        String::new()
    } else {
        format!("（由 {} 持有）", names(trace, holders))
    };
    match on {
        WaitFor::Lock(r) | WaitFor::Read(r) | WaitFor::Write(r) => {
            format!("{who} 等待 {}{held}", res(trace, *r))
        }
        WaitFor::Permits(r, 1) => format!("{who} 等待 {} 的一个许可{held}", res(trace, *r)),
        WaitFor::Permits(r, n) => format!("{who} 等待 {} 的 {n} 个许可{held}", res(trace, *r)),
        WaitFor::Notify(r) => format!("{who} 等待 {} 上的通知", res(trace, *r)),
        WaitFor::Send(r) => format!("{who} 等待 {} 腾出空位", res(trace, *r)),
        WaitFor::Recv(r) => format!("{who} 等待 {} 上的消息", res(trace, *r)),
        WaitFor::Join(tasks) => format!("{who} 等待 {} 结束", names(trace, tasks)),
        WaitFor::Worker => format!("{who} 等待空闲的工作线程{held}"),
        WaitFor::Core => format!("{who} 等待空闲的 CPU 核心"),
    }
}

/// `t1 解锁 m`, `定时器到期`; the waker, when known, is the subject.
pub(super) fn wake_cause(trace: &Trace, cause: &WakeCause, by: Option<TaskId>) -> String {
    let by = by.map(|t| task(trace, t));
    let r = |r: &ResId| res(trace, *r);
    // The verb phrase after the waker (`t1 解锁 m`), or the whole phrase without one.
    let act = |verb: String| match &by {
        Some(who) => format!("{who} {verb}"),
        None => verb,
    };
    let aside = |what: String| match &by {
        Some(who) => format!("{what}（{who}）"),
        None => what,
    };
    match cause {
        WakeCause::Timer => aside("定时器到期".to_string()),
        WakeCause::Unlock(x) => act(format!("解锁 {}", r(x))),
        WakeCause::Release(x) => act(format!("释放 {}", r(x))),
        WakeCause::Notify(x) => act(format!("通知 {}", r(x))),
        WakeCause::Send(x) => act(format!("向 {} 发送", r(x))),
        WakeCause::Recv(x) => act(format!("从 {} 接收", r(x))),
        WakeCause::Close(x) => act(format!("关闭 {}", r(x))),
        WakeCause::Join(t) => {
            let ended = task(trace, *t);
            match &by {
                Some(who) if *who != ended => format!("{ended} 结束（{who}）"),
                _ => format!("{ended} 结束"),
            }
        }
        WakeCause::Spawn => match &by {
            Some(who) => format!("由 {who} 启动"),
            None => "被启动".to_string(),
        },
        WakeCause::Cancel => match &by {
            Some(who) => format!("被 {who} 取消"),
            None => "被取消".to_string(),
        },
        WakeCause::Timeout => aside("超时".to_string()),
    }
}

/// `已完成`, `失败：boom`, `已取消`.
pub(super) fn end_how(how: &EndHow) -> String {
    match how {
        EndHow::Completed => "已完成".to_string(),
        EndHow::Failed(msg) => format!("失败：{}", failure(msg)),
        EndHow::Cancelled => "已取消".to_string(),
    }
}

/// A failure the runtime raised, in Chinese: `任务 j 失败：boom`, `向已关闭的通道 q 发送`.
///
/// The runners word these in English (`task j failed: boom`); a `fail "…"` message is the
/// user's own text and stays as written, as does anything this does not recognise.
pub(super) fn failure(msg: &str) -> String {
    let split = |sep: &str| msg.split_once(sep);
    if let Some(rest) = msg.strip_prefix("task ") {
        if let Some((name, why)) = rest.split_once(" failed: ") {
            return format!("任务 {name} 失败：{}", failure(why));
        }
        if let Some(name) = rest.strip_suffix(" was cancelled before it started") {
            return format!("任务 {name} 在启动前被取消");
        }
        if let Some(name) = rest.strip_suffix(" was cancelled") {
            return format!("任务 {name} 被取消");
        }
        if let Some(name) = rest.strip_suffix(" already started") {
            return format!("任务 {name} 已经启动");
        }
    }
    if let Some(ch) = msg.strip_prefix("send on closed channel ") {
        return format!("向已关闭的通道 {ch} 发送");
    }
    if let Some(ch) = msg.strip_prefix("recv on closed channel ") {
        return format!("从已关闭的通道 {ch} 接收");
    }
    if let Some(d) = msg.strip_prefix("timed out after ") {
        return format!("{d} 后超时");
    }
    if let Some(rest) = msg.strip_prefix("cannot unlock ") {
        if let Some((m, who)) = rest.split_once(": ") {
            if let Some(who) = who.strip_suffix(" does not hold it") {
                return format!("无法 unlock {m}：{who} 并未持有它");
            }
        }
    }
    if let Some(rest) = msg.strip_prefix("cannot release ") {
        let parsed = rest.split_once(": ").and_then(|(what, held)| {
            let (n, sem) = what.split_once(" of ")?;
            let (who, mine) = held.rsplit_once(" holds ")?;
            let n = match n {
                "a permit" => "1".to_string(),
                n => n.strip_suffix(" permits")?.to_string(),
            };
            Some(format!(
                "无法 release {sem} 的 {n} 个许可：{who} 只持有 {mine} 个"
            ))
        });
        if let Some(text) = parsed {
            return text;
        }
    }
    if let Some(rest) = msg.strip_prefix("cannot wait on ") {
        if let Some((cv, held)) = rest.split_once(": ") {
            if let Some((who, m)) = held.split_once(" does not hold ") {
                return format!("无法 wait {cv}：{who} 并未持有 {m}");
            }
        }
    }
    if let Some((ch, _)) = split(" is not a channel") {
        return format!("{ch} 不是通道");
    }
    if let Some(ch) = msg
        .strip_prefix("channel ")
        .and_then(|r| r.strip_suffix(" is already closed"))
    {
        return format!("通道 {ch} 已经关闭");
    }
    if let Some(x) = msg.strip_prefix("unknown task ") {
        return format!("未知的任务 {x}");
    }
    msg.to_string()
}

/// `在 worker 1 上运行`, `就绪`, `加锁 m`, `睡眠中`.
pub(super) fn span_state(trace: &Trace, state: &SpanState) -> String {
    match state {
        SpanState::NotStarted => "未开始".to_string(),
        SpanState::Starting => "启动中".to_string(),
        SpanState::Ready => "就绪".to_string(),
        SpanState::Running { lane: l } => format!("在 {} 上运行", lane(trace, *l)),
        SpanState::Blocked(on) => wait_for(trace, on),
        SpanState::Sleeping => "睡眠中".to_string(),
        SpanState::Done => "已完成".to_string(),
        SpanState::Failed(msg) => format!("失败：{}", failure(msg)),
        SpanState::Cancelled => "已取消".to_string(),
    }
}

fn timer_what(trace: &Trace, what: &TimerWhat) -> String {
    match what {
        TimerWhat::Sleep => "睡眠".to_string(),
        TimerWhat::Start(t) => format!("启动 {}", task(trace, *t)),
        TimerWhat::Timeout => "超时".to_string(),
    }
}

/// One line for the event list: `t1 阻塞：加锁 m`, `t2 被唤醒：t1 解锁 m`.
pub(super) fn event(trace: &Trace, kind: &EventKind) -> String {
    let n = |t: &TaskId| task(trace, *t);
    let r = |x: &ResId| res(trace, *x);
    match kind {
        EventKind::Spawned { task, by: Some(by) } => format!("{} 由 {} 启动", n(task), n(by)),
        EventKind::Spawned { task, by: None } => format!("{} 启动", n(task)),
        EventKind::Ready { task } => format!("{} 就绪", n(task)),
        EventKind::PollStart { task, lane: l, .. } => {
            format!("{} 在 {} 上运行", n(task), lane(trace, *l))
        }
        EventKind::PollEnd { task, lane: l } => format!("{} 离开 {}", n(task), lane(trace, *l)),
        EventKind::Step { task, text } => format!("{}：{text}", n(task)),
        EventKind::Blocked { task, on } => format!("{} 阻塞：{}", n(task), wait_for(trace, on)),
        EventKind::Sleeping { task, until } => format!("{} 睡眠至 {}", n(task), dur(*until)),
        EventKind::Woken { task, by, cause } => {
            format!("{} 被唤醒：{}", n(task), wake_cause(trace, cause, *by))
        }
        EventKind::Acquired {
            task,
            res: x,
            n: 1,
            shared: false,
        } => format!("{} 持有 {}", n(task), r(x)),
        EventKind::Acquired {
            task,
            res: x,
            shared: true,
            ..
        } => format!("{} 持有 {}（共享）", n(task), r(x)),
        EventKind::Acquired {
            task, res: x, n: k, ..
        } => format!("{} 持有 {} 的 {k} 个许可", n(task), r(x)),
        EventKind::Released {
            task,
            res: x,
            on_exit,
            ..
        } => {
            let exit = if *on_exit { "退出时" } else { "" };
            format!("{} {exit}释放了 {}", n(task), r(x))
        }
        EventKind::Sent { task, ch, value } => format!("{} 向 {} 发送了 {value}", n(task), r(ch)),
        EventKind::Received { task, ch, value } => {
            format!("{} 从 {} 收到了 {value}", n(task), r(ch))
        }
        EventKind::Closed { task, ch } => format!("{} 关闭了 {}", n(task), r(ch)),
        EventKind::Loaded { task, var, value } => {
            format!("{} 读取 {} = {value}", n(task), r(var))
        }
        EventKind::VarWritten { task, var, value } => {
            format!("{} 写入 {} = {value}", n(task), r(var))
        }
        EventKind::Log { task, text } => format!("{}：log \"{text}\"", n(task)),
        EventKind::TimerSet {
            timer,
            owner,
            due,
            what,
        } => format!(
            "{} 设置定时器 {}，于 {} 触发（{}）",
            n(owner),
            timer.0,
            dur(*due),
            timer_what(trace, what)
        ),
        EventKind::TimerFired { timer } => format!("定时器 {} 触发", timer.0),
        EventKind::TimerCancelled { timer } => format!("定时器 {} 已取消", timer.0),
        EventKind::CancelRequested { task, by } => {
            format!("{} 请求取消 {}", n(by), n(task))
        }
        EventKind::Ended { task, how } => format!("{} {}", n(task), end_how(how)),
    }
}
