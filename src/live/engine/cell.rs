//! One task's shared cell (what message handlers and the interpreter both see), the wrapper
//! future that writes `PollStart` and honours the gate, and the futures a task awaits.

use super::Shared;
use crate::exec::Sleep;
use crate::live::proto::{Reply, ReqId};
use crate::model::{Micros, TaskKind};
use crate::trace::{EventKind, LaneId, TaskId};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The state of one task on this worker that outlives a single poll.
pub(crate) struct TaskCell {
    pub id: u32,
    pub kind: TaskKind,
    /// Between `PollStart` and `PollEnd`.
    pub on_cpu: Cell<bool>,
    /// In the executor's ready queue (for the "compute blocked the loop" note).
    pub ready: Cell<bool>,
    /// Cancellation reached it: `Some(by)`.
    pub cancel: Cell<Option<u32>>,
    /// The request it waits on, with the run time it was sent.
    pub pending: Cell<Option<(ReqId, Micros)>>,
    /// The coordinator said `Wait` for the pending request (until its final reply).
    pub waiting: Cell<bool>,
    /// The latest request had to wait (read by the interpreter after the final reply).
    pub waited: Cell<bool>,
    /// The final reply, once it came.
    pub reply: RefCell<Option<Reply>>,
    pub next_req: Cell<ReqId>,
    /// Its sleep: local timer id and deadline.
    pub sleeping: Cell<Option<(u32, Micros)>>,
    /// The sleep's `TimerFired`/`Woken`/`Ready` were written when its timer fired.
    pub sleep_fired: Cell<bool>,
    /// The sleep was ended by a cancellation (its events are written).
    pub sleep_cancelled: Cell<bool>,
    /// The `timeout` timer raced by the current sleep (local id, deadline), and whether its
    /// firing was written when the executor fired it.
    pub race: Cell<Option<(u32, Micros)>>,
    pub race_fired: Cell<bool>,
    /// Whom to wake when a reply or a cancellation arrives.
    pub waker: RefCell<Option<Waker>>,
}

impl TaskCell {
    pub(crate) fn new(id: u32, kind: TaskKind) -> TaskCell {
        TaskCell {
            id,
            kind,
            on_cpu: Cell::new(false),
            ready: Cell::new(false),
            cancel: Cell::new(None),
            pending: Cell::new(None),
            waiting: Cell::new(false),
            waited: Cell::new(false),
            reply: RefCell::new(None),
            next_req: Cell::new(0),
            sleeping: Cell::new(None),
            sleep_fired: Cell::new(false),
            sleep_cancelled: Cell::new(false),
            race: Cell::new(None),
            race_fired: Cell::new(false),
            waker: RefCell::new(None),
        }
    }

    pub(crate) fn is_async(&self) -> bool {
        self.kind == TaskKind::Async
    }

    pub(crate) fn wake(&self) {
        if let Some(w) = self.waker.borrow().as_ref() {
            w.wake_by_ref();
        }
    }

    pub(crate) fn remember(&self, cx: &Context<'_>) {
        let mut slot = self.waker.borrow_mut();
        match slot.as_ref() {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => *slot = Some(cx.waker().clone()),
        }
    }
}

