//! `join_all`: waits for several futures at once (each starts when first polled, so all of them
//! start together), giving their outputs in order.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Polls every future until all are done.
pub struct JoinAll<F: Future> {
    futs: Vec<Option<Pin<Box<F>>>>,
    out: Vec<Option<F::Output>>,
}

/// All of `futs` at once; their outputs in the order given.
pub fn join_all<F: Future>(futs: impl IntoIterator<Item = F>) -> JoinAll<F> {
    let futs: Vec<Option<Pin<Box<F>>>> = futs.into_iter().map(|f| Some(Box::pin(f))).collect();
    let out = futs.iter().map(|_| None).collect();
    JoinAll { futs, out }
}

// Nothing in it is ever pinned in place: the futures are boxed, the outputs plain values.
impl<F: Future> Unpin for JoinAll<F> {}

impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut pending = false;
        for (slot, out) in this.futs.iter_mut().zip(this.out.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => {
                        *out = Some(v);
                        *slot = None;
                    }
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            return Poll::Pending;
        }
        Poll::Ready(this.out.iter_mut().filter_map(Option::take).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::{yield_now, Executor};
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn all_futures_start_together_and_outputs_keep_their_order() {
        let exec = Executor::new();
        let log = Rc::new(RefCell::new(Vec::new()));
        let make = |i: u32, yields: u32| {
            let log = log.clone();
            async move {
                log.borrow_mut().push(format!("start {i}"));
                for _ in 0..yields {
                    yield_now().await;
                }
                log.borrow_mut().push(format!("end {i}"));
                i * 10
            }
        };
        let out = exec
            .block_on(join_all(vec![make(1, 2), make(2, 0), make(3, 1)]))
            .expect("completes");
        assert_eq!(out, vec![10, 20, 30]);
        let log = log.borrow();
        let at = |s: &str| log.iter().position(|x| x == s).expect("logged");
        // The last future started before the first one (which yields twice) ended.
        assert!(at("start 3") < at("end 1"), "{log:?}");
        assert_eq!(log.len(), 6);
    }
}
