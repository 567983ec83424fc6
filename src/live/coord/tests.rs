//! The coordinator's decisions, one request at a time.

use super::*;
use crate::live::proto::{ReqOp, Request};
use crate::model::load;
use crate::trace::EndHow;

fn coord(text: &str) -> Coordinator {
    let s = load(text).expect("valid");
    Coordinator::new(&s, 1, 1000).expect("fits")
}

fn req(task: u32, req: u32, op: ReqOp) -> Out {
    Out::Req(Request {
        task,
        req,
        op,
        deadline: false,
    })
}

fn replies(effects: &[Effect]) -> Vec<(u32, Reply)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(_, ToWorker::Reply { task, reply, .. }) => Some((*task, reply.clone())),
            _ => None,
        })
        .collect()
}

const SRC: Source = Source {
    lane: 0,
    incarnation: 0,
};

#[test]
fn a_held_mutex_queues_fifo_and_hands_over_on_unlock() {
    let mut c = coord("mutex m\n\nasync a x3 {\n  lock m\n}\n");
    c.init(0);
    let starts = c.take_effects();
    assert_eq!(starts.len(), 3, "three async tasks start on the loop");
    c.on_batch(SRC, vec![req(0, 0, ReqOp::Lock(0))], 1);
    c.on_batch(SRC, vec![req(1, 0, ReqOp::Lock(0))], 2);
    c.on_batch(SRC, vec![req(2, 0, ReqOp::Lock(0))], 3);
    let r = replies(&c.take_effects());
    assert_eq!(
        r,
        vec![
            (0, Reply::Done(None)), // free: taken at once
            (1, Reply::Wait),       // held: queued first
            (2, Reply::Wait),       // queued second
        ]
    );
    c.on_batch(SRC, vec![req(0, 1, ReqOp::Unlock(0))], 4);
    let r = replies(&c.take_effects());
    // The head waiter wakes already holding it, then the unlocker goes on.
    assert_eq!(r, vec![(1, Reply::Done(None)), (0, Reply::Done(None))]);
    assert!(!c.stuck());
}

#[test]
fn an_ending_task_releases_its_lock_on_exit() {
    let mut c = coord("mutex m\n\nasync a x2 {\n  lock m\n}\n");
    c.init(0);
    c.take_effects();
    c.on_batch(SRC, vec![req(0, 0, ReqOp::Lock(0))], 1);
    c.on_batch(SRC, vec![req(1, 0, ReqOp::Lock(0))], 2);
    c.take_effects();
    let end = Out::End {
        task: 0,
        t: 5,
        how: EndHow::Completed,
    };
    c.on_batch(SRC, vec![end], 6);
    assert_eq!(replies(&c.take_effects()), vec![(1, Reply::Done(None))]);
    let trace = c.snapshot();
    let on_exit = trace
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Released { on_exit: true, .. }));
    assert!(on_exit, "the release is marked as released on exit");
}

#[test]
fn two_tasks_each_waiting_for_the_others_lock_are_stuck_with_a_cycle() {
    let mut c = coord(
        "mutex a\nmutex b\n\nthread p {\n  lock a\n  lock b\n}\n\nthread q {\n  lock b\n  lock a\n}\n",
    );
    c.init(0);
    c.thread_started(0);
    c.thread_started(1);
    c.take_effects();
    c.on_batch(SRC, vec![req(0, 0, ReqOp::Lock(0))], 1);
    c.on_batch(SRC, vec![req(1, 0, ReqOp::Lock(1))], 1);
    assert!(!c.stuck());
    c.on_batch(SRC, vec![req(0, 1, ReqOp::Lock(1))], 2);
    c.on_batch(SRC, vec![req(1, 1, ReqOp::Lock(0))], 2);
    assert!(c.stuck());
    let s = c.summary(EndReason::Stuck, 3);
    assert_eq!(s.outcome, crate::sim::Outcome::Deadlock);
    let d = s.deadlock.expect("deadlock info");
    assert_eq!(d.cycles, vec![vec!["p".to_string(), "q".to_string()]]);
    assert_eq!(d.blocked[0].waits_for, "mutex b");
    assert_eq!(d.blocked[0].held_by, vec!["q".to_string()]);
    assert_eq!(s.makespan_us, 3);
}

