//! The wait-for graph at an instant: edges from waiters to holders, and deterministic cycles.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::model::{ResourceKind, TaskKind};
use interleave::trace::{
    wait_for_at, Inspector, LaneKind, ResId, TaskId, WaitEdge, WaitFor, WaitForGraph,
};
use trace_support::scenarios::{deadlock_pair, runtime_tour, sleepers_and_mutex};
use trace_support::{TraceBuilder, MS, S};

#[test]
fn a_two_task_deadlock_is_one_cycle_starting_at_the_smaller_id() {
    let g = wait_for_at(&deadlock_pair(), 10 * MS);
    assert_eq!(
        g.edges,
        vec![
            WaitEdge {
                waiter: TaskId(0),
                on: WaitFor::Lock(ResId(1)),
                holders: vec![TaskId(1)]
            },
            WaitEdge {
                waiter: TaskId(1),
                on: WaitFor::Lock(ResId(0)),
                holders: vec![TaskId(0)]
            },
        ]
    );
    assert_eq!(g.cycles, vec![vec![TaskId(0), TaskId(1)]]);
    assert!(g.in_cycle(TaskId(1)));
}

#[test]
fn before_the_second_locks_nobody_waits() {
    let g = wait_for_at(&deadlock_pair(), 5 * MS);
    assert_eq!(
        g,
        WaitForGraph {
            t: 5 * MS,
            edges: vec![],
            cycles: vec![]
        }
    );
}

#[test]
fn the_graph_explains_itself_in_plain_words() {
    let trace = deadlock_pair();
    let g = wait_for_at(&trace, 10 * MS);
    assert_eq!(
        g.sentences(&trace),
        vec![
            "t1 waits for m2 (held by t2)",
            "t2 waits for m1 (held by t1)"
        ]
    );
}

#[test]
fn a_waiter_on_a_held_mutex_points_at_its_holder_without_a_cycle() {
    let trace = sleepers_and_mutex();
    let g = wait_for_at(&trace, 100 * MS);
    assert_eq!(g.edges.len(), 1);
    assert_eq!(
        (g.edges[0].waiter, &g.edges[0].holders),
        (TaskId(3), &vec![TaskId(2)])
    );
    assert!(g.cycles.is_empty());
    assert!(
        wait_for_at(&trace, 600 * MS).edges.is_empty(),
        "t2 holds m after 500 ms"
    );
}

/// Builds: 0 holds a and waits for b; 2 holds b and waits for c; 1 holds c and waits for a;
/// 3 also waits for a (outside the cycle), and 4 joins 3.
fn three_cycle_and_bystanders() -> interleave::trace::Trace {
    let mut b = TraceBuilder::new();
    let ids: Vec<TaskId> = (0..5)
        .map(|i| b.task(&format!("t{i}"), TaskKind::Thread))
        .collect();
    let lanes: Vec<_> = ids
        .iter()
        .map(|t| b.lane(&format!("t{}", t.0), LaneKind::Thread(*t)))
        .collect();
    let (ra, rb, rc) = (
        b.res("a", ResourceKind::Mutex),
        b.res("b", ResourceKind::Mutex),
        b.res("c", ResourceKind::Mutex),
    );
    b.at(0);
    for (t, l) in ids.iter().zip(&lanes) {
        b.start(*t).poll(*t, *l);
    }
    b.acquire(ids[0], ra, 1)
        .acquire(ids[2], rb, 1)
        .acquire(ids[1], rc, 1);
    b.at(MS);
    let waits = [
        (0, WaitFor::Lock(rb)),
        (2, WaitFor::Lock(rc)),
        (1, WaitFor::Lock(ra)),
        (3, WaitFor::Lock(ra)),
    ];
    for (i, on) in waits {
        b.block(ids[i], on).unpoll(ids[i], lanes[i]);
    }
    b.block(ids[4], WaitFor::Join(vec![ids[3]]))
        .unpoll(ids[4], lanes[4]);
    b.build()
}