/// A task's future as the executor sees it: it waits at the gate while another task of this
/// worker awaits a reply that may come at once, and writes `PollStart` when it gets the lane.
pub(crate) struct TaskFut {
    pub sh: Rc<Shared>,
    pub cell: Rc<TaskCell>,
    pub inner: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for TaskFut {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let me = self.cell.id;
        if self.sh.gate.get().is_some_and(|g| g != me) {
            self.sh.parked.borrow_mut().push(cx.waker().clone());
            let mut owed = self.sh.owed.borrow_mut();
            if !owed.contains(&me) {
                owed.push(me);
            }
            return Poll::Pending;
        }
        self.sh.owed.borrow_mut().retain(|t| *t != me);
        // A task blocked in the coordinator is polled only to re-arm its `timeout`: it does
        // not run, so it gets no `PollStart`.
        // A thread-side task cancelled while it was off its lane ends without running (async
        // tasks are polled once more, as asyncio does, and end at that poll).
        let ends_unrun = !self.cell.is_async() && self.cell.cancel.get().is_some();
        if !self.cell.on_cpu.get() && !self.cell.waiting.get() && !ends_unrun {
            self.cell.on_cpu.set(true);
            self.cell.ready.set(false);
            let lane = LaneId(self.sh.lane);
            self.sh.emit(EventKind::PollStart {
                task: TaskId(me),
                lane,
                core: None,
            });
        }
        let poll = self.inner.as_mut().poll(cx);
        // The gate stays closed until the owner's poll is over: it may go on at once after a
        // reply, and the tasks its step woke must not run before it.
        let mid_request = self.cell.pending.get().is_some() && !self.cell.waiting.get();
        if poll.is_pending() && self.sh.gate.get() == Some(me) && !mid_request {
            self.sh.open_gate();
        } else if self.sh.gate.get().is_none()
            && self.sh.owed.borrow().is_empty()
            && !self.sh.deferred.borrow().is_empty()
        {
            // The last task held back had its turn: what was started or woken meanwhile
            // joins the queue now, behind it.
            self.sh.release_deferred();
        }
        poll
    }
}

/// What ended a suspension.
pub(crate) enum Woke {
    /// The sleep's timer fired.
    Timer,
    /// The final reply to the pending request.
    Reply(Reply),
    /// A cancellation arrived (while sleeping).
    Cancelled,
    /// The `timeout` frame at this depth expired (while sleeping).
    TimedOut(usize),
}

/// Awaits a sleep, a cancellation, or the expiry of a `timeout` block.
pub(crate) struct SleepWait {
    pub cell: Rc<TaskCell>,
    pub sleep: Pin<Box<Sleep>>,
    /// The earliest `timeout` deadline of the task, with its frame depth.
    pub timeout: Option<(usize, Pin<Box<Sleep>>)>,
}

impl Future for SleepWait {
    type Output = Woke;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Woke> {
        self.cell.remember(cx);
        if self.cell.cancel.get().is_some() {
            return Poll::Ready(Woke::Cancelled);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Woke::Timer);
        }
        if let Some((depth, t)) = self.timeout.as_mut() {
            if t.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Woke::TimedOut(*depth));
            }
        }
        Poll::Pending
    }
}

/// Awaits the final reply to the pending request; when the task's `timeout` expires while the
/// coordinator holds it waiting, asks the coordinator (once) to take it out of the wait.
pub(crate) struct ReplyWait {
    pub sh: Rc<Shared>,
    pub cell: Rc<TaskCell>,
    pub timeout: Option<Pin<Box<Sleep>>>,
    pub aborted: bool,
}

impl Future for ReplyWait {
    type Output = Woke;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Woke> {
        self.cell.remember(cx);
        if let Some(reply) = self.cell.reply.borrow_mut().take() {
            return Poll::Ready(Woke::Reply(reply));
        }
        // Polled every time, so its timer is set even while the reply may still come at once.
        let expired = match self.timeout.as_mut() {
            Some(t) => t.as_mut().poll(cx).is_ready(),
            None => false,
        };
        if !self.aborted && self.cell.waiting.get() && expired {
            self.aborted = true;
            if let Some((req, _)) = self.cell.pending.get() {
                let task = self.cell.id;
                self.sh.push(crate::live::proto::Out::Abort { task, req });
            }
        }
        Poll::Pending
    }
}

/// `yield`: back of the ready queue; while this task holds the gate, behind the parked tasks.
pub(crate) struct YieldGate {
    pub sh: Rc<Shared>,
    pub cell: Rc<TaskCell>,
    pub done: bool,
}

impl Future for YieldGate {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        self.done = true;
        self.cell.remember(cx);
        if self.sh.gate.get() == Some(self.cell.id) {
            let cell = self.cell.clone();
            self.sh
                .deferred
                .borrow_mut()
                .push(super::Deferred::Wake(cell));
        } else {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}
