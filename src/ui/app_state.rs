//! The app's state as a `Reducible`: the user's text (never thrown away), the last valid
//! scenario, its diagnostics, the current run, undo/redo, and the user's settings.

use crate::model::edit::EditError;
use crate::model::share::ShareError;
use crate::model::{parse, print, validate, Diagnostic, Scenario};
use crate::ui::explorer::sched_text::SchedNote;
use crate::ui::i18n::Lang;
use crate::ui::run::Progress;
use crate::ui::run::{RunMode, RunView};
use crate::ui::viewer::model::RunModel;
use std::rc::Rc;
use yew::prelude::*;

/// How many earlier texts undo keeps.
const UNDO_DEPTH: usize = 200;

/// The colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Which view of the scenario the editor shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Visual,
    Text,
}

/// Work that a load replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    pub text: Rc<str>,
    pub title: String,
    /// Counts the loads that replaced work, so each one is kept once.
    pub count: u64,
}

/// A message in the banner under the header. Kept as data, so it follows a language switch.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A share link could not be opened; the user's autosaved work was loaded instead.
    BrokenLink(ShareError),
    /// A link asked for a live run that starts this many new web workers: it ran simulated,
    /// and the banner offers to run it live.
    LiveAsked(usize),
    /// The work a load replaced is kept in the history; the banner offers it back.
    WorkKept(Rc<str>),
    /// The browser would not save (storage full or turned off): say what to do.
    StorageFailed(String),
    /// A visual edit was refused.
    EditRefused(EditError),
    /// A visual edit would have made the scenario invalid (the validator's first error, shown
    /// in the language of the moment). `None` when there was no error to quote.
    EditInvalid(Option<Diagnostic>),
    /// A file could not be read (the browser's reason).
    ImportFailed(String),
    /// A file was larger than a scenario may be (its name).
    ImportTooLarge(String),
    /// A file was loaded.
    Imported(String),
    /// A link's recorded schedule could not be followed exactly (what happened instead).
    Schedule(SchedNote),
    /// A big simulation was cancelled; the timeline still shows the last finished run.
    RunCancelled,
}

/// What a visual edit does to the scenario.
pub type EditOp = dyn Fn(&mut Scenario) -> Result<(), EditError>;

/// A visual edit: applied to a copy of the last valid scenario.
#[derive(Clone)]
pub struct EditFn(pub Rc<EditOp>);

impl EditFn {
    pub fn new(f: impl Fn(&mut Scenario) -> Result<(), EditError> + 'static) -> Self {
        EditFn(Rc::new(f))
    }
}

/// Everything the app shows that is not private to one component.
#[derive(Clone)]
pub struct AppState {
    /// The scenario text as the user has it, valid or not.
    pub text: Rc<str>,
    /// The last scenario that loaded without errors: what the visual editor and runs use.
    pub scenario: Rc<Scenario>,
    /// Whether `text` itself is valid (else `scenario` is an older version).
    pub text_ok: bool,
    /// Errors and warnings of `text`.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// Increases whenever `scenario` changes: a new run is due.
    pub scenario_rev: u64,
    /// Increases when the user asks for a run of the same scenario (▶, Ctrl+Enter).
    pub run_request: u64,
    /// The latest finished run.
    pub run: Option<Rc<RunView>>,
    /// The viewer's model of `run`, when it was built ahead (a big run, in slices).
    pub model: Option<Rc<RunModel>>,
    /// A big simulation, or a live run, is under way.
    pub running: bool,
    /// How far a big simulation or layout has got (a simulation can be cancelled meanwhile).
    pub progress: Option<Progress>,
    /// Simulated or live: how ▶ and every change run the scenario.
    pub mode: RunMode,
    pub lang: Lang,
    pub theme: Theme,
    /// A seed that overrides the scenario's own (from a share link).
    pub seed: Option<u64>,
    /// A recorded schedule from a share link (`&sched=`): runs replay it until the scenario
    /// changes, so the link shows exactly the interleaving it was made from.
    pub sched: Option<Rc<str>>,
    /// Live runs pass shared state as messages to the coordinator even where the page could
    /// share memory (the live bar's setting, or a link's `&memory=messages`).
    pub live_messages: bool,
    pub hint_dismissed: bool,
    pub notice: Option<Notice>,
    /// The work the last load replaced, for the history to keep.
    pub replaced: Option<Replaced>,
    pub tab: Tab,
    undo: Vec<Rc<str>>,
    redo: Vec<Rc<str>>,
    /// Inside a burst of typing, which undo takes back as one step.
    typing: bool,
}

