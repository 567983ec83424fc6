//! The parser's lesson lines: `lesson`, `look`, `view` and `stop`, and the texts they say
//! (docs/LANGUAGE.md §3.8).

use super::lexer::Tok;
use super::{PResult, Parser};
use crate::model::types::limits::MAX_TOUR_STOPS;
use crate::model::{duration_text, LessonView, Pos, Said, Scenario, TourStop};

/// Where the once-only lesson lines were first seen.
#[derive(Default)]
pub(super) struct SeenLesson {
    about: Option<Pos>,
    look: Option<Pos>,
    view: Option<Pos>,
}

impl Parser {
    /// A text a person reads: `"…"`, then optionally `zh "…"` for Chinese readers.
    pub(super) fn said(&mut self, after: &str) -> PResult<Said> {
        let text = self.quoted_text(after)?;
        let zh = if self.is_word("zh") && !self.at_stmt_end() {
            self.bump();
            Some(self.quoted_text("zh")?)
        } else {
            None
        };
        Ok(Said { text, zh })
    }

    fn quoted_text(&mut self, after: &str) -> PResult<String> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs a text in double quotes"), None));
        }
        match self.peek_tok().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(s)
            }
            _ => Err(self.unexpected(
                &format!("a text in double quotes after `{after}`"),
                Some(format!("write {after} \"...\"")),
            )),
        }
    }

    /// One `lesson`, `look`, `view` or `stop` line.
    pub(super) fn lesson_line(
        &mut self,
        word: &str,
        sc: &mut Scenario,
        seen: &mut SeenLesson,
    ) -> PResult<()> {
        let kw = self.bump();
        match word {
            "lesson" | "look" => {
                let said = self.said(word)?;
                let (first, slot) = match word {
                    "lesson" => (&mut seen.about, &mut sc.lesson.about),
                    _ => (&mut seen.look, &mut sc.lesson.look),
                };
                match *first {
                    Some(at) => {
                        return Err(self.twice(kw, word, at));
                    }
                    None => {
                        *first = Some(kw);
                        *slot = Some(said);
                    }
                }
            }
            "view" => {
                let view = match self.peek_tok() {
                    Tok::Ident(w) if w == "threads" && !self.at_stmt_end() => LessonView::Threads,
                    Tok::Ident(w) if w == "tasks" && !self.at_stmt_end() => LessonView::Tasks,
                    _ => {
                        return Err(self.unexpected(
                            "`threads` or `tasks` after `view`",
                            Some("write view threads, to show one row per thread".to_string()),
                        ))
                    }
                };
                self.bump();
                if let Some(at) = seen.view {
                    return Err(self.twice(kw, word, at));
                }
                seen.view = Some(kw);
                sc.lesson.view = Some(view);
            }
            _ => {
                let stop = self.tour_stop(kw)?;
                if sc.lesson.stops.len() == MAX_TOUR_STOPS {
                    return Err(self.err(
                        kw,
                        format!("a tour has at most {MAX_TOUR_STOPS} stops"),
                        Some("split the lesson into more scenarios".to_string()),
                    ));
                }
                sc.lesson.stops.push(stop);
            }
        }
        self.end_stmt(&format!("the {word} line"));
        Ok(())
    }

    /// `stop DUR "…" [zh "…"] [on T, R, …]`.
    fn tour_stop(&mut self, kw: Pos) -> PResult<TourStop> {
        let at = self.dur_arg("stop")?;
        if !matches!(self.peek_tok(), Tok::Str(_)) || self.at_stmt_end() {
            let hint = Some(format!(
                "write stop {} \"what happens here\"",
                duration_text(at)
            ));
            if self.at_stmt_end() {
                let end = self.prev_end();
                return Err(self.err(end, "stop needs a text in double quotes", hint));
            }
            return Err(self.unexpected("a text in double quotes after the stop's time", hint));
        }
        let said = self.said("stop")?;
        let show = if self.is_word("on") && !self.at_stmt_end() {
            self.bump();
            self.task_list("on")?
        } else {
            Vec::new()
        };
        Ok(TourStop {
            at,
            said,
            show,
            pos: kw,
        })
    }

    fn twice(&mut self, kw: Pos, word: &str, first: Pos) -> super::Bail {
        self.err(
            kw,
            format!("a second {word} line; the first is on line {}", first.line),
            Some(format!("a scenario has one {word} line")),
        )
    }
}
