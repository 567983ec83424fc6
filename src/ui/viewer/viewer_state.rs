//! The viewer's state: playhead and playback, zoom and pan, the view, the pointer (hover, drag,
//! scrub) and the selected task; `reduce.rs` says how actions change it.

use super::model::{RunModel, View};
use crate::model::Micros;
use crate::trace::layout::hit::{hit, Hit, RowGeom};
use crate::trace::layout::playback::{slider_at, speed_at};
use crate::trace::layout::{RowKey, Rows, Target, Viewport};
use crate::trace::tour::Highlight;
use crate::trace::TaskId;
use std::rc::Rc;

/// Width of the row-name column at the left of the canvas (CSS px).
pub const GUTTER: f64 = 150.0;
/// Height of the time axis at the top of the canvas.
pub const AXIS_H: f64 = 24.0;
/// Height of one row.
pub const ROW_H: f64 = 26.0;
/// Zoom factor of one press of + or −.
pub const ZOOM_STEP: f64 = 1.6;

/// A drag in progress on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Drag {
    /// Panning: where it started, and the window and scroll at that moment.
    Pan {
        x0: f64,
        y0: f64,
        vp: Viewport,
        scroll: f64,
        moved: bool,
    },
    /// Moving the playhead.
    Scrub,
}

/// Where the pointer is over the canvas (CSS px from its top-left corner), and what it is over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    pub x: f64,
    pub y: f64,
    pub hit: Option<Hit>,
}

#[derive(Clone)]
pub struct ViewerState {
    pub model: Option<Rc<RunModel>>,
    /// Canvas size in CSS px.
    pub width: f64,
    pub height: f64,
    /// The visible time window (its width excludes the gutter).
    pub vp: Viewport,
    pub scroll_y: f64,
    pub view: View,
    pub arrows: bool,
    /// Virtual µs; fractional while animating.
    pub playhead: f64,
    /// After stepping event by event: how many events are applied, which may stop inside an
    /// instant (events at one instant are often many). `None`: every event up to the playhead.
    pub cursor: Option<usize>,
    pub playing: bool,
    /// Position of the logarithmic speed slider (see `playback::speed_at`).
    pub speed_pos: u32,
    /// Time of the previous animation frame (`performance.now()` ms).
    pub last_frame: Option<f64>,
    pub pointer: Option<Pointer>,
    pub drag: Option<Drag>,
    pub selected: Option<TaskId>,
    /// The tour stop shown, if the learner is on the tour.
    pub tour: Option<usize>,
    /// What the current tour stop highlights.
    pub highlight: Rc<Highlight>,
    /// Bumped when the page theme changes, so the canvas repaints.
    pub theme_epoch: u32,
    /// Painting for a slide (`slide.rs`): no playhead handle or label.
    pub for_slide: bool,
}

impl Default for ViewerState {
    fn default() -> Self {
        ViewerState {
            model: None,
            width: 800.0,
            height: 300.0,
            vp: Viewport::fit(0, 800.0 - GUTTER),
            scroll_y: 0.0,
            view: View::Task,
            arrows: true,
            playhead: 0.0,
            cursor: None,
            playing: false,
            speed_pos: slider_at(1.0),
            last_frame: None,
            pointer: None,
            drag: None,
            selected: None,
            tour: None,
            highlight: Rc::default(),
            theme_epoch: 0,
            for_slide: false,
        }
    }
}

pub enum Action {
    /// A new run: fit, rewind and play once.
    Load(Rc<RunModel>),
    Resize {
        width: f64,
        height: f64,
    },
    TogglePlay,
    Pause,
    /// An animation frame at this `performance.now()`.
    Frame(f64),
    Seek(f64),
    /// Move by this many events (negative: back), and pause.
    Step(i64),
    /// Put the playhead on this event (0-based), applied, and pause.
    SeekEvent(usize),
    Home,
    End,
    /// Zoom by a factor (> 1 zooms in) about the playhead when visible, else the middle.
    Zoom(f64),
    Fit,
    SetView(View),
    ToggleArrows,
    Speed(u32),
    Down {
        x: f64,
        y: f64,
    },
    Move {
        x: f64,
        y: f64,
    },
    Up {
        x: f64,
        y: f64,
    },
    Leave,
    Wheel {
        x: f64,
        dx: f64,
        dy: f64,
        shift: bool,
    },
    Select(Option<TaskId>),
    /// Go to this stop of the lesson's tour.
    Tour(usize),
    /// Go this many stops on (negative: back); N and P.
    TourStep(i64),
    ThemeChanged,
}

// ===== impl ViewerState =====

impl ViewerState {
    pub fn geom(&self) -> RowGeom {
        RowGeom {
            top: AXIS_H,
            row_h: ROW_H,
            scroll_y: self.scroll_y,
        }
    }

    pub fn rows(&self) -> Option<&Rows> {
        self.model.as_ref().map(|m| m.rows(self.view))
    }

    pub fn end(&self) -> Micros {
        self.model.as_ref().map_or(0, |m| m.end)
    }

    /// How many events the inspector and the event list show as applied.
    pub fn applied(&self) -> usize {
        match (&self.model, self.cursor) {
            (Some(m), Some(c)) => c.min(m.times.len()),
            (Some(m), None) => m.applied(self.playhead),
            (None, _) => 0,
        }
    }

    pub fn speed(&self) -> f64 {
        speed_at(self.speed_pos)
    }

    /// The time at canvas x (which includes the gutter).
    pub fn t_at(&self, x: f64) -> f64 {
        self.vp.t_at(x - GUTTER)
    }

    /// The canvas x of the playhead.
    pub fn playhead_x(&self) -> f64 {
        GUTTER + self.vp.x(self.playhead)
    }

    /// The task a row belongs to in the task view, or the task a hit segment or marker shows.
    pub fn task_of(&self, h: &Hit) -> Option<TaskId> {
        let row = self.rows()?.rows.get(h.row)?;
        match h.target {
            Target::Seg(i) => row.segs.get(i).map(|s| TaskId(s.task)),
            Target::Mark(i) => row.marks.get(i).map(|m| TaskId(m.task)),
        }
        .or(match row.key {
            RowKey::Task(t) => Some(t),
            _ => None,
        })
    }

    pub(super) fn hit_at(&self, x: f64, y: f64) -> Option<Hit> {
        if x < GUTTER {
            return None;
        }
        hit(self.rows()?, &self.geom(), &self.vp, x - GUTTER, y, 4.0)
    }

    pub(super) fn clamp_scroll(&mut self) {
        let rows = self.rows().map_or(0, |r| r.rows.len());
        let max = self.geom().max_scroll(self.height, rows);
        self.scroll_y = self.scroll_y.clamp(0.0, max);
    }

    pub(super) fn seek(&mut self, t: f64) {
        self.playhead = t.clamp(0.0, self.end() as f64);
        self.playing = false;
        self.vp = self.vp.follow(self.playhead, self.end());
    }

    /// Applies exactly `applied` events and puts the playhead at the last one's time.
    pub(super) fn seek_event(&mut self, times: &[Micros], applied: usize) {
        let t = applied
            .checked_sub(1)
            .and_then(|i| times.get(i))
            .copied()
            .unwrap_or(0);
        self.seek(t as f64);
        self.cursor = Some(applied);
    }

    pub(super) fn time_width(&self) -> f64 {
        (self.width - GUTTER).max(1.0)
    }
}
