//! The banner under the header: a broken link, a refused edit, an import — in the user's language.

use crate::model::edit::EditError;
use crate::model::share::ShareError;
use crate::ui::app_state::Notice;
use crate::ui::hooks::{STORAGE_OFF, STORAGE_REFUSED};
use crate::ui::i18n::Lang;
use crate::web::dom::NOT_TEXT;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub notice: Option<Notice>,
    pub lang: Lang,
    pub on_close: Callback<()>,
    /// Runs the scenario live (the button of [`Notice::LiveAsked`]).
    pub on_run_live: Callback<()>,
    /// Opens this text again (the button of [`Notice::WorkKept`]).
    pub on_restore: Callback<String>,
}

/// A share-link error in Chinese; English uses the codec's own `Display`.
fn share_error_zh(error: &ShareError) -> String {
    const ASK: &str = "请重新索取链接，或直接粘贴场景文本。";
    match error {
        ShareError::NoScenario => "这个链接里没有场景（\"#s=\" 后面是空的）。请确认复制了完整的链接，或者打开一个预设。".to_string(),
        ShareError::EmptyPayload => format!("这个链接的场景是空的。请确认复制了完整的链接。{ASK}"),
        ShareError::TooLong { chars } => format!("这个链接太长（{chars} 个字符），不像是场景链接。请只复制链接，或直接粘贴场景文本。"),
        ShareError::UnknownVersion { tag } if tag.is_ascii_digit() => format!("这个链接由更新版本的 Interleave 生成（格式 {tag}）。请刷新页面获取最新版本，或直接粘贴场景文本。"),
        ShareError::UnknownVersion { .. } => format!("这个链接已损坏（开头不是已知的格式标记）。{ASK}"),
        ShareError::BadBase64 => format!("这个链接已损坏（数据不是有效的 base64）。{ASK}"),
        ShareError::Corrupt => format!("这个链接已损坏或被截断（压缩数据不完整）。请确认复制了完整的链接。{ASK}"),
        ShareError::TooLarge => "这个链接的场景超过 256 KiB，超出 Interleave 能打开的大小。请使用更小的场景。".to_string(),
        ShareError::NotText => format!("这个链接已损坏（数据不是 UTF-8 文本）。{ASK}"),
        ShareError::BadMode(_) => "这个链接要求的模式不存在。请使用 \"mode=sim\" 或 \"mode=live\"，或从链接中删去它。".to_string(),
        ShareError::BadSeed(_) => "这个链接的种子不是 0 到 18446744073709551615 之间的整数。请修改 \"seed=\" 后面的数字，或删去它。".to_string(),
    }
}

/// Why the browser would not save, in Chinese: our own reasons and the usual DOMException
/// names; anything else is kept as the browser said it.
fn storage_why_zh(why: &str) -> String {
    match why {
        STORAGE_OFF => "此页面的浏览器存储已关闭".to_string(),
        STORAGE_REFUSED => "浏览器拒绝保存".to_string(),
        "QuotaExceededError" => "存储空间已满：QuotaExceededError".to_string(),
        "SecurityError" => "浏览器的安全设置不允许存储：SecurityError".to_string(),
        other => other.to_string(),
    }
}

/// A refused visual edit, in the user's language.
pub fn edit_error_text(error: &EditError, lang: Lang) -> String {
    match lang {
        Lang::En => error.to_string(),
        Lang::Zh => match error {
            EditError::EmptyName => "名称不能为空，请输入一个名称".to_string(),
            EditError::NameTooLong => "名称最多 200 个字符".to_string(),
            EditError::NameHasControl => "名称必须在一行之内".to_string(),
            EditError::NameHasHash => "任务名称不能包含 #（它用来表示副本，如 d#2）".to_string(),
            EditError::NameTaken(name) => format!("\"{name}\" 已被使用；名称必须唯一，请换一个"),
            EditError::NoSuchName(name) => format!("没有名为 \"{name}\" 的声明"),
            EditError::NoSuchPath => "这个步骤已经不存在".to_string(),
            EditError::MoveIntoItself => "不能把一个代码块移动到它自己里面".to_string(),
            EditError::NoOtherTask => "这个步骤需要指向另一个任务；请先添加一个任务".to_string(),
            EditError::TextTooLong => format!(
                "课程文字最多 {} 个字符；请缩短，或拆成几站",
                crate::model::limits::MAX_LESSON_CHARS
            ),
            EditError::TooManyStops => format!(
                "导览最多 {} 站；请先删除一站",
                crate::model::limits::MAX_TOUR_STOPS
            ),
        },
    }
}

