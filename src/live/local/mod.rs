//! The live runtime in one process on a virtual clock: the coordinator and one engine per
//! worker, wired by in-memory queues with no latency. It checks the protocol natively (every
//! preset must end as the simulator says) and shows what "live" would be with a perfect machine.
//!
//! Each engine reads a clock that is the shared virtual time, or later while it is inside a
//! `compute` (`busy_until`): a busy engine takes no messages, and what it reports after the
//! compute reaches the coordinator only when the shared time gets there, as on a real core.

use super::coord::{Coordinator, Dest, Effect, EndReason, Source};
use super::engine::{Engine, Host};
use super::proto::{Out, Role, Setup, ToWorker};
use crate::exec::{Clock, VirtualClock};
use crate::model::{limits, print, Micros, Scenario};
use crate::rules::{RunMode, RunSummary};
use crate::shm::Memory;
use crate::trace::Trace;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Shared virtual time, pushed ahead for one engine while it computes.
struct EngineClock {
    global: Rc<VirtualClock>,
    busy_until: Cell<Micros>,
}

impl Clock for EngineClock {
    fn now(&self) -> Micros {
        self.global.now().max(self.busy_until.get())
    }
}

struct LocalHost {
    clock: Rc<EngineClock>,
    /// Items handed over before a compute began.
    flushed: RefCell<Vec<Out>>,
}

impl Host for LocalHost {
    fn compute(&self, us: Micros) {
        let end = self.clock.now().saturating_add(us);
        self.clock.busy_until.set(end);
    }

    fn flush(&self, items: Vec<Out>) {
        self.flushed.borrow_mut().extend(items);
    }
}

struct Node {
    engine: Engine,
    clock: Rc<EngineClock>,
    host: Rc<LocalHost>,
    inbox: VecDeque<ToWorker>,
    /// Reported after a compute: delivered when the shared time reaches `busy_until`.
    held: Vec<Out>,
    src: Source,
}

/// Runs `scenario` through the live protocol on a virtual clock; stops after `limit_us`.
pub fn run_local(scenario: &Scenario, limit_us: Micros) -> (Trace, RunSummary) {
    run(scenario, limit_us, None)
}

/// As [`run_local`], with the variables in shared memory (`live::memory`), as when the page
/// is cross-origin isolated.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_local_shared(scenario: &Scenario, limit_us: Micros) -> (Trace, RunSummary) {
    let (cells, words) = super::memory::Layout::of(scenario).size();
    let memory = Rc::new(crate::shm::StdMemory::new(words, cells));
    super::memory::init(scenario, &*memory);
    run(scenario, limit_us, Some(memory))
}

