//! Condition variables: `wait CV M` lets go of M and waits; `notify` wakes the longest waiter.
//!
//! A notified waiter re-locks its mutex before it goes on: at once when the mutex is free and
//! nobody queues for it, else it queues FIFO on the mutex like any `lock`. A notify with no
//! waiter is lost, as in real condvars.

use super::locks::{acquired, pump, released};
use super::{get, Answer, Host, Kind, Pending, Res, ResWait, Resume};
use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};

/// `wait CV M`: the task must hold M; it then waits (see [`super::enqueue`]).
pub fn wait<H: Host>(h: &mut H, t: TaskId, cv: ResId, m: ResId) -> Answer {
    if !matches!(get(h, cv), Some(Res::Cv { .. })) {
        return Answer::NotA(cv, Kind::Condvar);
    }
    let holds = matches!(get(h, m), Some(Res::Mutex { holder, .. }) if *holder == Some(t));
    if !holds {
        return Answer::Fail(wait_refused(
            h.resource_name(cv),
            h.task_name(t),
            h.resource_name(m),
        ));
    }
    Answer::Wait(Pending::Notify { cv, mutex: m })
}

/// The waiting half of `wait CV M`: lets go of M (handing it on), then queues on CV.
pub(super) fn let_go<H: Host>(h: &mut H, t: TaskId, cv: ResId, m: ResId) {
    if let Some(Res::Mutex { holder, .. }) = get(h, m) {
        *holder = None;
    }
    released(h, t, m, 1, false);
    pump(h, m, Some(t));
    if let Some(Res::Cv { waiters }) = get(h, cv) {
        waiters.push_back((t, m));
    }
}

/// `notify CV` / `notify_all CV`: wakes the longest waiter (or all, in order).
pub fn notify<H: Host>(h: &mut H, t: TaskId, cv: ResId, all: bool) -> Answer {
    if !matches!(get(h, cv), Some(Res::Cv { .. })) {
        return Answer::NotA(cv, Kind::Condvar);
    }
    while let Some(Res::Cv { waiters }) = get(h, cv) {
        let Some((w, m)) = waiters.pop_front() else {
            break;
        };
        h.wakes(w, Some(t), WakeCause::Notify(cv));
        relock(h, w, m);
        if !all {
            break;
        }
    }
    Answer::Done(None)
}

/// A notified waiter takes its mutex back, or queues for it.
fn relock<H: Host>(h: &mut H, w: TaskId, m: ResId) {
    let Some(Res::Mutex { holder, waiters }) = get(h, m) else {
        return;
    };
    if holder.is_none() && waiters.is_empty() {
        *holder = Some(w);
        acquired(h, w, m, 1, false);
        h.proceeds(w, Resume::Done);
    } else {
        waiters.push_back(w);
        h.waits_again(w, ResWait::Lock(m));
        h.record(EventKind::Blocked {
            task: w,
            on: WaitFor::Lock(m),
        });
    }
}

/// Why `task` may not `wait CV M`: it does not hold M.
pub fn wait_refused(cv: &str, task: &str, m: &str) -> String {
    format!("cannot wait on {cv}: {task} does not hold {m}")
}
