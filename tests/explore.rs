//! The schedule explorer: outcomes of known scenarios, schedule counts, deadlock finding, replay from links.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::explore::{
    explore, format_sched, next_choice, parse_sched, replay, Bound, Clock, ExploreOptions,
    Explorer, GroupKind, RandomOptions, ReplayChooser, ReplayStatus, Report, Turn,
};
use interleave::model::{self, presets, share, Scenario};
use interleave::sim::{simulate, simulate_with, trace_hash, ChoiceKind, Outcome, SimOptions};
use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;

fn load(src: &str) -> Scenario {
    model::load(src).unwrap_or_else(|d| panic!("scenario does not load: {d:#?}"))
}

fn preset(id: &str) -> Scenario {
    load(presets::find(id).expect("preset exists").source)
}

/// A clock that never moves: these tests must not depend on the machine's speed.
fn still() -> Clock {
    Box::new(|| 0.0)
}

fn run(s: &Scenario, opts: ExploreOptions) -> Report {
    explore(s, opts, still())
}

fn unpruned() -> ExploreOptions {
    ExploreOptions {
        prune: false,
        ..ExploreOptions::default()
    }
}

/// The final values of `var` over all groups.
fn values(r: &Report, var: &str) -> BTreeSet<i64> {
    r.groups
        .iter()
        .filter_map(|g| g.key.vars.get(var))
        .collect()
}

fn binomial(n: u64, k: u64) -> u64 {
    (1..=k).fold(1, |acc, i| acc * (n + 1 - i) / i)
}

const RACY: &str = "var counter = 0\n\nthread t x2 {\n  load counter\n  store counter +1\n}\n\nexpect counter == 2\n";

#[test]
fn the_lost_update_preset_yields_both_one_and_two() {
    // Both threads compute 1 ms, then load and store at the same instant: the order of those
    // four same-instant steps decides whether a store lands before the other thread's load.
    let r = run(&preset("lost-update"), ExploreOptions::default());
    assert!(r.exhaustive);
    assert_eq!(values(&r, "counter"), BTreeSet::from([1, 2]));
    assert!(r.expects[0].passed > 0, "some schedule keeps the update");
    assert!(r.expects[0].passed < r.schedules, "some schedule loses it");
}

#[test]
fn an_unguarded_load_then_store_yields_both_one_and_two() {
    let r = run(&load(RACY), ExploreOptions::default());
    assert!(r.exhaustive);
    assert_eq!(values(&r, "counter"), BTreeSet::from([1, 2]));
    let lost = r
        .groups
        .iter()
        .find(|g| g.key.vars.get("counter") == Some(1));
    let lost = lost.expect("a group with the lost update");
    assert_eq!(lost.kind, GroupKind::ExpectFailed);
    assert_eq!(lost.key.failed_expects, vec!["counter == 2".to_string()]);
}

#[test]
fn the_mutex_counter_yields_only_two_in_every_schedule() {
    for opts in [ExploreOptions::default(), unpruned()] {
        let r = run(&preset("mutex-counter"), opts);
        assert!(r.exhaustive);
        assert!(r.schedules >= 2, "there is more than one schedule to try");
        assert_eq!(values(&r, "counter"), BTreeSet::from([2]));
        assert!(r.all_passed());
    }
}

/// t2 takes b and yields before taking a, so the default order (t1 first, all the way
/// through without waiting) completes, while running t2 first deadlocks.
const ABBA: &str = "mutex a\nmutex b\n\nasync t1 {\n  lock a\n  lock b\n  unlock b\n  unlock a\n}\n\nasync t2 {\n  lock b\n  yield\n  lock a\n  unlock a\n  unlock b\n}\n";

