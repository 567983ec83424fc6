//! Test support for the trace tests and benchmark: a hand builder for traces and a random trace generator.
#![allow(dead_code)]

pub mod gen;
pub mod scenarios;

use interleave::model::{Micros, ResourceKind, TaskKind};
use interleave::trace::{
    EndHow, Event, EventKind, LaneId, LaneInfo, LaneKind, ResId, ResInfo, TaskId, TaskInfo,
    TimerId, TimerWhat, Trace, WaitFor, WakeCause,
};

pub const MS: Micros = 1_000;
pub const S: Micros = 1_000_000;

/// Builds a trace by hand: declare tasks, lanes and resources, then write events at a clock.
#[derive(Default)]
pub struct TraceBuilder {
    pub trace: Trace,
    now: Micros,
}

impl TraceBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Continues an existing trace (the clock starts at its last event).
    pub fn from_trace(trace: Trace) -> Self {
        let now = trace.events.last().map_or(0, |e| e.t);
        TraceBuilder { trace, now }
    }

    pub fn task(&mut self, name: &str, kind: TaskKind) -> TaskId {
        let decl = self.trace.tasks.len() as u32;
        self.trace.tasks.push(TaskInfo {
            name: name.to_string(),
            kind,
            decl,
        });
        TaskId(decl)
    }

    pub fn lane(&mut self, name: &str, kind: LaneKind) -> LaneId {
        self.trace.lanes.push(LaneInfo {
            name: name.to_string(),
            kind,
        });
        LaneId(self.trace.lanes.len() as u32 - 1)
    }

    pub fn res(&mut self, name: &str, kind: ResourceKind) -> ResId {
        self.trace.resources.push(ResInfo {
            name: name.to_string(),
            kind,
        });
        ResId(self.trace.resources.len() as u32 - 1)
    }

    /// Moves the clock; later events are stamped with `t`.
    pub fn at(&mut self, t: Micros) -> &mut Self {
        self.now = t;
        self
    }

    pub fn ev(&mut self, kind: EventKind) -> &mut Self {
        self.trace.events.push(Event { t: self.now, kind });
        self
    }

    /// `Spawned` then `Ready`: how a task that starts at once enters its queue.
    pub fn start(&mut self, task: TaskId) -> &mut Self {
        self.ev(EventKind::Spawned { task, by: None })
            .ev(EventKind::Ready { task })
    }
    pub fn ready(&mut self, task: TaskId) -> &mut Self {
        self.ev(EventKind::Ready { task })
    }
    pub fn poll(&mut self, task: TaskId, lane: LaneId) -> &mut Self {
        self.ev(EventKind::PollStart {
            task,
            lane,
            core: None,
        })
    }
    pub fn unpoll(&mut self, task: TaskId, lane: LaneId) -> &mut Self {
        self.ev(EventKind::PollEnd { task, lane })
    }
    pub fn step(&mut self, task: TaskId, text: &str) -> &mut Self {
        self.ev(EventKind::Step {
            task,
            text: text.into(),
        })
    }
    pub fn block(&mut self, task: TaskId, on: WaitFor) -> &mut Self {
        self.ev(EventKind::Blocked { task, on })
    }
    pub fn sleeping(&mut self, task: TaskId, until: Micros) -> &mut Self {
        self.ev(EventKind::Sleeping { task, until })
    }
    pub fn wake(&mut self, task: TaskId, by: Option<TaskId>, cause: WakeCause) -> &mut Self {
        self.ev(EventKind::Woken { task, by, cause })
    }
    pub fn acquire(&mut self, task: TaskId, res: ResId, n: u32) -> &mut Self {
        self.ev(EventKind::Acquired {
            task,
            res,
            n,
            shared: false,
        })
    }
    pub fn release(&mut self, task: TaskId, res: ResId, n: u32) -> &mut Self {
        self.ev(EventKind::Released {
            task,
            res,
            n,
            on_exit: false,
        })
    }
    pub fn timer(&mut self, timer: u32, owner: TaskId, due: Micros, what: TimerWhat) -> &mut Self {
        self.ev(EventKind::TimerSet {
            timer: TimerId(timer),
            owner,
            due,
            what,
        })
    }
    pub fn fired(&mut self, timer: u32) -> &mut Self {
        self.ev(EventKind::TimerFired {
            timer: TimerId(timer),
        })
    }
    pub fn log(&mut self, task: TaskId, text: &str) -> &mut Self {
        self.ev(EventKind::Log {
            task,
            text: text.to_string(),
        })
    }
    pub fn end(&mut self, task: TaskId, how: EndHow) -> &mut Self {
        self.ev(EventKind::Ended { task, how })
    }
    pub fn done(&mut self, task: TaskId) -> &mut Self {
        self.end(task, EndHow::Completed)
    }

    pub fn build(&self) -> Trace {
        self.trace.clone()
    }

    /// Index of the first event (from `from` on) that matches.
    pub fn find(&self, from: usize, pred: impl Fn(&EventKind) -> bool) -> usize {
        from + self.trace.events[from..]
            .iter()
            .position(|e| pred(&e.kind))
            .expect("the event is in the trace")
    }
}
