//! Exploration as messages: what a page sends a worker and what it streams back, and the session that answers.
//!
//! The messages travel as [`crate::wire`] bytes on their own channel (the live runner's
//! `live::proto` shares the worker), so a worker handles them with [`parse_to_explorer`] and
//! never panics on input. An [`ExploreSession`]
//! does the work in slices of about `slice_ms` wall-clock milliseconds; between slices the
//! host (a web worker, or the page itself) yields to its event loop so that a cancel message
//! gets through and the UI stays live.

use super::{Clock, ExploreOptions, Explorer, Progress, Report};
use crate::model;
use crate::wire::{self, Channel};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Page → explorer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToExplorer {
    /// Explore this scenario text. A new start replaces any search in progress.
    ExploreStart {
        id: u32,
        text: String,
        options: ExploreOptions,
    },
    /// Stop search `id`; a final `explore_done` follows.
    ExploreCancel { id: u32 },
}

/// Explorer → page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FromExplorer {
    /// After each slice: the counts, and the groups found so far.
    ExploreProgress {
        id: u32,
        progress: Progress,
        report: Report,
    },
    /// The search is over (exhausted, bounded or cancelled).
    ExploreDone { id: u32, report: Report },
    /// The text did not load (the page normally sends only valid text).
    ExploreError { id: u32, message: String },
}

impl FromExplorer {
    pub fn id(&self) -> u32 {
        match self {
            FromExplorer::ExploreProgress { id, .. }
            | FromExplorer::ExploreDone { id, .. }
            | FromExplorer::ExploreError { id, .. } => *id,
        }
    }
}

/// Reads a page message; anything malformed is an error string, never a panic.
pub fn parse_to_explorer(bytes: &[u8]) -> Result<ToExplorer, String> {
    wire::decode(Channel::Explore, bytes)
}

/// Reads an explorer message on the page side.
pub fn parse_from_explorer(bytes: &[u8]) -> Result<FromExplorer, String> {
    wire::decode(Channel::Explore, bytes)
}

/// A message's bytes (see [`crate::wire`]).
pub fn explorer_bytes<T: Serialize>(msg: &T) -> Vec<u8> {
    wire::encode(Channel::Explore, msg)
}

/// One search, run a slice at a time.
pub struct ExploreSession {
    pub id: u32,
    explorer: Explorer,
    now: Rc<dyn Fn() -> f64>,
    slice_ms: f64,
}

impl ExploreSession {
    /// Starts search `id` on `text`, reading time from `now` (ms, monotonic). A text that
    /// does not load gives the message to send back ([`FromExplorer::ExploreError`]).
    pub fn start(
        id: u32,
        text: &str,
        options: ExploreOptions,
        now: Rc<dyn Fn() -> f64>,
        slice_ms: f64,
    ) -> Result<ExploreSession, String> {
        let scenario = model::load(text).map_err(|diagnostics| {
            diagnostics
                .first()
                .map_or_else(|| "the scenario has errors".to_string(), |d| d.to_string())
        })?;
        let clock_now = now.clone();
        let clock: Clock = Box::new(move || clock_now());
        Ok(ExploreSession {
            id,
            explorer: Explorer::new(&scenario, options, clock),
            now,
            slice_ms,
        })
    }

    /// Runs for about `slice_ms` and says where the search is; `ExploreDone` when it is over.
    pub fn slice(&mut self) -> FromExplorer {
        let until = (self.now)() + self.slice_ms;
        let mut batch = 1;
        loop {
            let p = self.explorer.step(batch);
            if p.done || (self.now)() >= until {
                break;
            }
            // Grow the batch so reading the clock stays cheap next to the runs.
            batch = (batch * 2).min(256);
        }
        self.message()
    }

    /// Stops the search; the message to send is the final report.
    pub fn cancel(&mut self) -> FromExplorer {
        self.explorer.cancel();
        self.message()
    }

    pub fn done(&self) -> bool {
        self.explorer.progress().done
    }

    fn message(&self) -> FromExplorer {
        let report = self.explorer.report();
        let progress = self.explorer.progress();
        if progress.done {
            FromExplorer::ExploreDone {
                id: self.id,
                report,
            }
        } else {
            FromExplorer::ExploreProgress {
                id: self.id,
                progress,
                report,
            }
        }
    }
}
