//! The share panel: the link to this scenario, copied to the clipboard, or a download when the
//! scenario is too big for a link.

use crate::ui::i18n::Lang;
use crate::web::dom::download_text;
use yew::prelude::*;

/// What the share panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareState {
    /// The link, and whether it reached the clipboard (`None` while trying).
    Link { url: String, copied: Option<bool> },
    /// The scenario is too long for a link: its text, for a download instead.
    TooBig { chars: usize, text: String },
}

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub state: ShareState,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let lang = props.lang;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
    let body = match &props.state {
        ShareState::Link { url, copied } => {
            let status = match copied {
                None => lang.t("copying…", "正在复制…"),
                Some(true) => lang.t(
                    "Copied to the clipboard. Anyone who opens it sees this scenario and its run.",
                    "已复制到剪贴板。打开它的人会看到这个场景及其运行结果。",
                ),
                Some(false) => lang.t(
                    "Could not reach the clipboard: select the link and copy it (Ctrl+C).",
                    "无法访问剪贴板：请选中链接后复制（Ctrl+C）。",
                ),
            };
            html! {
                <>
                    <input id="share-link" class="banner-link" readonly={true} value={url.clone()} onfocus={select_all}
                        aria-label={lang.t("link to this scenario", "指向此场景的链接")} />
                    <span id="share-status" data-copied={copied.map(|c| c.to_string()).unwrap_or_default()}>{ status }</span>
                </>
            }
        }
        ShareState::TooBig { chars, text } => {
            let text = text.clone();
            let download =
                Callback::from(move |_: MouseEvent| download_text("scenario.txt", &text));
            html! {
                <>
                    <span id="share-status" data-copied="false">
                        { match lang {
                            Lang::En => format!("This scenario is too big for a link ({chars} characters)"),
                            Lang::Zh => format!("这个场景太大，无法放进链接（{chars} 个字符）"),
                        } }
                        { lang.t(". Download it and send the file instead; it opens with ⤓ import.", "。请下载后发送文件；对方可以用 ⤓ 导入打开。") }
                    </span>
                    <button id="share-download" class="header-btn" onclick={download}>{ lang.t("download .txt", "下载 .txt") }</button>
                </>
            }
        }
    };
    html! {
        <div id="share-panel" class="banner-box banner-share" role="dialog" aria-label={lang.t("share", "分享")}>
            { body }
            <button class="banner-close" onclick={close} aria-label={lang.t("close", "关闭")}>{ "✕" }</button>
        </div>
    }
}
