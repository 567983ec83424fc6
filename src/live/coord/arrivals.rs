//! A worker's batches taken in the order it handed them over. They reach the page by two roads,
//! its trace ring and posted messages, and a drain of the ring can find batches written after a
//! posted one that is still on its way: those wait for it. Taken early, they would move that
//! batch's events later in the trace than what they caused.

use super::Source;

/// Batches held until every earlier one of the same worker has come. Held batches are few
/// (a ring drained while one post is on its way), so plain vectors do.
pub struct Arrivals<T> {
    /// The number of the batch each worker (incarnation) is to hand over next.
    next: Vec<(Source, u32)>,
    held: Vec<(Source, u32, T)>,
}

impl<T> Default for Arrivals<T> {
    fn default() -> Self {
        Arrivals {
            next: Vec::new(),
            held: Vec::new(),
        }
    }
}

impl<T> Arrivals<T> {
    /// Batch number `seq` of `src` came: the batches now due, in order (none while an earlier
    /// one is missing). A number already taken is a repeat and is dropped.
    pub fn admit(&mut self, src: Source, seq: u32, batch: T) -> Vec<T> {
        let next = self.next_of(src);
        if seq < next {
            return Vec::new();
        }
        self.held.push((src, seq, batch));
        let mut due = Vec::new();
        let mut next = next;
        while let Some(at) = self.held.iter().position(|h| h.0 == src && h.1 == next) {
            due.push(self.held.remove(at).2);
            next += 1;
        }
        self.set_next(src, next);
        due
    }

    /// Batch number `seq` of `src` came by a road that nothing before it can overtake: a
    /// posted batch, taken after the worker's ring was drained (posted messages keep their
    /// order, and the ring holds everything written before the post). A number still missing
    /// before it was lost (a record the page could not read), so it is skipped instead of
    /// holding the worker's batches, and its requests, back for good.
    pub fn admit_last(&mut self, src: Source, seq: u32, batch: T) -> Vec<T> {
        if seq < self.next_of(src) {
            return Vec::new();
        }
        let mut due = self.take_held(|h| h.0 == src && h.1 < seq);
        self.set_next(src, seq);
        due.extend(self.admit(src, seq, batch));
        due
    }

    /// What `src` still has held, in order: for a worker that died, or a run that ended, before
    /// a missing batch came. Nothing more will come, and what did come belongs to the trace.
    pub fn release(&mut self, src: Source) -> Vec<T> {
        self.take_held(|h| h.0 == src)
    }

    /// Every worker's held batches, worker by worker, each in order.
    pub fn release_all(&mut self) -> Vec<(Source, T)> {
        let mut held = std::mem::take(&mut self.held);
        held.sort_by_key(|h| (h.0, h.1));
        held.into_iter()
            .map(|(src, _, batch)| (src, batch))
            .collect()
    }

    /// The held batches that `pick` chooses, taken out in order of worker and number.
    fn take_held(&mut self, pick: impl Fn(&(Source, u32, T)) -> bool) -> Vec<T> {
        let (mut taken, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|h| pick(h));
        self.held = kept;
        taken.sort_by_key(|h| (h.0, h.1));
        taken.into_iter().map(|(_, _, batch)| batch).collect()
    }

    fn next_of(&self, src: Source) -> u32 {
        self.next
            .iter()
            .find(|(s, _)| *s == src)
            .map_or(0, |(_, n)| *n)
    }

    fn set_next(&mut self, src: Source, next: u32) {
        match self.next.iter_mut().find(|(s, _)| *s == src) {
            Some((_, n)) => *n = next,
            None => self.next.push((src, next)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Source = Source {
        lane: 0,
        incarnation: 0,
    };
    const B: Source = Source {
        lane: 1,
        incarnation: 0,
    };

    #[test]
    fn batches_in_order_pass_at_once() {
        let mut a = Arrivals::default();
        assert_eq!(a.admit(A, 0, "a0"), vec!["a0"]);
        assert_eq!(a.admit(A, 1, "a1"), vec!["a1"]);
        assert_eq!(a.admit(B, 0, "b0"), vec!["b0"]);
    }

    #[test]
    fn a_batch_ahead_of_a_missing_one_waits_for_it() {
        let mut a = Arrivals::default();
        assert_eq!(a.admit(A, 0, "ring 0"), vec!["ring 0"]);
        // The ring's batches 2 and 3 are drained while posted batch 1 is on its way.
        assert!(a.admit(A, 2, "ring 2").is_empty());
        assert!(a.admit(A, 3, "ring 3").is_empty());
        // Another worker is not held up.
        assert_eq!(a.admit(B, 0, "b0"), vec!["b0"]);
        assert_eq!(
            a.admit(A, 1, "posted 1"),
            vec!["posted 1", "ring 2", "ring 3"]
        );
        assert_eq!(a.admit(A, 4, "ring 4"), vec!["ring 4"]);
    }

    #[test]
    fn a_posted_batch_skips_a_number_that_was_lost() {
        let mut a = Arrivals::default();
        assert_eq!(a.admit(A, 0, "ring 0"), vec!["ring 0"]);
        // Ring batch 1 could not be read; ring batch 2 waits for it.
        assert!(a.admit(A, 2, "ring 2").is_empty());
        assert_eq!(a.admit_last(A, 3, "posted 3"), vec!["ring 2", "posted 3"]);
        assert_eq!(a.admit(A, 4, "ring 4"), vec!["ring 4"]);
        // Nothing is skipped when nothing is missing.
        assert_eq!(a.admit_last(A, 5, "posted 5"), vec!["posted 5"]);
    }

    #[test]
    fn a_repeat_is_dropped() {
        let mut a = Arrivals::default();
        assert_eq!(a.admit(A, 0, "a0"), vec!["a0"]);
        assert!(a.admit(A, 0, "a0 again").is_empty());
    }

    #[test]
    fn a_new_incarnation_counts_from_zero() {
        let mut a = Arrivals::default();
        assert_eq!(a.admit(A, 0, "a0"), vec!["a0"]);
        let again = Source {
            incarnation: 1,
            ..A
        };
        assert_eq!(a.admit(again, 0, "new a0"), vec!["new a0"]);
    }

    #[test]
    fn what_is_held_is_released_in_order_when_nothing_more_will_come() {
        let mut a = Arrivals::default();
        assert!(a.admit(A, 3, "a3").is_empty());
        assert!(a.admit(A, 1, "a1").is_empty());
        assert!(a.admit(B, 2, "b2").is_empty());
        assert_eq!(a.release(A), vec!["a1", "a3"]);
        assert!(a.release(A).is_empty());
        assert_eq!(a.release_all(), vec![(B, "b2")]);
    }
}
