//! The runtime inside one worker of a live run: our executor, driven by a real clock, running
//! the tasks the coordinator starts here, each as a future that interprets the task's steps.
//!
//! The event-loop worker runs every async task on one [`Executor`] (the scenario's ready-queue
//! policy); a pool worker runs one job at a time; a thread or process worker runs its one task.
//! The engine is transport-free: the worker shell (or a native test) feeds it [`ToWorker`]
//! messages, calls [`Engine::drive`], posts [`Engine::take_out`] and sets a timer for
//! [`Engine::next_deadline`].
//!
//! # The gate
//! The language says a step that can complete at once does not give up the event loop. Here
//! such a step (locking a free mutex, `load`, `spawn` …) is a request to the coordinator, whose
//! answer takes a message round trip. While one async task awaits such an answer, the others
//! wait at a gate instead of running, so the task continues its poll as if the step had been
//! local; only a `Wait` answer (the step must wait) opens the gate and ends the poll.

mod awaited;
mod awaited_channel;
mod awaited_condvar;
mod awaited_lock;
mod cell;
mod flow;
mod interp;
mod real_channel;
mod real_condvar;
mod real_lock;
mod shared;
mod status;

use crate::exec::{Clock, ExecHooks, Executor, Policy as ExecPolicy};
use crate::live::proto::{Out, Reply, Role, Setup, ToWorker};
use crate::model::{Micros, Policy, TaskKind};
use crate::rules::program::{compile, Names};
use crate::shm::Memory;
use crate::trace::{EventKind, TaskId, TimerId, WakeCause};
use cell::TaskCell;
pub(crate) use shared::Deferred;
use shared::Shared;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

/// What the engine needs from the world around it.
pub trait Host {
    /// Does `us` microseconds of real work on this thread (a calibrated arithmetic loop); the
    /// whole worker is busy meanwhile, as a blocked event loop or a busy thread is.
    fn compute(&self, us: Micros);
    /// Hands these items to the page at once (before a long compute, so the page sees it begin).
    fn flush(&self, items: Vec<Out>);
    /// Items to gather before they are handed over even in the middle of a drive: a worker
    /// whose tasks run for long without waiting (thousands of yields) must still stream its
    /// trace and show it is alive. Unbounded by default.
    fn batch_limit(&self) -> usize {
        usize::MAX
    }
    /// Whether a task may block this worker in `Atomics.wait` (a real lock in shared memory).
    /// A worker hosting the event loop never does; the in-process runner cannot.
    fn may_block(&self) -> bool {
        false
    }
    /// A promise a task awaits settled (`Atomics.waitAsync`'s): its wake waits in the
    /// executor's queue, so drive the engine again soon, or it would wait for the next message
    /// or timer.
    fn drive_soon(&self) {}
}

/// The runtime of one worker for one run.
pub struct Engine {
    exec: Executor,
    sh: Rc<Shared>,
}

