//! Plain-words text for trace facts ("lock m", "t2 waits for m (held by t1)"), for labels and tooltips.
//!
//! Ids that point outside the trace's tables print as `task #7` / `resource #3` instead of panicking.
//! Each text has an `*_in(…, lang)` form for the interface language; the plain form is English,
//! the words of the command line and the tests.

use super::describe_zh as zh;
pub use super::duration::{duration, duration_in};
use super::event::{
    EndHow, EventKind, LaneId, ResId, TaskId, TimerWhat, Trace, WaitFor, WakeCause,
};
use super::spans::SpanState;
use crate::lang::Lang;
use std::borrow::Cow;

/// A task's display name.
pub fn task_name(trace: &Trace, task: TaskId) -> Cow<'_, str> {
    match trace.tasks.get(task.0 as usize) {
        Some(t) => Cow::Borrowed(&t.name),
        None => Cow::Owned(format!("task #{}", task.0)),
    }
}

/// A resource's declared name.
pub fn res_name(trace: &Trace, res: ResId) -> Cow<'_, str> {
    match trace.resources.get(res.0 as usize) {
        Some(r) => Cow::Borrowed(&r.name),
        None => Cow::Owned(format!("resource #{}", res.0)),
    }
}

/// A lane's display name.
pub fn lane_name(trace: &Trace, lane: LaneId) -> Cow<'_, str> {
    match trace.lanes.get(lane.0 as usize) {
        Some(l) => Cow::Borrowed(&l.name),
        None => Cow::Owned(format!("lane #{}", lane.0)),
    }
}

