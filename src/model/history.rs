//! The autosave history: versions of the user's work, so that nothing they wrote is lost when
//! a link, a preset or *New* replaces it, or when another tab saves over it.
//!
//! Pure data with its keeping rules; the app stores it as JSON (`ui/history.rs`). Each tab
//! keeps one *draft* (its work as it is now, updated in place) and the versions saved before
//! its work was replaced. What is kept: the last [`KEEP_LAST`] versions and every version of
//! the last [`KEEP_DAYS`] days, within [`BUDGET_BYTES`], dropping the oldest first.

use serde::{Deserialize, Serialize};

/// The newest versions that are always kept (within the budget).
pub const KEEP_LAST: usize = 20;
/// Versions younger than this many days are kept too (within the budget).
pub const KEEP_DAYS: f64 = 7.0;
/// The most bytes of JSON the history may take; the oldest versions go first past it.
pub const BUDGET_BYTES: usize = 2 * 1024 * 1024;

const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// One version of the user's work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub text: String,
    /// The scenario's title when it was saved (empty for none).
    pub title: String,
    /// When it was saved, in ms since the Unix epoch.
    pub saved_ms: f64,
    /// The tab that saved it.
    pub tab: String,
    /// The tab's work as it is now, replaced by the tab's next save; else a version kept as
    /// it was (saved before the work was replaced).
    pub draft: bool,
}

/// Every version kept, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub versions: Vec<Version>,
}

impl History {
    /// The history stored as `json`; empty when there is none or it cannot be read (a broken
    /// history must never stop the app from opening).
    pub fn from_json(json: Option<&str>) -> History {
        json.and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a history of strings and numbers serializes")
    }

    /// Saves `text` as `tab`'s draft: it replaces the tab's draft, if it has one.
    pub fn save_draft(&mut self, tab: &str, text: &str, title: &str, now_ms: f64) {
        self.versions.retain(|v| !(v.draft && v.tab == tab));
        self.push(tab, text, title, now_ms, true);
    }

    /// Keeps `text` as a version of its own (the work about to be replaced); `false` when
    /// there was nothing to keep (empty, or the newest kept version already holds it).
    pub fn keep(&mut self, tab: &str, text: &str, title: &str, now_ms: f64) -> bool {
        if text.trim().is_empty() {
            return false;
        }
        let newest_kept = self.versions.iter().rev().find(|v| !v.draft);
        if newest_kept.is_some_and(|v| v.text == text) {
            return false;
        }
        // The tab's draft held this same work: the kept version takes its place.
        self.versions
            .retain(|v| !(v.draft && v.tab == tab && v.text == text));
        self.push(tab, text, title, now_ms, false);
        true
    }

    /// Versions newest first, as the History list shows them.
    pub fn newest_first(&self) -> impl Iterator<Item = &Version> {
        self.versions.iter().rev()
    }

    fn push(&mut self, tab: &str, text: &str, title: &str, now_ms: f64, draft: bool) {
        self.versions.push(Version {
            text: text.to_string(),
            title: title.to_string(),
            saved_ms: now_ms,
            tab: tab.to_string(),
            draft,
        });
        self.prune(now_ms);
    }

    /// Drops what the keeping rules do not keep: beyond the last [`KEEP_LAST`], versions older
    /// than [`KEEP_DAYS`]; then the oldest until the JSON fits [`BUDGET_BYTES`] (the newest
    /// version always stays).
    fn prune(&mut self, now_ms: f64) {
        let n = self.versions.len();
        let mut index = 0;
        self.versions.retain(|v| {
            let recent = index + KEEP_LAST >= n;
            index += 1;
            recent || now_ms - v.saved_ms <= KEEP_DAYS * DAY_MS
        });
        let mut size = self.to_json().len();
        while size > BUDGET_BYTES && self.versions.len() > 1 {
            let dropped = self.versions.remove(0);
            size -= serde_json::to_string(&dropped).map_or(0, |j| j.len() + 1);
        }
    }
}
