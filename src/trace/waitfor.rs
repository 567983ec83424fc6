//! The wait-for graph at an instant (who waits for whom, on what) and its cycles (deadlocks).

use super::describe::waits_for_sentence_in;
use super::event::{LaneKind, TaskId, Trace, WaitFor};
use super::inspect::{state_at, RuntimeState};
use super::spans::SpanState;
use crate::lang::Lang;
use crate::model::Micros;

/// At most this many cycles are listed; a dense graph can have exponentially many.
pub const MAX_CYCLES: usize = 64;

/// Bound on the search work for cycles, so a pathological graph cannot freeze the page.
const SEARCH_BUDGET: usize = 200_000;

/// One blocked task: what it waits for and which tasks stand in its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitEdge {
    pub waiter: TaskId,
    pub on: WaitFor,
    /// The tasks that must act first: the holders of the lock or permits (or, when nobody holds
    /// it, the waiters ahead in its FIFO queue), the joined tasks still alive, or the jobs that
    /// occupy the pool workers. Empty when any task could help (a notify, a send, a recv).
    pub holders: Vec<TaskId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitForGraph {
    pub t: Micros,
    /// One edge per blocked task, by task id.
    pub edges: Vec<WaitEdge>,
    /// Every elementary cycle (up to [`MAX_CYCLES`]), each starting at its smallest task id,
    /// ordered by that id and then by the order a depth-first search in id order meets them.
    pub cycles: Vec<Vec<TaskId>>,
}

/// The wait-for graph after every event with time ≤ `t` (replays the trace from the start).
pub fn wait_for_at(trace: &Trace, t: Micros) -> WaitForGraph {
    WaitForGraph::from_state(trace, &state_at(trace, t))
}

impl WaitForGraph {
    /// The graph of a state the inspector already computed.
    pub fn from_state(trace: &Trace, state: &RuntimeState) -> WaitForGraph {
        let mut edges = Vec::new();
        for (i, task) in state.tasks.iter().enumerate() {
            if let SpanState::Blocked(on) = &task.state {
                let waiter = TaskId(i as u32);
                edges.push(WaitEdge {
                    waiter,
                    on: on.clone(),
                    holders: holders_of(trace, state, waiter, on),
                });
            }
        }
        let cycles = find_cycles(state.tasks.len(), &edges);
        WaitForGraph {
            t: state.t,
            edges,
            cycles,
        }
    }

    /// The task is on some cycle.
    pub fn in_cycle(&self, task: TaskId) -> bool {
        self.cycles.iter().any(|c| c.contains(&task))
    }

    /// One sentence per blocked task: `t2 waits for m (held by t1)`.
    pub fn sentences(&self, trace: &Trace) -> Vec<String> {
        self.sentences_in(trace, Lang::En)
    }

    /// [`WaitForGraph::sentences`] in `lang`: `t2 等待 m（由 t1 持有）`.
    pub fn sentences_in(&self, trace: &Trace, lang: Lang) -> Vec<String> {
        self.edges
            .iter()
            .map(|e| waits_for_sentence_in(trace, e.waiter, &e.on, &e.holders, lang))
            .collect()
    }
}

fn holders_of(trace: &Trace, state: &RuntimeState, waiter: TaskId, on: &WaitFor) -> Vec<TaskId> {
    let mut out: Vec<TaskId> = Vec::new();
    let mut add = |t: TaskId| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    match on {
        WaitFor::Lock(r) | WaitFor::Read(r) | WaitFor::Write(r) | WaitFor::Permits(r, _) => {
            if let Some(res) = state.resources.get(r.0 as usize) {
                res.holders.iter().for_each(|h| add(h.task));
                if res.holders.is_empty() {
                    // Fair queues: the waiters ahead are served first.
                    res.waiters
                        .iter()
                        .take_while(|w| **w != waiter)
                        .for_each(|w| add(*w));
                }
            }
        }
        WaitFor::Join(tasks) => {
            let alive = |t: &&TaskId| {
                state
                    .tasks
                    .get(t.0 as usize)
                    .is_some_and(|n| !n.state.is_end())
            };
            tasks.iter().filter(alive).for_each(|t| add(*t));
        }
        WaitFor::Worker => {
            let workers = trace.lanes.iter().zip(&state.lanes);
            workers
                .filter(|(info, _)| matches!(info.kind, LaneKind::PoolWorker(_)))
                .filter_map(|(_, now)| now.task)
                .for_each(&mut add);
        }
        WaitFor::Notify(_) | WaitFor::Send(_) | WaitFor::Recv(_) | WaitFor::Core => {}
    }
    out
}

/// Elementary cycles: from each start node in id order, a depth-first search through larger ids
/// only, so each cycle is found once, already rotated to its smallest id.
fn find_cycles(tasks: usize, edges: &[WaitEdge]) -> Vec<Vec<TaskId>> {
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); tasks];
    for e in edges {
        if let Some(list) = adj.get_mut(e.waiter.0 as usize) {
            list.extend(
                e.holders
                    .iter()
                    .map(|h| h.0)
                    .filter(|h| (*h as usize) < tasks),
            );
            list.sort_unstable();
            list.dedup();
        }
    }
    let mut cycles = Vec::new();
    let mut on_path = vec![false; tasks];
    let mut budget = SEARCH_BUDGET;
    for s in 0..tasks as u32 {
        if adj[s as usize].is_empty() {
            continue;
        }
        let mut path = vec![s];
        let mut next = vec![0usize];
        on_path[s as usize] = true;
        while let (Some(&v), Some(k)) = (path.last(), next.last_mut()) {
            let Some(&w) = adj[v as usize].get(*k) else {
                on_path[v as usize] = false;
                path.pop();
                next.pop();
                continue;
            };
            *k += 1;
            budget = budget.saturating_sub(1);
            if budget == 0 || cycles.len() >= MAX_CYCLES {
                return cycles;
            }
            if w == s {
                cycles.push(path.iter().map(|t| TaskId(*t)).collect());
            } else if w > s && !on_path[w as usize] {
                on_path[w as usize] = true;
                path.push(w);
                next.push(0);
            }
        }
    }
    cycles
}
