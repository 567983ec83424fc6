//! What a Python expression stands for while a program is read: literals, resources and tasks.

use crate::model::Pos;

/// Which library a resource came from: an asyncio one is awaited, a threading one blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Asyncio,
    Threading,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResKind {
    Mutex {
        reentrant: bool,
    },
    Semaphore,
    /// A condition variable and the mutex it is used with.
    Condvar {
        lock: String,
    },
    Queue,
    /// An `Event`: a channel that `set()` closes and `wait()` receives from.
    Event,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResRef {
    pub name: String,
    pub kind: ResKind,
    pub family: Family,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Res(ResRef),
    /// A task of the scenario: a thread or process (started or not), an asyncio task, a job's
    /// future.
    Task(String),
    /// What `executor.map` returns: iterating it waits for each job in turn.
    JobResults(Vec<String>),
    /// A coroutine object: a call of an `async def` not awaited yet.
    Coroutine {
        func: String,
        args: Vec<Value>,
        pos: Pos,
    },
    Executor,
    /// A shared variable's value just read into the task's register, plus `offset`.
    Register {
        var: String,
        generation: u64,
        offset: i64,
    },
    /// A module, class or function of the libraries, by its qualified name.
    Library(String),
    /// A function of the program.
    Function(String),
    /// A value the scenario does not model (a result, an exception); shown as its source text.
    Opaque(String),
}

impl Value {
    /// The text `print` and f-strings show for it, when the program's text determines it.
    pub fn shown(&self) -> Option<String> {
        match self {
            Value::None => Some("None".into()),
            Value::Int(n) => Some(n.to_string()),
            Value::Float(x) => Some(x.to_string()),
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}