impl Engine {
    /// Prepares for the run described by `setup`, or says why the scenario cannot run.
    /// `memory` is the run's shared memory when `setup` says the variables live there.
    pub fn new(
        setup: &Setup,
        clock: Rc<dyn Clock>,
        host: Rc<dyn Host>,
        memory: Option<Rc<dyn Memory>>,
    ) -> Result<Engine, String> {
        let memory = match (setup.shared_memory, memory) {
            (true, None) => {
                return Err("the run's shared memory did not reach this worker".to_string())
            }
            (true, memory) => memory,
            (false, _) => None,
        };
        let scenario = crate::model::load(&setup.text).map_err(|diags| {
            let first = diags.into_iter().find(|d| d.is_error());
            format!(
                "the scenario does not load: {}",
                first.map(|d| d.message).unwrap_or_default()
            )
        })?;
        let layout = crate::live::layout::layout(&scenario).map_err(|e| e.limit().to_string())?;
        let names = Names::new(&scenario);
        let progs = compile(&scenario, &names);
        let real_resources = match &memory {
            Some(mem) if host.may_block() => {
                crate::live::memory::real_resources(&scenario, &progs, mem.waits_async())
            }
            _ => Vec::new(),
        };
        let policy = match scenario.runtime.policy() {
            Policy::Fifo => ExecPolicy::Fifo,
            Policy::Lifo => ExecPolicy::Lifo,
            Policy::Random => ExecPolicy::Random { seed: setup.seed },
            Policy::Priority => ExecPolicy::Priority,
        };
        let exec = Executor::with_clock(policy, clock.clone());
        let sh = Rc::new(Shared {
            run: setup.run,
            role: setup.role,
            lane: setup.lane,
            handle: exec.handle(),
            clock,
            host,
            progs,
            kinds: layout.trace.tasks.iter().map(|t| t.kind).collect(),
            prios: layout
                .decl
                .iter()
                .map(|d| scenario.tasks[*d].priority)
                .collect(),
            decls: layout.decl,
            out: RefCell::new(Vec::new()),
            cells: RefCell::new(BTreeMap::new()),
            by_exec: RefCell::new(BTreeMap::new()),
            gate: Cell::new(None),
            parked: RefCell::new(Vec::new()),
            deferred: RefCell::new(Vec::new()),
            owed: RefCell::new(Vec::new()),
            lifo: policy == ExecPolicy::Lifo,
            next_timer: Cell::new(0),
            memory,
            layout: crate::live::memory::Layout::of(&scenario),
            real_resources,
            lines: RefCell::new(BTreeMap::new()),
            res_names: scenario.resources.iter().map(|r| r.name.clone()).collect(),
            task_names: layout.trace.tasks.iter().map(|t| t.name.clone()).collect(),
        });
        exec.set_hooks(Box::new(TimerHook {
            sh: Rc::downgrade(&sh),
        }));
        Ok(Engine { exec, sh })
    }

    /// Handles one message from the page (messages of other runs are ignored).
    pub fn handle(&self, msg: ToWorker) {
        match msg {
            ToWorker::Batch { run, msgs } if run == self.sh.run => {
                for m in msgs {
                    self.handle(m);
                }
            }
            ToWorker::Start { run, task } if run == self.sh.run => self.start(task),
            ToWorker::Reply {
                run,
                task,
                req,
                reply,
            } if run == self.sh.run => self.on_reply(task, req, reply),
            ToWorker::Cancel { run, task, by } if run == self.sh.run => self.on_cancel(task, by),
            _ => {}
        }
    }

    /// Runs rounds until no task is ready.
    pub fn drive(&self) {
        self.exec.run_until_stalled();
    }

    /// The next timer's deadline (run time), if any.
    pub fn next_deadline(&self) -> Option<Micros> {
        self.exec.next_deadline()
    }

    /// Takes the items for the page.
    pub fn take_out(&self) -> Vec<Out> {
        std::mem::take(&mut *self.sh.out.borrow_mut())
    }

    /// No task of this run is left here.
    pub fn idle(&self) -> bool {
        self.sh.cells.borrow().is_empty()
    }

    /// Where this worker writes its trace in shared memory (`live::memory`), if the run has
    /// shared memory.
    pub fn trace_ring(&self) -> Option<(Rc<dyn Memory>, crate::shm::ring::Ring)> {
        Some((
            self.sh.memory.clone()?,
            self.sh.layout.trace_ring(self.sh.lane)?,
        ))
    }

    /// The run this engine belongs to.
    pub fn run(&self) -> u32 {
        self.sh.run
    }

    fn start(&self, task: u32) {
        let Some(&kind) = self.sh.kinds.get(task as usize) else {
            return;
        };
        let fits = match self.sh.role {
            Role::Loop => kind == TaskKind::Async,
            Role::Pool(_) => kind == TaskKind::Job,
            Role::Thread(t) => t == task && matches!(kind, TaskKind::Thread | TaskKind::Process),
        };
        if !fits || self.sh.cells.borrow().contains_key(&task) {
            return;
        }
        let cell = Rc::new(TaskCell::new(task, kind));
        self.sh.cells.borrow_mut().insert(task, cell.clone());
        // A job joined the pool queue when it started; async tasks and threads are ready now.
        if kind != TaskKind::Job {
            self.sh.ready(&cell);
        }
        self.sh.spawn(cell);
    }

