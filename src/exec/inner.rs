//! The executor's shared state and its scheduling steps: spawn, wake draining, polling, rounds.

use super::arena::{Arena, BoxFuture, Parked, TaskId, TaskState};
use super::clock::{Clock, Micros};
use super::core::Core;
use super::hooks::{EndKind, ExecHooks};
use super::ready_queue::{Entry, Policy, ReadyQueue, Target};
use super::timers::Timers;
use super::waker::{self, LocalGuard, WakeEntry, WakeQueue};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// The task being polled (or whose future is being dropped) right now.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Current {
    pub id: TaskId,
    pub priority: i32,
}

/// State shared by the executor, its handles, join handles and sleeps.
pub(crate) struct Inner {
    /// Tasks, queue and timers.
    pub core: RefCell<Core>,
    /// Where wakers push; drained after every entry and at the start of every round.
    wakes: Arc<WakeQueue>,
    /// The time source.
    pub clock: Rc<dyn Clock>,
    /// Instrumentation, if any.
    hooks: RefCell<Option<Box<dyn ExecHooks>>>,
    /// Mirrors `hooks.is_some()` so the common no-hooks case costs one load.
    has_hooks: Cell<bool>,
    /// The task being polled, to attribute wakes, spawns and timers to it.
    current: Cell<Option<Current>>,
    /// Set when the executor shut down: spawns are refused (their futures dropped at once).
    pub closed: Cell<bool>,
}

/// Ends a poll however it ends: clears the current task and, if the poll panicked (the task
/// is still marked running), ends the task as cancelled so that its joiner is not left
/// waiting and the executor stays usable once the panic has been caught.
struct PollGuard<'a> {
    inner: &'a Inner,
    slot: u32,
    /// Set when the poll returned normally.
    done: bool,
}

impl Drop for PollGuard<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        self.inner.current.set(None);
        if !self.done {
            self.inner.end_panicked(self.slot);
        }
    }
}

/// A round entry, prepared for running outside the borrow of the core.
enum Job {
    /// Poll (or drop, if cancelled) a task.
    Poll(PollJob),
    /// Fire a due timer: wake its sleeper.
    Fire(Waker, Option<TaskId>),
    /// A stale entry.
    Skip,
}

struct PollJob {
    slot: u32,
    parked: Parked,
    current: Current,
    cancel: bool,
}

// ===== impl Inner =====

impl Inner {
    pub fn new(policy: Policy, clock: Rc<dyn Clock>) -> Self {
        let wakes = Arc::new(WakeQueue::default());
        Self {
            core: RefCell::new(Core {
                arena: Arena::new(Arc::clone(&wakes)),
                ready: ReadyQueue::new(policy),
                timers: Timers::default(),
            }),
            wakes,
            clock,
            hooks: RefCell::new(None),
            has_hooks: Cell::new(false),
            current: Cell::new(None),
            closed: Cell::new(false),
        }
    }

    pub fn set_hooks(&self, hooks: Option<Box<dyn ExecHooks>>) {
        self.has_hooks.set(hooks.is_some());
        *self.hooks.borrow_mut() = hooks;
    }

    /// Calls a hook, if hooks are installed.
    #[inline(always)]
    pub fn emit(&self, f: impl FnOnce(&mut dyn ExecHooks, Micros)) {
        if self.has_hooks.get() {
            self.emit_slow(f);
        }
    }

    #[inline(never)]
    fn emit_slow(&self, f: impl FnOnce(&mut dyn ExecHooks, Micros)) {
        let now = self.clock.now();
        // A hook that (against the rules) re-enters the executor is skipped, not a panic.
        if let Ok(mut hooks) = self.hooks.try_borrow_mut() {
            if let Some(hooks) = hooks.as_deref_mut() {
                f(hooks, now);
            }
        }
    }

    #[inline]
    pub fn current(&self) -> Option<Current> {
        self.current.get()
    }

    #[inline]
    pub fn current_id(&self) -> Option<TaskId> {
        self.current.get().map(|c| c.id)
    }

    /// Routes this thread's wakes for this executor to the fast path while the guard lives;
    /// callers running many rounds hold one guard across them.
    pub fn enter(self: &Rc<Self>) -> LocalGuard {
        waker::enter(self)
    }

