//! The page's side of the workers' trace rings (`shm::ring`, `live::memory`): with shared
//! memory, a worker writes its batches of events there instead of posting them, and the page
//! takes them in here: every tick, before a posted batch, before a worker's fault is handled,
//! and once more as the run ends. Batches of both roads pass through `coord::arrivals`, which
//! keeps the order the worker handed them over in.

use super::page_run::Run;
use crate::live::coord::{Dest, Source};
use crate::live::proto::Out;
use crate::live::proto::{parse_from_worker, FromWorker};
use crate::shm::ring;

/// How a batch reached the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Road {
    Ring,
    Posted,
}

impl Run {
    /// Takes in what every worker's ring holds; true if anything came.
    pub(super) fn drain_rings(&mut self) -> bool {
        let dests: Vec<(Dest, u32)> = self
            .slots
            .iter()
            .map(|(d, s)| (*d, s.incarnation))
            .collect();
        let mut any = false;
        for (dest, incarnation) in dests {
            any |= self.drain_ring(dest, incarnation);
        }
        any
    }

    /// Takes in what `dest`'s ring holds; true if anything came.
    pub(super) fn drain_ring(&mut self, dest: Dest, incarnation: u32) -> bool {
        let Some(memory) = &self.memory else {
            return false;
        };
        let lane = self.coord.lane_of(dest);
        let Some(at) = self.layout.trace_ring(lane) else {
            return false;
        };
        let records = ring::drain(memory, at);
        if records.is_empty() {
            return false;
        }
        let src = Source { lane, incarnation };
        for bytes in records {
            if let Ok(FromWorker::Batch { run, seq, items }) = parse_from_worker(&bytes) {
                if run == self.coord.run {
                    self.take_batch(src, seq, items, Road::Ring);
                }
            }
        }
        if let Some(slot) = self.slots.get_mut(&dest) {
            slot.heard_ms = crate::web::clock::now_ms();
        }
        self.dirty = true;
        true
    }

    /// Takes batch `seq` of `src` in, with every batch it held back, as soon as no earlier
    /// one is missing. A posted batch comes after the worker's ring was drained, so nothing
    /// earlier can still come (`Arrivals::admit_last`).
    pub(super) fn take_batch(&mut self, src: Source, seq: u32, items: Vec<Out>, road: Road) {
        let due = match road {
            Road::Ring => self.arrivals.admit(src, seq, (items, road)),
            Road::Posted => self.arrivals.admit_last(src, seq, (items, road)),
        };
        self.hand_over(src, due);
    }

    /// Gives the coordinator batches of `src`, in order.
    pub(super) fn hand_over(&mut self, src: Source, batches: Vec<(Vec<Out>, Road)>) {
        let now = self.now();
        for (items, road) in batches {
            match road {
                Road::Ring => self.coord.on_ring_batch(src, items, now),
                Road::Posted => self.coord.on_batch(src, items, now),
            }
        }
    }

    /// Hands over what is held back for `src`, or for every worker: nothing more will come
    /// before a worker's fault is handled or the run ends.
    pub(super) fn release_held(&mut self, src: Option<Source>) {
        let held = match src {
            Some(src) => self
                .arrivals
                .release(src)
                .into_iter()
                .map(|b| (src, b))
                .collect(),
            None => self.arrivals.release_all(),
        };
        for (src, batch) in held {
            self.hand_over(src, vec![batch]);
        }
    }
}
