//! The shared-memory channel on real threads over std atomics: order, capacity and close.

use super::channel::{self, Chan, Done, Refused};
use super::waiters::{Patient, UntilFlag};
use super::{Memory, StdMemory};
use std::sync::atomic::{AtomicI64, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;

/// A clock that only goes forward, shared by every thread of a test.
fn clock() -> impl Fn() -> i64 + Clone {
    let ticks = Arc::new(AtomicI64::new(0));
    move || ticks.fetch_add(1, SeqCst)
}

fn channel_of(cap: u32) -> (Arc<StdMemory>, Chan) {
    let ch = Chan {
        at: 0,
        cells: 0,
        cap,
    };
    (
        Arc::new(StdMemory::new(channel::WORDS, Chan::cells_for(cap))),
        ch,
    )
}

#[test]
fn every_item_arrives_once_in_each_senders_order_and_the_ring_never_overfills() {
    const SENDERS: i64 = 3;
    const RECEIVERS: usize = 2;
    const EACH: i64 = 3_000;
    let (mem, ch) = channel_of(4);
    let now = clock();
    let senders: Vec<_> = (0..SENDERS)
        .map(|s| {
            let (mem, now) = (mem.clone(), now.clone());
            thread::spawn(move || {
                for i in 0..EACH {
                    let value = s * 1_000_000 + i;
                    channel::send(&*mem, ch, value, s as u32, &now, &mut Patient::default())
                        .expect("open");
                    assert!(channel::look(&*mem, ch).0 <= ch.cap, "overfilled");
                }
            })
        })
        .collect();
    let receivers: Vec<_> = (0..RECEIVERS)
        .map(|r| {
            let (mem, now) = (mem.clone(), now.clone());
            thread::spawn(move || {
                let mut got = Vec::new();
                loop {
                    match channel::recv(&*mem, ch, 10 + r as u32, &now, &mut Patient::default()) {
                        Ok(done) => got.push((done.at, done.value)),
                        Err(Refused::Closed { .. }) => return got,
                        Err(Refused::GaveUp) => unreachable!("a patient waiter never gives up"),
                    }
                }
            })
        })
        .collect();
    for s in senders {
        s.join().expect("no sender panics");
    }
    channel::close(&*mem, ch, 99, &now).expect("closed once");
    let mut all: Vec<(i64, i64)> = receivers
        .into_iter()
        .flat_map(|r| r.join().expect("no receiver panics"))
        .collect();
    assert_eq!(all.len() as i64, SENDERS * EACH, "every item, once");
    // The stamps order every receive: in that order, each sender's items come in sequence.
    all.sort();
    for s in 0..SENDERS {
        let mine: Vec<i64> = all
            .iter()
            .map(|&(_, v)| v)
            .filter(|v| v / 1_000_000 == s)
            .collect();
        let expected: Vec<i64> = (0..EACH).map(|i| s * 1_000_000 + i).collect();
        assert_eq!(mine, expected, "sender {s}'s items out of order");
    }
    assert_eq!(channel::look(&*mem, ch), (0, true));
    assert_eq!(mem.load(3), 0, "nobody is counted as parked");
}

#[test]
fn a_waiting_receiver_is_told_who_sent_and_its_stamp_follows_the_send() {
    let (mem, ch) = channel_of(1);
    let now = clock();
    let receiver = {
        let (mem, now) = (mem.clone(), now.clone());
        thread::spawn(move || {
            let mut w = Patient::default();
            let done = channel::recv(&*mem, ch, 1, &now, &mut w).expect("an item comes");
            (w.blocked.is_some(), done)
        })
    };
    while mem.load(3) == 0 {
        thread::yield_now();
    }
    let sent = channel::send(&*mem, ch, 42, 7, &now, &mut Patient::default()).expect("room");
    assert_eq!(sent.waited, None, "there was room");
    let (blocked, got) = receiver.join().expect("no panic");
    assert!(blocked);
    assert_eq!(got.value, 42);
    assert_eq!(got.waited, Some(Some(7)), "woken by the sender");
    assert!(got.at > sent.at, "received after it was sent");
}

#[test]
fn a_full_channel_parks_its_sender_until_a_receive_makes_room() {
    let (mem, ch) = channel_of(1);
    let now = clock();
    channel::send(&*mem, ch, 1, 0, &now, &mut Patient::default()).expect("room");
    let sender = {
        let (mem, now) = (mem.clone(), now.clone());
        thread::spawn(move || channel::send(&*mem, ch, 2, 0, &now, &mut Patient::default()))
    };
    while mem.load(3) == 0 {
        thread::yield_now();
    }
    let first = channel::recv(&*mem, ch, 5, &now, &mut Patient::default()).expect("an item");
    assert_eq!(first.value, 1);
    let sent = sender.join().expect("no panic").expect("open");
    assert_eq!(sent.waited, Some(Some(5)), "the receive made room");
    let second = channel::recv(&*mem, ch, 5, &now, &mut Patient::default()).expect("an item");
    assert_eq!((second.value, second.waited), (2, None));
}

#[test]
fn a_close_wakes_every_waiter_and_a_receiver_still_drains_what_was_sent() {
    let (mem, ch) = channel_of(2);
    let now = clock();
    let receivers: Vec<_> = (0..2)
        .map(|r| {
            let (mem, now) = (mem.clone(), now.clone());
            thread::spawn(move || channel::recv(&*mem, ch, r, &now, &mut Patient::default()))
        })
        .collect();
    while mem.load(3) < 2 {
        thread::yield_now();
    }
    let closed_at = channel::close(&*mem, ch, 9, &now).expect("open until now");
    for r in receivers {
        match r.join().expect("no panic") {
            Err(Refused::Closed {
                woken_by: Some(Some(9)),
                at,
            }) => assert!(at > closed_at),
            other => panic!("expected a wake by the close, got {other:?}"),
        }
    }
    assert_eq!(
        channel::close(&*mem, ch, 9, &now),
        Err(channel::AlreadyClosed)
    );
    assert!(matches!(
        channel::send(&*mem, ch, 1, 0, &now, &mut Patient::default()),
        Err(Refused::Closed { woken_by: None, .. })
    ));

    // Items sent before a close are still received, then the closed channel refuses.
    let (mem, ch) = channel_of(2);
    channel::send(&*mem, ch, 5, 0, &now, &mut Patient::default()).expect("room");
    channel::close(&*mem, ch, 0, &now).expect("open");
    let got = channel::recv(&*mem, ch, 1, &now, &mut Patient::default());
    assert!(matches!(got, Ok(Done { value: 5, .. })));
    assert!(matches!(
        channel::recv(&*mem, ch, 1, &now, &mut Patient::default()),
        Err(Refused::Closed { woken_by: None, .. })
    ));
}

#[test]
fn a_parked_sender_that_is_cancelled_gives_up() {
    let (mem, ch) = channel_of(1);
    let now = clock();
    channel::send(&*mem, ch, 1, 0, &now, &mut Patient::default()).expect("room");
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sender = {
        let (mem, now, cancel) = (mem.clone(), now.clone(), cancel.clone());
        thread::spawn(move || channel::send(&*mem, ch, 2, 1, &now, &mut UntilFlag(cancel)))
    };
    while mem.load(3) == 0 {
        thread::yield_now();
    }
    cancel.store(true, SeqCst);
    assert_eq!(sender.join().expect("no panic"), Err(Refused::GaveUp));
    assert_eq!(
        channel::look(&*mem, ch),
        (1, false),
        "its item never went in"
    );
}