#[test]
fn a_waiter_with_a_timeout_is_not_a_deadlock_and_abort_takes_it_out() {
    let mut c = coord("mutex m\n\nasync a x2 {\n  lock m\n}\n");
    c.init(0);
    c.take_effects();
    c.on_batch(SRC, vec![req(0, 0, ReqOp::Lock(0))], 1);
    let timed = Out::Req(Request {
        task: 1,
        req: 0,
        op: ReqOp::Lock(0),
        deadline: true,
    });
    c.on_batch(SRC, vec![timed], 1);
    c.take_effects();
    // Task 0 is still running: not stuck anyway; task 1 would be freed by its timer.
    c.on_batch(SRC, vec![Out::Abort { task: 1, req: 0 }], 2);
    assert_eq!(replies(&c.take_effects()), vec![(1, Reply::Interrupted)]);
    // A late abort of a request already answered changes nothing.
    c.on_batch(SRC, vec![Out::Abort { task: 1, req: 0 }], 3);
    assert!(c.take_effects().is_empty());
}

#[test]
fn jobs_wait_for_a_free_worker_in_pool_queue_order() {
    let mut c = coord("runtime {\n  workers 1\n}\n\njob j x3 {\n  sleep 1ms\n}\n");
    c.init(0);
    let starts: Vec<Effect> = c.take_effects();
    assert_eq!(
        starts,
        vec![Effect::Send(
            Dest::Pool(0),
            ToWorker::Start { run: 1, task: 0 }
        )]
    );
    let end = Out::End {
        task: 0,
        t: 10,
        how: EndHow::Completed,
    };
    c.on_batch(SRC, vec![end], 10);
    assert_eq!(
        c.take_effects(),
        vec![Effect::Send(
            Dest::Pool(0),
            ToWorker::Start { run: 1, task: 1 }
        )]
    );
}

#[test]
fn events_with_ids_outside_the_tables_are_dropped_and_times_never_go_back() {
    let mut c = coord("async a {\n  log \"x\"\n}\n");
    c.init(0);
    let bad = Event {
        t: 5,
        kind: EventKind::Log {
            task: TaskId(9),
            text: "no such task".into(),
        },
    };
    let late = Event {
        t: 0,
        kind: EventKind::Log {
            task: TaskId(0),
            text: "x".into(),
        },
    };
    let before = c.events();
    c.on_batch(SRC, vec![Out::Event(bad)], 10);
    assert_eq!(c.events(), before, "an unknown task id is dropped");
    c.on_batch(SRC, vec![Out::Event(late)], 10);
    let trace = c.snapshot();
    let log = trace.events.last().expect("the log");
    assert!(
        log.t >= trace.events[before - 1].t,
        "not before the task's earlier events"
    );
}

#[test]
fn a_start_timer_that_fires_early_is_armed_again_and_starts_its_task_only_when_due() {
    let mut c = coord("async late at 30min {\n  sleep 1ms\n}\n");
    c.init(0);
    let armed = c.take_effects();
    let Some(&Effect::SetTimer { id, due }) =
        armed.iter().find(|e| matches!(e, Effect::SetTimer { .. }))
    else {
        panic!("the `at` timer is set: {armed:?}");
    };
    assert_eq!(due, 30 * 60 * 1_000_000);
    c.on_timer(id, 1_000);
    assert_eq!(
        c.take_effects(),
        vec![Effect::SetTimer { id, due }],
        "armed again, nothing started"
    );
    assert_eq!(c.dest_of(0), None, "late has not started");
    c.on_timer(id, due);
    assert_eq!(c.dest_of(0), Some(Dest::Loop), "late starts when due");
}

fn event(t: u64, kind: EventKind) -> Out {
    Out::Event(Event { t, kind })
}

#[test]
fn waits_on_locks_in_shared_memory_are_mirrored_into_a_deadlock() {
    use crate::trace::{ResId, WaitFor};
    let mut c = coord(
        "mutex a\nmutex b\n\nthread t1 {\n  lock a\n  lock b\n}\n\nthread t2 {\n  lock b\n  lock a\n}\n",
    );
    start_threads(&mut c);
    let (t1, t2, a, b) = (TaskId(0), TaskId(1), ResId(0), ResId(1));
    let took = |task, res| EventKind::Acquired {
        task,
        res,
        n: 1,
        shared: false,
    };
    // The threads take their first lock and park on the other one, in shared memory: only
    // their own reports reach the coordinator.
    c.on_batch(SRC, vec![event(1, took(t1, a)), event(2, took(t2, b))], 2);
    let parks = |task, res| EventKind::Blocked {
        task,
        on: WaitFor::Lock(res),
    };
    c.on_batch(SRC, vec![event(3, parks(t1, b))], 3);
    assert!(!c.stuck(), "t2 still runs");
    c.on_batch(SRC, vec![event(4, parks(t2, a))], 4);
    assert!(c.stuck() && c.any_parked());
    // What the page holds up to the status array before it calls this a deadlock.
    assert_eq!(c.parked_waits(), vec![(t1, b), (t2, a)]);
    let info = c.deadlock_info();
    assert_eq!(info.cycles, vec![vec!["t1".to_string(), "t2".to_string()]]);
    // Had t1 reported taking b (the report was late), nothing would be stuck.
    c.on_batch(SRC, vec![event(5, took(t1, b))], 5);
    assert!(!c.stuck());
    assert!(c.any_parked(), "t2 still waits for a");
}

