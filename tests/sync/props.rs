//! Property test: random lock/unlock interleavings, with cancellation, never deadlock.

use super::*;
use proptest::prelude::*;

/// Marks a critical section; leaving it (even by cancellation) clears the mark.
struct Critical(Rc<Cell<bool>>);

impl Critical {
    fn enter(inside: &Rc<Cell<bool>>) -> Self {
        assert!(!inside.replace(true), "two holders at once");
        Critical(Rc::clone(inside))
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// One task's plan: for each visit, how many yields to hold the lock and to wait after.
fn plans() -> impl Strategy<Value = Vec<Vec<(u8, u8)>>> {
    prop::collection::vec(prop::collection::vec((0u8..3, 0u8..3), 1..5), 2..7)
}

proptest! {
    #[test]
    fn random_lock_interleavings_never_deadlock_and_end_with_the_mutex_free(
        plans in plans(),
        seed in any::<u64>(),
        cancel_after in prop::option::of(0usize..20),
    ) {
        let ex = Executor::with_policy(Policy::Random { seed });
        let m = Rc::new(Mutex::new(()));
        let inside = Rc::new(Cell::new(false));
        let visits = Rc::new(Cell::new(0usize));
        let total: usize = plans.iter().map(Vec::len).sum();
        let mut handles = Vec::new();
        for plan in plans {
            let (m, inside, visits) = (Rc::clone(&m), Rc::clone(&inside), Rc::clone(&visits));
            handles.push(ex.spawn(async move {
                for (hold, pause) in plan {
                    let guard = m.lock().await;
                    let critical = Critical::enter(&inside);
                    for _ in 0..hold {
                        yield_now().await;
                    }
                    drop(critical);
                    drop(guard);
                    visits.set(visits.get() + 1);
                    for _ in 0..pause {
                        yield_now().await;
                    }
                }
            }));
        }
        if let Some(rounds) = cancel_after {
            // Cancel the middle task after some rounds: a holder or a waiter, whatever it is.
            for _ in 0..rounds {
                ex.try_tick();
            }
            handles[handles.len() / 2].cancel();
        }
        prop_assert_eq!(ex.run(), RunOutcome::Completed);
        prop_assert!(!m.is_locked());
        prop_assert_eq!(m.waiting(), 0);
        if cancel_after.is_none() {
            prop_assert_eq!(visits.get(), total);
        }
    }
}
