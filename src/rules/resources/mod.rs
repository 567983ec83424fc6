//! The semantics of shared resources, written once for the simulator and live mode's coordinator.
//!
//! Mutexes, writer-preferring rwlocks, multi-permit semaphores, condvars, channels (unbounded,
//! bounded, rendezvous; close) and variables, with FIFO wait queues and direct hand-off: when a
//! holder lets go, the longest waiter that can proceed gets the resource at that instant, so
//! nobody can barge in between.
//!
//! The operations are free functions generic over a [`Host`], the runner, which supplies the
//! resources and carries out the side effects (events, waking a task, letting it go on). An
//! operation answers with an [`Answer`]; one that must wait answers [`Answer::Wait`] *before*
//! touching any state, so the runner can first give a pending cancellation its chance (the
//! step then ends the task instead) and only then call [`enqueue`] and record the block. Each
//! runner maps the answer to its own control flow in one place.

mod channel;
mod condvar;
mod locks;
mod res;
#[cfg(test)]
mod tests;

pub use channel::{already_closed, close, recv, recv_closed, send, send_closed};
pub use condvar::{notify, wait, wait_refused};
pub use locks::{
    acquire, leave, lock, pump, release, release_all, release_refused, rw, unlock, unlock_refused,
};
pub use res::{add_held, sub_held, Res};

use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};

/// A runner's side of the resource operations.
///
/// Generic, not `dyn`, so the simulator's hot paths compile to direct calls.
pub trait Host {
    /// Every resource, indexed by `ResId`.
    fn resources(&mut self) -> &mut [Res];
    /// Appends `kind` to the trace at the current instant.
    fn record(&mut self, kind: EventKind);
    /// `t` may now hold `r` (remembered, to release it if `t` ends holding it).
    fn may_hold(&mut self, t: TaskId, r: ResId);
    /// `t`'s wait is over (records `Woken`); [`Host::proceeds`] follows.
    fn wakes(&mut self, t: TaskId, by: Option<TaskId>, cause: WakeCause);
    /// A woken task goes on with its step finished as `how`.
    fn proceeds(&mut self, t: TaskId, how: Resume);
    /// A notified task waits again, now in `on`'s queue (the caller records `Blocked`).
    fn waits_again(&mut self, t: TaskId, on: ResWait);
    fn task_name(&self, t: TaskId) -> &str;
    fn resource_name(&self, r: ResId) -> &str;
}

/// How an operation came out for the task that ran it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The step completed (with the value received by a `recv`).
    Done(Option<i64>),
    /// The step failed with this message (raised in the task).
    Fail(String),
    /// The resource is not of the kind the step needs (nothing changed).
    NotA(ResId, Kind),
    /// The step must wait; nothing changed yet (see [`enqueue`]).
    Wait(Pending),
}

/// How a woken waiter's step ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resume {
    Done,
    /// A `recv` got this value.
    Value(i64),
    /// The step fails with this message (its channel was closed).
    Fail(String),
}

/// A step that must wait, with what its queue entry needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    Lock(ResId),
    /// An rwlock; `true` to write.
    Rw(ResId, bool),
    Permits(ResId, u32),
    /// `wait CV M`: releases M, then waits for a notify.
    Notify {
        cv: ResId,
        mutex: ResId,
    },
    Send(ResId, i64),
    Recv(ResId),
}

/// The queue of a resource that a task waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResWait {
    Lock(ResId),
    Read(ResId),
    Write(ResId),
    Permits(ResId, u32),
    Notify(ResId),
    Send(ResId),
    Recv(ResId),
}

impl ResWait {
    /// The trace's form of the wait.
    pub fn on(self) -> WaitFor {
        match self {
            ResWait::Lock(r) => WaitFor::Lock(r),
            ResWait::Read(r) => WaitFor::Read(r),
            ResWait::Write(r) => WaitFor::Write(r),
            ResWait::Permits(r, n) => WaitFor::Permits(r, n),
            ResWait::Notify(r) => WaitFor::Notify(r),
            ResWait::Send(r) => WaitFor::Send(r),
            ResWait::Recv(r) => WaitFor::Recv(r),
        }
    }
}

/// The kind of resource a step needs, for [`Answer::NotA`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Mutex,
    /// `unlock` takes either.
    MutexOrRwLock,
    RwLock,
    Semaphore,
    Condvar,
    Channel,
}

impl Kind {
    /// The words for the kind ("mutex", "mutex or rwlock", ...).
    pub fn word(self) -> &'static str {
        match self {
            Kind::Mutex => "mutex",
            Kind::MutexOrRwLock => "mutex or rwlock",
            Kind::RwLock => "rwlock",
            Kind::Semaphore => "semaphore",
            Kind::Condvar => "condvar",
            Kind::Channel => "channel",
        }
    }
}

/// Puts `t` in the queue its pending step waits in and returns that queue; the runner then
/// records `Blocked` on [`ResWait::on`]. A condvar wait first lets go of its mutex (handing it
/// to the mutex's next waiter).
pub fn enqueue<H: Host>(h: &mut H, t: TaskId, pending: Pending) -> ResWait {
    match pending {
        Pending::Lock(m) => {
            if let Some(Res::Mutex { waiters, .. }) = get(h, m) {
                waiters.push_back(t);
            }
            ResWait::Lock(m)
        }
        Pending::Rw(r, write) => {
            if let Some(Res::RwLock { waiters, .. }) = get(h, r) {
                waiters.push_back((t, write));
            }
            match write {
                true => ResWait::Write(r),
                false => ResWait::Read(r),
            }
        }
        Pending::Permits(s, n) => {
            if let Some(Res::Sem { waiters, .. }) = get(h, s) {
                waiters.push_back((t, n));
            }
            ResWait::Permits(s, n)
        }
        Pending::Notify { cv, mutex } => {
            condvar::let_go(h, t, cv, mutex);
            ResWait::Notify(cv)
        }
        Pending::Send(ch, value) => {
            if let Some(Res::Chan { senders, .. }) = get(h, ch) {
                senders.push_back((t, value));
            }
            ResWait::Send(ch)
        }
        Pending::Recv(ch) => {
            if let Some(Res::Chan { receivers, .. }) = get(h, ch) {
                receivers.push_back(t);
            }
            ResWait::Recv(ch)
        }
    }
}

/// The resource `r`, if there is one.
#[inline]
fn get<H: Host>(h: &mut H, r: ResId) -> Option<&mut Res> {
    h.resources().get_mut(r.0 as usize)
}