#[test]
fn waits_on_channels_in_shared_memory_are_mirrored_until_the_item_comes() {
    use crate::trace::{ResId, WaitFor};
    let mut c = coord(
        "channel a capacity 1\nchannel b capacity 1\n\nthread x {\n  recv a\n  send b 1\n}\n\nthread y {\n  recv b\n  send a 1\n}\n",
    );
    start_threads(&mut c);
    let (x, y, a, b) = (TaskId(0), TaskId(1), ResId(0), ResId(1));
    let parks = |task, ch| EventKind::Blocked {
        task,
        on: WaitFor::Recv(ch),
    };
    c.on_batch(SRC, vec![event(1, parks(x, a))], 1);
    assert!(!c.stuck(), "y still runs");
    c.on_batch(SRC, vec![event(2, parks(y, b))], 2);
    assert!(c.stuck() && c.any_parked());
    let info = c.deadlock_info();
    let waits: Vec<(String, String)> = info
        .blocked
        .iter()
        .map(|w| (w.task.clone(), w.waits_for.clone()))
        .collect();
    assert_eq!(
        waits,
        vec![
            ("x".to_string(), "channel a (recv)".to_string()),
            ("y".to_string(), "channel b (recv)".to_string())
        ]
    );
    // Had an item reached x (its report was late), nothing would be stuck.
    let got = EventKind::Received {
        task: x,
        ch: a,
        value: 1,
    };
    c.on_batch(SRC, vec![event(3, got)], 3);
    assert!(!c.stuck());
    assert!(c.any_parked(), "y still waits for b");
}

#[test]
fn a_thread_parked_inside_a_timeout_is_not_stuck_and_its_cancel_goes_to_its_worker() {
    use crate::trace::{ResId, TimerId, TimerWhat, WaitFor};
    let mut c = coord(
        "mutex a\n\nthread t1 {\n  timeout 1s {\n    lock a\n  }\n}\n\nthread t2 {\n  lock a\n}\n",
    );
    start_threads(&mut c);
    let (t1, a) = (TaskId(0), ResId(0));
    let timer = EventKind::TimerSet {
        timer: TimerId(0),
        owner: t1,
        due: 1_000_000,
        what: TimerWhat::Timeout,
    };
    let parks = EventKind::Blocked {
        task: t1,
        on: WaitFor::Lock(a),
    };
    c.on_batch(SRC, vec![event(1, timer), event(2, parks)], 2);
    c.tasks[1].status = Status::Waiting(records::Wait::Join(vec![t1]));
    assert!(!c.stuck(), "t1 gives up by itself when its timeout expires");
    c.cancel(t1, TaskId(1));
    let cancels: Vec<_> = c
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::Send(_, ToWorker::Cancel { task: 0, .. })))
        .collect();
    assert_eq!(
        cancels.len(),
        1,
        "a parked thread is asked to stop by message (and flag)"
    );
}

#[test]
fn a_mirrored_hand_off_grants_nothing_itself() {
    use crate::trace::{ResId, WaitFor};
    let mut c = coord("mutex m\n\nthread t x3 {\n  lock m\n  unlock m\n}\n");
    start_threads(&mut c);
    let (m, [t1, t2, t3]) = (ResId(0), [TaskId(0), TaskId(1), TaskId(2)]);
    let took = |task| EventKind::Acquired {
        task,
        res: m,
        n: 1,
        shared: false,
    };
    let parks = |task| EventKind::Blocked {
        task,
        on: WaitFor::Lock(m),
    };
    let released = EventKind::Released {
        task: t1,
        res: m,
        n: 1,
        on_exit: false,
    };
    let woken = EventKind::Woken {
        task: t2,
        by: Some(t1),
        cause: crate::trace::WakeCause::Unlock(m),
    };
    c.on_batch(
        SRC,
        vec![event(1, took(t1)), event(2, parks(t2)), event(3, parks(t3))],
        3,
    );
    c.on_batch(
        SRC,
        vec![event(4, released), event(5, woken), event(6, took(t2))],
        6,
    );
    let acquired: Vec<TaskId> = c
        .snapshot()
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Acquired { task, .. } => Some(task),
            _ => None,
        })
        .collect();
    // t2 leaving the mirrored queue must not make the coordinator hand m to t3: the workers
    // take a lock in shared memory themselves.
    assert_eq!(acquired, vec![t1, t2]);
    assert!(c.parked(t3), "t3 still waits for m");
}

