//! The viewer's tour transitions: going to a lesson's stop moves the playhead there and
//! highlights what the stop names; a new lesson brings the view it asks for.

use super::model::{RunModel, View};
use super::viewer_state::ViewerState;
use crate::model::LessonView;
use crate::trace::tour::{self, Highlight};
use std::rc::Rc;

impl ViewerState {
    /// Goes to stop `i` (paused, with its highlight); `false` when there is no such stop.
    pub(super) fn go_to_stop(&mut self, i: usize) -> bool {
        let Some(m) = self.model.clone() else {
            return false;
        };
        let Some(stop) = m.run.scenario.lesson.stops.get(i) else {
            return false;
        };
        self.tour = Some(i);
        self.highlight = Rc::new(tour::highlight(&m.run.trace, stop));
        // A stop past the end shows the end; the panel says why.
        self.seek(stop.at as f64);
        true
    }

    pub(super) fn step_tour(&mut self, by: i64) -> bool {
        let stops = self
            .model
            .as_ref()
            .map_or(0, |m| m.run.scenario.lesson.stops.len());
        match tour::step(self.tour, by, stops) {
            Some(i) => self.go_to_stop(i),
            None => false,
        }
    }

    pub(super) fn leave_tour(&mut self) {
        self.tour = None;
        self.highlight = Rc::new(Highlight::default());
    }

    /// On a run of a different lesson, shows the view that lesson asks for; the same lesson
    /// run again keeps whatever view the learner chose.
    pub(super) fn take_lesson_view(&mut self, next: &RunModel) {
        let lesson = &next.run.scenario.lesson;
        let same = self
            .model
            .as_ref()
            .is_some_and(|m| m.run.scenario.lesson == *lesson);
        if same {
            return;
        }
        if let Some(view) = lesson.view {
            self.view = match view {
                LessonView::Threads => View::Thread,
                LessonView::Tasks => View::Task,
            };
            self.scroll_y = 0.0;
        }
    }
}
