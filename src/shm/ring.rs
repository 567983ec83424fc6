//! A ring of byte records from one writer to one reader over shared words: how a live worker's
//! trace reaches the page without a message per batch. Two header words count the words ever
//! written and ever read (wrapping); a record is its length in bytes, then its bytes packed
//! four to a word. The writer publishes a record by moving the written count after its words,
//! and the reader frees them by moving the read count, so neither ever waits for the other.

use super::Memory;

/// Header words: written, read.
pub const HEADER: usize = 2;

/// Where one ring is: its header at `at`, then `words` words of records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ring {
    pub at: usize,
    pub words: u32,
}

impl Ring {
    fn word(self, count: u32) -> usize {
        self.at + HEADER + (count % self.words.max(1)) as usize
    }
}

/// Appends `bytes` as one record; false (and nothing written) if there is no room for it.
pub fn push(mem: &(impl Memory + ?Sized), ring: Ring, bytes: &[u8]) -> bool {
    let body = bytes.len().div_ceil(4);
    let need = 1 + body as u64;
    let written = mem.load(ring.at) as u32;
    let read = mem.load(ring.at + 1) as u32;
    let used = u64::from(written.wrapping_sub(read));
    if bytes.len() > i32::MAX as usize || used + need > u64::from(ring.words) {
        return false;
    }
    let mut words = Vec::with_capacity(1 + body);
    words.push(bytes.len() as i32);
    words.extend(bytes.chunks(4).map(|c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        i32::from_le_bytes(w)
    }));
    store_run(mem, ring, written, &words);
    mem.store(ring.at, written.wrapping_add(need as u32) as i32);
    true
}

/// How far the writer has written: a mark for [`drain_to`].
pub fn written(mem: &(impl Memory + ?Sized), ring: Ring) -> u32 {
    mem.load(ring.at) as u32
}

/// Takes every record written so far, oldest first.
pub fn drain(mem: &(impl Memory + ?Sized), ring: Ring) -> Vec<Vec<u8>> {
    drain_to(mem, ring, written(mem, ring))
}

/// Takes the records written before `mark` ([`written`]) that are still unread, oldest first.
/// A record whose length cannot be right (a writer that died mid-way cannot make one, but the
/// reader trusts nothing) ends the drain and drops what is left.
pub fn drain_to(mem: &(impl Memory + ?Sized), ring: Ring, mark: u32) -> Vec<Vec<u8>> {
    let mut read = mem.load(ring.at + 1) as u32;
    // Already read past the mark (counts wrap): nothing to take.
    if mark.wrapping_sub(read) > ring.words {
        return Vec::new();
    }
    let written = mark;
    let mut records = Vec::new();
    while read != written {
        let left = written.wrapping_sub(read);
        let len = mem.load(ring.word(read)) as u32 as usize;
        let body = len.div_ceil(4);
        if left > ring.words || 1 + body as u64 > u64::from(left) {
            read = written;
            break;
        }
        let words = load_run(mem, ring, read.wrapping_add(1), body);
        let mut bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        bytes.truncate(len);
        records.push(bytes);
        read = read.wrapping_add(1 + body as u32);
    }
    mem.store(ring.at + 1, read as i32);
    records
}

/// Stores `words` from count `from` on, in at most two runs (the ring wraps once at most).
fn store_run(mem: &(impl Memory + ?Sized), ring: Ring, from: u32, words: &[i32]) {
    let start = (from % ring.words) as usize;
    let first = words.len().min(ring.words as usize - start);
    mem.store_words(ring.word(from), &words[..first]);
    if first < words.len() {
        mem.store_words(ring.at + HEADER, &words[first..]);
    }
}

/// Loads `n` words from count `from` on.
fn load_run(mem: &(impl Memory + ?Sized), ring: Ring, from: u32, n: usize) -> Vec<i32> {
    let start = (from % ring.words) as usize;
    let first = n.min(ring.words as usize - start);
    let mut words = mem.load_words(ring.word(from), first);
    if first < n {
        words.extend(mem.load_words(ring.at + HEADER, n - first));
    }
    words
}
