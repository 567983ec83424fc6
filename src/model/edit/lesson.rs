//! Editing the lesson by picking: its texts in both languages, the view it asks for, and the
//! tour's stops with what each highlights.

use super::EditError;
use crate::lang::Lang;
use crate::model::types::limits::{MAX_LESSON_CHARS, MAX_TOUR_STOPS};
use crate::model::{LessonView, Micros, Pos, Said, Scenario, TaskRef, TourStop};

/// Which text of the lesson an edit changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonText {
    /// `scenario "…" zh "…"`: the title.
    Title,
    About,
    Look,
    Stop(usize),
}

/// A text as the language stores it: one line (a text box may hold line breaks), and at most
/// [`MAX_LESSON_CHARS`] characters, so the edit never produces text that does not load.
fn one_line(text: &str) -> Result<String, EditError> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > MAX_LESSON_CHARS {
        return Err(EditError::TextTooLong);
    }
    Ok(line)
}

/// Sets one language's version of a text. The first text is the one shown when a reader's
/// language has no version, so emptying it promotes the Chinese one rather than losing it.
fn set_said(said: &mut Option<Said>, lang: Lang, text: String) {
    let mut now = said.take().unwrap_or_default();
    match lang {
        Lang::En => now.text = text,
        Lang::Zh => now.zh = Some(text).filter(|t| !t.is_empty()),
    }
    if now.text.is_empty() {
        if let Some(zh) = now.zh.take() {
            now.text = zh;
        }
    }
    *said = Some(now).filter(|s| !s.text.is_empty());
}

/// Sets the `lang` version of one of the lesson's texts; an empty text removes that version.
pub fn set_lesson_text(
    s: &mut Scenario,
    which: LessonText,
    lang: Lang,
    text: &str,
) -> Result<(), EditError> {
    let text = one_line(text)?;
    match which {
        LessonText::Title => {
            let mut title = s.title.take().map(|text| Said {
                text,
                zh: s.title_zh.take(),
            });
            set_said(&mut title, lang, text);
            (s.title, s.title_zh) = title.map_or((None, None), |t| (Some(t.text), t.zh));
        }
        LessonText::About => set_said(&mut s.lesson.about, lang, text),
        LessonText::Look => set_said(&mut s.lesson.look, lang, text),
        LessonText::Stop(i) => {
            let stop = stop_mut(s, i)?;
            let mut said = Some(std::mem::take(&mut stop.said));
            set_said(&mut said, lang, text);
            // A stop always says something: the language requires its text.
            stop.said = said.unwrap_or_else(|| Said {
                text: "…".to_string(),
                zh: None,
            });
        }
    }
    Ok(())
}

pub fn set_lesson_view(s: &mut Scenario, view: Option<LessonView>) {
    s.lesson.view = view;
}

fn stop_mut(s: &mut Scenario, index: usize) -> Result<&mut TourStop, EditError> {
    s.lesson.stops.get_mut(index).ok_or(EditError::NoSuchPath)
}

/// Adds a stop after the last one, at the same moment (the teacher moves it), with a question
/// in the teacher's language to replace; returns its index.
pub fn add_stop(s: &mut Scenario, lang: Lang) -> Result<usize, EditError> {
    if s.lesson.stops.len() >= MAX_TOUR_STOPS {
        return Err(EditError::TooManyStops);
    }
    let at = s.lesson.stops.last().map_or(0, |stop| stop.at);
    s.lesson.stops.push(TourStop {
        at,
        said: Said {
            text: lang.t("What happens here?", "这里发生了什么？").to_string(),
            zh: None,
        },
        show: Vec::new(),
        pos: Pos::default(),
    });
    Ok(s.lesson.stops.len() - 1)
}

pub fn delete_stop(s: &mut Scenario, index: usize) -> Result<(), EditError> {
    stop_mut(s, index)?;
    s.lesson.stops.remove(index);
    Ok(())
}

/// Moves a stop to another moment, keeping the stops in time order (N steps through them as
/// written, so order is time order); returns where the stop went.
pub fn set_stop_at(s: &mut Scenario, index: usize, at: Micros) -> Result<usize, EditError> {
    let mut stop = stop_mut(s, index)?.clone();
    let was = stop.at;
    if at == was {
        return Ok(index);
    }
    stop.at = at;
    s.lesson.stops.remove(index);
    // Moved later, it goes after the stops of its new moment; moved earlier, before them.
    let to = match at > was {
        true => s.lesson.stops.partition_point(|other| other.at <= at),
        false => s.lesson.stops.partition_point(|other| other.at < at),
    };
    s.lesson.stops.insert(to, stop);
    Ok(to)
}

/// Adds a task or resource to what a stop highlights, or takes it away if it is there.
pub fn toggle_stop_shows(s: &mut Scenario, index: usize, shown: TaskRef) -> Result<(), EditError> {
    let stop = stop_mut(s, index)?;
    let same = |r: &TaskRef| r.name == shown.name && r.replica == shown.replica;
    match stop.show.iter().position(same) {
        Some(at) => {
            stop.show.remove(at);
        }
        None => stop.show.push(shown),
    }
    Ok(())
}

/// What a stop may highlight: every task group and replica, then every resource.
pub fn stop_choices(s: &Scenario) -> Vec<TaskRef> {
    let mut out = super::task_ref_choices(s, None);
    out.extend(s.resources.iter().map(|r| super::task_ref(&r.name, None)));
    out
}

/// Applies `f` to every name a tour stop highlights (renames follow, deletions go).
pub(super) fn stop_refs_retain(s: &mut Scenario, mut f: impl FnMut(&mut TaskRef) -> bool) {
    for stop in &mut s.lesson.stops {
        stop.show.retain_mut(&mut f);
    }
}
