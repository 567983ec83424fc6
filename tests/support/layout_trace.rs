//! A small hand-written trace shared by the layout tests: a lock, a wait, a sleeping thread.

use interleave::model::{Micros, ResourceKind, TaskKind};
use interleave::trace::layout::{Row, Style};
use interleave::trace::{
    EndHow, Event, EventKind, LaneId, LaneInfo, LaneKind, ResId, ResInfo, TaskId, TaskInfo,
    TimerId, TimerWhat, Trace, WaitFor, WakeCause,
};

// ===== a small hand-written trace =====

pub fn ev(t: Micros, kind: EventKind) -> Event {
    Event { t, kind }
}

pub const A: TaskId = TaskId(0);
pub const B: TaskId = TaskId(1);
pub const C: TaskId = TaskId(2);
pub const LOOP: LaneId = LaneId(0);
pub const THREAD_C: LaneId = LaneId(1);
pub const M: ResId = ResId(0);

// Short constructors, so the fixture reads as the list of events it is.
fn spawned(t: Micros, task: TaskId) -> Event {
    ev(t, EventKind::Spawned { task, by: None })
}
fn ready(t: Micros, task: TaskId) -> Event {
    ev(t, EventKind::Ready { task })
}
fn poll(t: Micros, task: TaskId, lane: LaneId) -> Event {
    ev(
        t,
        EventKind::PollStart {
            task,
            lane,
            core: None,
        },
    )
}
fn unpoll(t: Micros, task: TaskId, lane: LaneId) -> Event {
    ev(t, EventKind::PollEnd { task, lane })
}
fn step(t: Micros, task: TaskId, text: &str) -> Event {
    ev(
        t,
        EventKind::Step {
            task,
            text: text.into(),
        },
    )
}
fn sleeps(t: Micros, task: TaskId, timer: u32, until: Micros) -> [Event; 2] {
    let what = TimerWhat::Sleep;
    [
        ev(t, EventKind::Sleeping { task, until }),
        ev(
            t,
            EventKind::TimerSet {
                timer: TimerId(timer),
                owner: task,
                due: until,
                what,
            },
        ),
    ]
}
fn timer_wakes(t: Micros, task: TaskId, timer: u32) -> [Event; 3] {
    [
        ev(
            t,
            EventKind::TimerFired {
                timer: TimerId(timer),
            },
        ),
        ev(
            t,
            EventKind::Woken {
                task,
                by: None,
                cause: WakeCause::Timer,
            },
        ),
        ready(t, task),
    ]
}
fn acquired(t: Micros, task: TaskId) -> Event {
    ev(
        t,
        EventKind::Acquired {
            task,
            res: M,
            n: 1,
            shared: false,
        },
    )
}
fn released(t: Micros, task: TaskId) -> Event {
    ev(
        t,
        EventKind::Released {
            task,
            res: M,
            n: 1,
            on_exit: false,
        },
    )
}
fn ended(t: Micros, task: TaskId, how: EndHow) -> Event {
    ev(t, EventKind::Ended { task, how })
}

/// Async `a` locks m and sleeps 10 ms; async `b` blocks on m until a unlocks it, then computes 5 ms
/// and fails; thread `c` sleeps 5 ms, then logs and ends.
pub fn lock_trace() -> Trace {
    let task = |name: &str, kind| TaskInfo {
        name: name.into(),
        kind,
        decl: 0,
    };
    let lane = |name: &str, kind| LaneInfo {
        name: name.into(),
        kind,
    };
    let mut events = vec![
        spawned(0, A),
        ready(0, A),
        spawned(0, B),
        ready(0, B),
        spawned(0, C),
        ready(0, C),
    ];
    events.extend([poll(0, C, THREAD_C), step(0, C, "sleep 5ms")]);
    events.extend(sleeps(0, C, 0, 5_000));
    events.extend([
        unpoll(0, C, THREAD_C),
        poll(0, A, LOOP),
        step(0, A, "lock m"),
        acquired(0, A),
    ]);
    events.push(step(0, A, "sleep 10ms"));
    events.extend(sleeps(0, A, 1, 10_000));
    events.extend([unpoll(0, A, LOOP), poll(0, B, LOOP), step(0, B, "lock m")]);
    events.extend([
        ev(
            0,
            EventKind::Blocked {
                task: B,
                on: WaitFor::Lock(M),
            },
        ),
        unpoll(0, B, LOOP),
    ]);
    events.extend(timer_wakes(5_000, C, 0));
    events.extend([poll(5_000, C, THREAD_C), step(5_000, C, "log \"hi\"")]);
    events.push(ev(
        5_000,
        EventKind::Log {
            task: C,
            text: "hi".into(),
        },
    ));
    events.extend([
        ended(5_000, C, EndHow::Completed),
        unpoll(5_000, C, THREAD_C),
    ]);
    events.extend(timer_wakes(10_000, A, 1));
    events.extend([
        poll(10_000, A, LOOP),
        step(10_000, A, "unlock m"),
        released(10_000, A),
    ]);
    events.push(ev(
        10_000,
        EventKind::Woken {
            task: B,
            by: Some(A),
            cause: WakeCause::Unlock(M),
        },
    ));
    events.extend([
        ready(10_000, B),
        ended(10_000, A, EndHow::Completed),
        unpoll(10_000, A, LOOP),
    ]);
    events.extend([
        poll(10_000, B, LOOP),
        acquired(10_000, B),
        step(10_000, B, "compute 5ms"),
    ]);
    events.extend([step(15_000, B, "unlock m"), released(15_000, B)]);
    events.extend([
        ended(15_000, B, EndHow::Failed("boom".into())),
        unpoll(15_000, B, LOOP),
    ]);
    Trace {
        tasks: vec![
            task("a", TaskKind::Async),
            task("b", TaskKind::Async),
            task("c", TaskKind::Thread),
        ],
        lanes: vec![
            lane("event loop", LaneKind::EventLoop),
            lane("thread c", LaneKind::Thread(C)),
        ],
        resources: vec![ResInfo {
            name: "m".into(),
            kind: ResourceKind::Mutex,
        }],
        events,
    }
}

pub fn has_seg(row: &Row, style: Style, start: Micros, end: Micros) -> bool {
    row.segs
        .iter()
        .any(|s| s.style == style && s.start == start && s.end == end)
}