    pub fn wake_queue(&self) -> &WakeQueue {
        &self.wakes
    }

    /// The fast path of a wake made on this thread during rounds: queue the task now.
    /// Returns `false` if the core is busy, and the waker then uses the shared queue.
    pub fn wake_local(&self, wake: WakeEntry) -> bool {
        let queued = match self.core.try_borrow_mut() {
            Ok(mut core) => core.queue_task(wake),
            Err(_) => return false,
        };
        if let Some(task) = queued {
            self.report_woken(task);
        }
        true
    }

    /// Reports a task queued by a wake, attributed to the current task.
    #[inline]
    fn report_woken(&self, task: TaskId) {
        if self.has_hooks.get() {
            let by = self.current_id();
            self.emit(|h, now| {
                h.woken(task, by, now);
                h.ready(task, now);
            });
        }
    }

    /// Stores a task and queues it at the back. Returns its slot, generation and id.
    pub fn spawn_boxed(&self, future: BoxFuture, priority: i32) -> (u32, u32, TaskId) {
        let (slot, gen, id) = {
            let mut core = self.core.borrow_mut();
            let spawned = core.arena.insert(future, priority);
            core.ready.push(Entry {
                target: Target::Task(spawned.0, spawned.1),
                priority,
            });
            spawned
        };
        let by = self.current_id();
        self.emit(|h, now| {
            h.spawned(id, by, now);
            h.ready(id, now);
        });
        (slot, gen, id)
    }

    /// Marks a task for cancellation and wakes it so that it reaches its next poll opportunity.
    pub fn cancel(&self, slot: u32, gen: u32) {
        {
            let mut core = self.core.borrow_mut();
            match core.arena.get_current(slot, gen) {
                Some(task) if task.state != TaskState::Ended => task.cancel = true,
                _ => return,
            }
        }
        // As its waker would: at once during rounds on this thread, else through the queue.
        self.wakes.wake(WakeEntry { slot, gen });
    }

    /// Moves wake-ups from the shared queue into the ready queue.
    #[inline]
    pub fn drain_wakes(&self) {
        if self.wakes.has_pending() {
            self.drain_shared();
        }
    }

    #[inline(never)]
    fn drain_shared(&self) {
        let mut wakes = Vec::new();
        self.wakes.drain_into(&mut wakes);
        for wake in wakes {
            let queued = self.core.borrow_mut().queue_task(wake);
            if let Some(task) = queued {
                self.report_woken(task);
            }
        }
    }

    /// Runs one round; returns whether it had any entry. See `Executor::try_tick`.
    ///
    /// The caller holds a guard from [`Inner::enter`] so that wakes take the fast path.
    pub fn tick(&self) -> bool {
        if self.current.get().is_some() {
            // Called from inside one of this executor's own tasks: running rounds here would
            // tangle the round in progress, so refuse and report nothing ran.
            return false;
        }
        self.drain_wakes();
        let now = self.clock.now();
        let entries = {
            let mut core = self.core.borrow_mut();
            let Core { ready, timers, .. } = &mut *core;
            while let Some(due) = timers.pop_due(now) {
                ready.push(Entry {
                    target: Target::Timer(due.slot, due.gen),
                    priority: due.priority,
                });
            }
            ready.begin_round()
        };
        if entries == 0 {
            return false;
        }
        self.emit(|h, now| h.round_start(entries, now));
        loop {
            match self.next_job() {
                Some(Job::Poll(job)) => self.poll_task(job),
                Some(Job::Fire(waker, owner)) => {
                    self.emit(|h, now| h.timer_fired(owner, now));
                    waker.wake();
                }
                Some(Job::Skip) => {}
                None => return true,
            }
        }
    }

    /// Takes the round's next entry and prepares it, in one borrow.
    #[inline]
    fn next_job(&self) -> Option<Job> {
        let mut core = self.core.borrow_mut();
        let entry = core.ready.pop()?;
        Some(match entry.target {
            Target::Timer(slot, gen) => match core.timers.fire(slot, gen) {
                Some((waker, owner)) => Job::Fire(waker, owner),
                // Its sleep was dropped after the timer came due.
                None => Job::Skip,
            },
            Target::Task(slot, gen) => match core.arena.take_for_poll(slot, gen) {
                Some((parked, task)) => Job::Poll(PollJob {
                    slot,
                    parked,
                    current: Current {
                        id: task.id,
                        priority: task.priority,
                    },
                    cancel: task.cancel,
                }),
                // Ended, cancelled away or already queued again by a later entry.
                None => Job::Skip,
            },
        })
    }

