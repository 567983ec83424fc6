//! The public executor: `Executor` (owner and driver) and `Handle` (spawn and sleep from tasks).

use super::arena::TaskId;
use super::clock::{Clock, Micros, VirtualClock};
use super::hooks::ExecHooks;
use super::inner::Inner;
use super::join::{wrap, JoinHandle};
use super::ready_queue::Policy;
use super::sleep::Sleep;
use std::fmt;
use std::future::Future;
use std::rc::Rc;

/// How `Executor::run` stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every task ended.
    Completed,
    /// Nothing is ready and no timer is set, yet `blocked` tasks have not ended: they wait
    /// for something that can never happen (a deadlock, or a wake from outside).
    Stalled { blocked: usize },
    /// The next timer is past the time limit given to `run_until`.
    TimeLimit { next_deadline: Micros },
    /// The clock cannot wait by itself (a real clock in a browser): call again once time
    /// has reached `deadline`.
    Waiting { deadline: Micros },
}

/// Why `Executor::block_on` returned no output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockOnError {
    /// The future can never complete: nothing is ready and no timer is set.
    Stalled { blocked: usize },
    /// The clock cannot wait by itself; drive the executor with `try_tick` instead.
    Waiting { deadline: Micros },
    /// The future's task was cancelled through the executor shutting down.
    Cancelled,
}

impl fmt::Display for BlockOnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockOnError::Stalled { blocked } => write!(
                f,
                "the future can never complete: {blocked} task(s) wait and nothing can wake them \
                 (look for a lock cycle or a receive with no sender)"
            ),
            BlockOnError::Waiting { deadline } => write!(
                f,
                "the clock cannot wait until {deadline}us by itself; drive the executor with \
                 try_tick and a timer instead of block_on"
            ),
            BlockOnError::Cancelled => f.write_str("the future was cancelled before it finished"),
        }
    }
}

impl std::error::Error for BlockOnError {}

/// A cloneable handle to an executor, for use inside its tasks: spawn, sleep, read the time.
#[derive(Clone)]
pub struct Handle {
    inner: Rc<Inner>,
}

// ===== impl Handle =====

impl Handle {
    /// Spawns a task at priority 0; it joins the back of the ready queue at once.
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.spawn_with_priority(0, future)
    }

    /// Spawns a task with a priority (higher runs first under `Policy::Priority`).
    pub fn spawn_with_priority<F>(&self, priority: i32, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        let body = wrap(future);
        if self.inner.closed.get() {
            // The executor is gone: drop the body now; a handle to no slot reports `Cancelled`.
            drop(body);
            return JoinHandle::new(TaskId(u32::MAX), u32::MAX, 0, Rc::clone(&self.inner));
        }
        let (slot, gen, id) = self.inner.spawn_boxed(body, priority);
        JoinHandle::new(id, slot, gen, Rc::clone(&self.inner))
    }

    /// A future that completes `micros` microseconds from now.
    pub fn sleep(&self, micros: Micros) -> Sleep {
        let deadline = self.now().saturating_add(micros);
        Sleep::new(Rc::clone(&self.inner), deadline)
    }

    /// A future that completes when the clock reaches `deadline`.
    pub fn sleep_until(&self, deadline: Micros) -> Sleep {
        Sleep::new(Rc::clone(&self.inner), deadline)
    }

    /// The executor clock's time.
    pub fn now(&self) -> Micros {
        self.inner.clock.now()
    }

    /// The task being polled, if called from inside one.
    pub fn current_task(&self) -> Option<TaskId> {
        self.inner.current_id()
    }
}

/// A single-threaded cooperative executor that runs tasks in asyncio-style rounds.
///
/// It owns its tasks: dropping it drops every unfinished task's future.
pub struct Executor {
    handle: Handle,
}

// ===== impl Executor =====

impl Executor {
    /// A FIFO executor on a fresh virtual clock.
    pub fn new() -> Self {
        Self::with_policy(Policy::Fifo)
    }

    /// An executor with this ready-queue policy on a fresh virtual clock.
    pub fn with_policy(policy: Policy) -> Self {
        Self::with_clock(policy, Rc::new(VirtualClock::new()))
    }

    /// An executor with this policy reading time from `clock`.
    pub fn with_clock(policy: Policy, clock: Rc<dyn Clock>) -> Self {
        Self {
            handle: Handle {
                inner: Rc::new(Inner::new(policy, clock)),
            },
        }
    }

    /// Installs instrumentation hooks (replacing any installed before).
    pub fn set_hooks(&self, hooks: Box<dyn ExecHooks>) {
        self.handle.inner.set_hooks(Some(hooks));
    }

