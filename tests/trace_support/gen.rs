//! A tiny random discrete-event simulator that writes plausible traces of any length for tests and benchmarks.
//!
//! It is not the project's simulator: it only has to write event sequences of the shapes the
//! real one writes (polls, compute, sleeps with timers, FIFO mutex hand-off, a pool queue,
//! channels, variables), time-ordered, and never deadlock, so traces reach the requested length.

use interleave::model::{Micros, ResourceKind, TaskKind};
use interleave::trace::{
    EndHow, EventKind, LaneId, LaneKind, ResId, TaskId, TimerId, TimerWhat, Trace, WaitFor,
    WakeCause,
};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::TraceBuilder;

#[derive(Clone, Copy, Debug)]
pub struct GenConfig {
    pub seed: u64,
    /// Stop once the trace has at least this many events.
    pub events: usize,
    pub asyncs: usize,
    pub threads: usize,
    pub jobs: usize,
    pub workers: usize,
    pub mutexes: usize,
    /// Average steps each task runs before it ends.
    pub steps: u32,
}

impl GenConfig {
    pub fn sized(seed: u64, events: usize) -> Self {
        GenConfig {
            seed,
            events,
            asyncs: 40,
            threads: 8,
            jobs: 30,
            workers: 4,
            mutexes: 3,
            // A run of these 78 tasks makes about 3.5 events per step: this many steps make
            // the run a little longer than `events`, so some tasks end before the cut.
            steps: (events / 200).max(2) as u32,
        }
    }
}

/// SplitMix64: small, fast and good enough to pick steps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Things that happen at a time; the heap runs them in time order, ties in push order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    LoopTurn,
    /// The task (already on its lane) carries on with its next steps.
    Continue(u32),
    /// A thread or a job (re)starts running on its lane.
    Run(u32),
    Timer(u32, u32),
    Dispatch,
}

struct Gen {
    b: TraceBuilder,
    rng: Rng,
    now: Micros,
    seq: u64,
    heap: BinaryHeap<Reverse<(Micros, u64, Action)>>,
    kinds: Vec<TaskKind>,
    lane_of: Vec<LaneId>,
    holds: Vec<Option<u32>>,
    left: Vec<u32>,
    owner: Vec<Option<u32>>,
    waiters: Vec<VecDeque<u32>>,
    ready: VecDeque<u32>,
    loop_busy: bool,
    pool: VecDeque<u32>,
    free_workers: Vec<LaneId>,
    in_channel: usize,
    counter: i64,
    timers: u32,
    target: usize,
}

/// Generates a trace of about `cfg.events` events (it stops at the first instant past it).
pub fn generate(cfg: &GenConfig) -> Trace {
    let mut g = Gen::new(cfg);
    g.schedule(0, Action::LoopTurn);
    g.schedule(0, Action::Dispatch);
    while let Some(Reverse((t, _, action))) = g.heap.pop() {
        if g.b.trace.events.len() >= g.target {
            break;
        }
        g.now = t;
        g.b.at(t);
        g.run(action);
    }
    g.b.build()
}

impl Gen {
    fn new(cfg: &GenConfig) -> Gen {
        let mut b = TraceBuilder::new();
        let event_loop = b.lane("event loop", LaneKind::EventLoop);
        let free_workers = (0..cfg.workers)
            .map(|w| b.lane(&format!("worker {w}"), LaneKind::PoolWorker(w as u32)))
            .collect();
        for m in 0..cfg.mutexes {
            b.res(&format!("m{m}"), ResourceKind::Mutex);
        }
        b.res("q", ResourceKind::Channel { capacity: None });
        b.res("x", ResourceKind::Var { init: 0 });
        let total = cfg.asyncs + cfg.threads + cfg.jobs;
        let per_task = cfg.steps.max(2);
        let mut g = Gen {
            b,
            rng: Rng(cfg.seed),
            now: 0,
            seq: 0,
            heap: BinaryHeap::new(),
            kinds: Vec::new(),
            lane_of: Vec::new(),
            holds: vec![None; total],
            left: Vec::new(),
            owner: vec![None; cfg.mutexes],
            waiters: vec![VecDeque::new(); cfg.mutexes],
            ready: VecDeque::new(),
            loop_busy: false,
            pool: VecDeque::new(),
            free_workers,
            in_channel: 0,
            counter: 0,
            timers: 0,
            target: cfg.events,
        };
        let kinds = [
            (cfg.asyncs, TaskKind::Async, "a"),
            (cfg.threads, TaskKind::Thread, "t"),
            (cfg.jobs, TaskKind::Job, "j"),
        ];
        for (count, kind, prefix) in kinds {
            for i in 0..count {
                let task = g.b.task(&format!("{prefix}{i}"), kind);
                let lane = match kind {
                    TaskKind::Thread => {
                        g.b.lane(&format!("thread {prefix}{i}"), LaneKind::Thread(task))
                    }
                    _ => event_loop,
                };
                g.kinds.push(kind);
                g.lane_of.push(lane);
                g.left
                    .push(per_task / 2 + g.rng.below(per_task as u64) as u32);
                g.b.start(task);
                match kind {
                    TaskKind::Async => g.ready.push_back(task.0),
                    TaskKind::Thread => g.schedule(0, Action::Run(task.0)),
                    _ => g.pool.push_back(task.0),
                }
            }
        }
        g
    }

    fn schedule(&mut self, t: Micros, action: Action) {
        self.seq += 1;
        self.heap.push(Reverse((t, self.seq, action)));
    }

