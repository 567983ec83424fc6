//! The result in plain words: one line for the outcome, then notes (a blocked event loop, failed checks).
//!
//! English is the command line's and the tests' contract; Chinese says the same facts for the app.

use super::summary::{BlockedTask, DeadlockInfo, ExpectResult, Outcome, RunSummary, TaskState};
use super::text::fmt_human_in;
use crate::lang::Lang;
use crate::trace::describe::failure_in;

/// How many stuck tasks a deadlock without a cycle lists before "and N more".
const LISTED: usize = 5;

impl RunSummary {
    /// E.g. `completed in 1 s`, `t1 failed: boom`, or
    /// `deadlock: p1 waits for fork2 held by p2, which waits for fork1 held by p1`; then
    /// `the longest compute blocked the event loop for 1 s` and each failed expectation, one
    /// per line.
    pub fn explain(&self) -> String {
        self.explain_in(Lang::En)
    }

    /// [`RunSummary::explain`] in `lang`, e.g. `全部完成，用时 1 秒` or
    /// `死锁：p1 等待 fork2（由 p2 持有），p2 等待 fork1（由 p1 持有）`; one fact per line.
    pub fn explain_in(&self, lang: Lang) -> String {
        let mut lines = vec![self.outcome_line(lang)];
        if let Some(us) = self.loop_blocked_us {
            // The longest single block, not a total: two tasks computing 1 s each block the loop
            // 2 s in all (the metrics' figure) but 1 s at a time. Worded so, the two cannot be
            // read as one figure that disagrees with itself.
            let d = fmt_human_in(us, lang);
            lines.push(match lang {
                Lang::En => format!("the longest compute blocked the event loop for {d}"),
                Lang::Zh => format!("最长的一次 compute 阻塞了事件循环 {d}"),
            });
        }
        // A run still going (live, or paused at a scheduling choice) has no verdict yet:
        // `counter is 0` halfway through is no failure, so its checks wait for the end.
        let judged: &[ExpectResult] = if self.finished() { &self.expects } else { &[] };
        if judged.len() < self.expects.len() {
            let n = self.expects.len();
            lines.push(match lang {
                Lang::En => format!("{n} expect(s) pending until the run ends"),
                Lang::Zh => format!("{n} 项检查待定：运行结束后才判断"),
            });
        }
        for e in judged.iter().filter(|e| !e.passed) {
            let actual = self.actual(&e.text, lang);
            lines.push(match (self.judges(e), lang) {
                (true, Lang::En) => format!("expect {} failed{actual}", e.text),
                (true, Lang::Zh) => format!("检查 {} 未通过{actual}", e.text),
                // Measured, not failed: the app adds the simulated figure and the cause.
                (false, Lang::En) => format!("timing {} measured live{actual}", e.text),
                (false, Lang::Zh) => format!("时间检查 {} 为真实测量{actual}", e.text),
            });
        }
        lines.join("\n")
    }

    fn outcome_line(&self, lang: Lang) -> String {
        let at = fmt_human_in(self.makespan_us, lang);
        match self.outcome {
            Outcome::Completed => match lang {
                Lang::En => format!("completed in {at}"),
                Lang::Zh => format!("全部完成，用时 {at}"),
            },
            Outcome::Failed => {
                let failed = self.tasks.iter().filter(|t| t.state == TaskState::Failed);
                let each = failed.map(|t| {
                    let error = failure_in(t.error.as_deref().unwrap_or(""), lang);
                    match lang {
                        Lang::En => format!("{} failed: {error}", t.name),
                        Lang::Zh => format!("{} 失败：{error}", t.name),
                    }
                });
                each.collect::<Vec<_>>().join(lang.t("; ", "；"))
            }
            Outcome::Deadlock => match (&self.deadlock, lang) {
                (Some(d), Lang::En) => format!("deadlock: {}", deadlock_text(d)),
                (Some(d), Lang::Zh) => format!("死锁：{}", deadlock_text_zh(d)),
                (None, _) => lang.t("deadlock", "死锁").to_string(),
            },
            Outcome::Limit => match lang {
                Lang::En => self.limit_line(&at),
                Lang::Zh => self.limit_line_zh(&at),
            },
        }
    }

