//! The messages of a live run between the page and its workers, as [`crate::wire`] bytes over
//! `postMessage`.
//!
//! Every message names its run, so a late message from a run that was stopped is dropped, and
//! both ends parse with [`parse_to_worker`] / [`parse_from_worker`], which turn anything
//! unexpected into an error value instead of a panic.

use crate::model::Micros;
use crate::trace::{EndHow, Event};
use crate::wire::{self, Channel};
use serde::{Deserialize, Serialize};

/// A request number, unique within one task's life.
pub type ReqId = u32;

/// What a worker does in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The one event loop: every async task, on our executor.
    Loop,
    /// Pool worker `n` (0-based): one job at a time.
    Pool(u32),
    /// The dedicated thread (or process) of one task.
    Thread(u32),
}

/// Everything a worker needs to take part in a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub run: u32,
    /// The scenario's canonical text; every worker parses and compiles it itself.
    pub text: String,
    /// The run's time origin: `performance.timeOrigin + performance.now()` in ms at its start.
    pub t0_ms: f64,
    /// Calibrated arithmetic rate: loop iterations per microsecond on one idle core.
    pub iters_per_us: f64,
    pub role: Role,
    /// The trace lane this worker's tasks run on.
    pub lane: u32,
    /// The seed of the event loop's `random` policy.
    pub seed: u64,
    /// Variables live in the run's shared memory (`live::memory`), which the page posted to
    /// the worker just before this message.
    pub shared_memory: bool,
}

/// What the coordinator answers to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The step must wait; a final reply follows.
    Wait,
    /// The step completed (with a value for `recv` and `load`).
    Done(Option<i64>),
    /// The step failed with this message (raised in the task, which a `try` may catch).
    Fail(String),
    /// The task was cancelled while it waited or as it was about to wait: it ends cancelled.
    Cancelled,
    /// The wait was abandoned because the task's `timeout` expired.
    Interrupted,
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    Setup(Setup),
    /// Several messages handled in order before the worker runs anything (so tasks that start
    /// together are all queued before the first runs).
    Batch {
        run: u32,
        msgs: Vec<ToWorker>,
    },
    /// Start this task here.
    Start {
        run: u32,
        task: u32,
    },
    /// The answer to request `req` of `task`.
    Reply {
        run: u32,
        task: u32,
        req: ReqId,
        reply: Reply,
    },
    /// `by` asked to cancel `task`, which is running (not waiting in the coordinator).
    Cancel {
        run: u32,
        task: u32,
        by: u32,
    },
    /// The run's clock starts: its time origin (`Setup`'s is provisional until this comes).
    Clock {
        run: u32,
        t0_ms: f64,
    },
    /// The run is over: drop its tasks and become idle.
    Reset {
        run: u32,
    },
    /// Run a small scenario through every code path once, so the first live run is not slowed
    /// by the engine's code being compiled on first use.
    Warm,
    Ping {
        id: u32,
    },
    /// Measure the arithmetic rate for about `ms` milliseconds.
    Calibrate {
        ms: u32,
    },
    /// Test hook: throw from the message handler, as a crashing worker would.
    Crash,
    /// Test hook: stop without a word (`close()`), as a worker the browser kills would.
    Vanish,
    /// Test hook: panic, as a bug in the worker would.
    Panic,
    /// A benchmark in the worker (see `live::bench`).
    Bench {
        kind: String,
        n: u32,
    },
}

/// One item of a worker's batch, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Out {
    /// A trace event; timer ids are local to the worker (the page renumbers them).
    Event(Event),
    Req(Request),
    /// The task's `timeout` expired while it waited for request `req`: take it out of the wait.
    Abort {
        task: u32,
        req: ReqId,
    },
    /// The task ended here at `t`.
    End {
        task: u32,
        t: Micros,
        how: EndHow,
    },
    /// An async `compute` held up other event-loop work for `us`.
    LoopBlocked {
        us: Micros,
    },
    /// A request answered at once took this long from send to reply (for the comparison).
    RoundTrip {
        us: Micros,
    },
}

/// A step that only the coordinator can do: shared primitives, variables and task lifecycles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub task: u32,
    pub req: ReqId,
    pub op: ReqOp,
    /// The task waits inside a `timeout` block: its own timer may end the wait, so the run is
    /// not deadlocked while it waits.
    pub deadline: bool,
}

