//! Checks of the lesson lines: texts fit, highlighted names exist, stops run forward in time.

use super::{Validator, Want};
use crate::model::types::limits::MAX_LESSON_CHARS;
use crate::model::{duration_text, Lesson, Pos, Said};

impl Validator<'_> {
    pub(super) fn lesson(&mut self, lesson: &Lesson) {
        if let Some(about) = &lesson.about {
            self.said(Pos::default(), "the lesson", about);
        }
        if let Some(look) = &lesson.look {
            self.said(Pos::default(), "the look text", look);
        }
        let mut previous: Option<(u64, Pos)> = None;
        for stop in &lesson.stops {
            self.said(stop.pos, "the stop's text", &stop.said);
            for r in &stop.show {
                match r.replica {
                    Some(_) => {
                        self.task_ref("stop", r, false, None);
                    }
                    None => {
                        self.resolve("stop", &r.name, r.pos, Want::Shown);
                    }
                }
            }
            if let Some((at, pos)) = previous.filter(|(at, _)| stop.at < *at) {
                self.warning(
                    stop.pos,
                    format!(
                        "this stop is at {}, before the stop on line {} at {}",
                        duration_text(stop.at),
                        pos.line,
                        duration_text(at)
                    ),
                    Some(
                        "N steps through the stops as written: put them in time order".to_string(),
                    ),
                );
            }
            previous = Some((stop.at, stop.pos));
        }
    }

    fn said(&mut self, pos: Pos, what: &str, said: &Said) {
        self.text_within(pos, what, &said.text, MAX_LESSON_CHARS);
        if let Some(zh) = &said.zh {
            self.text_within(pos, what, zh, MAX_LESSON_CHARS);
        }
    }
}
