//! Deadlock reports, worded alike for both runners: what each stuck task waits for, who holds
//! it, and the wait-for cycles.
//!
//! Cycles come from the strongly connected components of the graph "task → tasks that hold
//! what it waits for" (iterative Kosaraju, so deep graphs cannot overflow the stack); each
//! component yields one shortest cycle through its first task in declaration order.

use super::summary::{BlockedTask, DeadlockInfo};
use std::collections::VecDeque;

/// The deadlock report from the stuck tasks, shared by the simulator and live mode so both word
/// it alike: `slot` places a task in a table of `task_count`, `waits_for` gives what it waits
/// for and who holds that.
pub fn report_deadlock<T: Copy>(
    stuck: &[T],
    task_count: usize,
    slot: impl Fn(T) -> usize,
    name: impl Fn(T) -> String,
    waits_for: impl Fn(T) -> (String, Vec<T>),
) -> DeadlockInfo {
    // Task → its index in `stuck`, so building the edges stays linear.
    let mut index = vec![None; task_count];
    for (i, &t) in stuck.iter().enumerate() {
        if let Some(cell) = index.get_mut(slot(t)) {
            *cell = Some(i);
        }
    }
    let mut blocked = Vec::new();
    let mut edges: Vec<Vec<usize>> = Vec::new();
    for &t in stuck {
        let (waits_for, held_by) = waits_for(t);
        edges.push(
            held_by
                .iter()
                .filter_map(|&h| index.get(slot(h)).copied().flatten())
                .collect(),
        );
        blocked.push(BlockedTask {
            task: name(t),
            waits_for,
            held_by: held_by.iter().map(|&h| name(h)).collect(),
        });
    }
    let cycles = cycles(&edges)
        .into_iter()
        .map(|c| c.into_iter().map(|i| name(stuck[i])).collect())
        .collect();
    DeadlockInfo { blocked, cycles }
}

/// One cycle per strongly connected component that has one, in order of first node.
fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    // Pass 1: finishing order by iterative DFS.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
                stack.pop();
            }
        }
    }
    // Pass 2: components on the reversed graph, in reverse finishing order.
    let mut rev = vec![Vec::new(); n];
    for (v, out) in edges.iter().enumerate() {
        for &w in out {
            rev[w].push(v);
        }
    }
    let mut comp = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for &s in order.iter().rev() {
        if comp[s] != usize::MAX {
            continue;
        }
        let id = comps.len();
        let mut members = vec![s];
        comp[s] = id;
        let mut i = 0;
        while i < members.len() {
            let v = members[i];
            i += 1;
            for &w in &rev[v] {
                if comp[w] == usize::MAX {
                    comp[w] = id;
                    members.push(w);
                }
            }
        }
        comps.push(members);
    }
    // One parent table for every search, reset after each, so this stays linear.
    let mut parent = vec![usize::MAX; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for members in &comps {
        let Some(&start) = members.iter().min() else {
            continue;
        };
        if members.len() == 1 && !edges[start].contains(&start) {
            continue;
        }
        if let Some(cycle) = shortest_cycle(edges, &comp, start, &mut parent) {
            out.push(cycle);
        }
        for &m in members {
            parent[m] = usize::MAX;
        }
    }
    out.sort();
    out
}

/// The shortest cycle from `start` back to itself inside its component (BFS, first edges first).
fn shortest_cycle(
    edges: &[Vec<usize>],
    comp: &[usize],
    start: usize,
    parent: &mut [usize],
) -> Option<Vec<usize>> {
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &edges[v] {
            if comp[w] != comp[start] {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut x = v;
                while x != start {
                    x = parent[x];
                    path.push(x);
                }
                path.reverse();
                return Some(path);
            }
            if parent[w] == usize::MAX && w != start {
                parent[w] = v;
                queue.push_back(w);
            }
        }
    }
    None
}
