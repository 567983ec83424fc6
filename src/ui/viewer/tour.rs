//! The viewer's tour transitions: going to a lesson's stop moves the playhead there and
//! highlights what the stop names; a new lesson brings the view it asks for.

use super::model::{RunModel, View};
use super::viewer_state::ViewerState;
use crate::model::LessonView;
use crate::trace::layout::RowKey;
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

    /// On a run of a different lesson, shows the view that lesson asks for (by task when it
    /// asks for none); the same lesson run again keeps whatever view the learner chose.
    pub(super) fn take_lesson_view(&mut self, next: &RunModel) {
        let lesson = &next.run.scenario.lesson;
        let same = self
            .model
            .as_ref()
            .is_some_and(|m| m.run.scenario.lesson == *lesson);
        if same {
            return;
        }
        let view = match lesson.view {
            Some(LessonView::Threads) => View::Thread,
            Some(LessonView::Tasks) | None => View::Task,
        };
        if view != self.view {
            self.view = view;
            self.scroll_y = 0.0;
        }
    }
}

impl ViewerState {
    /// True when the current tour stop highlights this row: a highlighted task's or resource's
    /// own row, or a lane its tasks run on.
    pub fn highlights_row(&self, key: RowKey) -> bool {
        let h = &self.highlight;
        match key {
            RowKey::Res(r) => h.resources.contains(&r),
            RowKey::Task(t) => h.has_task(t),
            RowKey::Lane(l) => self
                .model
                .as_ref()
                .is_some_and(|m| tour::highlights_lane(m.trace(), h, l)),
            RowKey::Core(_) => false,
        }
    }
}
