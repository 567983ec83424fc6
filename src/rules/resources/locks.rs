//! Mutexes, rwlocks and semaphores: taking, letting go, hand-off to waiters, and release on exit.
//!
//! The rwlock prefers writers (a waiting writer blocks new readers), and a semaphore's head
//! waiter blocks later ones even when they ask for fewer permits, so no waiter starves.

use super::res::{add_held, permits_of, sub_held};
use super::{get, Answer, Host, Kind, Pending, Res, ResWait, Resume};
use crate::trace::{EventKind, ResId, TaskId, WakeCause};

/// `lock M`: takes a free mutex nobody waits for, else waits.
pub fn lock<H: Host>(h: &mut H, t: TaskId, m: ResId) -> Answer {
    let Some(Res::Mutex { holder, waiters }) = get(h, m) else {
        return Answer::NotA(m, Kind::Mutex);
    };
    if holder.is_some() || !waiters.is_empty() {
        return Answer::Wait(Pending::Lock(m));
    }
    *holder = Some(t);
    acquired(h, t, m, 1, false);
    Answer::Done(None)
}

/// `unlock` of a mutex, or of whichever side of an rwlock the task holds.
pub fn unlock<H: Host>(h: &mut H, t: TaskId, r: ResId) -> Answer {
    let held = match get(h, r) {
        Some(Res::Mutex { holder, .. }) if *holder == Some(t) => {
            *holder = None;
            true
        }
        Some(Res::Mutex { .. }) => false,
        Some(Res::RwLock {
            writer, readers, ..
        }) => {
            if *writer == Some(t) {
                *writer = None;
                true
            } else if let Some(i) = readers.iter().position(|x| *x == t) {
                readers.remove(i);
                true
            } else {
                false
            }
        }
        _ => return Answer::NotA(r, Kind::MutexOrRwLock),
    };
    if !held {
        return Answer::Fail(unlock_refused(h.resource_name(r), h.task_name(t)));
    }
    released(h, t, r, 1, false);
    pump(h, r, Some(t));
    Answer::Done(None)
}

/// `read RW` / `write RW`: a reader needs no writer and no waiter, a writer the lock all free.
pub fn rw<H: Host>(h: &mut H, t: TaskId, r: ResId, write: bool) -> Answer {
    let Some(Res::RwLock {
        writer,
        readers,
        waiters,
    }) = get(h, r)
    else {
        return Answer::NotA(r, Kind::RwLock);
    };
    let free = writer.is_none() && waiters.is_empty() && (!write || readers.is_empty());
    if !free {
        return Answer::Wait(Pending::Rw(r, write));
    }
    if write {
        *writer = Some(t);
    } else {
        readers.push(t);
    }
    acquired(h, t, r, 1, !write);
    Answer::Done(None)
}

/// `acquire S N`: takes `n` permits when nobody waits and enough are free, else waits.
pub fn acquire<H: Host>(h: &mut H, t: TaskId, s: ResId, n: u32) -> Answer {
    let Some(Res::Sem {
        avail,
        held,
        waiters,
    }) = get(h, s)
    else {
        return Answer::NotA(s, Kind::Semaphore);
    };
    if !waiters.is_empty() || *avail < n {
        return Answer::Wait(Pending::Permits(s, n));
    }
    *avail -= n;
    add_held(held, t, n);
    acquired(h, t, s, n, false);
    Answer::Done(None)
}

/// Why `task` may not unlock `res`: it holds no side of it.
pub fn unlock_refused(res: &str, task: &str) -> String {
    format!("cannot unlock {res}: {task} does not hold it")
}

/// Why `task` may not release `n` permits of `sem`: it holds only `mine`.
pub fn release_refused(n: u32, sem: &str, task: &str, mine: u32) -> String {
    let what = if n == 1 {
        "a permit".to_string()
    } else {
        format!("{n} permits")
    };
    format!("cannot release {what} of {sem}: {task} holds {mine}")
}

/// `release S N`: gives back permits the task holds (more than it holds is a failure).
pub fn release<H: Host>(h: &mut H, t: TaskId, s: ResId, n: u32) -> Answer {
    let Some(Res::Sem { avail, held, .. }) = get(h, s) else {
        return Answer::NotA(s, Kind::Semaphore);
    };
    let mine = permits_of(held, t);
    if mine < n {
        return Answer::Fail(release_refused(n, h.resource_name(s), h.task_name(t), mine));
    }
    sub_held(held, t, n);
    *avail = avail.saturating_add(n);
    released(h, t, s, n, false);
    pump(h, s, Some(t));
    Answer::Done(None)
}