#[test]
fn the_explorer_finds_a_deadlock_the_default_run_misses_and_its_schedule_reproduces_it() {
    let s = load(ABBA);
    assert_eq!(
        simulate(&s, &SimOptions::default()).summary.outcome,
        Outcome::Completed
    );
    let r = run(&s, ExploreOptions::default());
    assert!(r.exhaustive);
    let dl = r.groups.first().expect("some group");
    assert_eq!(dl.kind, GroupKind::Deadlock, "deadlocks are listed first");
    let info = dl.key.deadlock.as_ref().expect("deadlock info");
    assert_eq!(info.cycles, vec![vec!["t1".to_string(), "t2".to_string()]]);
    assert!(r.groups.iter().any(|g| g.kind == GroupKind::Completed));

    let (again, status) = replay(&s, &SimOptions::default(), &dl.sched);
    assert_eq!(status, ReplayStatus::Followed);
    assert_eq!(again.summary.outcome, Outcome::Deadlock);
    assert_eq!(again.summary.deadlock.as_ref(), Some(info));
    assert_eq!(format!("{:016x}", trace_hash(&again.trace)), dl.trace_hash);
}

/// Two threads with unlimited cores, k `yield`s each. With unlimited cores a thread's `yield`
/// does not give anything up, so each thread makes k actions at instant 0, and the only choice
/// points are `SameInstantOrder` between the two lanes while both have actions left: the
/// schedules are exactly the interleavings of two sequences of length k, C(2k, k).
fn two_threads(k: usize, runtime: &str) -> Scenario {
    let body = "  yield\n".repeat(k);
    load(&format!(
        "{runtime}thread a {{\n{body}}}\n\nthread b {{\n{body}}}\n"
    ))
}

#[test]
fn two_threads_of_k_steps_have_exactly_c_2k_k_schedules_without_pruning() {
    for k in 1..=4u64 {
        let r = run(&two_threads(k as usize, ""), unpruned());
        assert!(r.exhaustive);
        assert_eq!(r.schedules, binomial(2 * k, k), "k = {k}");
        assert_eq!(r.pruned, 0);
    }
}

#[test]
fn pruning_visits_each_interleaving_state_once() {
    // A state is (steps done by a, steps done by b); there is a choice only while both have
    // steps left, at (i, j) with i, j < k: k² states. Pruning explores each once, so it needs
    // far fewer runs than the C(2k, k) interleavings.
    for k in 1..=4u64 {
        let r = run(&two_threads(k as usize, ""), ExploreOptions::default());
        assert!(r.exhaustive);
        assert_eq!(r.distinct_states, k * k, "k = {k}");
        assert!(r.schedules + r.pruned <= 2 * k * k, "k = {k}");
    }
    let r = run(&two_threads(8, ""), ExploreOptions::default());
    assert!(r.schedules + r.pruned < binomial(16, 8) / 50);
}

#[test]
fn asyncio_rounds_and_a_single_core_give_their_own_counts() {
    for k in 1..=4u64 {
        // Async: every round of the event loop holds both tasks, and each of the k + 1 rounds
        // may run them in either order: 2^(k+1).
        let body = "  yield\n".repeat(k as usize);
        let s = load(&format!("async a {{\n{body}}}\n\nasync b {{\n{body}}}\n"));
        assert_eq!(run(&s, unpruned()).schedules, 1 << (k + 1), "async k = {k}");
        // One core: a runs first (it gets the free core at once); at each yield the core goes
        // to either thread. Sequences of k+1 segments each that start with a: C(2k+1, k).
        let s = two_threads(k as usize, "runtime {\n  cores 1\n}\n\n");
        let r = run(&s, unpruned());
        assert_eq!(r.schedules, binomial(2 * k + 1, k), "cores 1, k = {k}");
    }
}

#[test]
fn a_schedule_from_a_link_replays_the_identical_trace() {
    let s = load(RACY);
    let r = run(&s, ExploreOptions::default());
    for g in &r.groups {
        let text = model::print(&s);
        let sched = (!g.schedule.is_empty()).then_some(g.schedule.as_str());
        let fragment = share::format_fragment(&text, share::Mode::Sim, Some(3), sched);
        let link = share::parse_fragment(&fragment).expect("link opens");
        let choices = parse_sched(link.sched.as_deref().unwrap_or("")).expect("schedule reads");
        assert_eq!(choices, g.sched);
        let scenario = load(&link.text);
        // The link's seed is irrelevant here (fifo, no random policy) but must be honoured.
        let mut chooser = ReplayChooser::new(&scenario, link.seed.unwrap_or(0), choices);
        let again = simulate_with(&scenario, &SimOptions::default(), &mut chooser);
        assert_eq!(chooser.status(), ReplayStatus::Followed);
        assert_eq!(format!("{:016x}", trace_hash(&again.trace)), g.trace_hash);
        assert_eq!(again.summary.vars, g.key.vars);
    }
}

