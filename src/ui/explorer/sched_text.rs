//! A link's schedule in the user's language: why it did not fit the run, or why it was refused.
//!
//! The explorer words these in English (`ReplayStatus::message`, `SchedError`'s `Display`); the
//! notice keeps the facts, so it follows a language switch.

use crate::explore::{ReplayStatus, SchedError, SchedErrorKind, MAX_SCHED_CHARS, MAX_SCHED_LEN};
use crate::ui::i18n::Lang;

/// What the banner says about a link's recorded schedule.
#[derive(Clone, Debug, PartialEq)]
pub enum SchedNote {
    /// It was followed only in part.
    Replay(ReplayStatus),
    /// Its text could not be read; the default schedule ran.
    Refused(SchedError),
}

impl SchedNote {
    /// The note in `lang` (empty for a schedule that was followed).
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (SchedNote::Replay(status), Lang::En) => status.message().unwrap_or_default(),
            (SchedNote::Refused(error), Lang::En) => error.to_string(),
            (SchedNote::Replay(status), Lang::Zh) => replay_zh(*status).unwrap_or_default(),
            (SchedNote::Refused(error), Lang::Zh) => refused_zh(error),
        }
    }
}

/// [`ReplayStatus::message`] in `lang`.
pub fn replay_text(status: ReplayStatus, lang: Lang) -> Option<String> {
    match lang {
        Lang::En => status.message(),
        Lang::Zh => replay_zh(status),
    }
}

fn replay_zh(status: ReplayStatus) -> Option<String> {
    match status {
        ReplayStatus::Followed => None,
        ReplayStatus::Unused { left } => Some(format!(
            "运行在调度用完之前就结束了（有 {left} 个选择未用上）：这个调度是为另一个场景录制的。\
             显示的运行尽可能地遵循了它。"
        )),
        ReplayStatus::Invalid {
            point,
            choice,
            options,
        } => Some(format!(
            "这个调度与当前场景不符：第 {} 个选择要求第 {choice} 个选项，但只有 {options} 个。\
             从那里开始运行按默认调度进行。",
            point + 1
        )),
    }
}

fn refused_zh(error: &SchedError) -> String {
    const FORM: &str =
        "调度的写法如 \"0.1.0~12.2\"：用点分隔的 36 进制选择，\"~N\" 表示重复 N 次。";
    let at = error.at;
    match &error.kind {
        SchedErrorKind::BadChar(c) => format!(
            "调度在第 {at} 个字符处有 {c:?}，调度中不能有它。{FORM}\
             请重新复制完整的链接，或删去 \"&sched=…\" 以按默认调度运行。"
        ),
        SchedErrorKind::EmptyItem => {
            format!("调度在第 {at} 个字符处有一个空的选择（连续两个点，或点在开头或结尾）。{FORM}")
        }
        SchedErrorKind::ValueTooBig => {
            format!("调度在第 {at} 个字符处的选择超过 4 位；没有哪次运行有这么多候选。{FORM}")
        }
        SchedErrorKind::BadCount => format!(
            "调度在第 {at} 个字符处的 \"~\" 后面需要一个不小于 1 的次数（如 \"0~12\"）。{FORM}"
        ),
        SchedErrorKind::TooLong => format!(
            "调度超过 {MAX_SCHED_CHARS} 个字符。请确认只复制了链接，\
             或删去 \"&sched=…\" 以按默认调度运行。"
        ),
        SchedErrorKind::TooMany => format!(
            "调度展开后超过 {MAX_SCHED_LEN} 个选择，比任何运行能用的都多。\
             请删去 \"&sched=…\" 以按默认调度运行。"
        ),
    }
}
