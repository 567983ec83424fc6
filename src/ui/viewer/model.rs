//! Everything the viewer derives from one run, computed once per run: rows, arrows, the
//! inspector's index, metrics and deadlock cycles.

use crate::model::Micros;
use crate::model::TaskKind;
use crate::trace::layout::arrows::{rows_by_task, rows_by_thread, ArrowRows};
use crate::trace::layout::chips::{add_value_rows, chips, chips_by_owner, Chip};
use crate::trace::layout::threads::own_lane;
use crate::trace::layout::{by_task, by_thread, causality, Arrow, Row, RowKey, Rows, Seg, Style};
use crate::trace::seek::{applied_at, event_times};
use crate::trace::{
    lane_spans, Inspector, InspectorBuild, LaneKind, Metrics, MetricsOptions, RuntimeState, Span,
    SpanState, TaskId, Trace, WaitForGraph,
};
use crate::ui::run::RunView;
use std::cell::OnceCell;
use std::rc::Rc;

/// How the timeline groups its rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// One row per task (the default).
    #[default]
    Task,
    /// One row per lane: the event loop, each pool worker, each thread or process, each core.
    Thread,
}

impl View {
    /// The word published for tests: `task` or `thread`.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Task => "task",
            View::Thread => "thread",
        }
    }
}

/// Derived data of one run. Views share it as `Rc<RunModel>`.
pub struct RunModel {
    pub run: Rc<RunView>,
    /// Per task, its spans in time order.
    pub spans: Vec<Vec<Span>>,
    task_rows: Rows,
    task_arrow_rows: ArrowRows,
    /// The thread view is built the first time it is shown: most people never switch.
    thread: OnceCell<(Rows, ArrowRows)>,
    /// Causality arrows sorted by the time they point at.
    pub arrows: Vec<Arrow>,
    /// Event times, non-decreasing, for seeking and stepping.
    pub times: Vec<Micros>,
    pub inspector: Inspector,
    pub metrics: Metrics,
    /// The end of the view: the run's last event or its makespan, whichever is later, plus a
    /// tail after a deadlock so the stuck waits show.
    pub end: Micros,
    stuck: Option<Stuck>,
    /// Wait-for cycles at the end of the run (a deadlock), each a list of tasks.
    pub cycles: Vec<Vec<TaskId>>,
    /// The steps that took no time, with the values they saw.
    pub chips: Vec<Chip>,
    /// Indices into `chips`: per task, and per resource.
    task_chips: Vec<Vec<u32>>,
    res_chips: Vec<Vec<u32>>,
}

impl RunModel {
    pub fn new(run: Rc<RunView>) -> RunModel {
        ModelBuild::new(run).finish()
    }

    pub fn trace(&self) -> &Trace {
        &self.run.trace
    }

    fn thread(&self) -> &(Rows, ArrowRows) {
        self.thread.get_or_init(|| {
            let trace = &self.run.trace;
            let mut rows = by_thread(trace, &self.spans, &lane_spans(trace));
            // The event loop and pool workers exist in every run; idle, they only take room.
            rows.rows.retain(|r| match r.key {
                RowKey::Lane(l) => {
                    let shared = matches!(
                        trace.lanes.get(l.0 as usize).map(|i| i.kind),
                        Some(LaneKind::PoolWorker(_) | LaneKind::EventLoop)
                    );
                    !shared || !r.segs.is_empty() || !r.marks.is_empty()
                }
                _ => true,
            });
            if let Some(stuck) = &self.stuck {
                hold_stuck_lanes(trace, &self.spans, stuck, &mut rows);
            }
            add_value_rows(trace, &mut rows);
            let arrow_rows = rows_by_thread(trace, &self.spans, &rows, &self.arrows);
            (rows, arrow_rows)
        })
    }

    /// The rows of a view.
    pub fn rows(&self, view: View) -> &Rows {
        match view {
            View::Task => &self.task_rows,
            View::Thread => &self.thread().0,
        }
    }

    /// Where each arrow's ends sit in a view (aligned with [`RunModel::arrows`]).
    pub fn arrow_rows(&self, view: View) -> &ArrowRows {
        match view {
            View::Task => &self.task_arrow_rows,
            View::Thread => &self.thread().1,
        }
    }

    /// How many events a playhead at `t` has applied.
    pub fn applied(&self, t: f64) -> usize {
        applied_at(&self.times, t.max(0.0) as Micros)
    }

    /// When a run with tasks still blocked (a deadlock) stopped.
    pub fn stopped_stuck(&self) -> Option<Micros> {
        self.stuck.as_ref().map(|s| s.at)
    }

