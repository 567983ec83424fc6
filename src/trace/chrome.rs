//! Chrome Trace Event JSON export, which opens in Perfetto and chrome://tracing.
//!
//! Layout: one process; each lane is a thread (`tid` = lane index + 1) whose `X` slices are the
//! task spans that ran on it; each task's life is a `b`/`e` async track with its waits nested
//! inside; wakes and logs are `i` instants on the lane of the task that caused them (or on an
//! extra "events" thread); the queue depths are `C` counters. Times are microseconds.

use super::compile::compile;
use super::describe::{end_how, span_state, task_name, wake_cause};
use super::event::{EventKind, TaskId, Trace};
use super::queues::queue_depths_compiled;
use super::spans::{task_spans_compiled, trace_end, Span, SpanState};
use crate::model::Micros;
use serde_json::{json, Value};

const PID: u32 = 1;

/// The whole trace as a Chrome Trace Event JSON document.
pub fn export(trace: &Trace) -> String {
    let c = compile(trace);
    let spans = task_spans_compiled(&c);
    let end = trace_end(&c);
    let events_tid = trace.lanes.len() as u32 + 1;
    let mut out: Vec<Value> = Vec::with_capacity(trace.events.len() * 2);
    metadata(trace, &mut out);
    for (task, task_spans) in spans.iter().enumerate() {
        let name = task_name(trace, TaskId(task as u32));
        for s in task_spans {
            if let SpanState::Running { lane } = s.state {
                let label = match &s.step {
                    Some(step) => format!("{name} · {step}"),
                    None => name.to_string(),
                };
                out.push(json!({
                    "name": label, "cat": "run", "ph": "X", "pid": PID, "tid": lane.0 + 1,
                    "ts": s.start, "dur": s.duration(), "args": {"task": name, "step": s.step.as_deref()},
                }));
            }
        }
        life(trace, task, &name, task_spans, end, &mut out);
    }
    instants(trace, events_tid, &mut out);
    let queues = queue_depths_compiled(&c);
    for (series, name) in [(&queues.ready, "ready queue"), (&queues.pool, "pool queue")] {
        for (t, depth) in series {
            out.push(
                json!({"name": name, "ph": "C", "pid": PID, "ts": t, "args": {"depth": depth}}),
            );
        }
    }
    json!({"traceEvents": out, "displayTimeUnit": "ms"}).to_string()
}

fn metadata(trace: &Trace, out: &mut Vec<Value>) {
    out.push(json!({"name": "process_name", "ph": "M", "pid": PID, "tid": 0, "args": {"name": "Interleave"}}));
    let names = trace
        .lanes
        .iter()
        .map(|l| l.name.as_str())
        .chain(std::iter::once("events"));
    for (i, name) in names.enumerate() {
        let tid = i as u32 + 1;
        out.push(json!({"name": "thread_name", "ph": "M", "pid": PID, "tid": tid, "args": {"name": name}}));
        out.push(json!({"name": "thread_sort_index", "ph": "M", "pid": PID, "tid": tid, "args": {"sort_index": tid}}));
    }
}

/// The task's life as an async slice, with each wait nested inside it.
fn life(trace: &Trace, task: usize, name: &str, spans: &[Span], end: Micros, out: &mut Vec<Value>) {
    let Some(first) = spans.iter().find(|s| s.state != SpanState::NotStarted) else {
        return;
    };
    let id = task as u64;
    out.push(
        json!({"name": name, "cat": "task", "ph": "b", "id": id, "pid": PID, "ts": first.start}),
    );
    let mut last = end;
    let mut how = None;
    for s in spans.iter().filter(|s| s.state.is_wait()) {
        let label = span_state(trace, &s.state);
        out.push(
            json!({"name": label, "cat": "task", "ph": "b", "id": id, "pid": PID, "ts": s.start}),
        );
        out.push(
            json!({"name": label, "cat": "task", "ph": "e", "id": id, "pid": PID, "ts": s.end}),
        );
    }
    if let Some(s) = spans.iter().find(|s| s.state.is_end()) {
        last = s.start;
        how = Some(span_state(trace, &s.state));
    }
    out.push(json!({
        "name": name, "cat": "task", "ph": "e", "id": id, "pid": PID, "ts": last,
        "args": {"ended": how.unwrap_or_else(|| "did not end".to_string())},
    }));
}

/// Wakes and logs, on the lane of the task that caused them while it runs.
fn instants(trace: &Trace, events_tid: u32, out: &mut Vec<Value>) {
    let mut lane_of: Vec<Option<u32>> = vec![None; trace.tasks.len()];
    let tid = |lane_of: &[Option<u32>], task: Option<TaskId>| {
        task.and_then(|t| lane_of.get(t.0 as usize).copied().flatten())
            .map_or(events_tid, |l| l + 1)
    };
    for ev in &trace.events {
        match &ev.kind {
            EventKind::PollStart { task, lane, .. } => {
                if let Some(slot) = lane_of.get_mut(task.0 as usize) {
                    *slot = Some(lane.0);
                }
            }
            EventKind::PollEnd { task, .. } => {
                if let Some(slot) = lane_of.get_mut(task.0 as usize) {
                    *slot = None;
                }
            }
            EventKind::Woken { task, by, cause } => {
                let woken = task_name(trace, *task);
                out.push(json!({
                    "name": format!("wake {woken}"), "cat": "wake", "ph": "i", "s": "t", "pid": PID,
                    "tid": tid(&lane_of, *by), "ts": ev.t,
                    "args": {"task": woken, "by": by.map(|b| task_name(trace, b)), "cause": wake_cause(trace, cause, *by)},
                }));
            }
            EventKind::Log { task, text } => {
                out.push(json!({
                    "name": text, "cat": "log", "ph": "i", "s": "t", "pid": PID,
                    "tid": tid(&lane_of, Some(*task)), "ts": ev.t, "args": {"task": task_name(trace, *task)},
                }));
            }
            EventKind::Ended { task, how } => {
                out.push(json!({
                    "name": format!("{} {}", task_name(trace, *task), end_how(how)), "cat": "end", "ph": "i",
                    "s": "t", "pid": PID, "tid": tid(&lane_of, Some(*task)), "ts": ev.t,
                }));
            }
            _ => {}
        }
    }
}