/// The operations of [`Request`]; resources and tasks are trace indices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReqOp {
    Lock(u32),
    Unlock(u32),
    Read(u32),
    Write(u32),
    Acquire(u32, u32),
    Release(u32, u32),
    Wait { cv: u32, mutex: u32 },
    Notify(u32),
    NotifyAll(u32),
    Send(u32, i64),
    Recv(u32),
    Close(u32),
    Spawn(Vec<u32>),
    Join(Vec<u32>),
    Gather(Vec<u32>),
    Cancel(Vec<u32>),
    After(Micros, Vec<u32>),
    Load(u32),
    Store(u32, i64),
    Incr(u32),
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's wasm started.
    Ready,
    Pong {
        id: u32,
    },
    Calibrated {
        iters_per_us: f64,
    },
    /// The worker is set up for run `run` and waits for its clock.
    SetUp {
        run: u32,
    },
    Warmed,
    /// Items of run `run`, the worker's batch number `seq` of the run (counted from 0). Batches
    /// come by two roads, the worker's trace ring in shared memory (`shm::ring`) and posted
    /// messages; the page takes them in this order (`coord::arrivals`).
    Batch {
        run: u32,
        seq: u32,
        items: Vec<Out>,
    },
    /// A message the worker could not use, and why.
    Rejected {
        why: String,
    },
    /// The worker panicked (its panic hook says where and why); it is dead from now on.
    Panicked {
        message: String,
    },
    /// A benchmark result: `values` in microseconds (or a count, per benchmark).
    BenchDone {
        kind: String,
        values: Vec<f64>,
    },
}

/// Reads a page message, or says why it is not one.
pub fn parse_to_worker(bytes: &[u8]) -> Result<ToWorker, String> {
    wire::decode(Channel::Live, bytes)
}

/// Reads a worker message, or says why it is not one.
pub fn parse_from_worker(bytes: &[u8]) -> Result<FromWorker, String> {
    wire::decode(Channel::Live, bytes)
}

/// A message's bytes (see [`crate::wire`]).
pub fn to_bytes<T: Serialize>(msg: &T) -> Vec<u8> {
    wire::encode(Channel::Live, msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{EventKind, TaskId};

    #[test]
    fn messages_round_trip_through_bytes() {
        let msg = ToWorker::Batch {
            run: 3,
            msgs: vec![
                ToWorker::Start { run: 3, task: 1 },
                ToWorker::Reply {
                    run: 3,
                    task: 1,
                    req: 7,
                    reply: Reply::Done(Some(-4)),
                },
            ],
        };
        assert_eq!(parse_to_worker(&to_bytes(&msg)), Ok(msg));
        let back = FromWorker::Batch {
            run: 3,
            seq: 7,
            items: vec![
                Out::Event(Event {
                    t: 10,
                    kind: EventKind::Log {
                        task: TaskId(1),
                        text: "hi".into(),
                    },
                }),
                Out::Req(Request {
                    task: 1,
                    req: 2,
                    op: ReqOp::Gather(vec![2, 3]),
                    deadline: false,
                }),
                Out::End {
                    task: 1,
                    t: 12,
                    how: EndHow::Failed("boom".into()),
                },
            ],
        };
        assert_eq!(parse_from_worker(&to_bytes(&back)), Ok(back));
    }

    #[test]
    fn malformed_messages_are_errors_not_panics() {
        let start = to_bytes(&ToWorker::Start { run: 1, task: 2 });
        let cut = &start[..start.len() - 1];
        let explorer = crate::wire::encode(Channel::Explore, &ToWorker::Warm);
        let unknown_variant = [Channel::Live as u8, 200];
        for bytes in [&[][..], &[0][..], cut, &explorer, &unknown_variant] {
            assert!(parse_to_worker(bytes).is_err(), "{bytes:?}");
            assert!(parse_from_worker(bytes).is_err(), "{bytes:?}");
        }
        let long = vec![Channel::Live as u8; crate::wire::MAX_MESSAGE + 1];
        assert!(parse_to_worker(&long).unwrap_err().contains("too long"));
    }
}