// Shared memory on a native test is `std` atomics, which a wasm32 test build has not got.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_thread_whose_worker_dies_holding_a_real_lock_gives_it_back_on_exit() {
    use crate::shm::{mutex, StdMemory};
    use crate::trace::{EndHow, ResId, WaitFor};
    let mut c = coord("mutex m\n\nthread t x2 {\n  lock m\n  unlock m\n}\n");
    start_threads(&mut c);
    let (m, t1, t2) = (ResId(0), TaskId(0), TaskId(1));
    let layout = crate::live::memory::Layout::of(&c.scenario);
    let (_, words) = layout.size();
    let memory = StdMemory::new(words, 1);
    let at = layout.lock_word(m.0);
    assert!(
        mutex::try_lock(&memory, at, t1.0),
        "t1 takes m in shared memory"
    );
    let took = EventKind::Acquired {
        task: t1,
        res: m,
        n: 1,
        shared: false,
    };
    let parks = EventKind::Blocked {
        task: t2,
        on: WaitFor::Lock(m),
    };
    c.on_batch(SRC, vec![event(1, took), event(2, parks)], 2);
    let dest = c.dest_of(t1.0).expect("t1 runs on a worker");
    c.on_fault(dest, "its worker crashed", 3, Some(&memory));
    assert_eq!(
        mutex::owner(&memory, at),
        None,
        "m is free for t2's worker to take"
    );
    assert_eq!(
        mutex::unlocked_by(&memory, at),
        Some(t1.0),
        "t2 will be drawn woken by t1"
    );
    let trace = c.snapshot();
    let released = trace.events.iter().any(|e| {
        matches!(e.kind, EventKind::Released { task, res, on_exit: true, .. } if task == t1 && res == m)
    });
    assert!(released, "the trace says t1 released m on exit");
    let failed = trace.events.iter().any(
        |e| matches!(&e.kind, EventKind::Ended { task, how: EndHow::Failed(_) } if *task == t1),
    );
    assert!(failed, "t1 failed");
    assert!(
        c.parked(t2),
        "t2 still waits, until its worker reports the take"
    );
}

// Shared memory on a native test is `std` atomics, which a wasm32 test build has not got.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_condvar_waiter_whose_worker_dies_leaves_the_queue_so_a_notify_wakes_the_next() {
    use crate::shm::{condvar, StdMemory};
    let mut c = coord(
        "mutex m\ncondvar cv\n\nthread w x2 {\n  lock m\n  wait cv m\n  unlock m\n}\n\nthread n {\n  notify cv\n}\n",
    );
    start_threads(&mut c);
    let (w1, w2, n) = (TaskId(0), TaskId(1), TaskId(2));
    let layout = crate::live::memory::Layout::of(&c.scenario);
    let (cells, words) = layout.size();
    let memory = StdMemory::new(words, cells);
    let queue = layout.condvar(1).expect("cv has a queue in shared memory");
    for w in [w1, w2] {
        condvar::enqueue(&memory, queue, w.0, layout.signal_word(w.0)).expect("room");
    }
    let dest = c.dest_of(w1.0).expect("w1 runs on a worker");
    c.on_fault(dest, "its worker crashed", 3, Some(&memory));
    assert_eq!(
        condvar::waiters(&memory, queue),
        vec![w2.0],
        "w1 left the queue"
    );
    let woken = condvar::notify(&memory, queue, n.0, false, |t| layout.signal_word(t));
    assert_eq!(woken, vec![w2.0], "the notify goes to the live waiter");
}

/// Starts the run and tells the coordinator each of its threads' workers is up.
fn start_threads(c: &mut Coordinator) {
    c.init(0);
    for e in c.take_effects() {
        if let Effect::NewThread(t) = e {
            c.thread_started(t);
        }
    }
}