    /// The chips a row shows, as indices into [`RunModel::chips`] in time order: a task's own
    /// (on its row, or its thread's or process's lane) and a resource's.
    pub fn row_chips(&self, key: RowKey) -> &[u32] {
        let task = match key {
            RowKey::Task(t) => Some(t),
            RowKey::Lane(l) => match self.run.trace.lanes.get(l.0 as usize).map(|i| i.kind) {
                Some(LaneKind::Thread(t) | LaneKind::Process(t)) => Some(t),
                _ => None,
            },
            RowKey::Res(r) => return self.res_chips.get(r.0 as usize).map_or(&[], Vec::as_slice),
            RowKey::Core(_) => None,
        };
        task.and_then(|t| self.task_chips.get(t.0 as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The task is part of a deadlock cycle.
    pub fn in_cycle(&self, task: TaskId) -> bool {
        self.cycles.iter().any(|c| c.contains(&task))
    }

    /// The row stands for a task in a deadlock cycle (its own row, or its thread or process).
    pub fn in_cycle_row(&self, row: &Row) -> bool {
        match row.key {
            RowKey::Task(t) => self.in_cycle(t),
            RowKey::Lane(l) => match self.run.trace.lanes.get(l.0 as usize).map(|i| i.kind) {
                Some(LaneKind::Thread(t) | LaneKind::Process(t)) => self.in_cycle(t),
                _ => false,
            },
            RowKey::Core(_) | RowKey::Res(_) => false,
        }
    }
}

/// A [`RunModel`] built in steps, so that a page can paint and show progress between them on
/// a big run: the inspector's replay goes a bounded number of events per step, and each
/// other derived piece is one step.
pub struct ModelBuild {
    run: Rc<RunView>,
    /// The inspector's replay while it goes on; then the inspector.
    replay: Option<InspectorBuild>,
    inspector: Option<Inspector>,
    spans: Option<Vec<Vec<Span>>>,
    arrows: Option<Vec<Arrow>>,
    times: Option<Vec<Micros>>,
    metrics: Option<Metrics>,
    /// How the run ended: deadlock cycles, stuck tasks and the view's end.
    ending: Option<Ending>,
    task_rows: Option<Rows>,
}

/// What the final state says about the end of a run.
struct Ending {
    cycles: Vec<Vec<TaskId>>,
    stuck: Option<Stuck>,
    end: Micros,
}

/// The share of the whole build each step takes, measured on a run of 1,000,000 events:
/// the replay (with the spans and queue depths), arrows and times, metrics, the ending, and the
/// rows.
const STEP_WEIGHTS: [f64; 5] = [0.65, 0.05, 0.15, 0.03, 0.12];

impl ModelBuild {
    /// Starts a build; this compiles the trace, one pass over it.
    pub fn new(run: Rc<RunView>) -> ModelBuild {
        ModelBuild {
            replay: Some(InspectorBuild::for_viewer(&run.trace)),
            inspector: None,
            run,
            spans: None,
            arrows: None,
            times: None,
            metrics: None,
            ending: None,
            task_rows: None,
        }
    }

    /// Does the next step (at most `events` events of replay); returns the fraction done,
    /// 1.0 once every step is.
    pub fn advance(&mut self, events: usize) -> f64 {
        let done = |steps: usize, part: f64| {
            STEP_WEIGHTS[..steps].iter().sum::<f64>() + STEP_WEIGHTS[steps] * part
        };
        if let Some(replay) = &mut self.replay {
            let part = replay.advance(events);
            if let Some(replay) = self.replay.take_if(|_| part >= 1.0) {
                let (inspector, spans) = replay.finish_with_spans();
                self.inspector = Some(inspector);
                self.spans = Some(spans);
            }
            return done(0, part.min(1.0));
        }
        let (Some(inspector), trace) = (&self.inspector, &self.run.trace) else {
            return 1.0;
        };
        if self.arrows.is_none() {
            self.arrows = Some(causality(trace));
            self.times = Some(event_times(trace));
            done(1, 1.0)
        } else if self.metrics.is_none() {
            let spans = self.spans.as_deref().unwrap_or_default();
            self.metrics = Some(inspector.metrics(spans, MetricsOptions::default()));
            done(2, 1.0)
        } else if self.ending.is_none() {
            let last = (self.times.as_deref().unwrap_or_default().last().copied())
                .unwrap_or(0)
                .max(self.run.summary.makespan_us);
            let final_state = inspector.at_index(inspector.len());
            let cycles = WaitForGraph::from_state(trace, &final_state).cycles;
            // Metrics are of the run as it happened, so the stuck waits grow only now.
            let spans = self.spans.get_or_insert_with(Vec::new);
            let stuck = stuck_tail(spans, &final_state, last);
            let end = stuck.as_ref().map_or(last, |s| s.until);
            self.ending = Some(Ending { cycles, stuck, end });
            done(3, 1.0)
        } else if self.task_rows.is_none() {
            let mut rows = by_task(trace, self.spans.as_deref().unwrap_or_default());
            add_value_rows(trace, &mut rows);
            self.task_rows = Some(rows);
            1.0
        } else {
            1.0
        }
    }

    /// The model, once every step is done (any left are done now).
    pub fn finish(mut self) -> RunModel {
        while self.advance(usize::MAX) < 1.0 {}
        let run = self.run;
        let inspector = self.inspector.unwrap_or_else(|| Inspector::new(&run.trace));
        let arrows = self.arrows.unwrap_or_default();
        let Ending { cycles, stuck, end } = self.ending.unwrap_or(Ending {
            cycles: Vec::new(),
            stuck: None,
            end: 0,
        });
        let chips = chips(&run.trace);
        let (task_chips, res_chips) = chips_by_owner(&run.trace, &chips);
        RunModel {
            chips,
            task_chips,
            res_chips,
            spans: self.spans.unwrap_or_default(),
            task_rows: self.task_rows.unwrap_or_default(),
            task_arrow_rows: rows_by_task(&arrows),
            thread: OnceCell::new(),
            stuck,
            arrows,
            times: self.times.unwrap_or_default(),
            inspector,
            metrics: self.metrics.unwrap_or_default(),
            end,
            cycles,
            run,
        }
    }
}

/// Tasks still blocked when the run stopped (a deadlock), drawn waiting past the end.
struct Stuck {
    /// Each stuck task and the index of its (extended) last span.
    tasks: Vec<(TaskId, u32)>,
    /// When the run stopped.
    at: Micros,
    /// Where the drawn waits end: the run's end plus a third of it.
    until: Micros,
}

/// A deadlock's waits start when the run stops, so they would have no length: extend each
/// stuck task's wait to `last` plus a tail, so the timeline shows what each one waits for.
fn stuck_tail(spans: &mut [Vec<Span>], state: &RuntimeState, last: Micros) -> Option<Stuck> {
    let until = last + (last / 3).max(50);
    let mut tasks = Vec::new();
    for (i, now) in state.tasks.iter().enumerate() {
        let SpanState::Blocked(on) = &now.state else {
            continue;
        };
        let Some(list) = spans.get_mut(i) else {
            continue;
        };
        match list.last_mut() {
            Some(s) if s.state == now.state && s.end >= now.since => s.end = until,
            _ => list.push(Span {
                start: now.since.min(last),
                end: until,
                state: SpanState::Blocked(on.clone()),
                step: now.step.clone(),
            }),
        }
        tasks.push((TaskId(i as u32), (list.len() - 1) as u32));
    }
    (!tasks.is_empty()).then_some(Stuck {
        tasks,
        at: last,
        until,
    })
}

/// In the thread view, a stuck thread or process keeps its lane, and a stuck job its worker.
fn hold_stuck_lanes(trace: &Trace, spans: &[Vec<Span>], stuck: &Stuck, rows: &mut Rows) {
    for &(task, span) in &stuck.tasks {
        let Some(s) = spans
            .get(task.0 as usize)
            .and_then(|l| l.get(span as usize))
        else {
            continue;
        };
        let held = own_lane(trace, task).or_else(|| {
            let job = trace
                .tasks
                .get(task.0 as usize)
                .is_some_and(|t| t.kind == TaskKind::Job);
            let ran = spans[task.0 as usize]
                .iter()
                .rev()
                .find_map(|s| match s.state {
                    SpanState::Running { lane } => Some(lane),
                    _ => None,
                });
            ran.filter(|_| job)
        });
        let Some(row) = held.and_then(|l| rows.rows.iter_mut().find(|r| r.key == RowKey::Lane(l)))
        else {
            continue;
        };
        let start = row.segs.last().map_or(s.start, |l| l.end.max(s.start));
        if s.end > start {
            row.segs.push(Seg {
                start,
                end: s.end,
                style: Style::Blocked,
                task: task.0,
                span,
            });
        }
    }
    rows.end = rows.end.max(stuck.until);
}
