//! One line per trace event, for the event list: `t1 blocked: lock m` / `t1 阻塞：加锁 m`.

use super::wake_cause_in;
use super::{duration_in, end_how_in, lane_name_in, res_name_in, task_name_in, wait_for_in};
use crate::lang::Lang;
use crate::trace::event::{EventKind, TimerWhat, Trace};

fn timer_what_in(trace: &Trace, what: &TimerWhat, lang: Lang) -> String {
    match what {
        TimerWhat::Sleep => lang.t("sleep", "睡眠").to_string(),
        TimerWhat::Start(t) => {
            format!(
                "{} {}",
                lang.t("start", "启动"),
                task_name_in(trace, *t, lang)
            )
        }
        TimerWhat::Timeout => lang.t("timeout", "超时").to_string(),
    }
}

/// One line for the event list, in `lang`.
pub fn event_in(trace: &Trace, kind: &EventKind, lang: Lang) -> String {
    let n = |t: &_| task_name_in(trace, *t, lang);
    let r = |x: &_| res_name_in(trace, *x, lang);
    let zh = lang == Lang::Zh;
    match kind {
        EventKind::Spawned { task, by: Some(by) } if zh => format!("{} 由 {} 启动", n(task), n(by)),
        EventKind::Spawned { task, by: Some(by) } => format!("{} spawned by {}", n(task), n(by)),
        EventKind::Spawned { task, by: None } => {
            format!("{} {}", n(task), lang.t("spawned", "启动"))
        }
        EventKind::Ready { task } => format!("{} {}", n(task), lang.t("ready", "就绪")),
        EventKind::PollStart { task, lane, .. } => {
            let lane = lane_name_in(trace, *lane, lang);
            match lang {
                Lang::En => format!("{} runs on {lane}", n(task)),
                Lang::Zh => lang.words(&[&n(task), "在", &lane, "上运行"]),
            }
        }
        EventKind::PollEnd { task, lane } => {
            let lane = lane_name_in(trace, *lane, lang);
            match lang {
                Lang::En => format!("{} leaves {lane}", n(task)),
                Lang::Zh => lang.words(&[&n(task), "离开", &lane]),
            }
        }
        EventKind::Step { task, text } => format!("{}{}{text}", n(task), lang.t(": ", "：")),
        EventKind::Blocked { task, on } => format!(
            "{} {}{}",
            n(task),
            lang.t("blocked: ", "阻塞："),
            wait_for_in(trace, on, lang)
        ),
        EventKind::Sleeping { task, until } => format!(
            "{} {} {}",
            n(task),
            lang.t("sleeps until", "睡眠至"),
            duration_in(*until, lang)
        ),
        EventKind::Woken { task, by, cause } => format!(
            "{} {}{}",
            n(task),
            lang.t("woken: ", "被唤醒："),
            wake_cause_in(trace, cause, *by, lang)
        ),
        EventKind::Acquired {
            task,
            res,
            n: 1,
            shared: false,
        } => format!("{} {} {}", n(task), lang.t("holds", "持有"), r(res)),
        EventKind::Acquired {
            task,
            res,
            shared: true,
            ..
        } => match lang {
            Lang::En => format!("{} holds {} (shared)", n(task), r(res)),
            Lang::Zh => format!("{} 持有 {}（共享）", n(task), r(res)),
        },
        EventKind::Acquired {
            task, res, n: k, ..
        } => match lang {
            Lang::En => format!("{} holds {k} of {}", n(task), r(res)),
            Lang::Zh => format!("{} 持有 {} 的 {k} 个许可", n(task), r(res)),
        },
        EventKind::Released {
            task, res, on_exit, ..
        } => match (lang, on_exit) {
            (Lang::En, true) => format!("{} released {} on exit", n(task), r(res)),
            (Lang::En, false) => format!("{} released {}", n(task), r(res)),
            (Lang::Zh, true) => format!("{} 退出时释放了 {}", n(task), r(res)),
            (Lang::Zh, false) => format!("{} 释放了 {}", n(task), r(res)),
        },
        EventKind::Sent { task, ch, value } => match lang {
            Lang::En => format!("{} sent {value} on {}", n(task), r(ch)),
            Lang::Zh => format!("{} 向 {} 发送了 {value}", n(task), r(ch)),
        },
        EventKind::Received { task, ch, value } => match lang {
            Lang::En => format!("{} received {value} from {}", n(task), r(ch)),
            Lang::Zh => format!("{} 从 {} 收到了 {value}", n(task), r(ch)),
        },
        EventKind::Closed { task, ch } => {
            format!("{} {} {}", n(task), lang.t("closed", "关闭了"), r(ch))
        }
        EventKind::Loaded { task, var, value } => {
            format!(
                "{} {} {} = {value}",
                n(task),
                lang.t("loaded", "读取"),
                r(var)
            )
        }
        EventKind::VarWritten { task, var, value } => {
            format!(
                "{} {} {} = {value}",
                n(task),
                lang.t("wrote", "写入"),
                r(var)
            )
        }
        EventKind::Log { task, text } => {
            format!("{}{}log \"{text}\"", n(task), lang.t(": ", "："))
        }
        EventKind::TimerSet {
            timer,
            owner,
            due,
            what,
        } => {
            let (due, what) = (duration_in(*due, lang), timer_what_in(trace, what, lang));
            match lang {
                Lang::En => format!("timer {} set by {} for {due} ({what})", timer.0, n(owner)),
                Lang::Zh => format!(
                    "{} 设置定时器 {}，{}（{what}）",
                    n(owner),
                    timer.0,
                    lang.words(&["于", &due, "触发"])
                ),
            }
        }
        EventKind::TimerFired { timer } => match lang {
            Lang::En => format!("timer {} fired", timer.0),
            Lang::Zh => format!("定时器 {} 触发", timer.0),
        },
        EventKind::TimerCancelled { timer } => match lang {
            Lang::En => format!("timer {} cancelled", timer.0),
            Lang::Zh => format!("定时器 {} 已取消", timer.0),
        },
        EventKind::CancelRequested { task, by } => match lang {
            Lang::En => format!("{} asks {} to cancel", n(by), n(task)),
            Lang::Zh => format!("{} 请求取消 {}", n(by), n(task)),
        },
        EventKind::Ended { task, how } => format!("{} {}", n(task), end_how_in(how, lang)),
    }
}