#[test]
fn a_three_task_cycle_is_rotated_to_its_smallest_id_and_bystanders_stay_out() {
    let g = wait_for_at(&three_cycle_and_bystanders(), MS);
    assert_eq!(g.cycles, vec![vec![TaskId(0), TaskId(2), TaskId(1)]]);
    assert!(!g.in_cycle(TaskId(3)) && !g.in_cycle(TaskId(4)));
    let join = g
        .edges
        .iter()
        .find(|e| e.waiter == TaskId(4))
        .expect("t4 is blocked");
    assert_eq!(join.holders, vec![TaskId(3)]);
}

#[test]
fn cycles_are_listed_by_smallest_id_including_self_loops() {
    // 0 ⇄ 1 over mutexes, and 0 ⇄ 2 over a semaphore both hold permits of.
    let mut b = TraceBuilder::new();
    let t: Vec<TaskId> = (0..3)
        .map(|i| b.task(&format!("t{i}"), TaskKind::Thread))
        .collect();
    let (m, s) = (
        b.res("m", ResourceKind::Mutex),
        b.res("s", ResourceKind::Semaphore { permits: 2 }),
    );
    let n = b.res("n", ResourceKind::Mutex);
    b.at(0).start(t[0]).start(t[1]).start(t[2]);
    b.acquire(t[1], m, 1)
        .acquire(t[0], s, 1)
        .acquire(t[2], s, 1)
        .acquire(t[0], n, 1);
    b.block(t[0], WaitFor::Lock(m))
        .block(t[1], WaitFor::Lock(n))
        .block(t[2], WaitFor::Permits(s, 2));
    let g = wait_for_at(&b.build(), 0);
    // t2 holds one of two permits and wants two more: it waits on t0 and on itself, and a
    // self-loop is a cycle of one (it can never proceed).
    assert_eq!(g.edges[2].holders, vec![t[0], t[2]]);
    assert_eq!(g.cycles, vec![vec![t[0], t[1]], vec![t[2]]]);
    let mut b2 = TraceBuilder::from_trace(b.build());
    b2.at(0).block(t[0], WaitFor::Permits(s, 2));
    let g2 = wait_for_at(&b2.build(), 0);
    assert_eq!(g2.cycles, vec![vec![t[0]], vec![t[0], t[2]], vec![t[2]]]);
}

#[test]
fn a_queued_job_waits_for_the_jobs_that_occupy_the_workers() {
    let mut b = TraceBuilder::new();
    let (j1, j2) = (b.task("j1", TaskKind::Job), b.task("j2", TaskKind::Job));
    let w = b.lane("worker 0", LaneKind::PoolWorker(0));
    b.at(0)
        .start(j1)
        .ev(interleave::trace::EventKind::Spawned { task: j2, by: None });
    b.block(j2, WaitFor::Worker)
        .poll(j1, w)
        .step(j1, "sleep 1s")
        .sleeping(j1, S)
        .unpoll(j1, w);
    let trace = b.build();
    let g = wait_for_at(&trace, 0);
    assert_eq!(
        g.edges,
        vec![WaitEdge {
            waiter: j2,
            on: WaitFor::Worker,
            holders: vec![j1]
        }]
    );
    assert_eq!(
        g.sentences(&trace),
        vec!["j2 waits for a free worker (held by j1)"]
    );
}

#[test]
fn the_graph_from_an_inspector_state_equals_the_one_from_a_full_replay() {
    let trace = runtime_tour();
    let inspector = Inspector::new(&trace);
    for t in [0, S / 2, S, 2 * S, 3 * S] {
        assert_eq!(
            WaitForGraph::from_state(&trace, &inspector.at(t)),
            wait_for_at(&trace, t)
        );
    }
    let g = wait_for_at(&trace, 0);
    let blocked: Vec<TaskId> = g.edges.iter().map(|e| e.waiter).collect();
    assert_eq!(
        blocked,
        vec![TaskId(1), TaskId(3)],
        "w waits on cv and j2 on s; j3 only queues (ready)"
    );
    assert_eq!(g.edges[1].holders, vec![TaskId(2)]);
}
