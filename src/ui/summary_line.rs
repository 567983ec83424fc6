//! The result of the latest run in plain words, under the header.

use crate::ui::i18n::Lang;
use crate::ui::run::{Phase, Progress};
use crate::ui::run::{RunMode, RunView};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct SummaryLineProps {
    pub run: Option<Rc<RunView>>,
    pub running: bool,
    /// How far a big simulation or layout has got, shown as a progress bar.
    pub progress: Option<Progress>,
    /// A seed override from a link, shown so the user knows why results differ.
    pub seed: Option<u64>,
    pub lang: Lang,
    /// The text has errors: the result shown is that of the last valid version, so it gets
    /// no ✓ and says so first.
    pub stale: bool,
    /// For a finished live run: its timing against the simulation, and why they differ.
    #[prop_or_default]
    pub live_note: Option<String>,
    pub on_clear_seed: Callback<()>,
    pub on_cancel: Callback<()>,
}

impl PartialEq for SummaryLineProps {
    fn eq(&self, other: &Self) -> bool {
        let same_run = match (&self.run, &other.run) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_run
            && self.running == other.running
            && self.progress == other.progress
            && self.seed == other.seed
            && self.lang == other.lang
            && self.stale == other.stale
            && self.live_note == other.live_note
    }
}

#[function_component(SummaryLine)]
pub fn summary_line(props: &SummaryLineProps) -> Html {
    let lang = props.lang;
    let (state, text) = match (&props.run, props.running) {
        (Some(run), true) if run.mode == RunMode::Live && props.progress.is_none() => (
            "running",
            lang.t("running live…", "正在真实运行…").to_string(),
        ),
        (_, true) => ("running", progress_text(props.progress, lang)),
        (None, false) => ("none", lang.t("not run yet", "尚未运行").to_string()),
        (Some(run), false) => {
            let summary = &run.summary;
            let text = summary
                .explain_in(lang)
                .lines()
                .collect::<Vec<_>>()
                .join(lang.t(" · ", "；"));
            let state = if summary.success() { "ok" } else { "problem" };
            if props.stale {
                // The run is of an older text: a ✓ would vouch for text that does not even load.
                let note = lang.t(
                    "text has errors: showing the last valid version",
                    "文本有错误：显示的是最后一个有效版本",
                );
                ("stale", format!("{note}{}{text}", lang.t(" · ", "；")))
            } else {
                (state, text)
            }
        }
    };
    let mark = match state {
        "ok" => "✓",
        "problem" | "stale" => "⚠",
        _ => "…",
    };
    let seed = props.seed.map(|seed| {
        let clear = props.on_clear_seed.reform(|_: MouseEvent| ());
        html! {
            <span class="header-seed" title={lang.t("this link asked for a seed of its own", "此链接指定了自己的随机种子")}>
                { format!("{} {seed}", lang.t("seed", "种子")) }
                <button class="header-chip-x" onclick={clear} aria-label={lang.t("use the scenario's own seed", "使用场景自己的种子")}>{ "✕" }</button>
            </span>
        }
    });
    // A simulation under way can be cancelled here (a live run has its own Stop).
    let live = matches!(&props.run, Some(run) if run.mode == RunMode::Live);
    let cancel = (props.running && !live).then(|| {
        let cancel = props.on_cancel.reform(|_: MouseEvent| ());
        let done = props.progress.map_or(0.0, |p| p.done);
        html! {
            <>
                <progress id="run-progress" class="header-progress" max="1" value={format!("{done:.3}")}
                    aria-label={lang.t("progress", "进度")}></progress>
                <button id="run-cancel" class="header-btn" onclick={cancel}
                    title={lang.t("Cancel this simulation (Esc)", "取消这次模拟（Esc）")}>{ lang.t("Cancel", "取消") }</button>
            </>
        }
    });
    html! {
        <div class="header-summary" data-state={state}>
            <span class="header-summary-mark" aria-hidden="true">{ mark }</span>
            <span id="summary-line" title={text.clone()} aria-live="polite">{ text }</span>
            if let Some(note) = &props.live_note {
                <span id="summary-live-note" class="header-summary-note" title={note.clone()}>{ note.clone() }</span>
            }
            { for cancel }
            { for seed }
        </div>
    }
}

/// "simulating… 42%", or "laying out the timeline… 80%" once the run itself has ended.
fn progress_text(progress: Option<Progress>, lang: Lang) -> String {
    let Some(Progress { phase, done }) = progress else {
        return lang.t("simulating…", "模拟中…").to_string();
    };
    let percent = (done * 100.0).floor().clamp(0.0, 99.0);
    match phase {
        Phase::Simulating => format!("{} {percent}%", lang.t("simulating…", "模拟中…")),
        Phase::LayingOut => format!(
            "{} {percent}%",
            lang.t("laying out the timeline…", "正在排布时间线…")
        ),
    }
}
