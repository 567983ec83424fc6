//! The autosave history keeps what the user wrote: drafts per tab, versions kept before a
//! replace, and the keeping rules (the last 20, the last 7 days, a size budget).
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::history::{History, BUDGET_BYTES, KEEP_LAST};

const DAY: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

#[test]
fn each_tab_keeps_one_draft_updated_in_place() {
    let mut h = History::default();
    h.save_draft("a", "one", "", 1.0);
    h.save_draft("b", "other tab", "", 2.0);
    h.save_draft("a", "one, edited", "", 3.0);
    let texts: Vec<&str> = h.newest_first().map(|v| v.text.as_str()).collect();
    assert_eq!(texts, ["one, edited", "other tab"]);
}

#[test]
fn work_about_to_be_replaced_is_kept_once() {
    let mut h = History::default();
    h.save_draft("a", "my work", "mine", 1.0);
    assert!(h.keep("a", "my work", "mine", 2.0));
    assert!(
        !h.keep("a", "my work", "mine", 3.0),
        "the same work is not kept twice"
    );
    assert!(
        !h.keep("a", "  \n", "", 4.0),
        "nothing to keep in an empty text"
    );
    let kept: Vec<_> = h.newest_first().collect();
    assert_eq!(
        kept.len(),
        1,
        "the draft of the same work gave way to the kept version"
    );
    assert!(!kept[0].draft);
    assert_eq!(kept[0].title, "mine");
    // A draft made after the replace does not touch the kept version.
    h.save_draft("a", "the link's scenario", "", 5.0);
    assert_eq!(h.versions.len(), 2);
}

#[test]
fn old_versions_beyond_the_last_twenty_go() {
    let mut h = History::default();
    let now = 100.0 * DAY;
    for i in 0..30 {
        // Versions 0..9 are weeks old; the rest are recent.
        let at = if i < 10 {
            now - 30.0 * DAY + f64::from(i)
        } else {
            now - f64::from(30 - i)
        };
        h.keep("a", &format!("v{i}"), "", at);
    }
    assert_eq!(
        h.versions.len(),
        KEEP_LAST,
        "the last 20 stay, older ones past 7 days go"
    );
    assert_eq!(h.versions[0].text, "v10");
}

#[test]
fn recent_versions_beyond_twenty_stay() {
    let mut h = History::default();
    for i in 0..30 {
        h.keep("a", &format!("v{i}"), "", f64::from(i));
    }
    assert_eq!(h.versions.len(), 30, "all within 7 days");
}

#[test]
fn the_size_budget_drops_the_oldest_first_and_keeps_the_newest() {
    let mut h = History::default();
    let big = "x".repeat(BUDGET_BYTES / 4);
    for i in 0..6 {
        h.keep("a", &format!("{i}{big}"), "", f64::from(i));
    }
    assert!(h.to_json().len() <= BUDGET_BYTES);
    assert!(h.versions.len() < 6);
    assert!(h.versions.last().is_some_and(|v| v.text.starts_with('5')));
    let huge = "y".repeat(BUDGET_BYTES * 2);
    h.keep("a", &huge, "", 10.0);
    assert_eq!(
        h.versions.len(),
        1,
        "a version over the whole budget stays alone"
    );
}

#[test]
fn a_broken_store_reads_as_empty_and_a_round_trip_is_exact() {
    assert_eq!(History::from_json(Some("{not json")), History::default());
    assert_eq!(History::from_json(None), History::default());
    let mut h = History::default();
    h.keep(
        "a",
        "scenario \"x\"\n\nasync a {\n  sleep 1s\n}\n",
        "x",
        5.0,
    );
    h.save_draft("b", "async b {\n}\n", "", 6.0);
    assert_eq!(History::from_json(Some(&h.to_json())), h);
}