    /// Removes the instrumentation hooks.
    pub fn clear_hooks(&self) {
        self.handle.inner.set_hooks(None);
    }

    /// A handle for spawning and sleeping from inside tasks.
    pub fn handle(&self) -> Handle {
        self.handle.clone()
    }

    /// The ready-queue policy.
    pub fn policy(&self) -> Policy {
        self.handle.inner.core.borrow().ready.policy()
    }

    /// See [`Handle::spawn`].
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.handle.spawn(future)
    }

    /// See [`Handle::spawn_with_priority`].
    pub fn spawn_with_priority<F>(&self, priority: i32, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.handle.spawn_with_priority(priority, future)
    }

    /// Runs one round and returns whether it ran anything.
    ///
    /// A round first appends every due timer (deadline order, ties in the order they were
    /// set), then runs exactly the entries queued at that moment, in the policy's order.
    /// Entries that join during the round (wakes, spawns, yields) wait for the next round.
    pub fn try_tick(&self) -> bool {
        let _local = self.handle.inner.enter();
        self.handle.inner.tick()
    }

    /// Runs rounds until nothing is ready. Never moves the clock.
    pub fn run_until_stalled(&self) {
        let _local = self.handle.inner.enter();
        while self.handle.inner.tick() {}
    }

    /// Runs until every task has ended, moving the clock to the next timer whenever nothing
    /// is ready.
    pub fn run(&self) -> RunOutcome {
        self.run_until(Micros::MAX)
    }

    /// Like [`run`](Self::run), but stops before moving the clock past `limit`.
    pub fn run_until(&self, limit: Micros) -> RunOutcome {
        let _local = self.handle.inner.enter();
        loop {
            self.run_until_stalled();
            match self.idle_step(limit) {
                Ok(()) => {}
                Err(outcome) => return outcome,
            }
        }
    }

    /// When nothing is ready: `Ok` after moving time to the next timer, else why not.
    fn idle_step(&self, limit: Micros) -> Result<(), RunOutcome> {
        let live = self.live_tasks();
        if live == 0 {
            return Err(RunOutcome::Completed);
        }
        match self.next_deadline() {
            None => Err(RunOutcome::Stalled { blocked: live }),
            Some(deadline) if deadline > limit => Err(RunOutcome::TimeLimit {
                next_deadline: deadline,
            }),
            Some(deadline) if self.handle.inner.clock.wait_until(deadline) => Ok(()),
            Some(deadline) => Err(RunOutcome::Waiting { deadline }),
        }
    }

    /// Runs `future` as a task, and the executor until it completes; returns its output.
    ///
    /// Other tasks run as well while it waits; those still unfinished when it completes stay.
    pub fn block_on<F>(&self, future: F) -> Result<F::Output, BlockOnError>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        let mut handle = self.spawn(future);
        let _local = self.handle.inner.enter();
        loop {
            if let Some(result) = handle.try_join() {
                return result.map_err(|_| BlockOnError::Cancelled);
            }
            if self.handle.inner.tick() {
                continue;
            }
            match self.idle_step(Micros::MAX) {
                Ok(()) => {}
                Err(RunOutcome::Waiting { deadline }) => {
                    return Err(BlockOnError::Waiting { deadline })
                }
                Err(RunOutcome::Stalled { blocked }) => {
                    return Err(BlockOnError::Stalled { blocked })
                }
                Err(RunOutcome::Completed | RunOutcome::TimeLimit { .. }) => {
                    // Unreachable in practice (the future's own task is live and there is no
                    // limit); keep going only if it has in fact finished.
                    if let Some(result) = handle.try_join() {
                        return result.map_err(|_| BlockOnError::Cancelled);
                    }
                    return Err(BlockOnError::Stalled { blocked: 0 });
                }
            }
        }
    }

    /// The clock's time.
    pub fn now(&self) -> Micros {
        self.handle.now()
    }

    /// The earliest deadline among live timers.
    pub fn next_deadline(&self) -> Option<Micros> {
        self.handle.inner.core.borrow_mut().timers.next_deadline()
    }

    /// Tasks that have not ended.
    pub fn live_tasks(&self) -> usize {
        self.handle.inner.core.borrow().arena.live()
    }

    /// Entries waiting in the ready queue.
    pub fn ready_len(&self) -> usize {
        self.handle.inner.core.borrow().ready.len()
    }

    /// Timers set and not yet fired or dropped.
    pub fn timers_len(&self) -> usize {
        self.handle.inner.core.borrow().timers.len()
    }
}

impl Default for Executor {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.handle.inner.shutdown();
    }
}