fn names(trace: &Trace, tasks: &[TaskId]) -> String {
    tasks
        .iter()
        .map(|t| task_name(trace, *t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A short label for a wait, in the words of the step that waits: `lock m`, `recv q`, `join t2`.
pub fn wait_for(trace: &Trace, on: &WaitFor) -> String {
    match on {
        WaitFor::Lock(r) => format!("lock {}", res_name(trace, *r)),
        WaitFor::Read(r) => format!("read {}", res_name(trace, *r)),
        WaitFor::Write(r) => format!("write {}", res_name(trace, *r)),
        WaitFor::Permits(r, 1) => format!("acquire {}", res_name(trace, *r)),
        WaitFor::Permits(r, n) => format!("acquire {} {n}", res_name(trace, *r)),
        WaitFor::Notify(r) => format!("wait {}", res_name(trace, *r)),
        WaitFor::Send(r) => format!("send {}", res_name(trace, *r)),
        WaitFor::Recv(r) => format!("recv {}", res_name(trace, *r)),
        WaitFor::Join(tasks) => format!("join {}", names(trace, tasks)),
        WaitFor::Worker => "worker".to_string(),
        WaitFor::Core => "core".to_string(),
    }
}

/// A sentence about a blocked task: `t2 waits for m (held by t1)`.
pub fn waits_for_sentence(
    trace: &Trace,
    waiter: TaskId,
    on: &WaitFor,
    holders: &[TaskId],
) -> String {
    let who = task_name(trace, waiter);
    let held = if holders.is_empty() {
        String::new()
    } else {
        format!(" (held by {})", names(trace, holders))
    };
    match on {
        WaitFor::Lock(r) | WaitFor::Read(r) | WaitFor::Write(r) => {
            format!("{who} waits for {}{held}", res_name(trace, *r))
        }
        WaitFor::Permits(r, 1) => {
            format!("{who} waits for a permit of {}{held}", res_name(trace, *r))
        }
        WaitFor::Permits(r, n) => format!(
            "{who} waits for {n} permits of {}{held}",
            res_name(trace, *r)
        ),
        WaitFor::Notify(r) => format!("{who} waits for a notify on {}", res_name(trace, *r)),
        WaitFor::Send(r) => format!("{who} waits for room in {}", res_name(trace, *r)),
        WaitFor::Recv(r) => format!("{who} waits for a message on {}", res_name(trace, *r)),
        WaitFor::Join(tasks) => format!("{who} waits for {} to end", names(trace, tasks)),
        WaitFor::Worker => format!("{who} waits for a free worker{held}"),
        WaitFor::Core => format!("{who} waits for a free core"),
    }
}

/// Why a task was woken: `unlock m by t1`, `its timer came due`.
pub fn wake_cause(trace: &Trace, cause: &WakeCause, by: Option<TaskId>) -> String {
    let what = match cause {
        WakeCause::Timer => "its timer came due".to_string(),
        WakeCause::Unlock(r) => format!("unlock {}", res_name(trace, *r)),
        WakeCause::Release(r) => format!("release {}", res_name(trace, *r)),
        WakeCause::Notify(r) => format!("notify {}", res_name(trace, *r)),
        WakeCause::Send(r) => format!("send {}", res_name(trace, *r)),
        WakeCause::Recv(r) => format!("recv {}", res_name(trace, *r)),
        WakeCause::Close(r) => format!("close {}", res_name(trace, *r)),
        WakeCause::Join(t) => format!("{} ended", task_name(trace, *t)),
        WakeCause::Spawn => "spawn".to_string(),
        WakeCause::Cancel => "cancel".to_string(),
        WakeCause::Timeout => "timeout".to_string(),
    };
    match by {
        Some(t) => format!("{what} by {}", task_name(trace, t)),
        None => what,
    }
}

/// How a task ended: `completed`, `failed: boom`, `cancelled`.
pub fn end_how(how: &EndHow) -> String {
    match how {
        EndHow::Completed => "completed".to_string(),
        EndHow::Failed(msg) => format!("failed: {msg}"),
        EndHow::Cancelled => "cancelled".to_string(),
    }
}

/// A short label for a span state: `running`, `ready`, `lock m`, `sleeping`.
pub fn span_state(trace: &Trace, state: &SpanState) -> String {
    match state {
        SpanState::NotStarted => "not started".to_string(),
        SpanState::Starting => "starting".to_string(),
        SpanState::Ready => "ready".to_string(),
        SpanState::Running { lane } => format!("running on {}", lane_name(trace, *lane)),
        SpanState::Blocked(on) => wait_for(trace, on),
        SpanState::Sleeping => "sleeping".to_string(),
        SpanState::Done => "completed".to_string(),
        SpanState::Failed(msg) => format!("failed: {msg}"),
        SpanState::Cancelled => "cancelled".to_string(),
    }
}

fn timer_what(trace: &Trace, what: &TimerWhat) -> String {
    match what {
        TimerWhat::Sleep => "sleep".to_string(),
        TimerWhat::Start(t) => format!("start {}", task_name(trace, *t)),
        TimerWhat::Timeout => "timeout".to_string(),
    }
}

/// One line for the event list: `t1 blocked: lock m`, `t2 woken: unlock m by t1`.
pub fn event(trace: &Trace, kind: &EventKind) -> String {
    let n = |t: &TaskId| task_name(trace, *t);
    let r = |r: &ResId| res_name(trace, *r);
    match kind {
        EventKind::Spawned { task, by: Some(by) } => format!("{} spawned by {}", n(task), n(by)),
        EventKind::Spawned { task, by: None } => format!("{} spawned", n(task)),
        EventKind::Ready { task } => format!("{} ready", n(task)),
        EventKind::PollStart { task, lane, .. } => {
            format!("{} runs on {}", n(task), lane_name(trace, *lane))
        }
        EventKind::PollEnd { task, lane } => {
            format!("{} leaves {}", n(task), lane_name(trace, *lane))
        }
        EventKind::Step { task, text } => format!("{}: {text}", n(task)),
        EventKind::Blocked { task, on } => format!("{} blocked: {}", n(task), wait_for(trace, on)),
        EventKind::Sleeping { task, until } => {
            format!("{} sleeps until {}", n(task), duration(*until))
        }
        EventKind::Woken { task, by, cause } => {
            format!("{} woken: {}", n(task), wake_cause(trace, cause, *by))
        }
        EventKind::Acquired {
            task,
            res,
            n: 1,
            shared: false,
        } => format!("{} holds {}", n(task), r(res)),
        EventKind::Acquired {
            task,
            res,
            shared: true,
            ..
        } => format!("{} holds {} (shared)", n(task), r(res)),
        EventKind::Acquired {
            task, res, n: k, ..
        } => format!("{} holds {k} of {}", n(task), r(res)),
        EventKind::Released {
            task, res, on_exit, ..
        } => {
            let exit = if *on_exit { " on exit" } else { "" };
            format!("{} released {}{exit}", n(task), r(res))
        }
        EventKind::Sent { task, ch, value } => format!("{} sent {value} on {}", n(task), r(ch)),
        EventKind::Received { task, ch, value } => {
            format!("{} received {value} from {}", n(task), r(ch))
        }
        EventKind::Closed { task, ch } => format!("{} closed {}", n(task), r(ch)),
        EventKind::Loaded { task, var, value } => {
            format!("{} loaded {} = {value}", n(task), r(var))
        }
        EventKind::VarWritten { task, var, value } => {
            format!("{} wrote {} = {value}", n(task), r(var))
        }
        EventKind::Log { task, text } => format!("{}: log \"{text}\"", n(task)),
        EventKind::TimerSet {
            timer,
            owner,
            due,
            what,
        } => {
            format!(
                "timer {} set by {} for {} ({})",
                timer.0,
                n(owner),
                duration(*due),
                timer_what(trace, what)
            )
        }
        EventKind::TimerFired { timer } => format!("timer {} fired", timer.0),
        EventKind::TimerCancelled { timer } => format!("timer {} cancelled", timer.0),
        EventKind::CancelRequested { task, by } => format!("{} asks {} to cancel", n(by), n(task)),
        EventKind::Ended { task, how } => format!("{} {}", n(task), end_how(how)),
    }
}

/// [`wait_for`] in `lang`.
pub fn wait_for_in(trace: &Trace, on: &WaitFor, lang: Lang) -> String {
    match lang {
        Lang::En => wait_for(trace, on),
        Lang::Zh => zh::wait_for(trace, on),
    }
}

/// [`waits_for_sentence`] in `lang`: `t2 等待 m（由 t1 持有）`.
pub fn waits_for_sentence_in(
    trace: &Trace,
    waiter: TaskId,
    on: &WaitFor,
    holders: &[TaskId],
    lang: Lang,
) -> String {
    match lang {
        Lang::En => waits_for_sentence(trace, waiter, on, holders),
        Lang::Zh => zh::waits_for_sentence(trace, waiter, on, holders),
    }
}

/// [`wake_cause`] in `lang`.
pub fn wake_cause_in(trace: &Trace, cause: &WakeCause, by: Option<TaskId>, lang: Lang) -> String {
    match lang {
        Lang::En => wake_cause(trace, cause, by),
        Lang::Zh => zh::wake_cause(trace, cause, by),
    }
}

/// A failure the runtime raised (`task j failed: boom`, `send on closed channel q`) in `lang`;
/// a `fail "…"` message is the user's text and stays as written.
pub fn failure_in(msg: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(msg),
        Lang::Zh => Cow::Owned(zh::failure(msg)),
    }
}

/// [`end_how`] in `lang`.
pub fn end_how_in(how: &EndHow, lang: Lang) -> String {
    match lang {
        Lang::En => end_how(how),
        Lang::Zh => zh::end_how(how),
    }
}

/// [`span_state`] in `lang`.
pub fn span_state_in(trace: &Trace, state: &SpanState, lang: Lang) -> String {
    match lang {
        Lang::En => span_state(trace, state),
        Lang::Zh => zh::span_state(trace, state),
    }
}

/// [`lane_name`] in `lang`.
pub fn lane_name_in(trace: &Trace, lane: LaneId, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::En => lane_name(trace, lane),
        Lang::Zh => zh::lane(trace, lane),
    }
}

/// [`event`] in `lang`.
pub fn event_in(trace: &Trace, kind: &EventKind, lang: Lang) -> String {
    match lang {
        Lang::En => event(trace, kind),
        Lang::Zh => zh::event(trace, kind),
    }
}
