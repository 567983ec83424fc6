//! Timers: a binary heap of (deadline, insertion number) over a slab of timer slots.

use super::arena::TaskId;
use super::clock::Micros;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::task::Waker;

/// A timer's place in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TimerState {
    /// In the heap, not due yet.
    Armed,
    /// Came due and sits in the ready queue as an entry.
    Due,
    /// Its entry ran: the sleeper was woken and may complete.
    Fired,
}

/// One registered timer.
struct TimerSlot {
    /// Bumped when the slot is freed; heap and queue entries carry it to detect staleness.
    gen: u32,
    /// `None` when the slot is free.
    state: Option<TimerState>,
    /// Whom to wake when it fires.
    waker: Option<Waker>,
    /// The task that set it, reported by the `timer_fired` hook.
    owner: Option<TaskId>,
    /// The owner's priority, for `Policy::Priority`.
    priority: i32,
}

/// A timer that came due, to be appended to the ready queue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DueTimer {
    pub slot: u32,
    pub gen: u32,
    pub priority: i32,
}

/// A timer's place in the heap.
#[derive(Clone, Copy, Debug)]
struct HeapEntry {
    /// `deadline << 64 | seq`: one integer comparison orders by deadline, then by the order
    /// timers were set. `seq` is unique, so keys are too.
    key: u128,
    slot: u32,
    gen: u32,
}

impl HeapEntry {
    fn deadline(&self) -> Micros {
        (self.key >> 64) as Micros
    }
}

// Reversed, so that std's max-heap pops the earliest key first.
impl Ord for HeapEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

impl PartialOrd for HeapEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for HeapEntry {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for HeapEntry {}

/// All timers of one executor.
#[derive(Default)]
pub(crate) struct Timers {
    /// Min-heap on (deadline, seq): earliest first, ties in the order they were set.
    heap: BinaryHeap<HeapEntry>,
    /// Timer slots, occupied or free.
    slots: Vec<TimerSlot>,
    /// Free slot indices.
    free: Vec<u32>,
    /// Insertion counter for tie-breaking.
    seq: u64,
}

// ===== impl Timers =====

impl Timers {
    /// Registers a timer and returns its slot and generation.
    pub fn insert(
        &mut self,
        deadline: Micros,
        waker: Waker,
        owner: Option<TaskId>,
        priority: i32,
    ) -> (u32, u32) {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                let slot = u32::try_from(self.slots.len()).expect("fewer than 2^32 live timers");
                self.slots.push(TimerSlot {
                    gen: 0,
                    state: None,
                    waker: None,
                    owner: None,
                    priority: 0,
                });
                slot
            }
        };
        let s = &mut self.slots[slot as usize];
        s.state = Some(TimerState::Armed);
        s.waker = Some(waker);
        s.owner = owner;
        s.priority = priority;
        let gen = s.gen;
        self.heap.push(HeapEntry {
            key: (u128::from(deadline) << 64) | u128::from(self.seq),
            slot,
            gen,
        });
        self.seq += 1;
        (slot, gen)
    }

    fn live(&mut self, slot: u32, gen: u32) -> Option<&mut TimerSlot> {
        self.slots
            .get_mut(slot as usize)
            .filter(|s| s.gen == gen && s.state.is_some())
    }

    /// Pops the earliest timer whose deadline is at or before `now`, marking it due.
    pub fn pop_due(&mut self, now: Micros) -> Option<DueTimer> {
        while let Some(&entry) = self.heap.peek() {
            if entry.deadline() > now {
                return None;
            }
            self.heap.pop();
            let HeapEntry { slot, gen, .. } = entry;
            if let Some(s) = self.live(slot, gen) {
                s.state = Some(TimerState::Due);
                return Some(DueTimer {
                    slot,
                    gen,
                    priority: s.priority,
                });
            }
        }
        None
    }

    /// The earliest deadline of a live timer, discarding cancelled ones on the way.
    pub fn next_deadline(&mut self) -> Option<Micros> {
        while let Some(&entry) = self.heap.peek() {
            if self.live(entry.slot, entry.gen).is_some() {
                return Some(entry.deadline());
            }
            self.heap.pop();
        }
        None
    }

    /// Fires a due timer: returns the waker to call and the owner, or `None` if the timer
    /// was cancelled since it came due.
    pub fn fire(&mut self, slot: u32, gen: u32) -> Option<(Waker, Option<TaskId>)> {
        let s = self.live(slot, gen)?;
        if s.state != Some(TimerState::Due) {
            return None;
        }
        s.state = Some(TimerState::Fired);
        Some((s.waker.take()?, s.owner))
    }

    /// Whether the timer has fired; otherwise refreshes the waker to call.
    pub fn check(&mut self, slot: u32, gen: u32, waker: &Waker) -> bool {
        match self.live(slot, gen) {
            Some(s) if s.state == Some(TimerState::Fired) => true,
            Some(s) => {
                match &s.waker {
                    Some(w) if w.will_wake(waker) => {}
                    _ => s.waker = Some(waker.clone()),
                }
                false
            }
            // Gone (the executor shut down): report fired so the sleeper does not hang.
            None => true,
        }
    }

    /// Frees a timer (fired, or cancelled by dropping its sleep). Its heap or queue entry,
    /// if any, becomes stale and is skipped later.
    pub fn remove(&mut self, slot: u32, gen: u32) -> Option<Waker> {
        let s = self.live(slot, gen)?;
        s.state = None;
        s.gen = s.gen.wrapping_add(1);
        s.owner = None;
        let waker = s.waker.take();
        self.free.push(slot);
        waker
    }

    /// Number of live timers.
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Drops every timer, returning their wakers to be dropped outside any borrow.
    pub fn clear(&mut self) -> Vec<Waker> {
        self.heap.clear();
        let mut wakers = Vec::new();
        for (i, s) in (0u32..).zip(self.slots.iter_mut()) {
            if s.state.take().is_some() {
                s.gen = s.gen.wrapping_add(1);
                wakers.extend(s.waker.take());
                self.free.push(i);
            }
        }
        wakers
    }
}
