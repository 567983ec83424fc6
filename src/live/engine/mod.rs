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

mod cell;
mod interp;

use crate::exec::{Clock, Executor, ExecHooks, Policy as ExecPolicy};
use crate::live::proto::{Out, Reply, Role, Setup, ToWorker};
use crate::model::{Micros, Policy, TaskKind};
use crate::sim::program::{compile, Names, Program};
use crate::trace::{Event, EventKind, TaskId, TimerId, WakeCause};
use cell::{TaskCell, TaskFut};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};
use std::task::Waker;

/// What the engine needs from the world around it.
pub trait Host {
    /// Does `us` microseconds of real work on this thread (a calibrated arithmetic loop); the
    /// whole worker is busy meanwhile, as a blocked event loop or a busy thread is.
    fn compute(&self, us: Micros);
    /// Hands these items to the page at once (before a long compute, so the page sees it begin).
    fn flush(&self, items: Vec<Out>);
}

/// State shared by the engine, its message handlers and its task futures.
pub(crate) struct Shared {
    pub run: u32,
    pub role: Role,
    pub lane: u32,
    pub handle: crate::exec::Handle,
    pub clock: Rc<dyn Clock>,
    pub host: Rc<dyn Host>,
    pub progs: Vec<Program>,
    /// Per task: kind, declaration, priority.
    pub kinds: Vec<TaskKind>,
    pub decls: Vec<usize>,
    pub prios: Vec<i64>,
    /// Items for the page, in order.
    pub out: RefCell<Vec<Out>>,
    /// The tasks on this worker that have not ended.
    pub cells: RefCell<BTreeMap<u32, Rc<TaskCell>>>,
    /// Executor task → scenario task, for the timer hook.
    pub by_exec: RefCell<BTreeMap<crate::exec::TaskId, u32>>,
    /// The task awaiting a reply that may come at once; others wait until it comes.
    pub gate: Cell<Option<u32>>,
    /// Tasks that found the gate closed.
    pub parked: RefCell<Vec<Waker>>,
    /// Starts and wakes that came while the gate was closed: they join the ready queue after
    /// the parked tasks, which were ahead of them in the round.
    pub deferred: RefCell<Vec<Deferred>>,
    /// Tasks held at the gate that have not had their turn since.
    pub owed: RefCell<Vec<u32>>,
    /// The event loop's policy is LIFO.
    pub lifo: bool,
    pub next_timer: Cell<u32>,
}

impl Shared {
    pub(crate) fn now(&self) -> Micros {
        self.clock.now()
    }

    pub(crate) fn push(&self, item: Out) {
        self.out.borrow_mut().push(item);
    }

    pub(crate) fn emit(&self, kind: EventKind) {
        let t = self.now();
        self.push(Out::Event(Event { t, kind }));
    }

    pub(crate) fn fresh_timer(&self) -> u32 {
        let id = self.next_timer.get();
        self.next_timer.set(id.wrapping_add(1));
        id
    }

    /// Writes `PollEnd` if the task is on the lane.
    pub(crate) fn leave(&self, cell: &TaskCell) {
        if cell.on_cpu.replace(false) {
            self.emit(EventKind::PollEnd {
                task: TaskId(cell.id),
                lane: crate::trace::LaneId(self.lane),
            });
        }
    }

    /// The task goes back to a queue (the loop's ready queue, or its lane).
    pub(crate) fn ready(&self, cell: &TaskCell) {
        cell.ready.set(true);
        self.emit(EventKind::Ready {
            task: TaskId(cell.id),
        });
    }

    /// Opens the gate. The tasks that found it closed were the rest of a round: they run
    /// next, in their order, and what was started or woken meanwhile waits until each of them
    /// has had its turn (see `TaskFut`), as if the round had never been interrupted.
    pub(crate) fn open_gate(self: &Rc<Self>) {
        self.gate.set(None);
        let mut parked = std::mem::take(&mut *self.parked.borrow_mut());
        // LIFO picks the newest entry first: wake them so that it picks them in this order.
        if self.lifo {
            parked.reverse();
        }
        for w in parked {
            w.wake();
        }
        if self.owed.borrow().is_empty() {
            self.release_deferred();
        }
    }

    /// Starts and wakes what was held back, in the order it came.
    pub(crate) fn release_deferred(self: &Rc<Self>) {
        let deferred = std::mem::take(&mut *self.deferred.borrow_mut());
        for d in deferred {
            match d {
                Deferred::Wake(cell) => cell.wake(),
                Deferred::Start(cell) => self.spawn(cell),
            }
        }
    }

    /// Whether a start or a wake of `task` must wait: the gate is closed by another task, or
    /// tasks it held back have not had their turn yet.
    fn holding(&self, task: u32) -> bool {
        match self.gate.get() {
            Some(g) => g != task,
            None => !self.owed.borrow().is_empty(),
        }
    }

    /// Wakes a task now, or after the gate opens if another task holds it.
    pub(crate) fn wake(&self, cell: &Rc<TaskCell>) {
        if self.holding(cell.id) {
            self.deferred
                .borrow_mut()
                .push(Deferred::Wake(cell.clone()));
        } else {
            cell.wake();
        }
    }

    /// Puts a task's future on the executor (at the back of the ready queue).
    fn spawn(self: &Rc<Self>, cell: Rc<TaskCell>) {
        if self.holding(u32::MAX) {
            self.deferred.borrow_mut().push(Deferred::Start(cell));
            return;
        }
        let task = cell.id;
        let body = interp::run_task(self.clone(), cell.clone());
        let fut = TaskFut {
            sh: self.clone(),
            cell,
            inner: Box::pin(body),
        };
        let prio = self.prios[task as usize].clamp(i32::MIN as i64, i32::MAX as i64) as i32;
        let handle = self.handle.spawn_with_priority(prio, fut);
        self.by_exec.borrow_mut().insert(handle.id(), task);
    }
}

/// A start or a wake held back while the gate was closed.
pub(crate) enum Deferred {
    Wake(Rc<TaskCell>),
    Start(Rc<TaskCell>),
}

/// The runtime of one worker for one run.
pub struct Engine {
    exec: Executor,
    sh: Rc<Shared>,
}

impl Engine {
    /// Prepares for the run described by `setup`, or says why the scenario cannot run.
    pub fn new(setup: &Setup, clock: Rc<dyn Clock>, host: Rc<dyn Host>) -> Result<Engine, String> {
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
