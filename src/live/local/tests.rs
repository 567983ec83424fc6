//! Every preset through the live protocol on a virtual clock ends as the simulator says.

use super::run_local;
use crate::model::load;
use crate::sim::Outcome;

#[test]
fn gather_vs_threads_finishes_in_one_second() {
    let s = load(crate::model::presets::default_preset().source).expect("valid");
    let (_, summary) = run_local(&s, 60_000_000);
    assert_eq!(summary.outcome, Outcome::Completed);
    assert_eq!(summary.makespan_us, 1_000_000);
    assert_eq!(summary.mode.as_deref(), Some("live"));
}

/// What a run must agree on with the simulator, whatever the timing.
fn fate(s: &crate::sim::RunSummary) -> String {
    let tasks: Vec<String> = s
        .tasks
        .iter()
        .map(|t| {
            format!(
                "{}:{:?}:{}",
                t.name,
                t.state,
                t.error.clone().unwrap_or_default()
            )
        })
        .collect();
    format!("{:?} {:?} vars={:?}", s.outcome, tasks, s.vars.0)
}

#[test]
fn every_preset_ends_as_the_simulator_says() {
    let mut report = Vec::new();
    for preset in crate::model::presets::presets() {
        let s = load(preset.source).expect("valid");
        let sim = crate::sim::simulate(&s, &crate::sim::SimOptions::default()).summary;
        let (trace, live) = run_local(&s, 60_000_000);
        report.push(format!(
            "{:24} sim {:>9} us  local {:>9} us  events {} / {}",
            preset.id,
            sim.makespan_us,
            live.makespan_us,
            sim.events,
            trace.events.len()
        ));
        // `cores` cannot be simulated live: time-slicing differs in timing, not in fate.
        assert_eq!(fate(&live), fate(&sim), "{}", preset.id);
        let deadlock = |x: &crate::sim::RunSummary| x.deadlock.clone();
        assert_eq!(deadlock(&live), deadlock(&sim), "{}", preset.id);
    }
    println!("{}", report.join("\n"));
}

/// The events of a trace as a sorted list of texts, timer numbers left out (the live runner
/// numbers timers in the order workers report them).
fn event_set(trace: &crate::trace::Trace) -> Vec<String> {
    use crate::trace::EventKind;
    let mut v: Vec<String> = trace
        .events
        .iter()
        .map(|e| match &e.kind {
            EventKind::TimerSet {
                owner, due, what, ..
            } => {
                format!("{} TimerSet {owner:?} {due} {what:?}", e.t)
            }
            EventKind::TimerFired { .. } => format!("{} TimerFired", e.t),
            EventKind::TimerCancelled { .. } => format!("{} TimerCancelled", e.t),
            kind => format!("{} {kind:?}", e.t),
        })
        .collect();
    v.sort();
    v
}

#[test]
fn with_no_latency_the_live_protocol_writes_the_simulators_events() {
    // These three model costs that live mode measures instead (thread and process start-up)
    // or cannot model (cores).
    let skip = ["thread-per-task", "time-slicing", "processes-vs-threads"];
    for preset in crate::model::presets::presets() {
        if skip.contains(&preset.id) {
            continue;
        }
        let s = load(preset.source).expect("valid");
        let sim = crate::sim::simulate(&s, &crate::sim::SimOptions::default()).trace;
        let (live, _) = run_local(&s, 60_000_000);
        assert_eq!(event_set(&live), event_set(&sim), "{}", preset.id);
    }
}

