//! Waits and wakes in words: what a task waits for, who holds it, and why it was woken.

use super::{names_in, res_name_in, task_name_in};
use crate::lang::Lang;
use crate::trace::event::{EventKind, TaskId, Trace, WaitFor, WakeCause};

/// A short label for a wait: `lock m` / `加锁 m`, `recv q` / `从 q 接收`, `join t2` / `等 t2 结束`.
pub fn wait_for_in(trace: &Trace, on: &WaitFor, lang: Lang) -> String {
    let res = |r: &_| res_name_in(trace, *r, lang);
    match (on, lang) {
        (WaitFor::Lock(r), Lang::En) => format!("lock {}", res(r)),
        (WaitFor::Lock(r), Lang::Zh) => format!("加锁 {}", res(r)),
        (WaitFor::Read(r), Lang::En) => format!("read {}", res(r)),
        (WaitFor::Read(r), Lang::Zh) => format!("读锁 {}", res(r)),
        (WaitFor::Write(r), Lang::En) => format!("write {}", res(r)),
        (WaitFor::Write(r), Lang::Zh) => format!("写锁 {}", res(r)),
        (WaitFor::Permits(r, 1), Lang::En) => format!("acquire {}", res(r)),
        (WaitFor::Permits(r, 1), Lang::Zh) => format!("获取 {}", res(r)),
        (WaitFor::Permits(r, n), Lang::En) => format!("acquire {} {n}", res(r)),
        (WaitFor::Permits(r, n), Lang::Zh) => format!("获取 {} 的 {n} 个许可", res(r)),
        (WaitFor::Notify(r), Lang::En) => format!("wait {}", res(r)),
        (WaitFor::Notify(r), Lang::Zh) => format!("等 {} 的通知", res(r)),
        (WaitFor::Send(r), Lang::En) => format!("send {}", res(r)),
        (WaitFor::Send(r), Lang::Zh) => format!("发送到 {}", res(r)),
        (WaitFor::Recv(r), Lang::En) => format!("recv {}", res(r)),
        (WaitFor::Recv(r), Lang::Zh) => format!("从 {} 接收", res(r)),
        (WaitFor::Join(tasks), Lang::En) => format!("join {}", names_in(trace, tasks, lang)),
        (WaitFor::Join(tasks), Lang::Zh) => format!("等 {} 结束", names_in(trace, tasks, lang)),
        (WaitFor::Worker, _) => lang.t("worker", "等空闲工作线程").to_string(),
        (WaitFor::Core, _) => lang.t("core", "等空闲 CPU 核心").to_string(),
    }
}

/// A sentence about a blocked task: `t2 waits for m (held by t1)` / `t2 等待 m（由 t1 持有）`.
pub fn waits_for_sentence_in(
    trace: &Trace,
    waiter: TaskId,
    on: &WaitFor,
    holders: &[TaskId],
    lang: Lang,
) -> String {
    let who = task_name_in(trace, waiter, lang);
    let res = |r: &_| res_name_in(trace, *r, lang);
    let held = match (holders.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(" (held by {})", names_in(trace, holders, lang)),
        (false, Lang::Zh) => format!("（由 {} 持有）", names_in(trace, holders, lang)),
    };
    match (on, lang) {
        (WaitFor::Lock(r) | WaitFor::Read(r) | WaitFor::Write(r), Lang::En) => {
            format!("{who} waits for {}{held}", res(r))
        }
        (WaitFor::Lock(r) | WaitFor::Read(r) | WaitFor::Write(r), Lang::Zh) => {
            format!("{who} 等待 {}{held}", res(r))
        }
        (WaitFor::Permits(r, 1), Lang::En) => {
            format!("{who} waits for a permit of {}{held}", res(r))
        }
        (WaitFor::Permits(r, 1), Lang::Zh) => format!("{who} 等待 {} 的一个许可{held}", res(r)),
        (WaitFor::Permits(r, n), Lang::En) => {
            format!("{who} waits for {n} permits of {}{held}", res(r))
        }
        (WaitFor::Permits(r, n), Lang::Zh) => format!("{who} 等待 {} 的 {n} 个许可{held}", res(r)),
        (WaitFor::Notify(r), Lang::En) => format!("{who} waits for a notify on {}", res(r)),
        (WaitFor::Notify(r), Lang::Zh) => format!("{who} 等待 {} 上的通知", res(r)),
        (WaitFor::Send(r), Lang::En) => format!("{who} waits for room in {}", res(r)),
        (WaitFor::Send(r), Lang::Zh) => format!("{who} 等待 {} 腾出空位", res(r)),
        (WaitFor::Recv(r), Lang::En) => format!("{who} waits for a message on {}", res(r)),
        (WaitFor::Recv(r), Lang::Zh) => format!("{who} 等待 {} 上的消息", res(r)),
        (WaitFor::Join(tasks), Lang::En) => {
            format!("{who} waits for {} to end", names_in(trace, tasks, lang))
        }
        (WaitFor::Join(tasks), Lang::Zh) => {
            format!("{who} 等待 {} 结束", names_in(trace, tasks, lang))
        }
        (WaitFor::Worker, Lang::En) => format!("{who} waits for a free worker{held}"),
        (WaitFor::Worker, Lang::Zh) => format!("{who} 等待空闲的工作线程{held}"),
        (WaitFor::Core, Lang::En) => format!("{who} waits for a free core"),
        (WaitFor::Core, Lang::Zh) => format!("{who} 等待空闲的 CPU 核心"),
    }
}