fn run(
    scenario: &Scenario,
    limit_us: Micros,
    memory: Option<Rc<dyn Memory>>,
) -> (Trace, RunSummary) {
    let global = Rc::new(VirtualClock::new());
    let text = print(scenario);
    let mut coord = match Coordinator::new(scenario, 1, limits::MAX_EVENTS) {
        Ok(c) => c,
        Err(e) => {
            return (
                Trace::default(),
                RunSummary::not_run(scenario, e.limit(), Some(RunMode::Live)),
            )
        }
    };
    let mut nodes: BTreeMap<Dest, Node> = BTreeMap::new();
    let node = |role: Role, lane: u32| -> Node {
        let clock = Rc::new(EngineClock {
            global: global.clone(),
            busy_until: Cell::new(0),
        });
        let host = Rc::new(LocalHost {
            clock: clock.clone(),
            flushed: RefCell::new(Vec::new()),
        });
        let setup = Setup {
            run: 1,
            text: text.clone(),
            t0_ms: 0.0,
            iters_per_us: 1.0,
            role,
            lane,
            seed: scenario.runtime.seed(),
            shared_memory: memory.is_some(),
        };
        let engine = Engine::new(&setup, clock.clone(), host.clone(), memory.clone())
            .expect("an engine sets up for a scenario its coordinator accepted");
        Node {
            engine,
            clock,
            host,
            inbox: VecDeque::new(),
            held: Vec::new(),
            src: Source {
                lane,
                incarnation: 0,
            },
        }
    };
    nodes.insert(Dest::Loop, node(Role::Loop, 0));
    for w in 0..coord.workers() {
        nodes.insert(Dest::Pool(w), node(Role::Pool(w), 1 + w));
    }
    let mut timers: Vec<(Micros, u32)> = Vec::new();
    coord.init(0);
    // Rounds in a row that moved neither time nor anything else (a guard against spinning).
    let mut idle_rounds = 0;
    let reason = 'run: loop {
        let now = global.now();
        let mut progress = false;
        let mut effects = coord.take_effects();
        loop {
            for e in effects.drain(..) {
                progress = true;
                match e {
                    Effect::Send(dest, msg) => {
                        if let Some(n) = nodes.get_mut(&dest) {
                            n.inbox.push_back(msg);
                        }
                    }
                    Effect::NewThread(t) => {
                        let lane = coord.lane_of(Dest::Thread(t));
                        let mut n = node(Role::Thread(t), lane);
                        n.inbox.push_back(ToWorker::Start { run: 1, task: t });
                        nodes.insert(Dest::Thread(t), n);
                        coord.thread_started(t);
                    }
                    Effect::EndThread(t) => {
                        nodes.remove(&Dest::Thread(t));
                    }
                    Effect::SetTimer { id, due } => timers.push((due, id)),
                }
            }
            let mut delivered = false;
            let dests: Vec<Dest> = nodes.keys().copied().collect();
            for d in dests {
                let Some(n) = nodes.get_mut(&d) else { continue };
                if n.clock.busy_until.get() > now {
                    continue;
                }
                if !n.held.is_empty() {
                    let held = std::mem::take(&mut n.held);
                    coord.on_batch(n.src, held, now);
                    delivered = true;
                }
                let msgs: Vec<ToWorker> = n.inbox.drain(..).collect();
                let idle_before = msgs.is_empty();
                for m in msgs {
                    n.engine.handle(m);
                }
                n.engine.drive();
                let flushed = std::mem::take(&mut *n.host.flushed.borrow_mut());
                if !flushed.is_empty() {
                    coord.on_batch(n.src, flushed, now);
                    delivered = true;
                }
                let out = n.engine.take_out();
                if !out.is_empty() {
                    if n.clock.busy_until.get() > now {
                        n.held.extend(out);
                    } else {
                        coord.on_batch(n.src, out, now);
                    }
                    delivered = true;
                }
                delivered |= !idle_before;
            }
            effects = coord.take_effects();
            if effects.is_empty() && !delivered {
                break;
            }
            progress = true;
        }
        if progress {
            idle_rounds = 0;
            continue;
        }
        if coord.all_ended() {
            break EndReason::Ended;
        }
        if coord.stuck() {
            break EndReason::Stuck;
        }
        let mut next: Option<Micros> = None;
        let mut consider = |t: Micros| next = Some(next.map_or(t, |n: Micros| n.min(t)));
        for n in nodes.values() {
            let busy = n.clock.busy_until.get();
            if busy > now {
                consider(busy);
            }
            if let Some(d) = n.engine.next_deadline() {
                consider(d.max(busy).max(now));
            }
        }
        for &(due, _) in &timers {
            consider(due.max(now));
        }
        let Some(next) = next else {
            break EndReason::Stuck;
        };
        if next <= now {
            idle_rounds += 1;
            if idle_rounds > 3 {
                break EndReason::Stuck;
            }
        }
        if next > limit_us {
            global.jump_to(limit_us);
            break EndReason::TimeLimit;
        }
        global.jump_to(next);
        let due: Vec<u32> = timers
            .iter()
            .filter(|(t, _)| *t <= next)
            .map(|(_, id)| *id)
            .collect();
        timers.retain(|(t, _)| *t > next);
        for id in due {
            coord.on_timer(id, next);
        }
        if coord.at_event_limit() {
            break 'run EndReason::EventLimit;
        }
    };
    if let Some(mem) = &memory {
        coord.settle_vars(&**mem);
    }
    let summary = coord.summary(reason, global.now());
    (coord.snapshot(), summary)
}

#[cfg(test)]
mod tests;