    /// Tasks started but not ended when a limit stopped the run.
    fn unfinished(&self) -> usize {
        self.tasks
            .iter()
            .filter(|t| t.state == TaskState::Blocked)
            .count()
    }

    fn limit_line(&self, at: &str) -> String {
        let open = self.unfinished();
        match self.limit.as_deref() {
            Some("max_time") => {
                format!("stopped at the time limit ({at}, max_time) with {open} task(s) unfinished")
            }
            Some("max_events") => format!(
                "stopped after {} events (the max_events limit) at {at}",
                self.events
            ),
            Some("max_tasks") => "not run: more than 10000 tasks (the max_tasks limit)".to_string(),
            Some("stop") => format!("stopped by the user at {at} with {open} task(s) unfinished"),
            Some("running") => format!("running live: {at} so far"),
            Some("max_live_threads") => {
                "not run live: more than 96 web workers (pool workers, threads and processes); a browser page holds only about 100 WebAssembly instances"
                    .to_string()
            }
            Some("stopped") => format!("paused at a scheduling choice at {at}"),
            _ => format!("stopped at a limit at {at}"),
        }
    }

    fn limit_line_zh(&self, at: &str) -> String {
        let open = self.unfinished();
        match self.limit.as_deref() {
            Some("max_time") => {
                format!("在时间上限处停止（{at}，max_time），{open} 个任务未完成")
            }
            Some("max_events") => format!(
                "{}：已达 {} 个事件（max_events 上限）",
                Lang::Zh.words(&["在", at, "处停止"]),
                self.events
            ),
            Some("max_tasks") => "未运行：任务超过 10000 个（max_tasks 上限）".to_string(),
            Some("stop") => format!(
                "{}，{open} 个任务未完成",
                Lang::Zh.words(&["已被用户在", at, "处停止"])
            ),
            Some("running") => format!("正在真实运行：已运行 {at}"),
            Some("max_live_threads") => {
                "未真实运行：web worker 超过 96 个（线程池工作线程、线程和进程合计）；一个浏览器页面只能容纳大约 100 个 WebAssembly 实例".to_string()
            }
            Some("stopped") => Lang::Zh.words(&["在", at, "处的一个调度选择上暂停"]),
            _ => Lang::Zh.words(&["在", at, "处因达到上限而停止"]),
        }
    }

    /// ` (counter is 1)` or ` (makespan is 2 s)` for a failed value check.
    fn actual(&self, text: &str, lang: Lang) -> String {
        let first = text.split(' ').next().unwrap_or("");
        let value = if first == "makespan" {
            fmt_human_in(self.makespan_us, lang)
        } else {
            match self.vars.get(first) {
                Some(v) => v.to_string(),
                None => return String::new(),
            }
        };
        match lang {
            Lang::En => format!(" ({first} is {value})"),
            Lang::Zh => format!("（{first} 为 {value}）"),
        }
    }
}

/// The first cycle as a chain of waits, or the stuck tasks when there is no cycle.
fn deadlock_text(d: &DeadlockInfo) -> String {
    let find = |name: &str| d.blocked.iter().find(|b| b.task == name);
    if let Some(cycle) = d.cycles.first() {
        let mut s = String::new();
        for (i, name) in cycle.iter().enumerate() {
            let next = &cycle[(i + 1) % cycle.len()];
            let wait = find(name).map_or_else(String::new, |b| wait_phrase(b, next));
            if i == 0 {
                s.push_str(&format!("{name} waits for {wait}"));
            } else {
                s.push_str(&format!(", which waits for {wait}"));
            }
        }
        if d.cycles.len() > 1 {
            s.push_str(&format!(" (and {} more cycles)", d.cycles.len() - 1));
        }
        return s;
    }
    let mut parts: Vec<String> = d
        .blocked
        .iter()
        .take(LISTED)
        .map(|b| format!("{} waits for {}", b.task, b.waits_for))
        .collect();
    if d.blocked.len() > LISTED {
        parts.push(format!("and {} more", d.blocked.len() - LISTED));
    }
    parts.join("; ")
}