/// Why a task was woken: `unlock m by t1` / `t1 解锁 m`, `its timer came due` / `定时器到期`.
///
/// English names the waker last (`… by t1`); Chinese makes it the subject (`t1 解锁 m`), or
/// puts it aside in brackets where it is not the actor (`定时器到期（t1）`).
pub fn wake_cause_in(trace: &Trace, cause: &WakeCause, by: Option<TaskId>, lang: Lang) -> String {
    let by = by.map(|t| task_name_in(trace, t, lang));
    let res = |r: &_| res_name_in(trace, *r, lang);
    if lang == Lang::En {
        let what = match cause {
            WakeCause::Timer => "its timer came due".to_string(),
            WakeCause::Unlock(r) => format!("unlock {}", res(r)),
            WakeCause::Release(r) => format!("release {}", res(r)),
            WakeCause::Notify(r) => format!("notify {}", res(r)),
            WakeCause::Send(r) => format!("send {}", res(r)),
            WakeCause::Recv(r) => format!("recv {}", res(r)),
            WakeCause::Close(r) => format!("close {}", res(r)),
            WakeCause::Join(t) => format!("{} ended", task_name_in(trace, *t, lang)),
            WakeCause::Spawn => "spawn".to_string(),
            WakeCause::Cancel => "cancel".to_string(),
            WakeCause::Timeout => "timeout".to_string(),
        };
        return match by {
            Some(who) => format!("{what} by {who}"),
            None => what,
        };
    }
    let act = |verb: String| match &by {
        Some(who) => format!("{who} {verb}"),
        None => verb,
    };
    let aside = |what: &str| match &by {
        Some(who) => format!("{what}（{who}）"),
        None => what.to_string(),
    };
    match cause {
        WakeCause::Timer => aside("定时器到期"),
        WakeCause::Unlock(r) => act(format!("解锁 {}", res(r))),
        WakeCause::Release(r) => act(format!("释放 {}", res(r))),
        WakeCause::Notify(r) => act(format!("通知 {}", res(r))),
        WakeCause::Send(r) => act(format!("向 {} 发送", res(r))),
        WakeCause::Recv(r) => act(format!("从 {} 接收", res(r))),
        WakeCause::Close(r) => act(format!("关闭 {}", res(r))),
        WakeCause::Join(t) => {
            let ended = task_name_in(trace, *t, lang);
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
        WakeCause::Timeout => aside("超时"),
    }
}

/// The wakes of `task` that no other task caused, so no arrow stands for them, with how often
/// each happened: `its timer` / `它的定时器` (its sleep came due), then `its timeout` /
/// `它的超时` (its `timeout` block expired). Both runners write them as `Woken` with no `by`.
pub fn own_wakes_in(trace: &Trace, task: TaskId, lang: Lang) -> Vec<(&'static str, u32)> {
    let causes = trace.events.iter().filter_map(|e| match &e.kind {
        EventKind::Woken {
            task: t,
            by: None,
            cause,
        } if *t == task => Some(cause),
        _ => None,
    });
    let (mut timer, mut timeout) = (0, 0);
    for cause in causes {
        match cause {
            WakeCause::Timer => timer += 1,
            WakeCause::Timeout => timeout += 1,
            _ => {}
        }
    }
    [
        (lang.t("its timer", "它的定时器"), timer),
        (lang.t("its timeout", "它的超时"), timeout),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .collect()
}
