//! The header: presets, run, mode, share, import/export, code, language and theme.

use crate::ui::app_state::Theme;
use crate::ui::file_picker::FilePicker;
use crate::ui::i18n::Lang;
use crate::ui::run::RunMode;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub theme: Theme,
    pub presets_open: bool,
    pub share_open: bool,
    pub on_toggle_presets: Callback<()>,
    pub on_run: Callback<()>,
    pub on_share: Callback<()>,
    pub on_import: Callback<web_sys::File>,
    pub on_export: Callback<()>,
    pub on_lang: Callback<Lang>,
    pub on_theme: Callback<()>,
    pub on_help: Callback<()>,
    /// Opens the History list of kept versions.
    pub on_history: Callback<()>,
    /// Opens the code panel: open Python, export as Python or Rust.
    pub on_code: Callback<()>,
    #[prop_or_default]
    pub code_open: bool,
    /// Simulated or live.
    #[prop_or_default]
    pub mode: RunMode,
    #[prop_or_default]
    pub on_mode: Callback<RunMode>,
    /// The result line, between the file buttons and the language switch.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let other_lang = match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    };
    let on_lang = props.on_lang.reform(move |_: MouseEvent| other_lang);
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let sim = props.mode == RunMode::Sim;
    let theme_label = match props.theme {
        Theme::Light => lang.t("switch to the dark theme", "切换到深色主题"),
        Theme::Dark => lang.t("switch to the light theme", "切换到浅色主题"),
    };
    html! {
        <header class="header header-bar">
            <h1 class="brand">{ "Interleave" }</h1>
            <button id="presets" class={classes!("header-btn", props.presets_open.then_some("header-active"))}
                aria-expanded={props.presets_open.to_string()} onclick={click(&props.on_toggle_presets)}
                title={lang.t("examples that each teach one lesson", "每个都讲一个要点的示例")}>
                { lang.t("presets ▾", "预设 ▾") }
            </button>
            <button id="run" class="header-btn header-primary" onclick={click(&props.on_run)}
                title={lang.t("run again and replay the timeline (Ctrl+Enter)", "重新运行并回放时间线（Ctrl+Enter）")}>
                { lang.t("▶ Run", "▶ 运行") }
            </button>
            <div class="header-switch" role="group" aria-label={lang.t("how to run", "运行方式")}>
                <button id="mode-sim" class={classes!("header-seg", sim.then_some("header-active"))} aria-pressed={sim.to_string()}
                    onclick={props.on_mode.reform(|_: MouseEvent| RunMode::Sim)}
                    title={lang.t("deterministic simulation in virtual time", "在虚拟时间中确定性地模拟")}>
                    { lang.t("simulated", "模拟") }
                </button>
                <button id="mode-live" class={classes!("header-seg", (!sim).then_some("header-active"))} aria-pressed={(!sim).to_string()}
                    onclick={props.on_mode.reform(|_: MouseEvent| RunMode::Live)}
                    title={lang.t("run on our executor and real web workers, in real time", "在我们的执行器和真实的 Web Worker 上实时运行")}>
                    { lang.t("live", "真实") }
                </button>
            </div>
            <button id="share" class={classes!("header-btn", props.share_open.then_some("header-active"))}
                onclick={click(&props.on_share)} title={lang.t("copy a link to this scenario", "复制指向此场景的链接")}>
                { lang.t("🔗 Share", "🔗 分享") }
            </button>
            <FilePicker id="import" class={classes!("header-btn", "header-icon")} accept=".txt,text/plain"
                title={lang.t("import a .txt scenario (or drop a file on the editor)", "导入 .txt 场景（也可以把文件拖到编辑器上）")}
                label={lang.t("import", "导入")} on_file={props.on_import.clone()}>{ "⤓" }</FilePicker>
            <button id="export" class="header-btn header-icon" onclick={click(&props.on_export)}
                title={lang.t("export the scenario as a .txt file", "把场景导出为 .txt 文件")}
                aria-label={lang.t("export", "导出")}>{ "⤒" }</button>
            <button id="code" class={classes!("header-btn", props.code_open.then_some("header-active"))} onclick={click(&props.on_code)}
                title={lang.t("Open a Python program as a scenario, or export this scenario as Python or Rust", "把 Python 程序打开为场景，或把这个场景导出为 Python 或 Rust")}>
                { lang.t("⇄ Code", "⇄ 代码") }</button>
            <button id="history" class="header-btn" onclick={click(&props.on_history)}
                title={lang.t("your earlier work, kept before anything replaced it", "你之前的内容，在被替换前保存")}>
                { lang.t("History", "历史") }</button>
            { props.children.clone() }
            <button id="help" class="header-btn header-icon" onclick={click(&props.on_help)}
                title={lang.t("keyboard shortcuts (?)", "键盘快捷键（?）")} aria-label={lang.t("keyboard shortcuts", "键盘快捷键")}>{ "?" }</button>
            <button id="lang" class="header-btn" onclick={on_lang}
                title={lang.t("切换到中文", "switch to English")}>
                { match lang { Lang::En => "EN / 中文", Lang::Zh => "中文 / EN" } }
            </button>
            <button id="theme" class="header-btn header-icon" onclick={click(&props.on_theme)}
                title={theme_label} aria-label={theme_label}>{ "◐" }</button>
        </header>
    }
}
