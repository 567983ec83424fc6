//! Zero-time steps as chips: what each saw, so the causes of a race are visible on the timeline.

use interleave::model::{load, presets};
use interleave::sim::{simulate, SimOptions};
use interleave::trace::layout::chips::{chips, value_resources, ChipWhat};

fn run(text: &str) -> interleave::trace::Trace {
    let scenario = load(text).expect("valid");
    simulate(&scenario, &SimOptions::default()).trace
}

#[test]
fn lost_update_shows_two_loads_of_0_and_two_stores_of_1() {
    let trace = run(presets::find("lost-update").expect("preset").source);
    let on_counter: Vec<ChipWhat> = chips(&trace).iter().map(|c| c.what).collect();
    let loads = on_counter
        .iter()
        .filter(|w| matches!(w, ChipWhat::Load { value: 0, .. }))
        .count();
    let stores: Vec<(i64, i64)> = on_counter
        .iter()
        .filter_map(|w| match w {
            ChipWhat::Store { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(loads, 2, "{on_counter:?}");
    // The second store writes 1 over the 1 the first wrote: that is the lost update.
    assert_eq!(stores, [(0, 1), (1, 1)]);
    assert_eq!(value_resources(&trace).len(), 1, "counter gets a row");
}

#[test]
fn a_store_remembers_the_value_it_replaced_from_the_declared_start() {
    let trace = run("var x = 5\n\nasync a {\n  store x 7\n  incr x\n}\n");
    let stores: Vec<(i64, i64)> = chips(&trace)
        .iter()
        .filter_map(|c| match c.what {
            ChipWhat::Store { from, to, .. } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(stores, [(5, 7), (7, 8)]);
}

#[test]
fn a_bounded_channel_shows_how_full_it_is_after_each_send_and_receive() {
    let trace = run(
        "channel q capacity 2\n\nasync p {\n  send q 1\n  send q 2\n  sleep 1ms\n}\n\nasync c {\n  sleep 1ms\n  recv q\n  recv q\n}\n",
    );
    let fill: Vec<u32> = chips(&trace)
        .iter()
        .filter_map(|c| match c.what {
            ChipWhat::Sent { queued, .. } | ChipWhat::Received { queued, .. } => Some(queued),
            _ => None,
        })
        .collect();
    assert_eq!(fill, [1, 2, 1, 0]);
}

#[test]
fn locks_taken_and_given_back_are_chips_too() {
    let trace = run("mutex m\n\nasync a {\n  lock m\n  unlock m\n}\n");
    let kinds: Vec<ChipWhat> = chips(&trace).iter().map(|c| c.what).collect();
    assert!(
        matches!(
            kinds.as_slice(),
            [ChipWhat::Took { .. }, ChipWhat::Gave { .. }]
        ),
        "{kinds:?}"
    );
}