pub enum Action {
    /// The user typed in the text view.
    Type(String),
    /// A pause in typing ends the undo step.
    EndTyping,
    /// A visual edit.
    Edit(EditFn),
    /// Replaces the whole text (a preset, an import, a link), undoably.
    Load {
        text: String,
        seed: Option<u64>,
    },
    Undo,
    Redo,
    RunNow,
    RunStarted,
    /// A live run reported more of its trace (it is still running).
    /// With the viewer's model when it was laid out ahead (a big trace, in slices).
    RunProgress(Rc<RunView>, Option<Rc<RunModel>>),
    RunDone(Rc<RunView>),
    /// A big simulation advanced.
    SimProgress(Progress),
    /// A big simulation ended, with the viewer's model built in slices too.
    RunPrepared(Rc<RunView>, Rc<RunModel>),
    /// The user cancelled a big simulation: the last finished run stays.
    RunCancelled,
    /// Switches between simulated and live runs, and runs again in the new mode.
    SetMode(RunMode),
    /// Replays a link's recorded schedule on the next runs (until the scenario changes).
    SetSched(Option<String>),
    /// Live runs from now on use messages (`true`) or shared memory where the page has it.
    SetLiveMessages(bool),
    SetLang(Lang),
    ToggleTheme,
    DismissHint,
    Notify(Option<Notice>),
    SetTab(Tab),
    ClearSeed,
}

/// Parses and validates: the scenario when there is no error, and every diagnostic.
fn check(text: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    match parse(text) {
        Err(diagnostics) => (None, diagnostics),
        Ok(scenario) => {
            let diagnostics = validate(&scenario);
            let ok = !diagnostics.iter().any(Diagnostic::is_error);
            (ok.then_some(scenario), diagnostics)
        }
    }
}

impl AppState {
    /// The state for a freshly opened page.
    pub fn new(text: String, lang: Lang, theme: Theme, hint_dismissed: bool) -> Self {
        let mut state = AppState {
            text: Rc::from(""),
            scenario: Rc::new(Scenario::default()),
            text_ok: true,
            diagnostics: Rc::new(Vec::new()),
            scenario_rev: 0,
            run_request: 0,
            run: None,
            model: None,
            running: false,
            progress: None,
            mode: RunMode::Sim,
            lang,
            theme,
            seed: None,
            sched: None,
            live_messages: false,
            hint_dismissed,
            notice: None,
            replaced: None,
            tab: Tab::Visual,
            undo: Vec::new(),
            redo: Vec::new(),
            typing: false,
        };
        state.set_text(text);
        state
    }

    /// Whether undo / redo have anything to do.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Takes `text` as the current text and re-checks it.
    fn set_text(&mut self, text: String) {
        let (scenario, diagnostics) = check(&text);
        self.text = Rc::from(text);
        self.diagnostics = Rc::new(diagnostics);
        self.text_ok = scenario.is_some();
        if let Some(scenario) = scenario {
            if *self.scenario != scenario || self.scenario_rev == 0 {
                self.scenario = Rc::new(scenario);
                self.scenario_rev += 1;
                // A schedule belongs to the scenario it was recorded on.
                self.sched = None;
            }
        }
    }

