//! Join handles: the future of a task's output, plus cancellation of the task.

use super::arena::{Body, BoxFuture, Join, TaskId, TaskState};
use super::inner::Inner;
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// Why a joined task produced no output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinError {
    /// The task was cancelled (or its executor shut down) before it finished.
    Cancelled,
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::Cancelled => f.write_str("the task was cancelled before it finished"),
        }
    }
}

impl std::error::Error for JoinError {}

pin_project_lite::pin_project! {
    /// A task body: the future until it completes, then its output until the handle takes it.
    #[project = StageProj]
    #[project_replace = StageOwn]
    enum Stage<F: Future> {
        Running { #[pin] future: F },
        Done { output: Option<F::Output> },
    }
}

impl<F: Future> Body for Stage<F>
where
    F::Output: 'static,
{
    fn poll_body(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let output = match self.as_mut().project() {
            StageProj::Running { future } => match future.poll(cx) {
                Poll::Ready(output) => output,
                Poll::Pending => return Poll::Pending,
            },
            StageProj::Done { .. } => return Poll::Ready(()),
        };
        // The finished future is dropped in place here, as a completed task's would be.
        self.project_replace(Stage::Done {
            output: Some(output),
        });
        Poll::Ready(())
    }

    fn take_output(self: Pin<&mut Self>, dst: &mut dyn Any) {
        if let (StageProj::Done { output }, Some(dst)) =
            (self.project(), dst.downcast_mut::<Option<F::Output>>())
        {
            *dst = output.take();
        }
    }
}

/// Boxes `future` into a task body, type-erased for the arena.
pub(crate) fn wrap<F>(future: F) -> BoxFuture
where
    F: Future + 'static,
    F::Output: 'static,
{
    Box::pin(Stage::Running { future })
}

/// The slot of a handle that took its task's result, or whose executor had shut down: it
/// names no task (an arena never holds 2^32 - 1 of them).
const TAKEN: u32 = u32::MAX;

/// A spawned task's handle: await it for the output. Dropping it detaches the task.
///
/// The task's arena slot stays reserved for the handle until it takes the result or is
/// dropped, so a handle never sees another task.
pub struct JoinHandle<T> {
    /// The task.
    id: TaskId,
    /// Its arena slot and generation.
    slot: u32,
    gen: u32,
    /// Its executor.
    exec: Rc<Inner>,
    _output: PhantomData<fn() -> T>,
}

// ===== impl JoinHandle =====

impl<T: 'static> JoinHandle<T> {
    pub(crate) fn new(id: TaskId, slot: u32, gen: u32, exec: Rc<Inner>) -> Self {
        Self {
            id,
            slot,
            gen,
            exec,
            _output: PhantomData,
        }
    }

    /// The task's id.
    pub fn id(&self) -> TaskId {
        self.id
    }

    /// Whether the task has ended (completed or cancelled).
    pub fn is_finished(&self) -> bool {
        let mut core = self.exec.core.borrow_mut();
        core.arena
            .get_current(self.slot, self.gen)
            .is_none_or(|task| task.state == TaskState::Ended)
    }

    /// Requests cancellation: the task's future is dropped at its next poll opportunity
    /// instead of being polled, and awaiting this handle then gives `Err(JoinError::Cancelled)`.
    /// A task that already finished keeps its output.
    pub fn cancel(&self) {
        self.exec.cancel(self.slot, self.gen);
    }

    /// Takes the result if the task has ended, without waiting; `None` while it runs.
    /// After it returns `Some`, awaiting the handle gives `Err(JoinError::Cancelled)`.
    pub fn try_join(&mut self) -> Option<Result<T, JoinError>> {
        self.take(None)
    }

    /// Takes the result if there is one; otherwise registers `cx`'s waker (if given).
    fn take(&mut self, cx: Option<&mut Context<'_>>) -> Option<Result<T, JoinError>> {
        let freed = match self.exec.core.borrow_mut().arena.join(self.slot, self.gen) {
            // The slot is gone: the executor shut down, or the result was taken.
            Join::Gone => return Some(Err(JoinError::Cancelled)),
            Join::Running(task) => {
                if let Some(cx) = cx {
                    match &task.joiner {
                        Some(w) if w.will_wake(cx.waker()) => {}
                        _ => task.joiner = Some(cx.waker().clone()),
                    }
                }
                return None;
            }
            Join::Ended(result) => result,
        };
        // The slot is free now: the handle's drop has nothing left to look up.
        self.slot = TAKEN;
        // Unpacked outside the borrow: dropping an output may run user code.
        let mut output: Option<T> = None;
        if let Some(mut body) = freed {
            body.as_mut().take_output(&mut output);
        }
        Some(output.ok_or(JoinError::Cancelled))
    }
}

impl<T: 'static> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.take(Some(cx)) {
            Some(result) => Poll::Ready(result),
            None => Poll::Pending,
        }
    }
}

impl<T> Drop for JoinHandle<T> {
    fn drop(&mut self) {
        if self.slot == TAKEN {
            return;
        }
        let freed = {
            let mut core = self.exec.core.borrow_mut();
            let Some(task) = core.arena.get_current(self.slot, self.gen) else {
                return;
            };
            if task.state == TaskState::Ended {
                core.arena.free_slot(self.slot)
            } else {
                task.detached = true;
                task.joiner = None;
                None
            }
        };
        drop(freed);
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle").field("id", &self.id).finish()
    }
}
