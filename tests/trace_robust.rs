//! Arbitrary, even nonsensical, traces: no view panics, and checkpoints always equal a full replay.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::model::{ResourceKind, TaskKind};
use interleave::trace::{
    chrome, describe, lane_spans, metrics, queue_depths, state_at, task_spans, wait_for_at, EndHow,
    EventKind, Inspector, LaneId, LaneKind, ResId, TaskId, TimerId, TimerWhat, Trace, WaitFor,
    WakeCause,
};
use proptest::prelude::*;
use trace_support::TraceBuilder;

/// Ids run up to 6 while the tables are smaller, so some point outside them.
fn event(kind: u8, a: u32, b: u32, c: u32) -> EventKind {
    let (task, res, lane) = (TaskId(a % 6), ResId(b % 7), LaneId(c % 5));
    let on = match c % 8 {
        0 => WaitFor::Lock(res),
        1 => WaitFor::Read(res),
        2 => WaitFor::Permits(res, b % 3),
        3 => WaitFor::Notify(res),
        4 => WaitFor::Recv(res),
        5 => WaitFor::Join(vec![TaskId(b % 6), TaskId(c % 6)]),
        6 => WaitFor::Worker,
        _ => WaitFor::Core,
    };
    match kind % 20 {
        0 => EventKind::Spawned { task, by: None },
        1 | 2 => EventKind::Ready { task },
        3 | 4 => EventKind::PollStart {
            task,
            lane,
            core: None,
        },
        5 => EventKind::PollEnd { task, lane },
        6 => EventKind::Step {
            task,
            text: format!("step {}", b % 4).into(),
        },
        7 => EventKind::Blocked { task, on },
        8 => EventKind::Sleeping {
            task,
            until: u64::from(b),
        },
        9 => EventKind::Woken {
            task,
            by: Some(TaskId(b % 6)),
            cause: WakeCause::Unlock(res),
        },
        10 => EventKind::Acquired {
            task,
            res,
            n: c % 3,
            shared: c % 2 == 0,
        },
        11 => EventKind::Released {
            task,
            res,
            n: c % 3,
            on_exit: false,
        },
        12 => EventKind::Sent {
            task,
            ch: res,
            value: i64::from(c),
        },
        13 => EventKind::Received {
            task,
            ch: res,
            value: 0,
        },
        14 => EventKind::VarWritten {
            task,
            var: res,
            value: i64::from(c),
        },
        15 => EventKind::Loaded {
            task,
            var: res,
            value: -1,
        },
        16 => EventKind::TimerSet {
            timer: TimerId(b % 5),
            owner: task,
            due: u64::from(c),
            what: TimerWhat::Sleep,
        },
        17 => EventKind::TimerFired {
            timer: TimerId(b % 5),
        },
        18 => EventKind::Log {
            task,
            text: "x".into(),
        },
        _ => EventKind::Ended {
            task,
            how: match c % 3 {
                0 => EndHow::Completed,
                1 => EndHow::Failed("f".into()),
                _ => EndHow::Cancelled,
            },
        },
    }
}

fn arbitrary_trace(raw: &[(u8, u32, u32, u32, u8)]) -> Trace {
    let mut b = TraceBuilder::new();
    let kinds = [
        TaskKind::Async,
        TaskKind::Thread,
        TaskKind::Job,
        TaskKind::Async,
    ];
    let tasks: Vec<TaskId> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| b.task(&format!("t{i}"), *k))
        .collect();
    b.lane("event loop", LaneKind::EventLoop);
    b.lane("worker 0", LaneKind::PoolWorker(0));
    b.lane("t1", LaneKind::Thread(tasks[1]));
    b.res("m", ResourceKind::Mutex);
    b.res("s", ResourceKind::Semaphore { permits: 1 });
    b.res("q", ResourceKind::Channel { capacity: Some(1) });
    b.res("x", ResourceKind::Var { init: 3 });
    b.res("cv", ResourceKind::Condvar);
    let mut t: u64 = 0;
    for &(kind, a, x, c, dt) in raw {
        // Mostly forward in time, sometimes backward: a malformed trace must not break seeking.
        t = if dt == 255 {
            t / 2
        } else {
            t + u64::from(dt % 8)
        };
        b.at(t).ev(event(kind, a, x, c));
    }
    b.build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_view_survives_any_trace(raw in prop::collection::vec(any::<(u8, u32, u32, u32, u8)>(), 0..300)) {
        let trace = arbitrary_trace(&raw);
        let spans = task_spans(&trace);
        for s in spans.iter().flatten() {
            prop_assert!(s.start <= s.end);
            let _ = describe::span_state(&trace, &s.state);
        }
        let _ = lane_spans(&trace);
        let _ = metrics(&trace);
        let _ = queue_depths(&trace);
        for ev in &trace.events {
            let _ = describe::event(&trace, &ev.kind);
        }
        let json: serde_json::Value = serde_json::from_str(&chrome::export(&trace)).expect("valid JSON");
        prop_assert!(json["traceEvents"].is_array());
        let end = trace.events.iter().map(|e| e.t).max().unwrap_or(0);
        let g = wait_for_at(&trace, end);
        for cycle in &g.cycles {
            prop_assert!(cycle.iter().all(|t| *t >= cycle[0]), "rotated to the smallest id");
        }
    }

    #[test]
    fn checkpoints_equal_a_full_replay_on_any_trace(
        raw in prop::collection::vec(any::<(u8, u32, u32, u32, u8)>(), 0..400),
        probes in prop::collection::vec(any::<u16>(), 1..8),
        interval in 1usize..40,
    ) {
        let trace = arbitrary_trace(&raw);
        let inspector = Inspector::with_interval(&trace, interval);
        let end = trace.events.iter().map(|e| e.t).max().unwrap_or(0);
        for p in probes {
            let t = u64::from(p) % (end + 3);
            prop_assert_eq!(inspector.at(t), state_at(&trace, t));
        }
    }
}