#[test]
fn the_empty_schedule_is_the_default_run() {
    let s = preset("dining-philosophers");
    let (run, status) = replay(&s, &SimOptions::default(), &[]);
    assert_eq!(status, ReplayStatus::Followed);
    assert_eq!(run, simulate(&s, &SimOptions::default()));
}

#[test]
fn a_schedule_that_does_not_fit_says_so_and_falls_back_to_the_default() {
    let s = load(RACY);
    let (_, status) = replay(&s, &SimOptions::default(), &[7]);
    assert_eq!(
        status,
        ReplayStatus::Invalid {
            point: 0,
            choice: 7,
            options: 2
        }
    );
    assert!(status.message().is_some());
    let (_, status) = replay(&s, &SimOptions::default(), &[0; 50]);
    assert!(matches!(status, ReplayStatus::Unused { .. }), "{status:?}");
}

#[test]
fn dining_philosophers_deadlock_in_every_schedule_and_lock_ordering_never_does() {
    let r = run(&preset("dining-philosophers"), ExploreOptions::default());
    assert!(r.exhaustive);
    assert!(r.groups.iter().all(|g| g.kind == GroupKind::Deadlock));
    let cycles = &r.groups[0].key.deadlock.as_ref().expect("info").cycles;
    assert_eq!(cycles[0], vec!["p1", "p2", "p3"]);

    let r = run(&preset("lock-ordering"), ExploreOptions::default());
    assert!(r.exhaustive);
    assert!(r.groups.iter().all(|g| g.key.deadlock.is_none()));
    // The preset expects 50 ms, which is the default schedule's makespan; p3 winning fork1
    // at the start lets everyone finish by 40 ms.
    assert_eq!(
        (r.makespan_min_us, r.makespan_max_us),
        (Some(40_000), Some(50_000))
    );
}

#[test]
fn pruning_finds_the_same_outcomes_as_plain_enumeration_on_the_presets() {
    for id in [
        "lost-update",
        "mutex-counter",
        "dining-philosophers",
        "lock-ordering",
        "readers-writers",
        "bounded-channel",
        "processes-vs-threads",
        "offload-to-pool",
        "priority",
        "error-handling",
        "callback-vs-await",
        "condvar-handoff",
        "gather-failure",
    ] {
        let s = preset(id);
        let full = run(&s, unpruned());
        let pruned = run(&s, ExploreOptions::default());
        assert!(full.exhaustive && pruned.exhaustive, "{id}");
        let keys = |r: &Report| -> Vec<String> {
            let mut v: Vec<String> = r
                .groups
                .iter()
                .map(|g| serde_json::to_string(&g.key).unwrap_or_default())
                .collect();
            v.sort();
            v
        };
        assert_eq!(keys(&pruned), keys(&full), "{id}");
        assert_eq!(pruned.makespan_min_us, full.makespan_min_us, "{id}");
        assert_eq!(pruned.makespan_max_us, full.makespan_max_us, "{id}");
        assert!(pruned.schedules <= full.schedules, "{id}");
    }
}

#[test]
fn a_preemption_bound_of_zero_runs_each_thread_until_it_stops_and_says_it_was_bounded() {
    let s = two_threads(3, "");
    let r = run(
        &s,
        ExploreOptions {
            preemption_bound: Some(0),
            ..unpruned()
        },
    );
    // Without preemptions the only choice left is which thread starts: a a a b b b, b b b a a a.
    assert_eq!(r.schedules, 2);
    assert!(!r.exhaustive);
    assert_eq!(r.bounds, vec![Bound::PreemptionBound]);
    let r1 = run(
        &s,
        ExploreOptions {
            preemption_bound: Some(1),
            ..unpruned()
        },
    );
    assert!(r1.schedules > 2 && r1.schedules < binomial(6, 3));
    let all = run(
        &s,
        ExploreOptions {
            preemption_bound: Some(10),
            ..unpruned()
        },
    );
    assert!(all.exhaustive);
    assert_eq!(all.schedules, binomial(6, 3));
}