/// `fork2 held by p2`, `t2 to end`, `a pool worker held by j1`.
fn wait_phrase(b: &BlockedTask, next: &str) -> String {
    if b.waits_for.starts_with("join ") {
        return format!("{next} to end");
    }
    let what = b.waits_for.strip_prefix("mutex ").unwrap_or(&b.waits_for);
    format!("{what} held by {next}")
}

/// [`deadlock_text`] in Chinese: `p1 等待 fork2（由 p2 持有），p2 等待 fork1（由 p1 持有）`.
fn deadlock_text_zh(d: &DeadlockInfo) -> String {
    let find = |name: &str| d.blocked.iter().find(|b| b.task == name);
    if let Some(cycle) = d.cycles.first() {
        let links: Vec<String> = cycle
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let next = &cycle[(i + 1) % cycle.len()];
                let wait = find(name).map_or_else(String::new, |b| wait_phrase_zh(b, next));
                waits(name, &wait)
            })
            .collect();
        let mut s = links.join("，");
        if d.cycles.len() > 1 {
            s.push_str(&format!("（另有 {} 个等待环）", d.cycles.len() - 1));
        }
        return s;
    }
    let mut parts: Vec<String> = d
        .blocked
        .iter()
        .take(LISTED)
        .map(|b| waits(&b.task, &waits_for_zh(&b.waits_for)))
        .collect();
    if d.blocked.len() > LISTED {
        parts.push(format!("另有 {} 个任务", d.blocked.len() - LISTED));
    }
    parts.join("；")
}

/// `p1 等待 fork2`, `p1 等待通道 q（接收）`: a space sets a name apart, not two Chinese words.
fn waits(task: &str, what: &str) -> String {
    Lang::Zh.words(&[task, "等待", what])
}

/// `fork2（由 p2 持有）`, `t2 结束`, `线程池的工作线程（由 j1 持有）`.
fn wait_phrase_zh(b: &BlockedTask, next: &str) -> String {
    if b.waits_for.starts_with("join ") {
        return format!("{next} 结束");
    }
    let what = match b.waits_for.strip_prefix("mutex ") {
        Some(name) => name.to_string(),
        None => waits_for_zh(&b.waits_for),
    };
    format!("{what}（由 {next} 持有）")
}

