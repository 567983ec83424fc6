//! The scenario model: plain data that the parser builds, the printer prints and every runner reads.

use super::Lesson;
use serde::{Deserialize, Serialize};

/// Virtual or real time, always in whole microseconds.
pub type Micros = u64;

/// A source position (1-based line and column, counted in characters).
///
/// Positions are metadata for error messages: two scenarios that differ only in where
/// their parts were written are the same scenario, so `Pos` always compares equal.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl PartialEq for Pos {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}
impl Eq for Pos {}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A whole scenario. Declarations keep their written order within each list; the canonical
/// text prints the title, the runtime, the resources, the tasks and then the expectations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// `scenario "title"`, if given.
    pub title: Option<String>,
    /// `scenario "title" zh "标题"`: the title for Chinese readers.
    pub title_zh: Option<String>,
    /// `lesson`, `look`, `view` and `stop` lines.
    pub lesson: Lesson,
    /// The `runtime { ... }` block; keys not written stay `None` and take their defaults.
    pub runtime: Runtime,
    /// Mutexes, rwlocks, semaphores, channels, condvars and variables, in written order.
    pub resources: Vec<Resource>,
    /// Task declarations (before replication), in written order.
    pub tasks: Vec<TaskDecl>,
    /// `expect` lines, in written order.
    pub expects: Vec<Expect>,
}

/// The runtime block. `None` means "not written": the default applies and the printer omits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runtime {
    pub workers: Option<u32>,
    pub cores: Option<Cores>,
    pub quantum: Option<Micros>,
    pub policy: Option<Policy>,
    pub pool_queue: Option<PoolQueue>,
    pub thread_start: Option<Micros>,
    pub process_start: Option<Micros>,
    pub seed: Option<u64>,
    pub max_time: Option<Micros>,
}

/// Effective runtime values, with every default filled in.
impl Runtime {
    pub fn workers(&self) -> u32 {
        self.workers.unwrap_or(4)
    }
    pub fn cores(&self) -> Cores {
        self.cores.unwrap_or(Cores::Unlimited)
    }
    pub fn quantum(&self) -> Micros {
        self.quantum.unwrap_or(10_000)
    }
    pub fn policy(&self) -> Policy {
        self.policy.unwrap_or(Policy::Fifo)
    }
    pub fn pool_queue(&self) -> PoolQueue {
        self.pool_queue.unwrap_or(PoolQueue::Fifo)
    }
    pub fn thread_start(&self) -> Micros {
        self.thread_start.unwrap_or(0)
    }
    pub fn process_start(&self) -> Micros {
        self.process_start.unwrap_or(0)
    }
    pub fn seed(&self) -> u64 {
        self.seed.unwrap_or(0)
    }
    pub fn max_time(&self) -> Micros {
        self.max_time.unwrap_or(600_000_000)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cores {
    Unlimited,
    Limited(u32),
}

/// The event loop's ready-queue order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Policy {
    Fifo,
    Lifo,
    Random,
    Priority,
}

/// The order in which waiting jobs get a free pool worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PoolQueue {
    Fifo,
    Lifo,
    Priority,
}

/// A declared shared resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub name: String,
    pub kind: ResourceKind,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceKind {
    Mutex,
    RwLock,
    Semaphore {
        permits: u32,
    },
    /// `None` is unbounded; `Some(0)` is a rendezvous channel.
    Channel {
        capacity: Option<u32>,
    },
    Condvar,
    Var {
        init: i64,
    },
}

/// Where a task runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskKind {
    Async,
    Thread,
    Job,
    Process,
}

/// When a task starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Start {
    /// At time 0 (no modifier).
    #[default]
    AtZero,
    /// `at DUR`.
    At(Micros),
    /// `on spawn`: only when some step spawns it.
    OnSpawn,
}

/// A task declaration, before replication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDecl {
    pub kind: TaskKind,
    pub name: String,
    /// `xN`. `None` is one task named `name`; `Some(n)` is `name#1` … `name#n`.
    pub replicas: Option<u32>,
    pub start: Start,
    /// `priority P`; 0 when not written.
    pub priority: i64,
    pub body: Vec<Step>,
    pub pos: Pos,
}

/// A reference to a task group (`d`) or one replica of it (`d#2`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRef {
    pub name: String,
    pub replica: Option<u32>,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StepKind,
    pub pos: Pos,
}

/// A resource name as used by a step, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRef {
    pub name: String,
    pub pos: Pos,
}

/// How `store` computes the value it writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreOp {
    /// `store V +N`: register + N.
    Add(i64),
    /// `store V -N`: register − N.
    Sub(i64),
    /// `store V N`: N.
    Set(i64),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    Compute {
        dur: Micros,
        label: Option<String>,
    },
    Sleep {
        dur: Micros,
        label: Option<String>,
    },
    Yield,
    Lock(NameRef),
    /// `unlock X` releases a mutex or an rwlock (read or write side, whichever is held).
    Unlock(NameRef),
    Read(NameRef),
    Write(NameRef),
    Acquire {
        sem: NameRef,
        n: u32,
    },
    Release {
        sem: NameRef,
        n: u32,
    },
    Wait {
        cv: NameRef,
        mutex: NameRef,
    },
    Notify(NameRef),
    NotifyAll(NameRef),
    Send {
        ch: NameRef,
        value: Option<i64>,
    },
    Recv(NameRef),
    Close(NameRef),
    Spawn(Vec<TaskRef>),
    Join(Vec<TaskRef>),
    Gather(Vec<TaskRef>),
    Cancel(Vec<TaskRef>),
    After {
        delay: Micros,
        task: TaskRef,
    },
    Load(NameRef),
    Store {
        var: NameRef,
        op: StoreOp,
    },
    Incr(NameRef),
    Fail(String),
    Log(String),
    Repeat {
        count: u64,
        body: Vec<Step>,
    },
    Timeout {
        dur: Micros,
        body: Vec<Step>,
    },
    Try {
        body: Vec<Step>,
        catch: Vec<Step>,
    },
}

/// Comparison operators in `expect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
    pub fn holds<T: Ord>(self, left: T, right: T) -> bool {
        match self {
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
            CmpOp::Lt => left < right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Ge => left >= right,
        }
    }
}

/// The end state an `expect T ...` line asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndState {
    Completed,
    Failed,
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpectKind {
    Var { var: NameRef, op: CmpOp, value: i64 },
    Makespan { op: CmpOp, dur: Micros },
    NoDeadlock,
    Deadlock,
    Task { task: TaskRef, state: EndState },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expect {
    pub kind: ExpectKind,
    pub pos: Pos,
}

/// Hard limits of the language (docs/LANGUAGE.md §9).
pub mod limits {
    pub const MAX_TASKS: usize = 10_000;
    pub const MAX_NESTING: usize = 16;
    pub const MAX_EVENTS: usize = 1_000_000;
    pub const MAX_SOURCE_BYTES: usize = 256 * 1024;
    pub const MAX_WORKERS: u32 = 64;
    pub const MAX_STRING_CHARS: usize = 200;
    /// A lesson's texts (`scenario … zh`, `lesson`, `look`, `stop`) may be a paragraph.
    pub const MAX_LESSON_CHARS: usize = 1000;
    pub const MAX_TOUR_STOPS: usize = 50;
}
