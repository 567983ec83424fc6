//! Building the simulator state from a scenario, and queuing what starts at time 0.

use super::queue::Queue;
use super::world::{Config, Lane, LaneState, Res, Status, Task, World};
use crate::model::{Cores, Micros, Scenario, Start, TaskKind};
use crate::rules::program::{compile, Names};
use crate::trace::{skeleton, LaneId, Skeleton, TaskId, TimerWhat, TooManyTasks};
use std::collections::BTreeSet;

impl World {
    pub(super) fn new(scenario: &Scenario, max_events: usize) -> Result<World, TooManyTasks> {
        let Skeleton {
            trace,
            own_lane,
            decl,
            ..
        } = skeleton(scenario)?;
        let rt = &scenario.runtime;
        let cores = match rt.cores() {
            Cores::Unlimited => None,
            Cores::Limited(n) => Some(n.clamp(1, 1024)),
        };
        let cfg = Config {
            cores,
            quantum: rt.quantum().max(1),
            thread_start: rt.thread_start(),
            process_start: rt.process_start(),
            max_time: rt.max_time(),
            max_events,
            max_work: (max_events as u64)
                .saturating_mul(40)
                .saturating_add(10_000),
        };
        let names = Names::new(scenario);
        let progs = compile(scenario, &names);
        let tasks = trace
            .tasks
            .iter()
            .zip(decl)
            .zip(own_lane)
            .map(|((info, decl), lane)| new_task(decl, info.kind, lane))
            .collect();
        let lanes = vec![new_lane(); trace.lanes.len()];
        let res = scenario
            .resources
            .iter()
            .map(|r| Res::new(r.kind))
            .collect();
        let ncores = cores.unwrap_or(0);
        Ok(World {
            cfg,
            progs: progs.into(),
            tasks,
            lanes,
            res,
            timers: Vec::new(),
            ready: Queue::default(),
            round_left: 0,
            loop_timers: BTreeSet::new(),
            pool: Queue::default(),
            core_queue: Queue::default(),
            free_cores: (0..ncores).collect(),
            core_owner: vec![None; ncores as usize],
            now_q: Queue::default(),
            agenda: BTreeSet::new(),
            seq: 0,
            now: 0,
            trace,
            end_seq: 0,
            loop_blocked: None,
            work: 0,
        })
    }

    /// Queues the tasks that start at 0 and sets the `at` timers, in declaration order.
    pub(super) fn init(&mut self, scenario: &Scenario) {
        let mut id = 0u32;
        for decl in &scenario.tasks {
            for _ in 0..decl.replicas.unwrap_or(1).max(1) {
                let t = TaskId(id);
                id += 1;
                match decl.start {
                    Start::AtZero => self.start(t, None),
                    Start::At(d) => {
                        let on_loop = decl.kind == TaskKind::Async;
                        let timer = self.set_timer(t, d, TimerWhat::Start(t), None, on_loop, 0);
                        self.tasks[t.0 as usize].start_timer = Some(timer);
                    }
                    Start::OnSpawn => {}
                }
            }
        }
        if self.lanes[0].state == LaneState::Idle {
            self.loop_idle();
        }
    }
}

fn new_task(decl: usize, kind: TaskKind, lane: Option<LaneId>) -> Task {
    Task {
        decl,
        kind,
        status: Status::NotStarted,
        pc: 0,
        frames: Vec::new(),
        reg: 0,
        lane,
        on_cpu: false,
        holds: Vec::new(),
        resume_err: None,
        cancel_pending: false,
        timeout_pending: None,
        joiners: Vec::new(),
        start_timer: None,
        start_us: None,
        end_us: None,
        end_seq: 0,
    }
}

fn new_lane() -> Lane {
    Lane {
        task: None,
        state: LaneState::Idle,
        core: None,
        slice_start: 0,
        slice_end: Micros::MAX,
        compute_left: 0,
        compute_since: 0,
        wake_at: 0,
        gen: 0,
        queued: false,
    }
}