    fn run(&mut self, action: Action) {
        match action {
            Action::LoopTurn => {
                if self.loop_busy {
                    return;
                }
                if let Some(task) = self.ready.pop_front() {
                    self.loop_busy = true;
                    self.b.poll(TaskId(task), self.lane_of[task as usize]);
                    self.act(task);
                }
            }
            Action::Continue(task) => self.act(task),
            Action::Run(task) => {
                self.b.poll(TaskId(task), self.lane_of[task as usize]);
                self.act(task);
            }
            Action::Timer(timer, task) => {
                self.b.ev(EventKind::TimerFired {
                    timer: TimerId(timer),
                });
                self.b.wake(TaskId(task), None, WakeCause::Timer);
                self.make_ready(task);
            }
            Action::Dispatch => {
                while !self.pool.is_empty() && !self.free_workers.is_empty() {
                    let (job, lane) = (
                        self.pool.pop_front().unwrap_or(0),
                        self.free_workers.remove(0),
                    );
                    self.lane_of[job as usize] = lane;
                    self.schedule(self.now, Action::Run(job));
                }
            }
        }
    }

    /// A woken task becomes runnable: async tasks queue on the loop, others run on their lane.
    fn make_ready(&mut self, task: u32) {
        self.b.ready(TaskId(task));
        if self.kinds[task as usize] == TaskKind::Async {
            self.ready.push_back(task);
            self.schedule(self.now, Action::LoopTurn);
        } else {
            self.schedule(self.now, Action::Run(task));
        }
    }

    /// The task gives up its lane; the loop then runs its next entry.
    fn leave(&mut self, task: u32) {
        self.b.unpoll(TaskId(task), self.lane_of[task as usize]);
        if self.kinds[task as usize] == TaskKind::Async {
            self.loop_busy = false;
            self.schedule(self.now, Action::LoopTurn);
        }
    }

    /// Runs steps of `task` (on its lane) until it must wait, compute, or end.
    fn act(&mut self, task: u32) {
        let id = TaskId(task);
        loop {
            if self.left[task as usize] == 0 {
                return self.finish(task);
            }
            self.left[task as usize] -= 1;
            match self.rng.below(10) {
                0..=2 => {
                    let d = 1 + self.rng.below(5_000);
                    self.b.step(id, &format!("compute {d}us"));
                    return self.schedule(self.now + d, Action::Continue(task));
                }
                3 => {
                    let d = 1 + self.rng.below(20_000);
                    self.b.step(id, &format!("sleep {d}us"));
                    self.timers += 1;
                    self.b
                        .timer(self.timers, id, self.now + d, TimerWhat::Sleep)
                        .sleeping(id, self.now + d);
                    self.schedule(self.now + d, Action::Timer(self.timers, task));
                    return self.leave(task);
                }
                4 | 5 => {
                    if let Some(m) = self.holds[task as usize] {
                        self.unlock(task, m, false);
                        continue;
                    }
                    let m = self.rng.below(self.owner.len() as u64) as u32;
                    if self.owner.is_empty() {
                        continue;
                    }
                    self.b.step(id, &format!("lock m{m}"));
                    if self.owner[m as usize].is_none() {
                        self.owner[m as usize] = Some(task);
                        self.holds[task as usize] = Some(m);
                        self.b.acquire(id, ResId(m), 1);
                    } else {
                        self.waiters[m as usize].push_back(task);
                        self.b.block(id, WaitFor::Lock(ResId(m)));
                        return self.leave(task);
                    }
                }
                6 => {
                    self.b.step(id, "send q");
                    self.in_channel += 1;
                    self.b.ev(EventKind::Sent {
                        task: id,
                        ch: self.chan(),
                        value: self.counter,
                    });
                }
                7 if self.in_channel > 0 => {
                    self.b.step(id, "recv q");
                    self.in_channel -= 1;
                    self.b.ev(EventKind::Received {
                        task: id,
                        ch: self.chan(),
                        value: 0,
                    });
                }
                8 => {
                    self.b.step(id, "incr x");
                    self.counter += 1;
                    self.b.ev(EventKind::VarWritten {
                        task: id,
                        var: self.var(),
                        value: self.counter,
                    });
                }
                9 if self.kinds[task as usize] == TaskKind::Async => {
                    self.b.step(id, "yield").ready(id);
                    self.ready.push_back(task);
                    return self.leave(task);
                }
                _ => {
                    self.b.step(id, "log \"hi\"").log(id, "hi");
                }
            }
        }
    }

    fn chan(&self) -> ResId {
        ResId(self.owner.len() as u32)
    }

    fn var(&self) -> ResId {
        ResId(self.owner.len() as u32 + 1)
    }

    /// Releases `m` and hands it to its longest waiter (FIFO), waking it.
    fn unlock(&mut self, task: u32, m: u32, on_exit: bool) {
        let id = TaskId(task);
        if !on_exit {
            self.b.step(id, &format!("unlock m{m}"));
        }
        self.b.ev(EventKind::Released {
            task: id,
            res: ResId(m),
            n: 1,
            on_exit,
        });
        self.holds[task as usize] = None;
        self.owner[m as usize] = self.waiters[m as usize].pop_front();
        if let Some(next) = self.owner[m as usize] {
            self.holds[next as usize] = Some(m);
            self.b.acquire(TaskId(next), ResId(m), 1);
            self.b
                .wake(TaskId(next), Some(id), WakeCause::Unlock(ResId(m)));
            self.make_ready(next);
        }
    }

    fn finish(&mut self, task: u32) {
        if let Some(m) = self.holds[task as usize] {
            self.unlock(task, m, true);
        }
        let how = if self.rng.below(20) == 0 {
            EndHow::Failed("boom".to_string())
        } else {
            EndHow::Completed
        };
        self.b.end(TaskId(task), how);
        self.leave(task);
        if self.kinds[task as usize] == TaskKind::Job {
            self.free_workers.push(self.lane_of[task as usize]);
            self.schedule(self.now, Action::Dispatch);
        }
    }
}