/// A [`BlockedTask::waits_for`] text in Chinese: `读写锁 r（写）`, `通道 q（接收）`, `t2 结束`.
/// The vocabulary is the deadlock report's (`rules::deadlock`); anything else is kept as it is.
fn waits_for_zh(what: &str) -> String {
    let split = |prefix: &str| what.strip_prefix(prefix);
    if let Some(rest) = split("mutex ") {
        return format!("互斥锁 {rest}");
    }
    if let Some(rest) = split("rwlock ") {
        return match (rest.strip_suffix(" (read)"), rest.strip_suffix(" (write)")) {
            (Some(name), _) => format!("读写锁 {name}（读）"),
            (_, Some(name)) => format!("读写锁 {name}（写）"),
            _ => format!("读写锁 {rest}"),
        };
    }
    if let Some(rest) = split("semaphore ") {
        let permits = rest
            .strip_suffix(" permits)")
            .and_then(|r| r.rsplit_once(" ("));
        return match permits {
            Some((name, n)) => format!("信号量 {name}（{n} 个许可）"),
            None => format!("信号量 {rest}"),
        };
    }
    if let Some(rest) = split("notify on ") {
        return format!("{rest} 上的通知");
    }
    if let Some(rest) = split("channel ") {
        return match (rest.strip_suffix(" (send)"), rest.strip_suffix(" (recv)")) {
            (Some(name), _) => format!("通道 {name}（发送）"),
            (_, Some(name)) => format!("通道 {name}（接收）"),
            _ => format!("通道 {rest}"),
        };
    }
    if let Some(rest) = split("join ") {
        return format!("{} 结束", rest.replace(", ", "、"));
    }
    match what {
        "a pool worker" => "线程池的工作线程".to_string(),
        "a timer" => "定时器".to_string(),
        "its thread to start" => "它的线程启动".to_string(),
        "a chance to run" => "运行的机会".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{waits_for_zh, Outcome, RunSummary};
    use crate::lang::Lang;
    use crate::rules::VarValues;

    #[test]
    fn a_chinese_duration_meets_the_words_after_it_without_a_space() {
        let mut s = RunSummary {
            scenario: String::new(),
            outcome: Outcome::Limit,
            makespan_us: 1_500_000,
            tasks: Vec::new(),
            vars: VarValues::default(),
            expects: Vec::new(),
            deadlock: None,
            events: 7,
            limit: None,
            mode: None,
            loop_blocked_us: None,
        };
        let cases = [
            (
                Some("max_events"),
                "在 1.5 秒处停止：已达 7 个事件（max_events 上限）",
            ),
            (Some("stop"), "已被用户在 1.5 秒处停止，0 个任务未完成"),
            (Some("stopped"), "在 1.5 秒处的一个调度选择上暂停"),
            (None, "在 1.5 秒处因达到上限而停止"),
        ];
        for (limit, zh) in cases {
            s.limit = limit.map(str::to_string);
            assert_eq!(s.explain_in(Lang::Zh), zh, "{limit:?}");
        }
    }

    #[test]
    fn every_wait_of_the_deadlock_report_reads_in_chinese() {
        let cases = [
            ("mutex m", "互斥锁 m"),
            ("rwlock r (read)", "读写锁 r（读）"),
            ("rwlock r (write)", "读写锁 r（写）"),
            ("semaphore s", "信号量 s"),
            ("semaphore s (2 permits)", "信号量 s（2 个许可）"),
            ("notify on cv", "cv 上的通知"),
            ("channel q (send)", "通道 q（发送）"),
            ("channel q (recv)", "通道 q（接收）"),
            ("join t2, t3", "t2、t3 结束"),
            ("a pool worker", "线程池的工作线程"),
            ("a timer", "定时器"),
            ("its thread to start", "它的线程启动"),
            ("a chance to run", "运行的机会"),
        ];
        for (en, zh) in cases {
            assert_eq!(waits_for_zh(en), zh, "{en}");
        }
    }

    #[test]
    fn checks_of_a_run_still_going_are_pending_not_failed() {
        use crate::lang::Lang;
        use crate::rules::{ExpectResult, Outcome, RunSummary, VarValues};
        let mut s = RunSummary {
            scenario: String::new(),
            outcome: Outcome::Limit,
            makespan_us: 1_000_000,
            tasks: Vec::new(),
            vars: VarValues(vec![("counter".to_string(), 0)]),
            expects: vec![ExpectResult {
                text: "counter == 2".to_string(),
                passed: false,
                timing: false,
            }],
            deadlock: None,
            events: 3,
            limit: Some("stopped".to_string()),
            mode: None,
            loop_blocked_us: None,
        };
        // Paused at a scheduling choice, the counter is 0 only because the run is not over.
        assert!(!s.finished());
        assert_eq!(
            s.explain(),
            "paused at a scheduling choice at 1 s\n1 expect(s) pending until the run ends"
        );
        assert!(s
            .explain_in(Lang::Zh)
            .ends_with("1 项检查待定：运行结束后才判断"));
        s.limit = Some("running".to_string());
        assert!(!s.finished());
        // A run that ended, even at a limit, is judged as before.
        s.limit = Some("max_time".to_string());
        assert!(s.finished());
        assert!(s
            .explain()
            .ends_with("\nexpect counter == 2 failed (counter is 0)"));
    }
}