#[test]
fn a_preemption_bound_still_finds_the_lost_update_with_one_preemption() {
    for prune in [true, false] {
        let r = run(
            &load(RACY),
            ExploreOptions {
                preemption_bound: Some(1),
                prune,
                ..ExploreOptions::default()
            },
        );
        assert_eq!(
            values(&r, "counter"),
            BTreeSet::from([1, 2]),
            "prune {prune}"
        );
    }
}

#[test]
fn the_schedule_limit_and_the_time_budget_stop_the_search_and_say_so() {
    let s = two_threads(4, "");
    let r = run(
        &s,
        ExploreOptions {
            max_schedules: 5,
            ..unpruned()
        },
    );
    assert_eq!(r.schedules, 5);
    assert!(!r.exhaustive);
    assert_eq!(r.bounds, vec![Bound::MaxSchedules]);

    // A fake clock that advances 10 ms per reading: the 50 ms budget runs out after a few runs.
    let now = Rc::new(Cell::new(0.0));
    let tick = now.clone();
    let clock: Clock = Box::new(move || {
        tick.set(tick.get() + 10.0);
        tick.get()
    });
    let opts = ExploreOptions {
        time_budget_ms: Some(50),
        ..unpruned()
    };
    let r = explore(&s, opts, clock);
    assert_eq!(r.bounds, vec![Bound::TimeBudget]);
    assert!(r.schedules >= 1 && r.schedules <= 6, "{}", r.schedules);
    assert!(r.elapsed_ms >= 50);
}

#[test]
fn stepping_streams_progress_and_ends_with_the_same_report_as_one_call() {
    let s = preset("readers-writers");
    let mut ex = Explorer::new(&s, ExploreOptions::default(), still());
    let mut last = ex.progress();
    let mut steps = 0;
    while !last.done {
        let p = ex.step(3);
        assert!(p.schedules + p.pruned <= last.schedules + last.pruned + 3);
        assert!(p.schedules >= last.schedules && p.distinct_states >= last.distinct_states);
        last = p;
        steps += 1;
    }
    assert!(steps > 1, "the work was split into slices");
    assert_eq!(ex.report(), run(&s, ExploreOptions::default()));
}

#[test]
fn cancelling_ends_the_search_and_keeps_what_was_found() {
    let s = two_threads(4, "");
    let mut ex = Explorer::new(&s, unpruned(), still());
    ex.step(3);
    ex.cancel();
    assert!(ex.progress().done);
    assert_eq!(
        ex.step(10).schedules,
        3,
        "a cancelled search does no more work"
    );
    let r = ex.report();
    assert_eq!(r.bounds, vec![Bound::Cancelled]);
    assert_eq!(r.groups.iter().map(|g| g.count).sum::<u64>(), 3);
}

#[test]
fn random_runs_find_both_values_and_depend_only_on_the_seed() {
    let s = load(RACY);
    let opts = ExploreOptions {
        random: Some(RandomOptions { runs: 40, depth: 2 }),
        seed: Some(11),
        ..ExploreOptions::default()
    };
    let r = run(&s, opts.clone());
    assert_eq!(r.mode, "random");
    assert_eq!(r.schedules, 40);
    assert!(!r.exhaustive);
    assert_eq!(r.bounds, vec![Bound::Random]);
    assert_eq!(values(&r, "counter"), BTreeSet::from([1, 2]));
    // The first run is the default schedule.
    assert!(r.groups.iter().any(|g| g.schedule.is_empty()));
    // Sliced differently, same result.
    let mut ex = Explorer::new(&s, opts, still());
    while !ex.step(7).done {}
    assert_eq!(ex.report(), r);
    for g in &r.groups {
        let (again, status) = replay(
            &s,
            &SimOptions {
                seed: Some(11),
                ..SimOptions::default()
            },
            &g.sched,
        );
        assert_eq!(status, ReplayStatus::Followed);
        assert_eq!(format!("{:016x}", trace_hash(&again.trace)), g.trace_hash);
    }
}

