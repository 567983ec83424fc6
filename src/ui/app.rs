//! The app: header, summary, banner, editor, run viewer and footer, wired to one `AppState`.

use super::app_state::{Action, EditFn, Notice, Tab};
use super::banner::Banner;
use super::editor::EditorPanel;
use super::footer::Footer;
use super::header::Header;
use super::history::{self, HistoryPanel};
use super::hooks::{try_write_storage, use_debounce, use_local_storage, use_window_event};
use super::i18n::Lang;
use super::live::{use_live_runner, ComparePanel, LiveBar, LiveStatus};
use super::presets_gallery::PresetsGallery;
use super::replay_bar::ReplayBar;
use super::run::use_run_pipeline;
use super::run::RunMode;
use super::share_ui::{SharePanel, ShareState};
use super::shortcuts::{key_action, KeyAction, ShortcutsHelp};
use super::splitter::Splitter;
use super::startup::{initial_state, is_link, link_mode, KEY_HINT, KEY_LANG, KEY_TEXT, KEY_THEME};
use super::summary_line::SummaryLine;
use super::viewer::RunViewer;
use crate::model::limits::MAX_SOURCE_BYTES;
use crate::model::presets::find;
use crate::model::share::{fits_in_link, format_fragment, link_len, parse_fragment, Mode};
use crate::web::dom::{
    copy_to_clipboard, download_text, file_stem, page_base, read_file, set_root_attr,
};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Which overlay under the header is open (at most one).
#[derive(Clone, Debug, PartialEq)]
enum Overlay {
    None,
    Presets,
    History,
    Share(ShareState),
    Help,
    /// Open Python…, and export as Python or Rust.
    Code,
}

