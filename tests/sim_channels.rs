//! Channels in the simulator: unbounded, bounded, rendezvous, values, and closing.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

mod sim_support;
use interleave::sim::{Outcome, TaskState};
use sim_support::*;

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn an_unbounded_channel_buffers_every_send_in_order() {
    let r = run("channel q\n\nthread p {\n  send q 1\n  send q 2\n  send q 3\n}\n\nthread c at 1ms {\n  recv q\n  recv q\n  recv q\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["sent", "received", "blocked"]),
        v(&[
            "0 p sent q 1",
            "0 p sent q 2",
            "0 p sent q 3",
            "1000 c received q 1",
            "1000 c received q 2",
            "1000 c received q 3",
        ])
    );
    assert_eq!(end_of(&r.summary, "p"), (TaskState::Completed, Some(0)));
}

#[test]
fn a_full_bounded_channel_blocks_the_sender_until_a_receive_makes_room() {
    let r = run("channel q capacity 1\n\nthread p {\n  send q 1\n  send q 2\n  log \"done\"\n}\n\nthread c at 5ms {\n  recv q\n  recv q\n}\n");
    assert_eq!(
        lines_with(
            &r.trace,
            &["sent", "received", "blocked", "woken", "log done"]
        ),
        v(&[
            "0 p sent q 1",
            "0 p blocked send q", // the buffer holds one value already
            "5000 c received q 1",
            "5000 p sent q 2", // the receive lets the waiting sender's value in
            "5000 p woken by c recv q",
            "5000 p log done",
            "5000 c received q 2",
        ])
    );
}

#[test]
fn a_rendezvous_send_waits_for_a_receiver() {
    let r = run("channel q capacity 0\n\nasync s {\n  send q 7\n  log \"sent\"\n}\n\nasync r {\n  sleep 1s\n  recv q\n}\n");
    assert_eq!(
        lines_with(
            &r.trace,
            &["sent q", "received", "blocked", "woken by", "log sent"]
        ),
        v(&[
            "0 s blocked send q", // capacity 0: no buffer at all
            "1000000 s sent q 7", // the value passes hand to hand
            "1000000 r received q 7",
            "1000000 s woken by r recv q",
            "1000000 s log sent",
        ])
    );
}

#[test]
fn a_waiting_receiver_gets_the_value_directly() {
    let r = run("channel q capacity 0\n\nasync r {\n  recv q\n}\n\nasync s {\n  send q 4\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["sent", "received", "woken"]),
        v(&["0 s sent q 4", "0 r woken by s send q", "0 r received q 4"])
    );
    assert_eq!(r.summary.outcome, Outcome::Completed);
}

#[test]
fn recv_puts_the_value_in_the_register_and_send_without_a_value_sends_zero() {
    let r = run("channel q\nvar got = -1\nvar zero = -1\n\nthread p {\n  send q 41\n  send q\n}\n\nthread c {\n  recv q\n  store got +1\n  recv q\n  store zero +0\n}\n");
    assert_eq!(r.summary.vars.get("got"), Some(42));
    assert_eq!(r.summary.vars.get("zero"), Some(0));
}

#[test]
fn closing_wakes_waiting_receivers_with_a_failure() {
    let r = run("channel q\n\nasync r {\n  recv q\n}\n\nasync c {\n  sleep 1ms\n  close q\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["closed", "woken by", "ended"]),
        v(&[
            "1000 c closed q",
            "1000 r woken by c close q",
            "1000 c ended completed",
            "1000 r ended failed: recv on closed channel q",
        ])
    );
}

#[test]
fn buffered_values_stay_receivable_after_close_then_recv_fails() {
    let r = run("channel q\n\nthread p {\n  send q 1\n  close q\n}\n\nthread c at 1ms {\n  recv q\n  log \"got one\"\n  recv q\n}\n");
    assert_eq!(logs(&r.trace), v(&["got one"]));
    assert_eq!(
        task_of(&r.summary, "c").error.as_deref(),
        Some("recv on closed channel q")
    );
}

#[test]
fn send_on_a_closed_channel_fails_and_try_catches_it() {
    let r = run("channel q\n\nasync a {\n  close q\n  try {\n    send q 1\n  } catch {\n    log \"closed\"\n  }\n}\n");
    assert_eq!(logs(&r.trace), v(&["closed"]));
    assert_eq!(r.summary.outcome, Outcome::Completed);
}

#[test]
fn closing_wakes_waiting_senders_with_a_failure_too() {
    let r = run(
        "channel q capacity 0\n\nthread s {\n  send q 1\n}\n\nthread c at 1ms {\n  close q\n}\n",
    );
    assert_eq!(
        task_of(&r.summary, "s").error.as_deref(),
        Some("send on closed channel q")
    );
    assert_eq!(end_of(&r.summary, "s").1, Some(MS));
}

#[test]
fn closing_a_closed_channel_fails() {
    let r = run("channel q\n\nasync a {\n  close q\n  close q\n}\n");
    assert_eq!(
        task_of(&r.summary, "a").error.as_deref(),
        Some("channel q is already closed")
    );
}

#[test]
fn senders_waiting_on_a_full_channel_are_served_fifo() {
    let r = run("channel q capacity 1\n\nthread a {\n  send q 1\n  send q 2\n}\n\nthread b at 1ms {\n  send q 3\n}\n\nthread c at 2ms {\n  recv q\n  recv q\n  recv q\n}\n");
    assert_eq!(
        lines_with(&r.trace, &["received"]),
        v(&[
            "2000 c received q 1",
            "2000 c received q 2",
            "2000 c received q 3"
        ])
    );
}
