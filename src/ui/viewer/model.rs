//! Everything the viewer derives from one run, computed once per run: rows, arrows, the
//! inspector's index, metrics and deadlock cycles.

use crate::model::Micros;
use crate::trace::layout::arrows::{rows_by_task, rows_by_thread, ArrowRows};
use crate::trace::layout::{by_task, by_thread, causality, Arrow, Rows};
use crate::trace::seek::{applied_at, event_times};
use crate::trace::{
    lane_spans, metrics_with, task_spans, Inspector, Metrics, MetricsOptions, Span, TaskId, Trace,
    WaitForGraph,
};
use crate::ui::run_view::RunView;
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
    /// The end of the run: its last event or its makespan, whichever is later.
    pub end: Micros,
    /// Wait-for cycles at the end of the run (a deadlock), each a list of tasks.
    pub cycles: Vec<Vec<TaskId>>,
}

impl RunModel {
    pub fn new(run: Rc<RunView>) -> RunModel {
        let trace = &run.trace;
        let spans = task_spans(trace);
        let task_rows = by_task(trace, &spans);
        let arrows = causality(trace);
        let task_arrow_rows = rows_by_task(&arrows);
        let times = event_times(trace);
        let inspector = Inspector::new(trace);
        let metrics = metrics_with(trace, &spans, MetricsOptions::default());
        let end = times.last().copied().unwrap_or(0).max(run.summary.makespan_us);
        let final_state = inspector.at_index(inspector.len());
        let cycles = WaitForGraph::from_state(trace, &final_state).cycles;
        RunModel {
            spans,
            task_rows,
            task_arrow_rows,
            thread: OnceCell::new(),
            arrows,
            times,
            inspector,
            metrics,
            end,
            cycles,
            run,
        }
    }

    pub fn trace(&self) -> &Trace {
        &self.run.trace
    }

    fn thread(&self) -> &(Rows, ArrowRows) {
        self.thread.get_or_init(|| {
            let trace = &self.run.trace;
            let rows = by_thread(trace, &self.spans, &lane_spans(trace));
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

    /// The task is part of a deadlock cycle.
    pub fn in_cycle(&self, task: TaskId) -> bool {
        self.cycles.iter().any(|c| c.contains(&task))
    }
}