/// The banner's words and whether it reports a problem.
fn notice_text(notice: &Notice, lang: Lang) -> (String, bool) {
    match notice {
        Notice::BrokenLink(error) => {
            let (lead, detail) = match lang {
                Lang::En => ("This link could not be opened, so your own saved work is shown instead.", error.to_string()),
                Lang::Zh => ("这个链接无法打开，因此显示的是你自己保存的内容。", share_error_zh(error)),
            };
            (lang.words(&[lead, &detail]), true)
        }
        Notice::LiveAsked(workers) => (
            match lang {
                Lang::En => format!("This link asks for a live run, which would start {workers} web workers on this computer. It ran in the simulator; press Run live to run it on real workers."),
                Lang::Zh => format!("这个链接要求真实运行，这会在这台电脑上启动 {workers} 个 Web Worker。现在已在模拟器中运行；按“真实运行”即可在真实的 worker 上运行。"),
            },
            false,
        ),
        Notice::WorkKept(_) => (
            lang.t(
                "Your previous work is kept in History.",
                "你之前的内容已保存在“历史”中。",
            )
            .to_string(),
            false,
        ),
        Notice::StorageFailed(why) => (
            match lang {
                Lang::En => format!("Your work could not be saved in this browser ({why}). Export it to a file with ⤒ so nothing is lost, then free some space or allow storage for this page."),
                Lang::Zh => format!("无法在这个浏览器中保存你的内容（{}）。请用 ⤒ 把它导出为文件以免丢失，然后清理一些空间，或允许此页面使用存储。", storage_why_zh(why)),
            },
            true,
        ),
        Notice::EditRefused(error) => (edit_error_text(error, lang), true),
        Notice::EditInvalid(first) => (
            format!(
                "{}{}",
                lang.t("That change was not made, because the scenario would be invalid: ", "没有进行这个修改，因为它会让场景无效："),
                first.as_ref().map(|d| d.message_in(lang)).unwrap_or_default()
            ),
            true,
        ),
        Notice::ImportTooLarge(name) => (
            match lang {
                Lang::En => format!("The file could not be read. Choose a .txt scenario file. ({name}: larger than 256 KiB)"),
                Lang::Zh => format!("无法读取该文件。请选择一个 .txt 场景文件。（{name}：超过 256 KiB）"),
            },
            true,
        ),
        Notice::ImportFailed(why) if why == NOT_TEXT => (
            lang.t(
                "The file could not be read. Choose a .txt scenario file. (the file is not text)",
                "无法读取该文件。请选择一个 .txt 场景文件。（文件不是文本）",
            )
            .to_string(),
            true,
        ),
        Notice::ImportFailed(why) => (
            match lang {
                Lang::En => format!("The file could not be read. Choose a .txt scenario file. ({why})"),
                Lang::Zh => format!("无法读取该文件。请选择一个 .txt 场景文件。（{why}）"),
            },
            true,
        ),
        Notice::Schedule(note) => (
            format!(
                "{}{}",
                lang.t("The link's recorded schedule: ", "链接中记录的调度："),
                note.text(lang)
            ),
            true,
        ),
        Notice::RunCancelled => (
            lang.t(
                "The simulation was cancelled; the timeline shows the last finished run. Press ▶ (Ctrl+Enter) to run it again.",
                "模拟已取消；时间线显示的是上一次完成的运行。按 ▶（Ctrl+Enter）可重新运行。",
            )
            .to_string(),
            false,
        ),
        Notice::Imported(name) => (
            match lang {
                Lang::En => format!("Loaded {name} — Ctrl+Z takes you back."),
                Lang::Zh => format!("{}——按 Ctrl+Z 可撤销。", lang.words(&["已载入", name])),
            },
            false,
        ),
    }
}

#[function_component(Banner)]
pub fn banner(props: &BannerProps) -> Html {
    let Some(notice) = &props.notice else {
        return html! {};
    };
    let lang = props.lang;
    let (text, problem) = notice_text(notice, lang);
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div id="banner" class={classes!("banner-box", problem.then_some("banner-problem"))} role={if problem { "alert" } else { "status" }}>
            <span class="banner-text">{ text }</span>
            if let Notice::WorkKept(text) = notice {
                <button id="banner-restore" class="banner-action" onclick={
                    let (text, on_restore) = (text.to_string(), props.on_restore.clone());
                    Callback::from(move |_: MouseEvent| on_restore.emit(text.clone()))
                }>
                    { lang.t("Restore it", "恢复") }
                </button>
            }
            if matches!(notice, Notice::LiveAsked(_)) {
                <button id="banner-run-live" class="banner-action" onclick={props.on_run_live.reform(|_: MouseEvent| ())}>
                    { lang.t("Run live", "真实运行") }
                </button>
            }
            <button class="banner-close" onclick={close} aria-label={lang.t("close this message", "关闭此消息")}>{ "✕" }</button>
        </div>
    }
}
