//! The trace ring on a real writer thread and reader thread over std atomics.

use super::ring::{self, Ring};
use super::StdMemory;
use std::sync::Arc;
use std::thread;

const RING: Ring = Ring { at: 0, words: 64 };

fn memory() -> Arc<StdMemory> {
    Arc::new(StdMemory::new(ring::HEADER + RING.words as usize, 0))
}

#[test]
fn records_come_out_whole_and_in_order_across_the_wrap() {
    let mem = memory();
    for round in 0..50u8 {
        let a: Vec<u8> = (0..(round % 13)).collect();
        let b = vec![round; 37];
        assert!(ring::push(&*mem, RING, &a));
        assert!(ring::push(&*mem, RING, &b));
        assert_eq!(ring::drain(&*mem, RING), vec![a, b], "round {round}");
    }
    assert_eq!(ring::drain(&*mem, RING), Vec::<Vec<u8>>::new());
}

#[test]
fn a_full_ring_refuses_a_record_and_takes_it_once_drained() {
    let mem = memory();
    let big = vec![7u8; 4 * 40];
    assert!(ring::push(&*mem, RING, &big));
    assert!(
        !ring::push(&*mem, RING, &big),
        "41 + 41 words do not fit in 64"
    );
    assert!(
        !ring::push(&*mem, RING, &[0; 4 * 64]),
        "nor does a record larger than the ring"
    );
    assert_eq!(ring::drain(&*mem, RING), vec![big.clone()]);
    assert!(ring::push(&*mem, RING, &big));
}

/// Record `i`: its number's bytes, repeated to a length of 1 to 9.
fn numbered(i: u32) -> Vec<u8> {
    let len = 1 + (i % 9) as usize;
    i.to_le_bytes().iter().copied().cycle().take(len).collect()
}

#[test]
fn a_reader_on_another_thread_gets_every_record_a_writer_pushes() {
    const RECORDS: u32 = 20_000;
    let mem = memory();
    let writer = {
        let mem = mem.clone();
        thread::spawn(move || {
            for i in 0..RECORDS {
                let record = numbered(i);
                while !ring::push(&*mem, RING, &record) {
                    thread::yield_now();
                }
            }
        })
    };
    let mut got = 0u32;
    while got < RECORDS {
        for record in ring::drain(&*mem, RING) {
            assert_eq!(record, numbered(got), "record {got}");
            got += 1;
        }
        thread::yield_now();
    }
    writer.join().expect("the writer does not panic");
}

#[test]
fn a_drain_to_a_mark_leaves_what_was_written_after_it() {
    let mem = memory();
    assert!(ring::push(&*mem, RING, b"before"));
    let mark = ring::written(&*mem, RING);
    assert!(ring::push(&*mem, RING, b"after"));
    assert_eq!(ring::drain_to(&*mem, RING, mark), vec![b"before".to_vec()]);
    assert_eq!(
        ring::drain_to(&*mem, RING, mark),
        Vec::<Vec<u8>>::new(),
        "read already"
    );
    assert_eq!(ring::drain(&*mem, RING), vec![b"after".to_vec()]);
}
