//! Metrics of hand-built traces: makespan, waits by cause, utilization, event-loop blocking, queues.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::model::TaskKind;
use interleave::trace::{
    metrics, metrics_with, task_spans, EndHow, LaneKind, LongPoll, MetricsOptions, QueuePeak,
    TaskId, WaitTimes,
};
use std::sync::Arc;
use trace_support::scenarios::{deadlock_pair, runtime_tour, sleepers_and_mutex, two_computes};
use trace_support::{TraceBuilder, MS, S};

#[test]
fn two_computes_block_the_event_loop_for_two_seconds() {
    let m = metrics(&two_computes());
    assert_eq!(m.makespan, 2 * S);
    assert_eq!(m.loop_blocked, 2 * S);
    let poll = |task, start| LongPoll {
        task: TaskId(task),
        start,
        duration: S,
        step: Some(Arc::from("compute 1s")),
    };
    assert_eq!(m.long_polls, vec![poll(0, 0), poll(1, S)]);
    assert_eq!(m.lanes[0].busy, 2 * S);
    assert_eq!(m.lanes[0].utilization, 1.0);
}

#[test]
fn the_second_coroutine_waits_for_the_loop_as_long_as_the_first_computes() {
    let m = metrics(&two_computes());
    let (a1, a2) = (&m.tasks[0], &m.tasks[1]);
    assert_eq!(
        (a1.start, a1.end, a1.latency, a1.run),
        (Some(0), Some(S), Some(S), S)
    );
    assert_eq!(
        (a2.start, a2.end, a2.latency, a2.run),
        (Some(0), Some(2 * S), Some(2 * S), S)
    );
    assert_eq!(
        a2.wait,
        WaitTimes {
            ready: S,
            ..WaitTimes::default()
        }
    );
    assert_eq!(a2.ended, Some(EndHow::Completed));
    assert_eq!(m.max_ready_queue, QueuePeak { depth: 2, at: 0 });
    assert_eq!(m.throughput, 1.0);
}

#[test]
fn the_wait_histogram_puts_each_wait_in_its_power_of_two_bucket() {
    let m = metrics(&two_computes());
    // The one wait lasts 1 s = 1_000_000 µs, and 2^19 ≤ 1_000_000 < 2^20.
    assert_eq!(m.wait_histogram.len(), 20);
    assert_eq!(m.wait_histogram[19], 1);
    assert_eq!(m.wait_histogram.iter().sum::<u64>(), 1);
}

#[test]
fn waits_are_split_by_cause_and_lanes_by_their_busy_share() {
    let m = metrics(&sleepers_and_mutex());
    assert_eq!(m.makespan, S);
    assert_eq!(
        m.tasks[0].wait,
        WaitTimes {
            sleep: S,
            ..WaitTimes::default()
        }
    );
    let t2 = &m.tasks[3];
    assert_eq!(
        t2.wait,
        WaitTimes {
            lock: 500 * MS,
            ..WaitTimes::default()
        }
    );
    assert_eq!((t2.run, t2.latency), (200 * MS, Some(700 * MS)));
    let utilization: Vec<f64> = m.lanes.iter().map(|l| l.utilization).collect();
    assert_eq!(utilization, vec![0.0, 0.5, 0.2]);
    assert_eq!(
        m.loop_blocked, 0,
        "sleeping coroutines never block the loop"
    );
    assert!(m.long_polls.is_empty());
    assert_eq!((m.completed, m.failed, m.cancelled), (4, 0, 0));
    assert_eq!(m.throughput, 4.0);
    assert_eq!(m.wait.total(), 2 * S + 500 * MS);
}

