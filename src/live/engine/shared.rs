//! What the engine, its message handlers and its task futures share: the outbox, the tasks on
//! this worker, and the gate with the starts and wakes it holds back.

use super::cell::{TaskCell, TaskFut};
use super::interp;
use crate::exec::Clock;
use crate::live::proto::{Out, Role};
use crate::model::{Micros, TaskKind};
use crate::rules::program::Program;
use crate::trace::{Event, EventKind, TaskId};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::task::Waker;

/// State shared by the engine, its message handlers and its task futures.
pub(crate) struct Shared {
    pub run: u32,
    pub role: Role,
    pub lane: u32,
    pub handle: crate::exec::Handle,
    pub clock: Rc<dyn Clock>,
    pub host: Rc<dyn super::Host>,
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
    /// The run's shared memory, where the variables live (`live::memory`), if the page is
    /// cross-origin isolated; otherwise the coordinator keeps them.
    pub memory: Option<Rc<dyn crate::shm::Memory>>,
    /// Where things are in `memory`.
    pub layout: crate::live::memory::Layout,
    /// Per resource: a mutex in `memory` that this worker's tasks lock themselves.
    pub real_resources: Vec<bool>,
    /// Per resource in `memory` and side: this worker's async tasks waiting there, in arrival
    /// order. Only the first awaits the word; the others wait their turn here, so async tasks
    /// go in FIFO order among themselves, as the simulator and asyncio serve them (`awaited`).
    pub lines: RefCell<BTreeMap<(u32, super::awaited::Side), std::collections::VecDeque<u32>>>,
    /// Resource and task names, for failure messages.
    pub res_names: Vec<String>,
    pub task_names: Vec<String>,
}

impl Shared {
    pub(crate) fn now(&self) -> Micros {
        self.clock.now()
    }

    pub(crate) fn push(&self, item: Out) {
        let mut out = self.out.borrow_mut();
        out.push(item);
        if out.len() >= self.host.batch_limit() {
            let items = std::mem::take(&mut *out);
            drop(out);
            self.host.flush(items);
        }
    }

    pub(crate) fn emit(&self, kind: EventKind) {
        self.emit_at(self.now(), kind);
    }

    pub(crate) fn emit_at(&self, t: Micros, kind: EventKind) {
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
    pub(crate) fn spawn(self: &Rc<Self>, cell: Rc<TaskCell>) {
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
