//! Chrome Trace Event JSON export, which opens in Perfetto and chrome://tracing.
//!
//! Layout: one process; each lane is a thread (`tid` = lane index + 1) whose `X` slices are the
//! task spans that ran on it; each task's life is a `b`/`e` async track with its waits nested
//! inside; wakes, logs and ends are `i` instants on the lane of the task that caused them (or on
//! an extra "events" thread); the queue depths are `C` counters. Times are microseconds.
//!
//! Events are typed structs streamed one by one into the output: building a `serde_json::Value`
//! per event was ten times slower on a million-event trace.

use super::compile::compile;
use super::describe::{end_how, span_state, task_name, wake_cause};
use super::event::{EventKind, TaskId, Trace};
use super::queues::queue_depths_compiled;
use super::spans::{task_spans_compiled, trace_end, Span, SpanState};
use crate::model::Micros;
use serde::Serialize;
use std::borrow::Cow;

const PID: u32 = 1;

/// One trace event; absent fields are left out of the JSON.
#[derive(Serialize)]
struct Ev<'a> {
    name: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cat: Option<&'static str>,
    ph: &'static str,
    pid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    tid: Option<u32>,
    ts: Micros,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<Micros>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<u64>,
    /// Scope of an instant (`t`: its thread).
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    #[serde(skip_serializing_if = "Args::is_none")]
    args: Args<'a>,
}

impl<'a> Ev<'a> {
    fn new(name: impl Into<Cow<'a, str>>, ph: &'static str, ts: Micros) -> Self {
        Ev {
            name: name.into(),
            cat: None,
            ph,
            pid: PID,
            tid: None,
            ts,
            dur: None,
            id: None,
            s: None,
            args: Args::None,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Args<'a> {
    None,
    Name {
        name: &'a str,
    },
    Sort {
        sort_index: u32,
    },
    Run {
        task: &'a str,
        step: Option<&'a str>,
    },
    Ended {
        ended: String,
    },
    Wake {
        task: &'a str,
        by: Option<Cow<'a, str>>,
        cause: String,
    },
    Task {
        task: &'a str,
    },
    Depth {
        depth: usize,
    },
}

impl Args<'_> {
    fn is_none(&self) -> bool {
        matches!(self, Args::None)
    }
}

/// Writes `{"traceEvents":[ev,ev,...]}` as events arrive.
struct Out {
    buf: Vec<u8>,
    first: bool,
}

impl Out {
    fn push(&mut self, ev: &Ev) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        // Writing into a Vec cannot fail, and these structs always serialize.
        serde_json::to_writer(&mut self.buf, ev).expect("a trace event serializes to JSON");
    }
}

