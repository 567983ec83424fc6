//! The inspector: runtime state at instants of hand-built traces, and checkpoints equal to full replays.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod trace_support;

use interleave::model::{ResourceKind, TaskKind};
use interleave::trace::seek::{
    applied_at, next_index, next_time, prev_index, prev_time, step_time,
};
use interleave::trace::{
    event_times, state_at, task_spans, ChannelNow, EventKind, Holder, Inspector, InspectorBuild,
    LaneKind, LaneNow, PendingTimer, ResId, SpanState, TaskId, TimerId, TimerWhat, WaitFor,
    CHANNEL_PREVIEW,
};
use trace_support::gen::{generate, GenConfig};
use trace_support::scenarios::runtime_tour;
use trace_support::{TraceBuilder, MS, S};

const P: TaskId = TaskId(0);
const W: TaskId = TaskId(1);
const J1: TaskId = TaskId(2);
const J2: TaskId = TaskId(3);
const J3: TaskId = TaskId(4);
const Q: usize = 0;
const X: usize = 1;
const SEM: usize = 2;
const CV: usize = 3;
const M: usize = 4;

fn holder(task: TaskId) -> Holder {
    Holder {
        task,
        n: 1,
        shared: false,
    }
}

#[test]
fn at_the_start_every_queue_holder_waiter_timer_and_value_is_in_place() {
    let s = Inspector::new(&runtime_tour()).at(0);
    let states: Vec<SpanState> = s.tasks.iter().map(|t| t.state.clone()).collect();
    assert_eq!(
        states,
        vec![
            SpanState::Sleeping,
            SpanState::Blocked(WaitFor::Notify(ResId(CV as u32))),
            SpanState::Running {
                lane: interleave::trace::LaneId(1)
            },
            SpanState::Blocked(WaitFor::Permits(ResId(SEM as u32), 1)),
            SpanState::Ready,
        ]
    );
    assert_eq!(s.tasks[0].step.as_deref(), Some("sleep 1s"));
    assert_eq!(s.tasks[1].step.as_deref(), Some("wait cv m"));
    assert_eq!(s.tasks[0].register, Some(5), "p loaded x before storing 7");
    assert_eq!(
        (s.ready_queue.clone(), s.pool_queue.clone()),
        (vec![], vec![J3])
    );
    assert_eq!(
        s.timers,
        vec![PendingTimer {
            timer: TimerId(0),
            owner: P,
            due: S,
            what: TimerWhat::Sleep
        }]
    );
    assert_eq!(
        s.resources[Q].channel,
        Some(ChannelNow {
            len: 2,
            values: vec![1, 2],
            closed: false
        })
    );
    assert_eq!(s.resources[X].value, Some(7));
    assert_eq!(
        (
            s.resources[SEM].holders.clone(),
            s.resources[SEM].waiters.clone()
        ),
        (vec![holder(J1)], vec![J2])
    );
    assert_eq!(s.resources[SEM].available, Some(0));
    assert_eq!(s.resources[CV].waiters, vec![W]);
    assert!(s.resources[M].holders.is_empty(), "wait released m");
    let lanes = vec![
        LaneNow {
            task: None,
            running: false,
        },
        LaneNow {
            task: Some(J1),
            running: true,
        },
        LaneNow {
            task: Some(J2),
            running: false,
        },
    ];
    assert_eq!(s.lanes, lanes, "j2 blocks but keeps its worker");
}

#[test]
fn between_events_the_state_does_not_change() {
    let inspector = Inspector::new(&runtime_tour());
    let (a, b) = (inspector.at(0), inspector.at(S / 2));
    assert_eq!(
        (a.applied, a.tasks.clone(), a.resources.clone()),
        (b.applied, b.tasks, b.resources)
    );
    assert_eq!(b.t, S / 2);
}

#[test]
fn stepping_event_by_event_shows_the_ready_queue_fill_and_drain() {
    let trace = runtime_tour();
    let inspector = Inspector::new(&trace);
    let b = TraceBuilder::from_trace(trace.clone());
    let ready_p = b.find(0, |e| matches!(e, EventKind::Ready { task } if *task == P)) + 1;
    // The first `Ready p` is at 0; find the one after the timer fired.
    let fired = b.find(0, |e| matches!(e, EventKind::TimerFired { .. }));
    let ready_p_again = b.find(
        fired,
        |e| matches!(e, EventKind::Ready { task } if *task == P),
    ) + 1;
    assert_eq!(inspector.at_index(ready_p).ready_queue, vec![P]);
    assert_eq!(inspector.at_index(ready_p_again).ready_queue, vec![P]);
    assert_eq!(
        inspector.at_index(ready_p_again + 1).ready_queue,
        vec![],
        "p is polled"
    );
    let ready_w = b.find(
        ready_p_again,
        |e| matches!(e, EventKind::Ready { task } if *task == W),
    ) + 1;
    let s = inspector.at_index(ready_w);
    assert_eq!(s.ready_queue, vec![W]);
    assert_eq!(s.t, S);
    assert_eq!(
        s.tasks[0].state,
        SpanState::Running {
            lane: interleave::trace::LaneId(0)
        }
    );
    assert_eq!(s.tasks[0].step.as_deref(), Some("notify cv"));
    assert!(
        s.resources[CV].waiters.is_empty(),
        "the notify took w off the condvar"
    );
    assert!(s.timers.is_empty());
}