    /// Remembers the current text for undo, before a change.
    fn push_undo(&mut self) {
        self.undo.push(self.text.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Replaces the text as one undoable step.
    fn replace(&mut self, text: String) {
        self.typing = false;
        if *self.text != *text {
            self.push_undo();
            self.set_text(text);
        }
    }

    /// Opens a text (a preset, a file, a link) with its seed override, undoably, and runs it
    /// even when it is the text already shown.
    pub fn load(&mut self, text: String, seed: Option<u64>) {
        self.seed = seed;
        if *self.text != *text {
            // The app keeps the work being replaced in the history (`ui::history`).
            self.replaced = Some(Replaced {
                text: self.text.clone(),
                title: self.scenario.title.clone().unwrap_or_default(),
                count: self.replaced.as_ref().map_or(1, |r| r.count + 1),
            });
        }
        self.replace(text);
        self.run_request += 1;
    }

    fn edit(&mut self, edit: EditFn) {
        let mut next = (*self.scenario).clone();
        if let Err(error) = (edit.0)(&mut next) {
            self.notice = Some(Notice::EditRefused(error));
            return;
        }
        if next == *self.scenario {
            return;
        }
        let text = print(&next);
        let (checked, diagnostics) = check(&text);
        if checked.is_none() {
            // The visual editor never breaks the scenario: say why and keep it as it was.
            let first = diagnostics.into_iter().find(Diagnostic::is_error);
            self.notice = Some(Notice::EditInvalid(first));
            return;
        }
        if matches!(
            self.notice,
            Some(Notice::EditRefused(_) | Notice::EditInvalid(_))
        ) {
            self.notice = None;
        }
        self.replace(text);
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Type(text) => {
                if !s.typing {
                    s.push_undo();
                    s.typing = true;
                }
                s.set_text(text);
            }
            Action::EndTyping => {
                if !s.typing {
                    return self;
                }
                s.typing = false;
            }
            Action::Edit(edit) => s.edit(edit),
            Action::Load { text, seed } => s.load(text, seed),
            Action::Undo | Action::Redo => {
                let (from, to) = match action {
                    Action::Undo => (&mut s.undo, &mut s.redo),
                    _ => (&mut s.redo, &mut s.undo),
                };
                let Some(text) = from.pop() else {
                    return self;
                };
                to.push(s.text.clone());
                s.typing = false;
                s.set_text(text.to_string());
            }
            Action::RunNow => s.run_request += 1,
            Action::RunStarted => {
                s.running = true;
                s.progress = None;
            }
            Action::RunProgress(run, model) => {
                s.run = Some(run);
                s.model = model;
            }
            Action::SimProgress(progress) => s.progress = Some(progress),
            Action::RunPrepared(run, model) => {
                s.run = Some(run);
                s.model = Some(model);
                s.running = false;
                s.progress = None;
            }
            Action::RunCancelled => {
                s.running = false;
                s.progress = None;
                s.notice = Some(Notice::RunCancelled);
            }
            Action::SetLiveMessages(messages) => s.live_messages = messages,
            Action::SetSched(sched) => {
                s.sched = sched.map(Rc::from);
                s.run_request += 1;
            }
            Action::SetMode(mode) => {
                if s.mode == mode {
                    return self;
                }
                s.mode = mode;
                s.running = false;
                s.progress = None;
                s.run_request += 1;
            }
            Action::RunDone(run) => {
                s.run = Some(run);
                s.model = None;
                s.running = false;
                s.progress = None;
            }
            Action::SetLang(lang) => s.lang = lang,
            Action::ToggleTheme => {
                s.theme = match s.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }
            Action::DismissHint => s.hint_dismissed = true,
            Action::Notify(notice) => s.notice = notice,
            Action::SetTab(tab) => s.tab = tab,
            Action::ClearSeed => {
                s.seed = None;
                s.run_request += 1;
            }
        }
        Rc::new(s)
    }
}