    /// Polls a task once (or drops it if it was cancelled), then queues what it woke.
    #[inline]
    fn poll_task(&self, job: PollJob) {
        let PollJob {
            slot,
            mut parked,
            current,
            cancel,
        } = job;
        let id = current.id;
        self.current.set(Some(current));
        let mut guard = PollGuard {
            inner: self,
            slot,
            done: false,
        };
        if cancel {
            self.end_task(slot, id, parked, false);
        } else {
            self.emit(|h, now| h.poll_start(id, now));
            let poll = parked
                .future
                .as_mut()
                .poll_body(&mut Context::from_waker(parked.waker.waker()));
            self.emit(|h, now| h.poll_end(id, now));
            match poll {
                Poll::Ready(()) => self.end_task(slot, id, parked, true),
                Poll::Pending => {
                    let blocked = {
                        let mut core = self.core.borrow_mut();
                        let task = core
                            .arena
                            .get_mut(slot)
                            .expect("a task is not removed while it is being polled");
                        task.body = Some(parked.future);
                        task.waker = Some(parked.waker);
                        // Still running means nothing woke it (a yield would have queued it).
                        let blocked = task.state == TaskState::Running;
                        if blocked {
                            task.state = TaskState::Idle;
                        }
                        blocked
                    };
                    if blocked {
                        self.emit(|h, now| h.blocked(id, now));
                    }
                    self.drain_wakes();
                }
            }
        }
        guard.done = true;
    }

    /// Ends a task that was just polled to completion (its body now holds the output) or
    /// cancelled.
    fn end_task(&self, slot: u32, id: TaskId, parked: Parked, completed: bool) {
        let Parked { future, waker } = parked;
        let (how, result) = if completed {
            (EndKind::Completed, Some(future))
        } else {
            // Dropping a future runs user code (drop guards, waiter removal), so it happens
            // with no borrow held; any wake it makes is attributed to this task.
            drop(future);
            (EndKind::Cancelled, None)
        };
        let ending = {
            let mut core = self.core.borrow_mut();
            core.arena.recycle_waker(waker);
            core.arena.finish(slot, result)
        };
        drop(ending.dropped);
        self.emit(|h, now| h.ended(id, how, now));
        if let Some(joiner) = ending.joiner {
            joiner.wake();
        }
        self.drain_wakes();
    }

    /// Ends a task whose poll panicked (it is still marked running) as cancelled.
    #[cold]
    fn end_panicked(&self, slot: u32) {
        let ending = match self.core.try_borrow_mut() {
            Ok(mut core) => match core.arena.get_mut(slot) {
                Some(task) if task.state == TaskState::Running => {
                    Some(core.arena.finish(slot, None))
                }
                _ => None,
            },
            Err(_) => None,
        };
        if let Some(ending) = ending {
            drop(ending.dropped);
            if let Some(joiner) = ending.joiner {
                joiner.wake();
            }
        }
    }

    /// Drops every unfinished task (their handles then report `Cancelled`) and every timer;
    /// later spawns are refused.
    pub fn shutdown(&self) {
        self.closed.set(true);
        let (futures, wakers) = {
            let mut core = self.core.borrow_mut();
            core.ready.clear();
            let futures: Vec<_> = core
                .arena
                .live_slots()
                .into_iter()
                .filter_map(|slot| {
                    let task = core.arena.get_mut(slot)?;
                    Some((slot, (task.body.take(), task.waker.take())))
                })
                .collect();
            (futures, core.timers.clear())
        };
        drop(wakers);
        for (slot, parked) in futures {
            drop(parked);
            let ending = self.core.borrow_mut().arena.finish(slot, None);
            drop(ending.dropped);
            if let Some(joiner) = ending.joiner {
                joiner.wake();
            }
        }
        // Wake-ups made while dropping are moot now.
        self.wakes.drain_into(&mut Vec::new());
    }
}
