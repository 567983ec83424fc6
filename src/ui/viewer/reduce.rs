//! The viewer's transitions: how each action (keys, buttons, wheel, drag, animation frames)
//! changes the state. One reducer, so every input path follows the same rules.

use super::viewer_state::{Action, Drag, Pointer, ViewerState, AXIS_H, GUTTER, ROW_H};
use crate::trace::layout::playback::advance;
use crate::trace::layout::{RowKey, Viewport};
use crate::trace::TaskId;
use std::rc::Rc;
use yew::Reducible;

/// How close (px) to the playhead a press grabs it instead of panning.
const GRAB_PX: f64 = 6.0;

impl ViewerState {
    /// Applies one action; `false` when nothing changed (so nothing re-renders).
    fn apply(&mut self, action: Action) -> bool {
        let end = self.end();
        if moves_by_time(&action) {
            self.cursor = None;
        }
        match action {
            Action::Load(model) => {
                let same_run = self
                    .model
                    .as_ref()
                    .is_some_and(|m| m.run.generation == model.run.generation);
                let fitted = self.vp == Viewport::fit(end, self.time_width());
                self.take_lesson_view(&model);
                self.model = Some(model);
                if same_run {
                    // The same run, grown (a live run reporting more events): keep the
                    // user's place; a fitted view keeps fitting the whole run.
                    if fitted {
                        self.vp = Viewport::fit(self.end(), self.time_width());
                    }
                    self.pointer = None;
                    return true;
                }
                self.vp = Viewport::fit(self.end(), self.time_width());
                self.scroll_y = 0.0;
                self.playhead = 0.0;
                self.playing = true;
                self.last_frame = None;
                self.pointer = None;
                self.drag = None;
                self.selected = None;
                self.leave_tour();
            }
            Action::Resize { width, height } => {
                if (width - self.width).abs() < 0.5 && (height - self.height).abs() < 0.5 {
                    return false;
                }
                let fitted = self.vp == Viewport::fit(end, self.time_width());
                self.width = width.max(GUTTER + 50.0);
                self.height = height.max(AXIS_H + ROW_H);
                self.vp = if fitted {
                    Viewport::fit(end, self.time_width())
                } else {
                    self.vp.with_width(self.time_width())
                };
                self.clamp_scroll();
            }
            Action::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else {
                    if self.playhead >= end as f64 {
                        self.playhead = 0.0;
                        self.vp = self.vp.follow(0.0, end);
                    }
                    self.playing = self.model.is_some();
                    self.last_frame = None;
                }
            }
            Action::Pause => {
                if !self.playing {
                    return false;
                }
                self.playing = false;
            }
            Action::Frame(now) => {
                if !self.playing {
                    return false;
                }
                let dt = self.last_frame.map_or(0.0, |last| now - last);
                self.last_frame = Some(now);
                self.playhead += advance(dt, self.speed(), self.vp.span());
                if self.playhead >= end as f64 {
                    self.playhead = end as f64;
                    self.playing = false;
                }
                self.vp = self.vp.follow(self.playhead, end);
            }
            Action::Seek(t) => self.seek(t),
            Action::Step(n) => {
                let Some(model) = self.model.clone() else {
                    return false;
                };
                let now = self.applied() as i64;
                let next = (now + n).clamp(0, model.times.len() as i64) as usize;
                self.seek_event(&model.times, next);
            }
            Action::SeekEvent(i) => {
                let Some(model) = self.model.clone() else {
                    return false;
                };
                self.seek_event(&model.times, (i + 1).min(model.times.len()));
            }
            Action::Home => {
                self.seek(0.0);
                self.cursor = Some(0);
            }
            Action::End => self.seek(end as f64),
            Action::Zoom(factor) => {
                let px = self.vp.x(self.playhead);
                let anchor = if (0.0..=self.vp.width_px).contains(&px) {
                    px
                } else {
                    self.vp.width_px / 2.0
                };
                self.vp = self.vp.zoom_at(anchor, factor, end);
            }
            Action::Fit => self.vp = Viewport::fit(end, self.time_width()),
            Action::SetView(view) => {
                if view == self.view {
                    return false;
                }
                self.view = view;
                self.scroll_y = 0.0;
                self.pointer = None;
            }
            Action::ToggleArrows => self.arrows = !self.arrows,
            Action::Speed(pos) => {
                self.speed_pos = pos;
                self.last_frame = None;
            }
            Action::Down { x, y } => {
                if self.model.is_none() {
                    return false;
                }
                let near_playhead = (x - self.playhead_x()).abs() <= GRAB_PX;
                if x >= GUTTER && (y < AXIS_H || near_playhead) {
                    self.drag = Some(Drag::Scrub);
                    self.seek(self.t_at(x));
                    self.cursor = None;
                } else {
                    self.drag = Some(Drag::Pan {
                        x0: x,
                        y0: y,
                        vp: self.vp,
                        scroll: self.scroll_y,
                        moved: false,
                    });
                }
            }
            Action::Move { x, y } => match self.drag {
                Some(Drag::Scrub) => {
                    self.playhead = self.t_at(x).clamp(0.0, end as f64);
                    self.playing = false;
                    self.cursor = None;
                }
                Some(Drag::Pan {
                    x0,
                    y0,
                    vp,
                    scroll,
                    moved,
                }) => {
                    let moved = moved || (x - x0).abs() + (y - y0).abs() > 3.0;
                    self.vp = vp.pan_px(x - x0, end);
                    self.scroll_y = scroll - (y - y0);
                    self.clamp_scroll();
                    self.drag = Some(Drag::Pan {
                        x0,
                        y0,
                        vp,
                        scroll,
                        moved,
                    });
                }
                None => {
                    self.pointer = Some(Pointer {
                        x,
                        y,
                        hit: self.hit_at(x, y),
                    })
                }
            },
            Action::Up { x, y } => {
                if let Some(Drag::Pan { moved: false, .. }) = self.drag {
                    self.selected = self.click_target(x, y);
                }
                self.drag = None;
                self.pointer = Some(Pointer {
                    x,
                    y,
                    hit: self.hit_at(x, y),
                });
            }
            Action::Leave => {
                if self.pointer.is_none() {
                    return false;
                }
                self.pointer = None;
            }
            Action::Wheel { x, dx, dy, shift } => {
                if shift {
                    self.scroll_y += if dy != 0.0 { dy } else { dx };
                    self.clamp_scroll();
                } else if dx.abs() > dy.abs() {
                    self.vp = self.vp.pan_px(-dx, end);
                } else {
                    let factor = (-dy * 0.0015).clamp(-2.0, 2.0).exp();
                    self.vp = self.vp.zoom_at((x - GUTTER).max(0.0), factor, end);
                }
            }
            Action::Select(task) => self.selected = task,
            Action::Tour(i) => return self.go_to_stop(i),
            Action::TourStep(by) => return self.step_tour(by),
            Action::ThemeChanged => self.theme_epoch = self.theme_epoch.wrapping_add(1),
        }
        true
    }

    /// A click selects the task under it (a row name in the task view, or a segment), or clears.
    fn click_target(&self, x: f64, y: f64) -> Option<TaskId> {
        if x < GUTTER {
            let row = self.geom().row_at(y, self.rows()?.rows.len())?;
            return match self.rows()?.rows[row].key {
                RowKey::Task(t) => Some(t),
                _ => None,
            };
        }
        let h = self.hit_at(x, y)?;
        self.task_of(&h)
    }
}

/// The action moves the playhead by time, which ends stepping event by event.
fn moves_by_time(action: &Action) -> bool {
    matches!(
        action,
        Action::Load(_)
            | Action::TogglePlay
            | Action::Frame(_)
            | Action::Seek(_)
            | Action::End
            | Action::Tour(_)
            | Action::TourStep(_)
    )
}

impl Reducible for ViewerState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Action::Frame(_) = action {
            if !self.playing {
                return self;
            }
        }
        let mut next = (*self).clone();
        if next.apply(action) {
            Rc::new(next)
        } else {
            self
        }
    }
}