#[test]
fn under_the_random_policy_representatives_replay_with_the_same_seed() {
    // Round 2 runs a's store and b's load-and-store in either order: v ends 1 or 2.
    let src = "runtime {\n  policy random\n  seed 5\n}\n\nvar v = 0\n\nasync a {\n  load v\n  yield\n  store v +1\n}\n\nasync b {\n  yield\n  load v\n  store v +1\n}\n";
    let s = load(src);
    let r = run(&s, ExploreOptions::default());
    assert!(r.exhaustive);
    assert_eq!(values(&r, "v"), BTreeSet::from([1, 2]));
    for g in &r.groups {
        let (again, status) = replay(&s, &SimOptions::default(), &g.sched);
        assert_eq!(status, ReplayStatus::Followed);
        assert_eq!(format!("{:016x}", trace_hash(&again.trace)), g.trace_hash);
    }
}

#[test]
fn being_the_scheduler_steps_through_choice_points_and_undo_is_a_shorter_prefix() {
    let s = load(RACY);
    let Turn::Choose { kind, offers, .. } = next_choice(&s, &SimOptions::default(), &[]) else {
        panic!("the first step has a choice");
    };
    assert_eq!(kind, ChoiceKind::SameInstantOrder);
    let labels: Vec<&str> = offers.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, vec!["t#1", "t#2"]);
    assert!(offers[0].is_default);
    // Always let t#1 go on: it loads and stores before t#2 loads.
    let mut prefix = Vec::new();
    loop {
        match next_choice(&s, &SimOptions::default(), &prefix) {
            Turn::Choose { offers, .. } => {
                let t1 = offers
                    .iter()
                    .find(|o| o.label == "t#1")
                    .unwrap_or(&offers[0]);
                prefix.push(t1.index);
            }
            Turn::Finished { run, status } => {
                assert_eq!(status, ReplayStatus::Followed);
                assert_eq!(run.summary.vars.get("counter"), Some(2));
                break;
            }
        }
        assert!(prefix.len() < 20, "the run ends");
    }
    // Undo: the shorter prefix stops at the same choice point again.
    prefix.pop();
    assert!(matches!(
        next_choice(&s, &SimOptions::default(), &prefix),
        Turn::Choose { .. }
    ));
}