/// Hands a resource that became available to the waiters at the head of its queue: each wakes
/// already holding it (`Woken`, `Acquired`, then the runner's going on).
pub fn pump<H: Host>(h: &mut H, r: ResId, by: Option<TaskId>) {
    loop {
        let grant = match get(h, r) {
            Some(Res::Mutex { holder, waiters }) if holder.is_none() => {
                waiters.pop_front().map(|w| {
                    *holder = Some(w);
                    (w, 1, false, WakeCause::Unlock(r))
                })
            }
            Some(Res::RwLock {
                writer,
                readers,
                waiters,
            }) if writer.is_none() => match waiters.front().copied() {
                Some((w, true)) if readers.is_empty() => {
                    waiters.pop_front();
                    *writer = Some(w);
                    Some((w, 1, false, WakeCause::Unlock(r)))
                }
                Some((w, false)) => {
                    waiters.pop_front();
                    readers.push(w);
                    Some((w, 1, true, WakeCause::Unlock(r)))
                }
                _ => None,
            },
            Some(Res::Sem {
                avail,
                held,
                waiters,
            }) => match waiters.front().copied() {
                Some((w, n)) if n <= *avail => {
                    waiters.pop_front();
                    *avail -= n;
                    add_held(held, w, n);
                    Some((w, n, false, WakeCause::Release(r)))
                }
                _ => None,
            },
            _ => None,
        };
        let Some((w, n, shared, cause)) = grant else {
            return;
        };
        h.wakes(w, by, cause);
        acquired(h, w, r, n, shared);
        h.proceeds(w, Resume::Done);
    }
}

/// Takes `t` out of the queue it waits in (it was cancelled, timed out, or its worker died).
pub fn leave<H: Host>(h: &mut H, t: TaskId, wait: ResWait) {
    match wait {
        ResWait::Lock(r) | ResWait::Read(r) | ResWait::Write(r) | ResWait::Permits(r, _) => {
            match get(h, r) {
                Some(Res::Mutex { waiters, .. }) => waiters.retain(|x| *x != t),
                Some(Res::RwLock { waiters, .. }) => waiters.retain(|x| x.0 != t),
                Some(Res::Sem { waiters, .. }) => waiters.retain(|x| x.0 != t),
                _ => {}
            }
            // The head may have been what blocked the waiters behind it.
            pump(h, r, None);
        }
        ResWait::Notify(cv) => {
            if let Some(Res::Cv { waiters }) = get(h, cv) {
                waiters.retain(|x| x.0 != t);
            }
        }
        ResWait::Send(ch) => {
            if let Some(Res::Chan { senders, .. }) = get(h, ch) {
                senders.retain(|x| x.0 != t);
            }
        }
        ResWait::Recv(ch) => {
            if let Some(Res::Chan { receivers, .. }) = get(h, ch) {
                receivers.retain(|x| *x != t);
            }
        }
    }
}

/// Releases what an ending task still holds of `holds` (in that order), each marked
/// "released on exit", handing each to its waiters.
pub fn release_all<H: Host>(h: &mut H, t: TaskId, holds: Vec<ResId>) {
    for r in holds {
        let n = match get(h, r) {
            Some(Res::Mutex { holder, .. }) if *holder == Some(t) => {
                *holder = None;
                1
            }
            Some(Res::RwLock {
                writer, readers, ..
            }) => {
                let mut n = 0;
                if *writer == Some(t) {
                    *writer = None;
                    n += 1;
                }
                let before = readers.len();
                readers.retain(|x| *x != t);
                n + (before - readers.len()) as u32
            }
            Some(Res::Sem { avail, held, .. }) => {
                let n = permits_of(held, t);
                sub_held(held, t, n);
                *avail = avail.saturating_add(n);
                n
            }
            _ => 0,
        };
        if n > 0 {
            released(h, t, r, n, true);
            pump(h, r, Some(t));
        }
    }
}

pub(super) fn acquired<H: Host>(h: &mut H, t: TaskId, r: ResId, n: u32, shared: bool) {
    h.may_hold(t, r);
    h.record(EventKind::Acquired {
        task: t,
        res: r,
        n,
        shared,
    });
}

pub(super) fn released<H: Host>(h: &mut H, t: TaskId, r: ResId, n: u32, on_exit: bool) {
    h.record(EventKind::Released {
        task: t,
        res: r,
        n,
        on_exit,
    });
}
