//! A growable array whose items never move: storage in chunks of doubling size.

/// Items of the first chunk; chunk `k` holds `FIRST << k`.
const FIRST_BITS: u32 = 5;
const FIRST: u32 = 1 << FIRST_BITS;

/// A list of items reached by index, like a `Vec`, except that growing adds a chunk instead
/// of moving every item into a bigger buffer: an executor that spawns 100,000 tasks at once
/// would otherwise copy its task table about 17 times over as it fills.
pub(crate) struct Chunks<T> {
    chunks: Vec<Vec<T>>,
    len: u32,
}

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Self {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

// ===== impl Chunks =====

impl<T> Chunks<T> {
    /// Appends an item and returns its index.
    pub fn push(&mut self, item: T) -> u32 {
        let index = self.len;
        let (chunk, _) = locate(index);
        if chunk == self.chunks.len() {
            self.chunks
                .push(Vec::with_capacity((FIRST << chunk) as usize));
        }
        self.chunks[chunk].push(item);
        self.len = index.checked_add(1).expect("fewer than 2^32 items");
        index
    }

    /// The item at `index`, if there is one.
    #[inline(always)]
    pub fn get_mut(&mut self, index: u32) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        let (chunk, offset) = locate(index);
        self.chunks.get_mut(chunk)?.get_mut(offset)
    }

    /// Every item, in index order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

/// The chunk holding `index` and the index within it.
#[inline(always)]
fn locate(index: u32) -> (usize, usize) {
    // Shifted by FIRST, chunk k covers [FIRST << k, FIRST << (k + 1)): its top bit names it.
    let shifted = u64::from(index) + u64::from(FIRST);
    let top = 63 - shifted.leading_zeros();
    let chunk = top - FIRST_BITS;
    (chunk as usize, (shifted - (1u64 << top)) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_map_to_consecutive_places_in_doubling_chunks() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(FIRST - 1), (0, FIRST as usize - 1));
        assert_eq!(locate(FIRST), (1, 0));
        assert_eq!(locate(3 * FIRST - 1), (1, 2 * FIRST as usize - 1));
        assert_eq!(locate(3 * FIRST), (2, 0));
        assert_eq!(locate(u32::MAX).0, 32 - FIRST_BITS as usize);
    }

    #[test]
    fn it_reads_back_what_was_pushed_and_never_moves_an_item() {
        let mut chunks = Chunks::default();
        let first = {
            chunks.push(0u32);
            std::ptr::from_mut(chunks.get_mut(0).expect("pushed")) as usize
        };
        for i in 1..10_000u32 {
            assert_eq!(chunks.push(i), i);
        }
        assert_eq!(
            std::ptr::from_mut(chunks.get_mut(0).expect("kept")) as usize,
            first
        );
        for i in [0, 31, 32, 95, 96, 9_999] {
            assert_eq!(chunks.get_mut(i).copied(), Some(i));
        }
        assert_eq!(chunks.get_mut(10_000), None);
        assert!(chunks.iter().copied().eq(0..10_000));
    }
}