#[test]
fn later_instants_show_messages_received_permits_handed_over_and_failures() {
    let inspector = Inspector::new(&runtime_tour());
    let s = inspector.at(S);
    assert_eq!(
        s.resources[Q].channel,
        Some(ChannelNow {
            len: 1,
            values: vec![2],
            closed: false
        })
    );
    assert_eq!(
        (s.tasks[0].state.clone(), s.tasks[1].state.clone()),
        (SpanState::Done, SpanState::Done)
    );
    let s = inspector.at(2 * S);
    assert_eq!(s.pool_queue, vec![]);
    assert_eq!(s.resources[SEM].holders, vec![holder(J2)]);
    assert_eq!(
        s.lanes[1],
        LaneNow {
            task: Some(J3),
            running: true
        }
    );
    let s = inspector.at(3 * S);
    assert_eq!(
        s.tasks[J3.0 as usize].state,
        SpanState::Failed("boom".into())
    );
    assert!(s.resources[SEM].holders.is_empty(), "j2 released s on exit");
    assert_eq!(s.resources[SEM].available, Some(1));
    assert_eq!(
        s.lanes[1],
        LaneNow {
            task: None,
            running: false
        }
    );
    assert_eq!(s.applied, inspector.len());
}

#[test]
fn pending_timers_are_listed_soonest_first_then_in_the_order_set() {
    let mut b = TraceBuilder::new();
    let (a, c) = (b.task("a", TaskKind::Async), b.task("c", TaskKind::Async));
    b.at(0)
        .timer(7, a, 2 * S, TimerWhat::Sleep)
        .timer(3, c, S, TimerWhat::Timeout);
    b.timer(5, a, S, TimerWhat::Start(c))
        .timer(9, c, S, TimerWhat::Sleep);
    b.at(MS).ev(EventKind::TimerCancelled { timer: TimerId(9) });
    let s = Inspector::new(&b.build()).at(MS);
    let order: Vec<u32> = s.timers.iter().map(|t| t.timer.0).collect();
    assert_eq!(order, vec![3, 5, 7]);
}

#[test]
fn a_long_channel_reports_its_length_and_a_preview_of_the_oldest_values() {
    let mut b = TraceBuilder::new();
    let t = b.task("t", TaskKind::Thread);
    let q = b.res("q", ResourceKind::Channel { capacity: None });
    b.at(0);
    for v in 0..100 {
        b.ev(EventKind::Sent {
            task: t,
            ch: q,
            value: v,
        });
    }
    b.ev(EventKind::Received {
        task: t,
        ch: q,
        value: 0,
    })
    .ev(EventKind::Closed { task: t, ch: q });
    let ch = Inspector::new(&b.build()).at(0).resources[0]
        .channel
        .clone()
        .expect("q is a channel");
    assert_eq!((ch.len, ch.closed), (99, true));
    assert_eq!(ch.values, (1..=CHANNEL_PREVIEW as i64).collect::<Vec<_>>());
}

#[test]
fn seeking_finds_the_next_and_previous_event_times() {
    let times = event_times(&runtime_tour());
    assert_eq!(
        applied_at(&times, 0),
        times.iter().filter(|t| **t == 0).count()
    );
    assert_eq!(next_time(&times, 0), Some(S));
    assert_eq!(next_time(&times, S / 2), Some(S));
    assert_eq!(prev_time(&times, S), Some(0));
    assert_eq!(prev_time(&times, 0), None);
    assert_eq!(next_time(&times, 3 * S), None);
    assert_eq!(next_index(&times, 0), Some(applied_at(&times, 0)));
    assert_eq!(prev_index(&times, S), Some(applied_at(&times, 0) - 1));
    assert_eq!(step_time(&times, 0, 10), 3 * S, "stops at the last event");
    assert_eq!(step_time(&times, 3 * S, -2), S);
}