/// Scenarios that reach the corners the presets do not: cancellation of sleeping and waiting
/// tasks on every kind of worker, timeouts around waits, `after` from a thread, closing a
/// channel under waiters, `notify_all`, failed joins, `repeat` and nested `try`.
const CORNERS: &[&str] = &[
    "thread sleeper on spawn {\n  sleep 1s\n}\n\nthread boss {\n  spawn sleeper\n  sleep 10ms\n  cancel sleeper\n}\n",
    "async sleeper on spawn {\n  sleep 1s\n}\n\nasync boss {\n  spawn sleeper\n  sleep 10ms\n  cancel sleeper\n  join sleeper\n}\n",
    "mutex m\n\njob holder {\n  lock m\n  sleep 50ms\n}\n\njob waiter {\n  sleep 1ms\n  try {\n    timeout 10ms {\n      lock m\n    }\n  } catch {\n    log \"gave up\"\n  }\n}\n",
    "mutex m\n\nasync holder {\n  lock m\n  sleep 50ms\n  unlock m\n}\n\nasync waiter {\n  timeout 10ms {\n    lock m\n  }\n}\n",
    "thread t {\n  after 5ms spawn a\n  log \"on\"\n}\n\nasync a on spawn {\n  log \"late\"\n}\n",
    "channel q\n\nthread r x2 {\n  recv q\n}\n\nthread c {\n  sleep 5ms\n  close q\n}\n",
    "mutex m\ncondvar cv\n\nthread w x3 {\n  lock m\n  wait cv m\n  unlock m\n}\n\nthread n {\n  sleep 5ms\n  lock m\n  notify_all cv\n  unlock m\n}\n",
    "async bad on spawn {\n  sleep 1ms\n  fail \"boom\"\n}\n\nasync ok on spawn {\n  sleep 5ms\n}\n\njob main {\n  try {\n    gather bad, ok\n  } catch {\n    log \"caught\"\n  }\n  repeat 3 {\n    yield\n  }\n}\n",
    "rwlock r\n\nthread rd x2 {\n  read r\n  sleep 10ms\n  unlock r\n}\n\nthread wr at 1ms {\n  write r\n  unlock r\n}\n\nthread late at 2ms {\n  read r\n  unlock r\n}\n",
    "semaphore s = 3\n\nasync a x4 {\n  acquire s 2\n  sleep 1ms\n  release s 2\n}\n\nasync bad {\n  release s\n}\n",
    "mutex m\n\nthread a {\n  lock m\n  sleep 5ms\n}\n\nthread b {\n  lock m\n  unlock m\n}\n",
    "var v = 5\n\nasync a x3 {\n  load v\n  yield\n  store v +1\n  incr v\n}\n\nexpect v == 8\n",
    "async x on spawn {\n  log \"x\"\n}\n\nasync a {\n  spawn x\n  log \"a\"\n  yield\n  log \"a2\"\n}\n\nasync b x2 {\n  log \"b\"\n  yield\n  log \"b2\"\n}\n",
    "runtime {\n  policy lifo\n}\n\nvar v = 0\n\nasync a x4 {\n  incr v\n  yield\n  load v\n  store v +10\n}\n",
    "runtime {\n  policy random\n  seed 3\n}\n\nasync a x5 {\n  log \"one\"\n  yield\n  log \"two\"\n}\n",
    "mutex a\nmutex b\n\nasync p {\n  lock a\n  sleep 1ms\n  timeout 5ms {\n    lock b\n  }\n}\n\nasync q {\n  lock b\n  sleep 1ms\n  lock a\n}\n",
    "channel c capacity 0\n\nasync s {\n  send c 7\n  send c 8\n}\n\njob r {\n  recv c\n  sleep 2ms\n  recv c\n}\n",
    "async t {\n  timeout 10ms {\n    compute 20ms\n    sleep 1ms\n  }\n}\n\nthread u {\n  timeout 10ms {\n    compute 20ms\n  }\n}\n",
];

#[test]
fn corner_cases_run_as_the_simulator_runs_them() {
    for text in CORNERS {
        let s = load(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let sim = crate::sim::simulate(&s, &crate::sim::SimOptions::default());
        let (live, summary) = run_local(&s, 60_000_000);
        assert_eq!(fate(&summary), fate(&sim.summary), "{text}");
        assert_eq!(summary.makespan_us, sim.summary.makespan_us, "{text}");
        assert_eq!(event_set(&live), event_set(&sim.trace), "{text}");
    }
}

// Shared memory on a native test is `std` atomics, which a wasm32 test build has not got.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn with_shared_memory_every_preset_ends_as_the_simulator_says_but_the_races() {
    // On one process and a virtual clock, nothing overlaps unless the clock says so. Only the
    // two races' fates depend on the order of loads and stores: through memory, each thread
    // runs its load and store before the next thread loads, and no update is lost.
    for preset in crate::model::presets::presets() {
        let s = load(preset.source).expect("valid");
        let sim = crate::sim::simulate(&s, &crate::sim::SimOptions::default()).summary;
        let (_, live) = super::run_local_shared(&s, 60_000_000);
        match preset.id {
            "lost-update" => assert_eq!(live.vars.0, vec![("counter".to_string(), 2)]),
            "threads-race" => assert_eq!(live.vars.0, vec![("x".to_string(), 80_000)]),
            _ => assert_eq!(fate(&live), fate(&sim), "{}", preset.id),
        }
    }
}