/// The whole trace as a Chrome Trace Event JSON document.
pub fn export(trace: &Trace) -> String {
    let c = compile(trace);
    let spans = task_spans_compiled(&c);
    let end = trace_end(&c);
    let mut out = Out {
        buf: Vec::with_capacity(trace.events.len() * 64),
        first: true,
    };
    out.buf
        .extend_from_slice(br#"{"displayTimeUnit":"ms","traceEvents":["#);
    metadata(trace, &mut out);
    for (task, task_spans) in spans.iter().enumerate() {
        let name = task_name(trace, TaskId(task as u32));
        for s in task_spans {
            if let SpanState::Running { lane } = s.state {
                let label = match &s.step {
                    Some(step) => Cow::Owned(format!("{name} · {step}")),
                    None => Cow::Borrowed(name.as_ref()),
                };
                let mut ev = Ev::new(label, "X", s.start);
                ev.cat = Some("run");
                ev.tid = Some(lane.0 + 1);
                ev.dur = Some(s.duration());
                ev.args = Args::Run {
                    task: &name,
                    step: s.step.as_deref(),
                };
                out.push(&ev);
            }
        }
        life(trace, task, &name, task_spans, end, &mut out);
    }
    instants(trace, &mut out);
    let queues = queue_depths_compiled(&c);
    for (series, name) in [(&queues.ready, "ready queue"), (&queues.pool, "pool queue")] {
        // Start every counter at 0 so its track exists even when it never shows a change.
        let start = (series.first().map(|(t, _)| *t) != Some(0)).then_some((0, 0));
        for &(t, depth) in start.iter().chain(series) {
            let mut ev = Ev::new(name, "C", t);
            ev.args = Args::Depth { depth };
            out.push(&ev);
        }
    }
    out.buf.extend_from_slice(b"]}");
    // Only `serde_json` wrote into the buffer (and ASCII around it), so it is UTF-8.
    String::from_utf8(out.buf).expect("serde_json writes UTF-8")
}

fn metadata(trace: &Trace, out: &mut Out) {
    let mut process = Ev::new("process_name", "M", 0);
    process.tid = Some(0);
    process.args = Args::Name { name: "Interleave" };
    out.push(&process);
    let names = trace
        .lanes
        .iter()
        .map(|l| l.name.as_str())
        .chain(std::iter::once("events"));
    for (i, name) in names.enumerate() {
        let tid = i as u32 + 1;
        let mut ev = Ev::new("thread_name", "M", 0);
        ev.tid = Some(tid);
        ev.args = Args::Name { name };
        out.push(&ev);
        let mut ev = Ev::new("thread_sort_index", "M", 0);
        ev.tid = Some(tid);
        ev.args = Args::Sort { sort_index: tid };
        out.push(&ev);
    }
}

/// The task's life as an async slice, with each wait nested inside it.
fn life(trace: &Trace, task: usize, name: &str, spans: &[Span], end: Micros, out: &mut Out) {
    let Some(first) = spans.iter().find(|s| s.state != SpanState::NotStarted) else {
        return;
    };
    let async_ev = |name: Cow<'_, str>, ph: &'static str, ts: Micros| {
        let mut ev = Ev::new(name.into_owned(), ph, ts);
        ev.cat = Some("task");
        ev.id = Some(task as u64);
        ev
    };
    out.push(&async_ev(Cow::Borrowed(name), "b", first.start));
    for s in spans.iter().filter(|s| s.state.is_wait()) {
        let label = span_state(trace, &s.state);
        out.push(&async_ev(Cow::Borrowed(&label), "b", s.start));
        out.push(&async_ev(Cow::Borrowed(&label), "e", s.end));
    }
    let ended = spans.iter().find(|s| s.state.is_end());
    let mut last = async_ev(Cow::Borrowed(name), "e", ended.map_or(end, |s| s.start));
    last.args = Args::Ended {
        ended: ended.map_or_else(
            || "did not end".to_string(),
            |s| span_state(trace, &s.state),
        ),
    };
    out.push(&last);
}

/// Wakes, logs and ends, on the lane of the task that caused them while it runs.
fn instants(trace: &Trace, out: &mut Out) {
    let events_tid = trace.lanes.len() as u32 + 1;
    let mut lane_of: Vec<Option<u32>> = vec![None; trace.tasks.len()];
    let tid = |lane_of: &[Option<u32>], task: Option<TaskId>| {
        task.and_then(|t| lane_of.get(t.0 as usize).copied().flatten())
            .map_or(events_tid, |l| l + 1)
    };
    let instant = |name: Cow<'static, str>, cat: &'static str, tid: u32, ts: Micros| {
        let mut ev = Ev::new(name, "i", ts);
        ev.cat = Some(cat);
        ev.s = Some("t");
        ev.tid = Some(tid);
        ev
    };
    for e in &trace.events {
        match &e.kind {
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
                let mut ev = instant(
                    format!("wake {woken}").into(),
                    "wake",
                    tid(&lane_of, *by),
                    e.t,
                );
                let by_name = by.map(|b| task_name(trace, b));
                ev.args = Args::Wake {
                    task: &woken,
                    by: by_name,
                    cause: wake_cause(trace, cause, *by),
                };
                out.push(&ev);
            }
            EventKind::Log { task, text } => {
                let name = task_name(trace, *task);
                let mut ev = instant(text.clone().into(), "log", tid(&lane_of, Some(*task)), e.t);
                ev.args = Args::Task { task: &name };
                out.push(&ev);
            }
            EventKind::Ended { task, how } => {
                let text = format!("{} {}", task_name(trace, *task), end_how(how));
                out.push(&instant(
                    text.into(),
                    "end",
                    tid(&lane_of, Some(*task)),
                    e.t,
                ));
            }
            _ => {}
        }
    }
}