#[test]
fn checkpointed_lookups_equal_a_full_replay_on_a_generated_trace() {
    let trace = generate(&GenConfig::sized(11, 20_000));
    assert!(trace.events.len() >= 20_000);
    let end = trace.events.last().map_or(0, |e| e.t);
    let dense = Inspector::with_interval(&trace, 64);
    let default = Inspector::new(&trace);
    assert!(dense.checkpoints() > 100 && default.checkpoints() > 2);
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for k in 0..120 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = if k % 3 == 0 {
            trace.events[(x as usize) % trace.events.len()].t
        } else {
            x % (end + 2)
        };
        let naive = state_at(&trace, t);
        assert_eq!(dense.at(t), naive, "at {t}");
        assert_eq!(default.at(t), naive, "at {t}");
        let i = (x >> 20) as usize % (trace.events.len() + 1);
        assert_eq!(dense.at_index(i), default.at_index(i));
    }
}

#[test]
fn an_inspector_built_in_slices_answers_as_one_built_at_once() {
    let trace = generate(&GenConfig::sized(5, 20_000));
    let whole = Inspector::with_interval(&trace, 64);
    let mut build = InspectorBuild::with_interval(&trace, 64);
    let mut done = Vec::new();
    loop {
        let f = build.advance(777);
        done.push(f);
        if f >= 1.0 {
            break;
        }
    }
    assert!(done.len() > 20, "20,000 events in slices of 777");
    assert!(done.windows(2).all(|w| w[0] < w[1]), "{done:?}");
    let sliced = build.finish();
    assert_eq!(sliced.checkpoints(), whole.checkpoints());
    for i in (0..=trace.events.len()).step_by(997) {
        assert_eq!(sliced.at_index(i), whole.at_index(i), "after {i} events");
    }
    // Finishing early replays the rest.
    let mut early = InspectorBuild::with_interval(&trace, 64);
    early.advance(10);
    assert_eq!(
        early.finish().at_index(trace.events.len()),
        whole.at_index(trace.events.len())
    );
}

#[test]
fn the_replay_collects_the_spans_and_queue_depths_the_views_need() {
    let generated = generate(&GenConfig::sized(9, 20_000));
    let presets = interleave::model::presets::presets().iter().map(|p| {
        let scenario = interleave::model::load(p.source).expect("loads");
        interleave::sim::simulate(&scenario, &Default::default()).trace
    });
    for trace in std::iter::once(generated).chain(presets) {
        let mut build = InspectorBuild::for_viewer(&trace);
        while build.advance(333) < 1.0 {}
        let (inspector, spans) = build.finish_with_spans();
        assert_eq!(spans, task_spans(&trace));
        assert_eq!(inspector.task_spans(), spans);
        // The queue depths the replay recorded give the metrics the standalone function gives.
        assert_eq!(
            inspector.metrics(&spans, interleave::trace::MetricsOptions::default()),
            interleave::trace::metrics(&trace)
        );
        // Without collecting, the spans are computed at the end: the same.
        assert_eq!(InspectorBuild::new(&trace).finish_with_spans().1, spans);
    }
}

#[test]
fn a_lane_of_a_thread_belongs_to_it_from_spawn_to_end() {
    let mut b = TraceBuilder::new();
    let t = b.task("t", TaskKind::Thread);
    let l = b.lane("t", LaneKind::Thread(t));
    b.at(0).ev(EventKind::Spawned { task: t, by: None });
    b.at(MS)
        .ready(t)
        .poll(t, l)
        .step(t, "sleep 1s")
        .sleeping(t, S)
        .unpoll(t, l);
    b.at(S).done(t);
    let i = Inspector::new(&b.build());
    assert_eq!(
        i.at(0).lanes[0],
        LaneNow {
            task: Some(t),
            running: false
        }
    );
    assert_eq!(i.at(0).tasks[0].state, SpanState::Starting);
    assert_eq!(
        i.at(MS).lanes[0],
        LaneNow {
            task: Some(t),
            running: false
        }
    );
    assert_eq!(i.at(MS).tasks[0].since, MS);
    assert_eq!(
        i.at(S).lanes[0],
        LaneNow {
            task: None,
            running: false
        }
    );
}

#[test]
fn the_inspector_gives_the_same_spans_and_metrics_as_the_standalone_functions() {
    use interleave::trace::{metrics_with, task_spans, MetricsOptions};
    for preset in interleave::model::presets::presets() {
        let scenario = interleave::model::load(preset.source).expect("presets load");
        let trace = interleave::sim::simulate(&scenario, &Default::default()).trace;
        let inspector = Inspector::new(&trace);
        let spans = task_spans(&trace);
        assert_eq!(inspector.task_spans(), spans, "{}", preset.id);
        assert_eq!(
            inspector.metrics(&spans, MetricsOptions::default()),
            metrics_with(&trace, &spans, MetricsOptions::default()),
            "{}",
            preset.id
        );
    }
}
