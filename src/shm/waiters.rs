//! What the shared-memory tests tell a waiting thread: wait without limit, or until a flag,
//! or without limit while telling the test it blocked.

use super::Waiting;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::Arc;

/// Waits without limit and records whether it ever blocked, and on whom.
#[derive(Default)]
pub(super) struct Patient {
    pub blocked: Option<Option<u32>>,
}

impl Waiting for Patient {
    fn blocked(&mut self, holder: Option<u32>) {
        self.blocked = Some(holder);
    }
    fn give_up(&mut self) -> bool {
        false
    }
}

/// Gives up once the flag is set.
pub(super) struct UntilFlag(pub Arc<AtomicBool>);

impl Waiting for UntilFlag {
    fn blocked(&mut self, _: Option<u32>) {}
    fn give_up(&mut self) -> bool {
        self.0.load(SeqCst)
    }
}

/// Waits without limit and raises the flag once it found the lock held: a test that must act
/// only after the waiter looked (not merely after it announced itself) waits for the flag.
pub(super) struct SaysBlocked(pub Arc<AtomicBool>);

impl Waiting for SaysBlocked {
    fn blocked(&mut self, _: Option<u32>) {
        self.0.store(true, SeqCst);
    }
    fn give_up(&mut self) -> bool {
        false
    }
}
