//! The shared-memory condition variable on real threads over std atomics: order, lost
//! notifies, giving up, and a ping-pong under stress.

use super::condvar::{self, Cv};
use super::waiters::{Patient, UntilFlag};
use super::{mutex, GaveUp, Memory, StdMemory, Waiting};
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;

const TASKS: u32 = 4;
/// Words: the condvar's, then one signal word per task, then a mutex.
const CV: Cv = Cv {
    at: 0,
    cells: 0,
    cap: TASKS,
};
const SIGNALS: usize = condvar::WORDS;
const M: usize = SIGNALS + TASKS as usize;

fn signal(t: u32) -> usize {
    SIGNALS + t as usize
}

fn memory() -> Arc<StdMemory> {
    Arc::new(StdMemory::new(M + mutex::WORDS, TASKS as usize + 1))
}

/// Starts a waiter and returns once it is queued.
fn waiter(
    mem: &Arc<StdMemory>,
    me: u32,
    waiting: impl Waiting + Send + 'static,
) -> thread::JoinHandle<Result<Option<u32>, GaveUp>> {
    let before = condvar::waiters(&**mem, CV).len();
    condvar::enqueue(&**mem, CV, me, signal(me)).expect("room");
    assert_eq!(condvar::waiters(&**mem, CV).len(), before + 1);
    let mem = mem.clone();
    let mut waiting = waiting;
    thread::spawn(move || condvar::await_notify(&*mem, CV, me, signal(me), &mut waiting))
}

#[test]
fn notify_wakes_the_longest_waiter_and_notify_all_the_rest_in_order() {
    let mem = memory();
    let waiters: Vec<_> = (0..3)
        .map(|t| waiter(&mem, t, Patient::default()))
        .collect();
    assert_eq!(condvar::waiters(&*mem, CV), vec![0, 1, 2]);
    assert_eq!(condvar::notify(&*mem, CV, 3, false, signal), vec![0]);
    assert_eq!(condvar::waiters(&*mem, CV), vec![1, 2]);
    assert_eq!(condvar::notify(&*mem, CV, 3, true, signal), vec![1, 2]);
    for w in waiters {
        assert_eq!(w.join().expect("no panic"), Ok(Some(3)), "woken by task 3");
    }
    assert_eq!(
        condvar::notify(&*mem, CV, 3, true, signal),
        Vec::<u32>::new(),
        "a notify with no waiter is lost"
    );
}

#[test]
fn a_waiter_that_gives_up_leaves_the_queue_and_the_next_notify_goes_to_the_one_behind() {
    let mem = memory();
    let cancel = Arc::new(AtomicBool::new(false));
    let first = waiter(&mem, 0, UntilFlag(cancel.clone()));
    let second = waiter(&mem, 1, Patient::default());
    cancel.store(true, SeqCst);
    assert_eq!(first.join().expect("no panic"), Err(GaveUp));
    assert_eq!(condvar::waiters(&*mem, CV), vec![1]);
    assert_eq!(condvar::notify(&*mem, CV, 2, false, signal), vec![1]);
    assert_eq!(second.join().expect("no panic"), Ok(Some(2)));
}

#[test]
fn two_threads_take_turns_through_a_mutex_and_a_condvar_without_a_lost_wake() {
    // Turn in cell TASKS: each thread waits, holding m, until the turn is its own, takes it,
    // passes it on and notifies. A lost or spurious wake would hang or break the count.
    const ROUNDS: i64 = 2_000;
    let mem = memory();
    let turn = TASKS as usize;
    let handles: Vec<_> = (0..2u32)
        .map(|me| {
            let mem = mem.clone();
            thread::spawn(move || {
                for _ in 0..ROUNDS {
                    mutex::lock(&*mem, M, me, &mut Patient::default()).expect("waits");
                    while mem.load_cell(turn) % 2 != i64::from(me) {
                        condvar::enqueue(&*mem, CV, me, signal(me)).expect("room");
                        mutex::unlock(&*mem, M, me).expect("holds m");
                        condvar::await_notify(&*mem, CV, me, signal(me), &mut Patient::default())
                            .expect("waits");
                        mutex::lock(&*mem, M, me, &mut Patient::default()).expect("waits");
                    }
                    mem.store_cell(turn, mem.load_cell(turn) + 1);
                    condvar::notify(&*mem, CV, me, false, signal);
                    mutex::unlock(&*mem, M, me).expect("holds m");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("no thread panics");
    }
    assert_eq!(mem.load_cell(turn), 2 * ROUNDS);
    assert_eq!(condvar::waiters(&*mem, CV), Vec::<u32>::new());
}
