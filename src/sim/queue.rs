//! A FIFO of scheduling candidates that can hand its front part to a chooser as a slice.

use super::candidate::Candidate;

/// A FIFO of candidates that can also hand out its front part as a slice for a chooser.
#[derive(Clone, Debug, Default)]
pub(super) struct Queue {
    items: Vec<Candidate>,
    head: usize,
}

impl Queue {
    pub(super) fn len(&self) -> usize {
        self.items.len() - self.head
    }
    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub(super) fn push(&mut self, c: Candidate) {
        self.items.push(c);
    }
    pub(super) fn as_slice(&self) -> &[Candidate] {
        &self.items[self.head..]
    }
    /// Removes and returns the `i`-th entry from the front.
    pub(super) fn remove(&mut self, i: usize) -> Candidate {
        let c = if i == 0 {
            let c = self.items[self.head];
            self.head += 1;
            c
        } else {
            self.items.remove(self.head + i)
        };
        if self.head == self.items.len() {
            self.items.clear();
            self.head = 0;
        } else if self.head >= 1024 && self.head * 2 >= self.items.len() {
            self.items.drain(..self.head);
            self.head = 0;
        }
        c
    }
    /// Removes the first entry that is `c`, if any.
    pub(super) fn remove_item(&mut self, c: Candidate) -> bool {
        match self.as_slice().iter().position(|x| *x == c) {
            Some(i) => {
                self.remove(i);
                true
            }
            None => false,
        }
    }
}