    fn on_reply(&self, task: u32, req: u32, reply: Reply) {
        let Some(cell) = self.sh.cells.borrow().get(&task).cloned() else {
            return;
        };
        let Some((pending, sent)) = cell.pending.get() else {
            return;
        };
        if pending != req {
            return;
        }
        let owns_gate = self.sh.gate.get() == Some(task);
        if reply == Reply::Wait {
            cell.waiting.set(true);
            cell.waited.set(true);
            self.sh.leave(&cell);
            // Polled once so that a `timeout` it waits under is armed and can abort the wait.
            cell.wake();
            if owns_gate {
                self.sh.open_gate();
            }
            return;
        }
        cell.pending.set(None);
        if reply == Reply::Cancelled {
            cell.cancel.set(Some(cell.cancel.get().unwrap_or(u32::MAX)));
        }
        if cell.waiting.replace(false) {
            self.sh.ready(&cell);
        } else {
            let us = self.sh.now().saturating_sub(sent);
            self.sh.push(Out::RoundTrip { us });
        }
        *cell.reply.borrow_mut() = Some(reply);
        // The answered task goes on; the gate opens when its poll ends (see `TaskFut`).
        self.sh.wake(&cell);
    }

    fn on_cancel(&self, task: u32, by: u32) {
        let Some(cell) = self.sh.cells.borrow().get(&task).cloned() else {
            return;
        };
        cell.cancel.set(Some(by));
        // A sleeping task is woken at once; any other notices at its next await or step.
        if let Some((timer, _)) = cell.sleeping.get() {
            if !cell.sleep_fired.get() && !cell.sleep_cancelled.replace(true) {
                self.sh.emit(EventKind::TimerCancelled {
                    timer: TimerId(timer),
                });
                self.sh.emit(EventKind::Woken {
                    task: TaskId(task),
                    by: Some(TaskId(by)),
                    cause: WakeCause::Cancel,
                });
                if cell.is_async() {
                    self.sh.ready(&cell);
                }
                self.sh.wake(&cell);
            }
        } else if cell.waiting.get() && cell.pending.get().is_none() {
            // An async task awaiting a lock in shared memory notices when it is polled.
            self.sh.wake(&cell);
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.exec.clear_hooks();
    }
}

/// Writes a sleep's `TimerFired`, `Woken` and `Ready` when the executor fires its timer (the
/// task itself runs only when the loop gets to it).
struct TimerHook {
    sh: Weak<Shared>,
}

impl ExecHooks for TimerHook {
    fn timer_fired(&mut self, owner: Option<crate::exec::TaskId>, now: Micros) {
        let (Some(sh), Some(owner)) = (self.sh.upgrade(), owner) else {
            return;
        };
        let Some(task) = sh.by_exec.borrow().get(&owner).copied() else {
            return;
        };
        let Some(cell) = sh.cells.borrow().get(&task).cloned() else {
            return;
        };
        let Some((timer, due)) = cell.sleeping.get() else {
            return;
        };
        if cell.sleep_fired.get() || cell.sleep_cancelled.get() || cell.race_fired.get() {
            return;
        }
        if now < due {
            // Not the sleep's timer: perhaps the `timeout` the sleep is raced against.
            if let Some((race, race_due)) = cell.race.get() {
                if now >= race_due {
                    cell.race_fired.set(true);
                    sh.emit(EventKind::TimerFired {
                        timer: TimerId(race),
                    });
                    sh.emit(EventKind::TimerCancelled {
                        timer: TimerId(timer),
                    });
                    sh.emit(EventKind::Woken {
                        task: TaskId(task),
                        by: None,
                        cause: WakeCause::Timeout,
                    });
                    sh.ready(&cell);
                }
            }
            return;
        }
        cell.sleep_fired.set(true);
        sh.emit(EventKind::TimerFired {
            timer: TimerId(timer),
        });
        sh.emit(EventKind::Woken {
            task: TaskId(task),
            by: None,
            cause: WakeCause::Timer,
        });
        sh.ready(&cell);
    }
}

#[cfg(test)]
mod tests;
