//! What the app opens on: a share link in the address, else the autosaved work, else the
//! tutorial's example; and the remembered language, theme and hint.

use crate::live::layout::{new_workers, LINK_LIVE_WITHOUT_ASKING};
use crate::model::presets::default_preset;
use crate::model::share::{parse_fragment, LinkParams, Mode, ShareError};
use crate::ui::app_state::{AppState, Notice, Theme};
use crate::ui::hooks::read_storage;
use crate::ui::i18n::Lang;
use crate::ui::run::RunMode;
use crate::web::dom::{clear_hash, location_hash, navigator_language, prefers_dark};

/// localStorage keys.
pub const KEY_TEXT: &str = "interleave.text";
pub const KEY_LANG: &str = "interleave.lang";
pub const KEY_THEME: &str = "interleave.theme";
pub const KEY_HINT: &str = "interleave.hint";

/// Whether an address fragment is meant as a share link (`#s=…`, possibly with `mode`/`seed`).
pub fn is_link(hash: &str) -> bool {
    let params = hash.trim_start_matches('#').split('&');
    params.into_iter().any(|p| {
        p.starts_with("s=")
            || p.starts_with("mode=")
            || p.starts_with("seed=")
            || p.starts_with("sched=")
    })
}

/// Reads the share link in the address, if there is one, and takes it out of the address so
/// that a reload shows the autosaved work (which by then includes the link's scenario).
pub fn take_link() -> Option<Result<LinkParams, ShareError>> {
    let hash = location_hash();
    if !is_link(&hash) {
        return None;
    }
    clear_hash();
    Some(parse_fragment(&hash))
}

/// How an opened link's scenario runs: as the link asks, except that a live run starting more
/// than a few new web workers waits for the user to ask (the notice says so).
pub fn link_mode(params: &LinkParams) -> (RunMode, Option<Notice>) {
    match params.mode {
        Mode::Sim => (RunMode::Sim, None),
        Mode::Live => {
            let workers = crate::model::load(&params.text)
                .map(|scenario| new_workers(&scenario))
                .unwrap_or(0);
            if workers > LINK_LIVE_WITHOUT_ASKING {
                (RunMode::Sim, Some(Notice::LiveAsked(workers)))
            } else {
                (RunMode::Live, None)
            }
        }
    }
}

/// The autosaved text, else the tutorial's example.
pub fn saved_or_default_text() -> String {
    read_storage(KEY_TEXT).unwrap_or_else(|| default_preset().source.to_string())
}

/// The state the page opens with.
pub fn initial_state() -> AppState {
    let lang = match read_storage(KEY_LANG) {
        Some(code) => Lang::from_tag(&code),
        None => Lang::from_tag(&navigator_language()),
    };
    let theme = match read_storage(KEY_THEME).as_deref() {
        Some("dark") => Theme::Dark,
        Some(_) => Theme::Light,
        None if prefers_dark() => Theme::Dark,
        None => Theme::Light,
    };
    let hint_dismissed = read_storage(KEY_HINT).as_deref() == Some("dismissed");
    let mut state = AppState::new(saved_or_default_text(), lang, theme, hint_dismissed);
    match take_link() {
        // The saved work stays one undo away from the link's scenario.
        Some(Ok(params)) => {
            let (mode, notice) = link_mode(&params);
            state.mode = mode;
            state.notice = notice;
            state.load(params.text, params.seed);
            state.sched = params.sched.map(std::rc::Rc::from);
            state.live_messages = params.messages;
        }
        Some(Err(error)) => state.notice = Some(Notice::BrokenLink(error)),
        None => {}
    }
    state
}