#[test]
fn jobs_wait_for_workers_permits_and_notifies_under_their_own_causes() {
    let m = metrics(&runtime_tour());
    assert_eq!(m.makespan, 3 * S);
    assert_eq!(m.max_pool_queue, QueuePeak { depth: 3, at: 0 });
    assert_eq!(
        m.tasks[1].wait.condvar, S,
        "w waits on cv until p notifies at 1 s"
    );
    assert_eq!(
        m.tasks[3].wait.semaphore,
        2 * S,
        "j2 waits for the permit j1 holds"
    );
    assert_eq!(
        m.tasks[4].wait.ready,
        2 * S,
        "j3 waits in the pool queue for a worker"
    );
    assert_eq!(m.tasks[4].ended, Some(EndHow::Failed("boom".into())));
    assert_eq!((m.completed, m.failed), (4, 1));
    assert_eq!(m.lanes[1].utilization, 1.0);
    assert!((m.lanes[2].utilization - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn a_deadlocked_run_lasts_until_the_trace_ends_and_completes_nothing() {
    let m = metrics(&deadlock_pair());
    assert_eq!(m.makespan, 10 * MS);
    assert_eq!((m.completed, m.throughput), (0, 0.0));
    assert_eq!(m.tasks[0].end, None);
    assert_eq!(m.tasks[0].latency, None);
}

#[test]
fn only_polls_at_least_the_threshold_long_are_flagged() {
    let mut b = TraceBuilder::new();
    let (a, c) = (b.task("a", TaskKind::Async), b.task("c", TaskKind::Async));
    let lp = b.lane("event loop", LaneKind::EventLoop);
    b.at(0)
        .start(a)
        .start(c)
        .poll(a, lp)
        .step(a, "compute 49ms");
    b.at(49 * MS)
        .step(a, "log \"x\"")
        .log(a, "x")
        .step(a, "compute 1ms");
    b.at(50 * MS)
        .done(a)
        .unpoll(a, lp)
        .poll(c, lp)
        .step(c, "compute 49ms");
    b.at(99 * MS).done(c).unpoll(c, lp);
    let trace = b.build();
    let m = metrics(&trace);
    assert_eq!(
        m.long_polls,
        vec![LongPoll {
            task: a,
            start: 0,
            duration: 50 * MS,
            step: Some(Arc::from("compute 49ms"))
        }],
        "the 50 ms poll is flagged with its longest step; the 49 ms one is not"
    );
    let strict = metrics_with(
        &trace,
        &task_spans(&trace),
        MetricsOptions { long_poll: 10 * MS },
    );
    assert_eq!(strict.long_polls.len(), 2);
    assert_eq!(strict.loop_blocked, 99 * MS);
}

#[test]
fn a_task_nobody_spawned_has_no_start_and_does_not_count_as_unfinished() {
    let mut b = TraceBuilder::new();
    let (a, idle) = (
        b.task("a", TaskKind::Async),
        b.task("idle", TaskKind::Async),
    );
    let lp = b.lane("event loop", LaneKind::EventLoop);
    b.at(0).start(a).poll(a, lp).step(a, "compute 1s");
    b.at(S).done(a).unpoll(a, lp);
    let m = metrics(&b.build());
    assert_eq!(m.tasks[idle.0 as usize].start, None);
    assert_eq!(m.makespan, S);
}

#[test]
fn a_task_that_leaves_its_lane_and_then_ends_never_counts_as_queued() {
    // The simulator writes `PollEnd` before `Ended`; between them the task is in no queue.
    let mut b = TraceBuilder::new();
    let (a, c) = (b.task("a", TaskKind::Async), b.task("c", TaskKind::Async));
    let lp = b.lane("event loop", LaneKind::EventLoop);
    b.at(0).start(a).poll(a, lp).step(a, "spawn c");
    b.ev(interleave::trace::EventKind::Spawned {
        task: c,
        by: Some(a),
    })
    .ready(c)
    .step(a, "compute 1s");
    b.at(S)
        .unpoll(a, lp)
        .done(a)
        .poll(c, lp)
        .done(c)
        .unpoll(c, lp);
    let m = metrics(&b.build());
    assert_eq!(m.max_ready_queue, QueuePeak { depth: 1, at: 0 });
}
