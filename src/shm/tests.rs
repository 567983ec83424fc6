//! The futex-style algorithms on real threads over std atomics: their invariants under stress.

use super::waiters::{Patient, SaysBlocked, UntilFlag};
use super::*;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;

const THREADS: u32 = 4;

#[test]
fn the_mutex_lets_no_increment_be_lost() {
    const EACH: i64 = 5_000;
    let mem = Arc::new(StdMemory::new(mutex::WORDS, 1));
    let handles: Vec<_> = (0..THREADS)
        .map(|me| {
            let mem = mem.clone();
            thread::spawn(move || {
                for _ in 0..EACH {
                    mutex::lock(&*mem, 0, me, &mut Patient::default()).expect("never gives up");
                    assert_eq!(mutex::owner(&*mem, 0), Some(me), "the word names its owner");
                    // A separate load and store: a lost update if two were ever inside.
                    let x = mem.load_cell(0);
                    thread::yield_now();
                    mem.store_cell(0, x + 1);
                    mutex::unlock(&*mem, 0, me).expect("it holds the lock");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("no thread panics");
    }
    assert_eq!(mem.load_cell(0), i64::from(THREADS) * EACH);
    assert_eq!(mem.load(0), 0, "free, with no mark left");
}

#[test]
fn without_the_mutex_a_load_and_a_store_lose_an_update() {
    // The control for the test above, made certain: both threads load before either stores
    // (a barrier between), as the race allows, and one increment is lost.
    let mem = Arc::new(StdMemory::new(0, 1));
    let between = Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (mem, between) = (mem.clone(), between.clone());
            thread::spawn(move || {
                let x = mem.load_cell(0);
                between.wait();
                mem.store_cell(0, x + 1);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("no thread panics");
    }
    assert_eq!(mem.load_cell(0), 1, "two increments, one survives");
}

#[test]
fn a_blocked_locker_is_told_who_holds_the_lock_and_who_handed_it_over() {
    let mem = Arc::new(StdMemory::new(mutex::WORDS, 0));
    assert!(mutex::try_lock(&*mem, 0, 7));
    let waiter = {
        let mem = mem.clone();
        thread::spawn(move || {
            let mut w = Patient::default();
            let taken = mutex::lock(&*mem, 0, 2, &mut w).expect("never gives up");
            (w.blocked, taken)
        })
    };
    while mem.load(0) & mutex::CONTENDED == 0 {
        thread::yield_now();
    }
    assert_eq!(
        mutex::unlock(&*mem, 0, 2),
        Err(mutex::NotOwner { holder: Some(7) })
    );
    mutex::unlock(&*mem, 0, 7).expect("7 holds it");
    let (blocked, taken) = waiter.join().expect("no panic");
    assert_eq!(blocked, Some(Some(7)));
    assert_eq!(
        taken,
        mutex::Taken::AfterWaiting {
            unlocked_by: Some(7)
        }
    );
}

#[test]
fn a_parked_locker_that_is_cancelled_wakes_and_gives_up() {
    let mem = Arc::new(StdMemory::new(mutex::WORDS, 0));
    assert!(mutex::try_lock(&*mem, 0, 0));
    let cancel = Arc::new(AtomicBool::new(false));
    let waiter = {
        let (mem, cancel) = (mem.clone(), cancel.clone());
        thread::spawn(move || mutex::lock(&*mem, 0, 1, &mut UntilFlag(cancel)))
    };
    while mem.load(0) & mutex::CONTENDED == 0 {
        thread::yield_now();
    }
    // Nobody notifies: the waiter finds out at the end of its park slice.
    cancel.store(true, SeqCst);
    assert_eq!(waiter.join().expect("no panic"), Err(GaveUp));
    assert_eq!(mutex::owner(&*mem, 0), Some(0), "the holder keeps it");
}

#[test]
fn the_semaphore_never_lends_more_permits_than_it_has() {
    const PERMITS: i32 = 2;
    let mem = Arc::new(StdMemory::new(semaphore::WORDS, 0));
    semaphore::init(&*mem, 0, PERMITS);
    let inside = Arc::new(AtomicI32::new(0));
    let most = Arc::new(AtomicI32::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|me| {
            let (mem, inside, most) = (mem.clone(), inside.clone(), most.clone());
            thread::spawn(move || {
                for _ in 0..2_000 {
                    semaphore::acquire(&*mem, 0, 1, &mut Patient::default()).expect("waits");
                    let now = inside.fetch_add(1, SeqCst) + 1;
                    most.fetch_max(now, SeqCst);
                    thread::yield_now();
                    inside.fetch_sub(1, SeqCst);
                    semaphore::release(&*mem, 0, 1, me);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("no thread panics");
    }
    assert!(
        most.load(SeqCst) <= PERMITS,
        "{} inside at once",
        most.load(SeqCst)
    );
    assert_eq!(mem.load(0), PERMITS, "every permit came back");
    assert!(semaphore::released_by(&*mem, 0).is_some_and(|t| t < THREADS));
    assert_eq!(mem.load(1), 0, "nobody is counted as parked");
}

#[test]
fn the_rwlock_admits_many_readers_or_one_writer() {
    let mem = Arc::new(StdMemory::new(rwlock::WORDS, 0));
    // Readers add 1 while inside, writers add 1,000: a writer must see exactly 1,000.
    let inside = Arc::new(AtomicI32::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|me| {
            let (mem, inside) = (mem.clone(), inside.clone());
            thread::spawn(move || {
                for i in 0..2_000 {
                    if (i + me) % 4 == 0 {
                        rwlock::write(&*mem, 0, me, &mut Patient::default()).expect("waits");
                        assert_eq!(rwlock::writer(&*mem, 0), Some(me));
                        assert_eq!(inside.fetch_add(1_000, SeqCst), 0, "a writer is alone");
                        thread::yield_now();
                        inside.fetch_sub(1_000, SeqCst);
                        rwlock::unlock_write(&*mem, 0, me);
                    } else {
                        rwlock::read(&*mem, 0, &mut Patient::default()).expect("waits");
                        assert!(inside.fetch_add(1, SeqCst) < 1_000, "no writer inside");
                        thread::yield_now();
                        inside.fetch_sub(1, SeqCst);
                        rwlock::unlock_read(&*mem, 0, me);
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("no thread panics");
    }
    assert_eq!(mem.load(0), 0, "nobody holds it");
    assert_eq!(mem.load(1), 0, "no writer waits");
}

#[test]
fn a_waiting_writer_stops_new_readers() {
    let mem = Arc::new(StdMemory::new(rwlock::WORDS, 0));
    assert!(rwlock::try_read(&*mem, 0), "a first reader holds it");
    let blocked = Arc::new(AtomicBool::new(false));
    let writer = {
        let (mem, blocked) = (mem.clone(), blocked.clone());
        thread::spawn(move || rwlock::write(&*mem, 0, 5, &mut SaysBlocked(blocked)))
    };
    // Not merely announced (the reader's unlock could then come before the writer's first
    // look, which would take the lock without waiting): found the lock held.
    while !blocked.load(SeqCst) {
        thread::yield_now();
    }
    assert!(
        !rwlock::try_read(&*mem, 0),
        "a new reader must wait for the writer"
    );
    rwlock::unlock_read(&*mem, 0, 1);
    assert_eq!(writer.join().expect("no panic"), Ok(true));
    assert_eq!(
        rwlock::unlocked_by(&*mem, 0),
        Some(1),
        "the reader's unlock let it in"
    );
    assert_eq!(rwlock::writer(&*mem, 0), Some(5));
    rwlock::unlock_write(&*mem, 0, 5);
    assert_eq!(rwlock::unlocked_by(&*mem, 0), Some(5));
    assert!(
        rwlock::try_read(&*mem, 0),
        "readers go once the writer is done"
    );
}
