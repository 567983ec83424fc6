//! A prop that holds shared data and compares by identity.

use std::rc::Rc;

/// Shared data compared by identity (the same `Rc` or both absent), so props stay cheap to
/// compare on every animation frame.
pub struct Shared<T>(pub Option<Rc<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}