#[test]
fn schedules_round_trip_through_their_text_form() {
    let cases: Vec<Vec<u32>> = vec![
        vec![],
        vec![0],
        vec![0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
        vec![35, 36, 1295, 1296, 46655],
        vec![1, 1, 1, 1, 0, 0],
    ];
    for c in cases {
        let text = format_sched(&c);
        assert_eq!(parse_sched(&text), Ok(c.clone()), "{text}");
    }
    assert_eq!(
        format_sched(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
        "0.1.0~12.2"
    );
    assert_eq!(parse_sched(" 0.1.0~12.2\n"), parse_sched("0.1.0~12.2"));
    assert_eq!(parse_sched("A.Z"), Ok(vec![10, 35]));
}

#[test]
fn malformed_schedules_are_refused_with_a_position_and_never_panic() {
    for (text, at) in [
        ("0..1", 3),
        (".1", 1),
        ("1.", 3),
        ("0,1", 2),
        ("0~", 2),
        ("0~0", 2),
        ("0~x", 2),
        ("12345", 1),
        ("0~99999999999999999999999", 0),
        ("é", 1),
    ] {
        let e = parse_sched(text).expect_err(text);
        assert_eq!(e.at, at, "{text}: {e:?}");
        assert!(e.to_string().contains("schedule"), "{e}");
    }
    let huge = "0.".repeat(150_000);
    assert!(parse_sched(&huge).is_err());
}

#[test]
fn a_session_streams_slices_as_messages_and_refuses_malformed_ones() {
    use interleave::explore::{
        explorer_bytes, parse_from_explorer, parse_to_explorer, ExploreSession,
    };
    use interleave::explore::{FromExplorer, ToExplorer};
    let start = ToExplorer::ExploreStart {
        id: 7,
        text: ABBA.to_string(),
        options: ExploreOptions::default(),
    };
    let bytes = explorer_bytes(&start);
    let ToExplorer::ExploreStart { id, text, options } = parse_to_explorer(&bytes).expect("reads")
    else {
        panic!("a start message");
    };
    // A clock that moves 1 ms per reading: each 3 ms slice does a little work.
    let t = Rc::new(Cell::new(0.0));
    let now: Rc<dyn Fn() -> f64> = Rc::new(move || {
        t.set(t.get() + 1.0);
        t.get()
    });
    let mut session = ExploreSession::start(id, &text, options, now, 3.0).expect("loads");
    let mut messages = Vec::new();
    loop {
        let m = session.slice();
        let done = matches!(m, FromExplorer::ExploreDone { .. });
        messages.push(m);
        if done {
            break;
        }
    }
    assert!(messages.iter().all(|m| m.id() == 7));
    let Some(FromExplorer::ExploreDone { report, .. }) = messages.last() else {
        panic!("ends with done");
    };
    assert_eq!(report.groups[0].kind, GroupKind::Deadlock);
    // Through the wire and back, the page reads the same report (schedules travel as text).
    let last = messages.last().expect("a message");
    let back = parse_from_explorer(&explorer_bytes(last)).expect("reads");
    assert_eq!(
        serde_json::to_string(&back).expect("serializes"),
        serde_json::to_string(last).expect("serializes")
    );
    let FromExplorer::ExploreDone { report: back, .. } = back else {
        panic!("done");
    };
    assert_eq!(
        parse_sched(&back.groups[0].schedule),
        Ok(report.groups[0].sched.clone())
    );

    assert!(parse_to_explorer(b"{\"type\":\"explore_start\"}").is_err());
    assert!(parse_to_explorer(&explorer_bytes(&start)[..3]).is_err());
    // A live message is on another channel, even where its bytes would decode.
    let live = interleave::live::proto::to_bytes(&interleave::live::proto::ToWorker::Warm);
    assert!(parse_to_explorer(&live).is_err());
    let bad = ExploreSession::start(
        1,
        "async {",
        ExploreOptions::default(),
        Rc::new(|| 0.0),
        5.0,
    );
    assert!(
        bad.is_err_and(|m| m.contains("1:")),
        "the message names the line"
    );
}

#[test]
fn be_the_scheduler_previews_what_each_option_would_do_with_the_values_it_would_see() {
    use interleave::explore::{next_choice, Turn};
    use interleave::trace::layout::chips::ChipWhat;
    let scenario = interleave::model::load(
        interleave::model::presets::find("lost-update")
            .expect("preset")
            .source,
    )
    .expect("valid");
    let Turn::Choose { offers, .. } = next_choice(&scenario, &SimOptions::default(), &[]) else {
        panic!("lost update has a choice");
    };
    assert!(offers.len() >= 2);
    for offer in &offers {
        // Each thread computes for 1 ms, then loads: the preview runs to the thread's next pause.
        assert_eq!(
            offer.next.steps,
            ["compute 1ms", "load counter"],
            "{offer:?}"
        );
        assert!(
            offer
                .next
                .chips
                .iter()
                .any(|c| matches!(c.what, ChipWhat::Load { value: 0, .. })),
            "{offer:?}"
        );
    }
}

#[test]
fn a_run_paused_at_a_choice_leaves_its_checks_pending() {
    // The game shows the run so far on the timeline; at the first choice the counter is still
    // 0, which says nothing yet about `expect counter == 2`.
    let scenario = preset("lost-update");
    let Turn::Choose { run, .. } = next_choice(&scenario, &SimOptions::default(), &[]) else {
        panic!("lost update has a choice");
    };
    assert!(!run.summary.finished());
    let text = run.summary.explain();
    assert!(
        text.ends_with("\n1 expect(s) pending until the run ends"),
        "{text}"
    );
    assert!(!text.contains("failed"), "{text}");
}
