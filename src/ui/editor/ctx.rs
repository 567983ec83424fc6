//! What every part of the visual editor needs: the scenario, the language, the way to edit,
//! and the item being dragged.

use crate::model::edit::{step_at_mut, EditError, StepPath};
use crate::model::{Scenario, StepKind};
use crate::ui::app_state::EditFn;
use crate::ui::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

/// What is being dragged in the visual editor.
#[derive(Clone, Debug, PartialEq)]
pub enum DragItem {
    Step(StepPath),
    Task(usize),
}

/// Passed to every component of the visual editor as its `ctx` prop.
#[derive(Clone, PartialEq)]
pub struct EditorCtx {
    pub scenario: Rc<Scenario>,
    pub lang: Lang,
    pub on_edit: Callback<EditFn>,
    pub drag: UseStateHandle<Option<DragItem>>,
}

impl EditorCtx {
    /// Applies an edit to the scenario.
    pub fn edit(&self, f: impl Fn(&mut Scenario) -> Result<(), EditError> + 'static) {
        self.on_edit.emit(EditFn::new(f));
    }

    /// A callback that edits the scenario with the value it is given.
    pub fn callback<V: Clone + 'static>(
        &self,
        f: impl Fn(&mut Scenario, V) -> Result<(), EditError> + 'static,
    ) -> Callback<V> {
        let on_edit = self.on_edit.clone();
        let f = Rc::new(f);
        Callback::from(move |value: V| {
            let f = f.clone();
            on_edit.emit(EditFn::new(move |s| f(s, value.clone())));
        })
    }

    /// A callback that changes one parameter of the step at `path`.
    pub fn patch<V: Clone + 'static>(
        &self,
        path: &StepPath,
        f: fn(&mut StepKind, V),
    ) -> Callback<V> {
        let path = path.clone();
        self.callback(move |s, value| {
            let step = step_at_mut(s, &path).ok_or(EditError::NoSuchPath)?;
            f(&mut step.kind, value);
            Ok(())
        })
    }

    /// A click handler that applies an edit.
    pub fn on_click(
        &self,
        f: impl Fn(&mut Scenario) -> Result<(), EditError> + 'static,
    ) -> Callback<MouseEvent> {
        let on_edit = self.on_edit.clone();
        let f = Rc::new(f);
        Callback::from(move |_: MouseEvent| {
            let f = f.clone();
            on_edit.emit(EditFn::new(move |s| f(s)));
        })
    }
}
