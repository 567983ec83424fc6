//! Golden results for every preset: outcome, makespan and each task's end, worked out by hand.
//!
//! Each entry says why those numbers are right. A new preset fails
//! `every_preset_has_a_golden_result` until its expected result is worked out and added here.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::{load, presets::presets};
use interleave::sim::{simulate, Outcome, SimOptions, TaskState};

const MS: u64 = 1_000;
const S: u64 = 1_000_000;

use Outcome::{Completed, Deadlock, Failed};
use TaskState::{Blocked, Cancelled as C, Completed as Ok_, Failed as F};

struct Golden {
    id: &'static str,
    outcome: Outcome,
    makespan: u64,
    /// Every task in declaration order: (name, end state, end time).
    tasks: &'static [(&'static str, TaskState, Option<u64>)],
    /// Whether every `expect` passes.
    expects_pass: bool,
}

const GOLDEN: &[Golden] = &[
    // Two async tasks await 1 s timers on one loop; both timers come due at 1 s and both
    // tasks finish in the next round, still at 1 s. Two threads sleep on their own lanes.
    Golden {
        id: "gather-vs-threads",
        outcome: Completed,
        makespan: S,
        tasks: &[
            ("任务1#1", Ok_, Some(S)),
            ("任务1#2", Ok_, Some(S)),
            ("线程#1", Ok_, Some(S)),
            ("线程#2", Ok_, Some(S)),
        ],
        expects_pass: true,
    },
    // compute never awaits: #1 holds the loop 0–1 s, #2 runs 1–2 s.
    Golden {
        id: "blocking-the-loop",
        outcome: Completed,
        makespan: 2 * S,
        tasks: &[("任务#1", Ok_, Some(S)), ("任务#2", Ok_, Some(2 * S))],
        expects_pass: true,
    },
    // gather spawns both jobs at 0; two workers compute them in parallel until 1 s; the
    // last job's end wakes the async task, which ends in the next round at 1 s.
    Golden {
        id: "offload-to-pool",
        outcome: Completed,
        makespan: S,
        tasks: &[
            ("计算#1", Ok_, Some(S)),
            ("计算#2", Ok_, Some(S)),
            ("任务", Ok_, Some(S)),
        ],
        expects_pass: true,
    },
    // caller sets a 1 s loop timer and ends at 0; at 1 s the timer entry starts callback,
    // which runs in the next round (still 1 s); awaiter's own 1 s timer wakes it then too.
    Golden {
        id: "callback-vs-await",
        outcome: Completed,
        makespan: S,
        tasks: &[
            ("callback", Ok_, Some(S)),
            ("caller", Ok_, Some(0)),
            ("awaiter", Ok_, Some(S)),
        ],
        expects_pass: true,
    },
    // Each new thread pays 5 ms to start, then computes 1 ms: 6 ms (cores are unlimited).
    // Eight 1 ms jobs on four workers: two waves, ending at 1 ms and 2 ms.
    Golden {
        id: "thread-per-task",
        outcome: Completed,
        makespan: 6 * MS,
        tasks: &[
            ("new_thread#1", Ok_, Some(6 * MS)),
            ("new_thread#2", Ok_, Some(6 * MS)),
            ("new_thread#3", Ok_, Some(6 * MS)),
            ("new_thread#4", Ok_, Some(6 * MS)),
            ("new_thread#5", Ok_, Some(6 * MS)),
            ("new_thread#6", Ok_, Some(6 * MS)),
            ("new_thread#7", Ok_, Some(6 * MS)),
            ("new_thread#8", Ok_, Some(6 * MS)),
            ("pooled#1", Ok_, Some(MS)),
            ("pooled#2", Ok_, Some(MS)),
            ("pooled#3", Ok_, Some(MS)),
            ("pooled#4", Ok_, Some(MS)),
            ("pooled#5", Ok_, Some(2 * MS)),
            ("pooled#6", Ok_, Some(2 * MS)),
            ("pooled#7", Ok_, Some(2 * MS)),
            ("pooled#8", Ok_, Some(2 * MS)),
        ],
        expects_pass: true,
    },
    // 400 ms of work on 2 cores, 10 ms slices round-robin: #1 and #2 run [0,10), [20,30), …,
    // their tenth slice is [180,190); #3 and #4 run [10,20), …, [190,200).
    Golden {
        id: "time-slicing",
        outcome: Completed,
        makespan: 200 * MS,
        tasks: &[
            ("worker#1", Ok_, Some(190 * MS)),
            ("worker#2", Ok_, Some(190 * MS)),
            ("worker#3", Ok_, Some(200 * MS)),
            ("worker#4", Ok_, Some(200 * MS)),
        ],
        expects_pass: true,
    },
    // Two permits: #1 and #2 download 0–1 s; each release hands its permit to the next
    // waiter in FIFO order: #3, #4 download 1–2 s; #5, #6 2–3 s.
    Golden {
        id: "semaphore-downloads",
        outcome: Completed,
        makespan: 3 * S,
        tasks: &[
            ("download#1", Ok_, Some(S)),
            ("download#2", Ok_, Some(S)),
            ("download#3", Ok_, Some(2 * S)),
            ("download#4", Ok_, Some(2 * S)),
            ("download#5", Ok_, Some(3 * S)),
            ("download#6", Ok_, Some(3 * S)),
        ],
        expects_pass: true,
    },
    // Both threads load 0 at 0, sleep 1 ms and store 1: `expect counter == 2` fails on purpose.
    Golden {
        id: "lost-update",
        outcome: Completed,
        makespan: MS,
        tasks: &[("t#1", Ok_, Some(MS)), ("t#2", Ok_, Some(MS))],
        expects_pass: false,
    },
    // No step takes time: all at 0. The four threads step in lockstep, each round all four load
    // the same x and store it plus one, so x ends at 20,000 and `expect x == 80000` fails.
    Golden {
        id: "threads-race",
        outcome: Completed,
        makespan: 0,
        tasks: &[
            ("t#1", Ok_, Some(0)),
            ("t#2", Ok_, Some(0)),
            ("t#3", Ok_, Some(0)),
            ("t#4", Ok_, Some(0)),
        ],
        expects_pass: false,
    },
    // incr is one step: 4 × 5,000 increments, none lost, all at 0.
    Golden {
        id: "threads-incr",
        outcome: Completed,
        makespan: 0,
        tasks: &[
            ("t#1", Ok_, Some(0)),
            ("t#2", Ok_, Some(0)),
            ("t#3", Ok_, Some(0)),
            ("t#4", Ok_, Some(0)),
        ],
        expects_pass: true,
    },
    // The mutex serialises the load and store: x ends at 20,000, all at 0.
    Golden {
        id: "threads-mutex",
        outcome: Completed,
        makespan: 0,
        tasks: &[
            ("t#1", Ok_, Some(0)),
            ("t#2", Ok_, Some(0)),
            ("t#3", Ok_, Some(0)),
            ("t#4", Ok_, Some(0)),
        ],
        expects_pass: true,
    },
    // t#1 holds m 0–1 ms (load, sleep, store); the unlock hands m to t#2, which holds it 1–2 ms.
    Golden {
        id: "mutex-counter",
        outcome: Completed,
        makespan: 2 * MS,
        tasks: &[("t#1", Ok_, Some(MS)), ("t#2", Ok_, Some(2 * MS))],
        expects_pass: true,
    },
    // Readers share 0–100 ms. The writer arrives at 50 ms and waits; the late reader at
    // 60 ms waits behind it (writer preference). Writer 100–200 ms, late reader 200–300 ms.
    Golden {
        id: "readers-writers",
        outcome: Completed,
        makespan: 300 * MS,
        tasks: &[
            ("reader#1", Ok_, Some(100 * MS)),
            ("reader#2", Ok_, Some(100 * MS)),
            ("reader#3", Ok_, Some(100 * MS)),
            ("writer", Ok_, Some(200 * MS)),
            ("late_reader", Ok_, Some(300 * MS)),
        ],
        expects_pass: true,
    },
    // The waiter waits at 0 (releasing m); at 100 ms the setter locks, stores, notifies and
    // unlocks, handing m to the waiter, which logs and unlocks: everything ends at 100 ms.
    Golden {
        id: "condvar-handoff",
        outcome: Completed,
        makespan: 100 * MS,
        tasks: &[
            ("waiter", Ok_, Some(100 * MS)),
            ("setter", Ok_, Some(100 * MS)),
        ],
        expects_pass: true,
    },
    // Capacity 2. The consumer receives at 0, 100, 200, 300 and 400 ms and sleeps 100 ms
    // after each: it ends at 500 ms. The producer's 4th send waits until the 100 ms receive,
    // its 5th until the 200 ms one, then it closes and ends at 200 ms.
    Golden {
        id: "bounded-channel",
        outcome: Completed,
        makespan: 500 * MS,
        tasks: &[
            ("producer", Ok_, Some(200 * MS)),
            ("consumer", Ok_, Some(500 * MS)),
        ],
        expects_pass: true,
    },
    // Each philosopher holds its left fork at 0 and asks for the right one at 10 ms: a cycle.
    Golden {
        id: "dining-philosophers",
        outcome: Deadlock,
        makespan: 10 * MS,
        tasks: &[
            ("p1", Blocked, None),
            ("p2", Blocked, None),
            ("p3", Blocked, None),
        ],
        expects_pass: true,
    },
    // p3 waits for fork1 at 0. At 10 ms p1 waits for fork2 (p2); p2 takes fork3, eats 10–20,
    // ends at 20 and hands fork2 to p1; p1 eats 20–30, ends, hands fork1 to p3; p3 sleeps
    // 30–40, takes fork3, eats 40–50.
    Golden {
        id: "lock-ordering",
        outcome: Completed,
        makespan: 50 * MS,
        tasks: &[
            ("p1", Ok_, Some(30 * MS)),
            ("p2", Ok_, Some(20 * MS)),
            ("p3", Ok_, Some(50 * MS)),
        ],
        expects_pass: true,
    },
    // Processes start at 50 ms, compute 100 ms and send at 150 ms; the collector's second
    // receive is at 150 ms. Threads start at once and compute 0–100 ms.
    Golden {
        id: "processes-vs-threads",
        outcome: Completed,
        makespan: 150 * MS,
        tasks: &[
            ("worker#1", Ok_, Some(150 * MS)),
            ("worker#2", Ok_, Some(150 * MS)),
            ("collector", Ok_, Some(150 * MS)),
            ("adder#1", Ok_, Some(100 * MS)),
            ("adder#2", Ok_, Some(100 * MS)),
        ],
        expects_pass: true,
    },
    // Under `priority` the first round runs high first (0–100 ms), then low#1 and low#2 in
    // queue order; the last store is low#2's 1.
    Golden {
        id: "priority",
        outcome: Completed,
        makespan: 300 * MS,
        tasks: &[
            ("low#1", Ok_, Some(200 * MS)),
            ("low#2", Ok_, Some(300 * MS)),
            ("high", Ok_, Some(100 * MS)),
        ],
        expects_pass: true,
    },
    // broken fails at 500 ms, failing main's gather at once; slow keeps running to 2 s.
    Golden {
        id: "gather-failure",
        outcome: Failed,
        makespan: 2 * S,
        tasks: &[
            ("slow", Ok_, Some(2 * S)),
            ("broken", F, Some(500 * MS)),
            ("main", F, Some(500 * MS)),
        ],
        expects_pass: true,
    },
    // The 1 s timeout expires while the client awaits the 3 s request: the client catches
    // `timed out after 1s`, logs and cancels the request; both end at 1 s.
    Golden {
        id: "timeout-cancel",
        outcome: Completed,
        makespan: S,
        tasks: &[("request", C, Some(S)), ("client", Ok_, Some(S))],
        expects_pass: true,
    },
    // fragile fails at 100 ms; careful catches at 100 ms and sleeps again until 200 ms.
    Golden {
        id: "error-handling",
        outcome: Failed,
        makespan: 200 * MS,
        tasks: &[
            ("fragile", F, Some(100 * MS)),
            ("careful", Ok_, Some(200 * MS)),
        ],
        expects_pass: true,
    },
    // Six 100 ms jobs on two workers: three waves.
    Golden {
        id: "latency",
        outcome: Completed,
        makespan: 300 * MS,
        tasks: &[
            ("request#1", Ok_, Some(100 * MS)),
            ("request#2", Ok_, Some(100 * MS)),
            ("request#3", Ok_, Some(200 * MS)),
            ("request#4", Ok_, Some(200 * MS)),
            ("request#5", Ok_, Some(300 * MS)),
            ("request#6", Ok_, Some(300 * MS)),
        ],
        expects_pass: true,
    },
];