/// The popovers and the header buttons that open them: a click on any of these is not outside.
const POPOVER_PARTS: &str =
    "#presets-panel, #share-panel, #history-panel, #shortcuts, #code-panel, #presets, #share, #history, #help, #code";

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let overlay = use_state(|| Overlay::None);
    let editor_pct = use_state(|| 35.0_f64);
    let bottom_pct = use_state(|| 34.0_f64);
    let lang = state.lang;
    let dispatcher = state.dispatcher();

    // ===== remember, and reflect on <html> =====
    // The text is saved at once; a failure says what to do, once per kind of failure.
    {
        let d = dispatcher.clone();
        use_effect_with(state.text.clone(), move |text| {
            if let Err(why) = try_write_storage(KEY_TEXT, text) {
                d.dispatch(Action::Notify(Some(Notice::StorageFailed(why))));
            }
        });
    }
    // This tab's draft in the history, once typing pauses.
    {
        let (d, title) = (
            dispatcher.clone(),
            state.scenario.title.clone().unwrap_or_default(),
        );
        use_debounce(
            state.text.clone(),
            800,
            Callback::from(move |text: Rc<str>| {
                if let Err(why) = history::save_draft(&text, &title) {
                    d.dispatch(Action::Notify(Some(Notice::StorageFailed(why))));
                }
            }),
        );
    }
    // The work a load replaced goes into the history first; the banner offers it back.
    {
        let (d, notice_set) = (dispatcher.clone(), state.notice.is_some());
        use_effect_with(state.replaced.clone(), move |replaced| {
            let Some(r) = replaced else { return };
            match history::keep(&r.text, &r.title) {
                Ok(true) if !notice_set => {
                    d.dispatch(Action::Notify(Some(Notice::WorkKept(r.text.clone()))))
                }
                Ok(_) => {}
                Err(why) => d.dispatch(Action::Notify(Some(Notice::StorageFailed(why)))),
            }
        });
    }
    use_local_storage(KEY_LANG, lang.code().to_string());
    use_local_storage(KEY_THEME, state.theme.code().to_string());
    use_local_storage(
        KEY_HINT,
        if state.hint_dismissed {
            "dismissed"
        } else {
            ""
        }
        .to_string(),
    );
    use_effect_with((lang, state.theme), |(lang, theme)| {
        set_root_attr("lang", lang.code());
        set_root_attr("data-theme", theme.code());
    });
    {
        let d = dispatcher.clone();
        use_debounce(
            state.text.clone(),
            800,
            Callback::from(move |_| d.dispatch(Action::EndTyping)),
        );
    }
    let (live, live_runner) = use_live_runner(&state);
    let pipeline = use_run_pipeline(&state, &live_runner);
    let cancel_run = pipeline.cancel.clone();
    let compare_open = use_state(|| false);
    let explore_open = use_state(|| false);

    // ===== callbacks (stable across renders, so the editor re-renders only on change) =====
    let d = dispatcher.clone();
    let on_edit = use_callback(d.clone(), |edit: EditFn, d| d.dispatch(Action::Edit(edit)));
    let on_type = use_callback(d.clone(), |text: String, d| d.dispatch(Action::Type(text)));
    let on_tab = use_callback(d.clone(), |tab: Tab, d| d.dispatch(Action::SetTab(tab)));
    let on_undo = use_callback(d.clone(), |_: (), d| d.dispatch(Action::Undo));
    let on_redo = use_callback(d.clone(), |_: (), d| d.dispatch(Action::Redo));
    let on_new = use_callback(d.clone(), |_: (), d| {
        d.dispatch(Action::Load {
            text: String::new(),
            seed: None,
        })
    });
    let on_import = use_callback(d.clone(), |file: web_sys::File, d| {
        let d = d.clone();
        let name = file.name();
        if file.size() > MAX_SOURCE_BYTES as f64 {
            d.dispatch(Action::Notify(Some(Notice::ImportTooLarge(name))));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match read_file(file).await {
                Ok(text) => {
                    d.dispatch(Action::Load { text, seed: None });
                    d.dispatch(Action::Notify(Some(Notice::Imported(name))));
                }
                Err(why) => d.dispatch(Action::Notify(Some(Notice::ImportFailed(why)))),
            }
        });
    });
    let on_export = {
        let (text, title) = (state.text.clone(), state.scenario.title.clone());
        Callback::from(move |_| {
            download_text(&format!("{}.txt", file_stem(title.as_deref())), &text);
        })
    };
    let on_share = {
        let (text, seed, overlay) = (state.text.clone(), state.seed, overlay.clone());
        let link_mode = match state.mode {
            RunMode::Live => Mode::Live,
            RunMode::Sim => Mode::Sim,
        };
        Callback::from(move |_| {
            if matches!(*overlay, Overlay::Share(_)) {
                overlay.set(Overlay::None);
                return;
            }
            if !fits_in_link(&text) {
                overlay.set(Overlay::Share(ShareState::TooBig {
                    chars: link_len(&text),
                    text: text.to_string(),
                }));
                return;
            }
            let url = format!(
                "{}{}",
                page_base(),
                format_fragment(&text, link_mode, seed, None)
            );
            overlay.set(Overlay::Share(ShareState::Link {
                url: url.clone(),
                copied: None,
            }));
            let overlay = overlay.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = copy_to_clipboard(&url).await.is_ok();
                overlay.set(Overlay::Share(ShareState::Link {
                    url,
                    copied: Some(copied),
                }));
            });
        })
    };
    let toggle = |target: Overlay| {
        let overlay = overlay.clone();
        Callback::from(move |_| {
            overlay.set(if *overlay == target {
                Overlay::None
            } else {
                target.clone()
            })
        })
    };
    let close_overlay = {
        let overlay = overlay.clone();
        Callback::from(move |_| overlay.set(Overlay::None))
    };
    let on_restore = {
        let (d, overlay) = (d.clone(), overlay.clone());
        Callback::from(move |text: String| {
            d.dispatch(Action::Notify(None));
            d.dispatch(Action::Load { text, seed: None });
            overlay.set(Overlay::None);
        })
    };
    let on_preset = {
        let (d, overlay) = (d.clone(), overlay.clone());
        Callback::from(move |id: &'static str| {
            if let Some(preset) = find(id) {
                d.dispatch(Action::Load {
                    text: preset.source.to_string(),
                    seed: None,
                });
            }
            overlay.set(Overlay::None);
        })
    };

    // ===== window events: shortcuts, and links opened while the page is open =====
    {
        let (d, overlay, cancel_run) = (d.clone(), overlay.clone(), cancel_run.clone());
        let (explore, compare) = (explore_open.clone(), compare_open.clone());
        use_window_event(
            "keydown",
            Callback::from(move |e: web_sys::Event| {
                let Ok(e) = e.dyn_into::<KeyboardEvent>() else {
                    return;
                };
                let Some(action) = key_action(&e) else { return };
                e.prevent_default();
                match action {
                    KeyAction::Run => d.dispatch(Action::RunNow),
                    KeyAction::Undo => d.dispatch(Action::Undo),
                    KeyAction::Redo => d.dispatch(Action::Redo),
                    KeyAction::ToggleHelp => overlay.set(if *overlay == Overlay::Help {
                        Overlay::None
                    } else {
                        Overlay::Help
                    }),
                    // Esc closes the topmost thing open (an overlay, then the explorer, then
                    // the comparison), else cancels a big simulation under way.
                    KeyAction::Close if *overlay != Overlay::None => overlay.set(Overlay::None),
                    KeyAction::Close if *explore => explore.set(false),
                    KeyAction::Close if *compare => compare.set(false),
                    KeyAction::Close => cancel_run.emit(()),
                }
            }),
        );
    }
    {
        // A popover closes on a click outside it; its own header button toggles it instead.
        let overlay = overlay.clone();
        use_window_event(
            "pointerdown",
            Callback::from(move |e: web_sys::Event| {
                if *overlay != Overlay::None && crate::web::dom::outside(&e, POPOVER_PARTS) {
                    overlay.set(Overlay::None);
                }
            }),
        );
    }
    {
        let d = d.clone();
        use_window_event(
            "hashchange",
            Callback::from(move |_| {
                let hash = crate::web::dom::location_hash();
                if !is_link(&hash) {
                    return;
                }
                crate::web::dom::clear_hash();
                match parse_fragment(&hash) {
                    Ok(params) => {
                        let (mode, notice) = link_mode(&params);
                        d.dispatch(Action::Load {
                            text: params.text,
                            seed: params.seed,
                        });
                        d.dispatch(Action::SetSched(params.sched));
                        d.dispatch(Action::SetLiveMessages(params.messages));
                        d.dispatch(Action::SetMode(mode));
                        // A link that opens replaces the notice of an earlier one.
                        d.dispatch(Action::Notify(notice));
                    }
                    // The user's work stays as it is (it is the autosave).
                    Err(error) => d.dispatch(Action::Notify(Some(Notice::BrokenLink(error)))),
                }
            }),
        );
    }

    let overlay_html = match &*overlay {
        Overlay::None => html! {},
        Overlay::Presets => {
            html! { <PresetsGallery {lang} on_choose={on_preset} on_close={close_overlay.clone()} /> }
        }
        Overlay::Share(share) => {
            html! { <SharePanel state={share.clone()} {lang} on_close={close_overlay.clone()} /> }
        }
        Overlay::Help => html! { <ShortcutsHelp {lang} on_close={close_overlay.clone()} /> },
        Overlay::Code => {
            let on_load = {
                let d = d.clone();
                Callback::from(move |text: String| {
                    d.dispatch(Action::Load { text, seed: None });
                    d.dispatch(Action::Notify(Some(Notice::Imported(
                        lang.t("the Python program", "这段 Python 程序").to_string(),
                    ))));
                })
            };
            html! { <super::code::CodePanel {lang} text={state.text.clone()} title={state.scenario.title.clone()}
            {on_load} on_close={close_overlay.clone()} /> }
        }
        Overlay::History => {
            html! { <HistoryPanel {lang} on_restore={on_restore.clone()} on_close={close_overlay.clone()} /> }
        }
    };
    let hint = (!state.hint_dismissed).then(|| {
        let dismiss = { let d = d.clone(); Callback::from(move |_: MouseEvent| d.dispatch(Action::DismissHint)) };
        html! {
            <div id="hint" class="banner-box banner-hint" role="note">
                <span class="banner-text">
                    <b>{ lang.t("Try three things: ", "试试这三件事：") }</b>
                    { lang.t("▶ Run replays the timeline · change a step on the left (sleep → compute in the async task) and watch it re-run · 🔗 Share sends your version.",
                        "点“▶ 运行”回放时间线 · 修改左侧的一个步骤（把异步任务里的 sleep 改成 compute），看它立即重新运行 · 用“🔗 分享”发送你的版本。") }
                </span>
                <button id="hint-dismiss" class="banner-close banner-got-it" onclick={dismiss}>{ lang.t("Got it", "知道了") }</button>
            </div>
        }
    });
    let grid = format!(
        // The editor keeps room for its step menus; a narrow window stacks the regions instead
        // (static/style.css, "Narrow windows").
        "grid-template-columns: minmax(300px, {:.1}%) minmax(0, 1fr); grid-template-rows: 1fr {:.1}%",
        *editor_pct, *bottom_pct
    );
    let on_lang = {
        let d = d.clone();
        Callback::from(move |lang: Lang| d.dispatch(Action::SetLang(lang)))
    };
    let on_theme = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::ToggleTheme))
    };
    let on_run = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::RunNow))
    };
    let on_clear_seed = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::ClearSeed))
    };
    let on_close_banner = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::Notify(None)))
    };
    let on_run_live = {
        let d = d.clone();
        Callback::from(move |_| {
            d.dispatch(Action::Notify(None));
            d.dispatch(Action::SetMode(RunMode::Live));
        })
    };
    let set_pct = |handle: &UseStateHandle<f64>| {
        let h = handle.clone();
        Callback::from(move |v: f64| h.set(v))
    };
    let on_mode = {
        let d = d.clone();
        Callback::from(move |mode: RunMode| d.dispatch(Action::SetMode(mode)))
    };
    let toggle_compare = {
        let open = compare_open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let close_compare = {
        let open = compare_open.clone();
        Callback::from(move |_| open.set(false))
    };
    let toggle_explore = {
        let open = explore_open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close_explore = {
        let open = explore_open.clone();
        Callback::from(move |_: ()| open.set(false))
    };
    let on_show_schedule = pipeline.show.clone();
    // A finished live run's timing, against the simulation (the compare view's own figures).
    let live_note = match (&live.status, state.mode, &state.run) {
        (LiveStatus::Done(done), RunMode::Live, Some(run)) if run.mode == RunMode::Live => {
            Some(super::live::timing_note(&done.comparison(), lang))
        }
        _ => None,
    };
    let compare_shown =
        *compare_open && state.mode == RunMode::Live && matches!(live.status, LiveStatus::Done(_));
    let on_default_run = {
        let d = d.clone();
        Callback::from(move |()| d.dispatch(Action::SetSched(None)))
    };
    html! {
        <div class="app">
            <div class="header-wrap">
                <Header {lang} theme={state.theme} presets_open={*overlay == Overlay::Presets}
                    share_open={matches!(*overlay, Overlay::Share(_))}
                    on_toggle_presets={toggle(Overlay::Presets)} {on_run} {on_share} on_import={on_import.clone()} {on_export}
                    {on_lang} {on_theme} on_help={toggle(Overlay::Help)} on_history={toggle(Overlay::History)}
                    code_open={*overlay == Overlay::Code} on_code={toggle(Overlay::Code)} mode={state.mode} {on_mode}>
                    <button id="explore-open" class="header-btn" aria-pressed={explore_open.to_string()}
                        title={lang.t("Explore every interleaving of this scenario", "探索这个场景的所有交错执行")}
                        onclick={toggle_explore}>{ lang.t("🔀 Explore", "🔀 探索") }</button>
                    <SummaryLine live_note={live_note} run={state.run.clone()} running={state.running} progress={state.progress} seed={state.seed} {lang} stale={!state.text_ok} {on_clear_seed} on_cancel={cancel_run} />
                </Header>
                <Banner notice={state.notice.clone()} {lang} on_close={on_close_banner} {on_run_live} on_restore={on_restore.clone()} />
                <ReplayBar sched={state.sched.clone()} {lang} on_default={on_default_run} />
                if state.mode == RunMode::Live {
                    <LiveBar {lang} ctl={live.clone()} compare_open={*compare_open} on_compare={toggle_compare} />
                }
                { for hint }
                <div class="header-overlay">{ overlay_html }</div>
            </div>
            <main class="main header-main" style={grid}>
                <EditorPanel {lang} text={state.text.clone()} scenario={state.scenario.clone()} text_ok={state.text_ok}
                    diagnostics={state.diagnostics.clone()} tab={state.tab} can_undo={state.can_undo()} can_redo={state.can_redo()}
                    {on_type} {on_edit} {on_tab} {on_undo} {on_redo} {on_new} {on_import} />
                <RunViewer run={state.run.clone()} model={state.model.clone()} {lang} />
                // Explore and Compare open as a drawer over the bottom panels, so the timeline
                // keeps its height whatever is open (docs/APP.md A10).
                if compare_shown || *explore_open {
                    <div class="drawer" role="region" aria-label={lang.t("explore and compare", "探索与比较")}>
                        if let (true, LiveStatus::Done(done)) = (compare_shown, &live.status) {
                            <ComparePanel done={done.clone()} {lang} on_close={close_compare} />
                        }
                        if *explore_open {
                            <super::explorer::ExplorerPanel scenario={state.scenario.clone()} seed={state.seed} {lang}
                                on_show={on_show_schedule} on_close={close_explore} />
                        }
                    </div>
                }
                <Splitter vertical={true} value={*editor_pct} min={20.0} max={65.0} on_change={set_pct(&editor_pct)}
                    label={lang.t("drag to resize the editor", "拖动以调整编辑器宽度")} />
                <Splitter vertical={false} value={*bottom_pct} min={12.0} max={60.0} on_change={set_pct(&bottom_pct)}
                    label={lang.t("drag to resize the bottom panels", "拖动以调整底部面板高度")} />
            </main>
            // The workers' wasm is fetched once the first run is on screen (it is not needed to
            // see one), or at once when a link asks for live mode.
            <Footer {lang} warm={state.run.is_some() || state.mode == RunMode::Live} />
        </div>
    }
}
