//! The page's side of the workers' trace rings (`shm::ring`, `live::memory`): with shared
//! memory, a worker writes its batches of events there instead of posting them, and the page
//! takes them in here: every tick, before a posted batch (as far as that batch says the ring
//! was written, so that nothing is taken out of order), before a worker's fault is handled,
//! and once more as the run ends.

use super::page_run::Run;
use crate::live::coord::{Dest, Source};
use crate::live::proto::{parse_from_worker, FromWorker};
use crate::shm::ring;

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
            any |= self.drain_ring(dest, incarnation, None);
        }
        any
    }

    /// Takes in what `dest`'s ring holds, up to `mark` if given; true if anything came.
    pub(super) fn drain_ring(&mut self, dest: Dest, incarnation: u32, mark: Option<u32>) -> bool {
        let Some(memory) = &self.memory else {
            return false;
        };
        let lane = self.coord.lane_of(dest);
        let Some(at) = self.layout.trace_ring(lane) else {
            return false;
        };
        let records = match mark {
            Some(mark) => ring::drain_to(memory, at, mark),
            None => ring::drain(memory, at),
        };
        if records.is_empty() {
            return false;
        }
        let src = Source { lane, incarnation };
        let now = self.now();
        for bytes in records {
            if let Ok(FromWorker::Batch { run, items, .. }) = parse_from_worker(&bytes) {
                if run == self.coord.run {
                    self.coord.on_ring_batch(src, items, now);
                }
            }
        }
        if let Some(slot) = self.slots.get_mut(&dest) {
            slot.heard_ms = crate::web::clock::now_ms();
        }
        self.dirty = true;
        true
    }
}