#[test]
fn every_preset_has_a_golden_result() {
    for p in presets() {
        assert!(
            GOLDEN.iter().any(|g| g.id == p.id),
            "preset {} has no golden result: work it out by hand and add it",
            p.id
        );
    }
}

#[test]
fn every_preset_runs_to_its_golden_result() {
    for g in GOLDEN {
        let preset = presets()
            .iter()
            .find(|p| p.id == g.id)
            .unwrap_or_else(|| panic!("no preset {}", g.id));
        let scenario = load(preset.source).unwrap_or_else(|d| panic!("{}: {d:?}", g.id));
        let s = simulate(&scenario, &SimOptions::default()).summary;
        assert_eq!(s.outcome, g.outcome, "{}: outcome ({})", g.id, s.explain());
        assert_eq!(s.makespan_us, g.makespan, "{}: makespan", g.id);
        let got: Vec<(&str, TaskState, Option<u64>)> = s
            .tasks
            .iter()
            .map(|t| (t.name.as_str(), t.state, t.end_us))
            .collect();
        assert_eq!(got, g.tasks.to_vec(), "{}: tasks", g.id);
        let passed = s.expects.iter().all(|e| e.passed);
        assert_eq!(passed, g.expects_pass, "{}: expects {:?}", g.id, s.expects);
    }
}
