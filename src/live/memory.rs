//! Where a live run's shared state lives when the page is cross-origin isolated: one buffer of
//! shared memory that every worker views. This is the one home for its layout and for which
//! steps use it.
//!
//! - Each resource `r` owns cell `r` (a 64-bit variable) and words `r * WORDS_PER_RESOURCE ..`
//!   (a lock, a channel or a condition variable), so a worker finds them without a table.
//! - A lock's cell holds the time (run µs) its last release was written, so whoever takes it
//!   next writes its take no earlier: each worker reads its own clock.
//! - Each task `t` owns the word after every resource's: its cancel flag (the canceller's task
//!   index plus one), which a thread parked on a lock reads between its parks, since it cannot
//!   read messages while parked.
//! - Each task `t` also owns a signal word after every cancel flag, which a notify sets when it
//!   wakes `t` from a condition variable's queue, and a status word after every signal word:
//!   the resource it waits for in shared memory (its index plus one), or 0, with the time the
//!   wait began in a cell of its own after every ring. The page reads this status array to
//!   confirm a deadlock the coordinator's mirror of the workers' reports suggests.
//! - Each trace lane owns a ring of words after every task's (`shm::ring`): the worker on that
//!   lane writes its trace batches there, and the page drains them.
//! - A bounded channel of at most [`RING_MAX`] items owns a ring of cells after every
//!   resource's cell (`shm::channel`), and a condition variable a queue of one cell per task
//!   (`shm::condvar`).
//!
//! Variables are read and written there by `load`, `store` and `incr`, as separate atomic
//! operations: a real lost update can happen. A lock, a bounded channel or a condition variable
//! lives there when its async users can await it ([`real_resources`]): threads, jobs and
//! processes block their own worker on it, while the event loop must never block. Everything
//! else goes through the coordinator.

use crate::model::{ResourceKind, Scenario, TaskKind};
use crate::rules::program::{Op, Program};
use crate::shm::channel::Chan;
use crate::shm::condvar::Cv;
use crate::shm::ring::Ring as TraceRing;
use crate::shm::Memory;
use crate::trace::ResId;

/// Words reserved per resource: enough for any lock or channel of `shm`.
pub const WORDS_PER_RESOURCE: usize = 4;
const _: () = assert!(
    crate::shm::mutex::WORDS <= WORDS_PER_RESOURCE
        && crate::shm::rwlock::WORDS <= WORDS_PER_RESOURCE
        && crate::shm::semaphore::WORDS <= WORDS_PER_RESOURCE
        && crate::shm::channel::WORDS <= WORDS_PER_RESOURCE
        && crate::shm::condvar::WORDS <= WORDS_PER_RESOURCE
);

/// The largest channel given a ring in shared memory; a larger or unbounded channel, or a
/// rendezvous, stays with the coordinator.
pub const RING_MAX: u32 = 4096;

/// Words of each worker's trace ring (`shm::ring`): 64 KB, room for a few full batches.
pub const TRACE_RING_WORDS: u32 = 16 * 1024;

/// The shape of a run's shared memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    resources: usize,
    tasks: usize,
    /// Trace lanes: each worker writes its trace into the ring of its lane.
    lanes: usize,
    /// Per resource: the cells it owns after every resource's own, if any.
    rings: Vec<Option<Ring>>,
    cells: usize,
}

/// Cells a resource owns: its first cell and how many items or waiters they hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ring {
    /// A bounded channel's items.
    Items(usize, u32),
    /// A condition variable's queue of waiters: one place per task.
    Waiters(usize, u32),
}

impl Layout {
    pub fn of(scenario: &Scenario) -> Layout {
        let tasks = scenario
            .tasks
            .iter()
            .map(|d| d.replicas.unwrap_or(1).max(1) as usize)
            .sum();
        let resources = scenario.resources.len();
        let mut cells = resources;
        let rings = scenario
            .resources
            .iter()
            .map(|res| {
                let first = cells;
                match res.kind {
                    ResourceKind::Channel {
                        capacity: Some(cap @ 1..=RING_MAX),
                    } => {
                        cells += Chan::cells_for(cap);
                        Some(Ring::Items(first, cap))
                    }
                    ResourceKind::Condvar if (1..=RING_MAX as usize).contains(&tasks) => {
                        cells += tasks;
                        Some(Ring::Waiters(first, tasks as u32))
                    }
                    _ => None,
                }
            })
            .collect();
        let lanes = crate::trace::lane_count(scenario);
        Layout {
            resources,
            tasks,
            lanes,
            rings,
            cells,
        }
    }

    /// (64-bit cells, 32-bit words).
    pub fn size(&self) -> (usize, usize) {
        (
            self.cells + self.tasks,
            self.trace_rings_start() + self.lanes * Self::TRACE_RING_SPAN,
        )
    }

    /// The first word of resource `r`'s lock.
    pub fn lock_word(&self, r: u32) -> usize {
        r as usize * WORDS_PER_RESOURCE
    }

    /// Resource `r` as a channel in shared memory, if it has a ring.
    pub fn channel(&self, r: u32) -> Option<Chan> {
        match self.rings.get(r as usize)? {
            Some(Ring::Items(cells, cap)) => Some(Chan {
                at: self.lock_word(r),
                cells: *cells,
                cap: *cap,
            }),
            _ => None,
        }
    }

    /// Resource `r` as a condition variable in shared memory, if it has a queue.
    pub fn condvar(&self, r: u32) -> Option<Cv> {
        match self.rings.get(r as usize)? {
            Some(Ring::Waiters(cells, cap)) => Some(Cv {
                at: self.lock_word(r),
                cells: *cells,
                cap: *cap,
            }),
            _ => None,
        }
    }

    /// Task `t`'s signal word, which a notify sets when it wakes `t` from a condvar's queue.
    pub fn signal_word(&self, t: u32) -> usize {
        self.resources * WORDS_PER_RESOURCE + self.tasks + t as usize
    }

    /// Task `t`'s status word: what it waits for in shared memory ([`waiting_for`]), or 0.
    pub fn status_word(&self, t: u32) -> usize {
        self.resources * WORDS_PER_RESOURCE + 2 * self.tasks + t as usize
    }

    /// The ring lane `lane`'s worker writes its trace into, if the run has that lane.
    pub fn trace_ring(&self, lane: u32) -> Option<TraceRing> {
        ((lane as usize) < self.lanes).then(|| TraceRing {
            at: self.trace_rings_start() + lane as usize * Self::TRACE_RING_SPAN,
            words: TRACE_RING_WORDS,
        })
    }

    const TRACE_RING_SPAN: usize = crate::shm::ring::HEADER + TRACE_RING_WORDS as usize;

    fn trace_rings_start(&self) -> usize {
        self.resources * WORDS_PER_RESOURCE + 3 * self.tasks
    }

    /// The cell holding when task `t`'s current wait began (run µs).
    pub fn since_cell(&self, t: u32) -> usize {
        self.cells + t as usize
    }

    /// Task `t`'s cancel flag.
    pub fn cancel_word(&self, t: u32) -> usize {
        self.resources * WORDS_PER_RESOURCE + t as usize
    }
}

/// A status word's value for a wait on resource `r`.
pub fn waiting_for(r: ResId) -> i32 {
    i32::try_from(r.0).map_or(i32::MAX, |r| r.saturating_add(1))
}

/// Per resource: whether it lives in shared memory. Threads, jobs and processes park their
/// worker on a lock, a channel or a condition variable there. An async task must never block
/// the event loop: it awaits them with `Atomics.waitAsync` where `async_waits`, and without it
/// whatever an async task waits on stays with the coordinator. A condition variable and the
/// mutexes waited on with it live in the same place, since a `wait` lets go of its mutex and
/// takes it back.
pub(crate) fn real_resources(
    scenario: &Scenario,
    progs: &[Program],
    async_waits: bool,
) -> Vec<bool> {
    let layout = Layout::of(scenario);
    let kinds: Vec<&ResourceKind> = scenario.resources.iter().map(|r| &r.kind).collect();
    let mut real: Vec<bool> = kinds
        .iter()
        .enumerate()
        .map(|(r, k)| match k {
            ResourceKind::Mutex | ResourceKind::RwLock | ResourceKind::Semaphore { .. } => true,
            ResourceKind::Channel { .. } => layout.channel(r as u32).is_some(),
            ResourceKind::Condvar => layout.condvar(r as u32).is_some(),
            ResourceKind::Var { .. } => false,
        })
        .collect();
    let mut waits = Vec::new();
    for (decl, prog) in scenario.tasks.iter().zip(progs) {
        let is_async = decl.kind == TaskKind::Async;
        for op in prog.ops.iter() {
            let disqualified: &[ResId] = match *op {
                Op::Lock(r)
                | Op::Unlock(r)
                | Op::Read(r)
                | Op::Write(r)
                | Op::Acquire(r, _)
                | Op::Release(r, _) => {
                    let awaitable = async_waits
                        && matches!(
                            kinds.get(r.0 as usize),
                            Some(
                                ResourceKind::Mutex
                                    | ResourceKind::RwLock
                                    | ResourceKind::Semaphore { .. }
                            )
                        );
                    if is_async && !awaitable {
                        &[r][..]
                    } else {
                        &[]
                    }
                }
                // An async task awaits a channel's ring as it awaits a lock; a close never
                // waits.
                Op::Send(r, _) | Op::Recv(r) | Op::Close(r) if is_async && !async_waits => &[r][..],
                Op::Notify(r) | Op::NotifyAll(r) if is_async && !async_waits => &[r][..],
                Op::Wait { cv, mutex } => {
                    waits.push((cv, mutex));
                    if is_async && !async_waits {
                        &[cv, mutex][..]
                    } else {
                        &[]
                    }
                }
                _ => continue,
            };
            for r in disqualified {
                if let Some(real) = real.get_mut(r.0 as usize) {
                    *real = false;
                }
            }
        }
    }
    // A `wait` moves between its condvar and its mutex: both in shared memory, or neither.
    // Settling one pair can unsettle another that shares a mutex, so repeat until none moves.
    let mut moved = true;
    while moved {
        moved = false;
        for &(cv, m) in &waits {
            let (c, m) = (cv.0 as usize, m.0 as usize);
            if real.get(c) != real.get(m) {
                for r in [c, m] {
                    if let Some(real) = real.get_mut(r) {
                        moved |= std::mem::replace(real, false);
                    }
                }
            }
        }
    }
    real
}

/// Writes the variables' initial values and the semaphores' permits, before any worker starts.
pub fn init(scenario: &Scenario, mem: &dyn Memory) {
    let layout = Layout::of(scenario);
    for (r, res) in scenario.resources.iter().enumerate() {
        match res.kind {
            ResourceKind::Var { init } => mem.store_cell(r, init),
            ResourceKind::Semaphore { permits } => {
                let permits = i32::try_from(permits).unwrap_or(i32::MAX);
                crate::shm::semaphore::init(mem, layout.lock_word(r as u32), permits);
            }
            _ => {}
        }
    }
}

/// The variables' values now: (resource index, value).
pub fn var_values(scenario: &Scenario, mem: &dyn Memory) -> Vec<(u32, i64)> {
    scenario
        .resources
        .iter()
        .enumerate()
        .filter(|(_, res)| matches!(res.kind, ResourceKind::Var { .. }))
        .map(|(r, _)| (r as u32, mem.load_cell(r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::real_resources;
    use crate::rules::program::{compile, Names};

    fn real(text: &str, async_waits: bool) -> Vec<bool> {
        let scenario = crate::model::load(text).expect("valid");
        let progs = compile(&scenario, &Names::new(&scenario));
        real_resources(&scenario, &progs, async_waits)
    }

    const MIXED: &str = "scenario \"m\"\n\nmutex a\nmutex b\nmutex c\nmutex d\ncondvar cv\nrwlock r\nsemaphore s = 2\nrwlock q\nsemaphore p = 1\n\n\
        thread t {\n  read r\n  unlock r\n  acquire s\n  release s\n  write q\n  unlock q\n  lock d\n  unlock d\n  lock a\n  unlock a\n  lock c\n  wait cv c\n  unlock c\n}\n\n\
        async u {\n  acquire p\n  release p\n  read q\n  unlock q\n  lock b\n  unlock b\n  lock a\n  unlock a\n}\n";

    #[test]
    fn async_users_keep_a_lock_with_the_coordinator_unless_they_can_await_it() {
        // a: a thread and an async task; b: async only; c: a thread waits on cv with it; d: a
        // thread only; cv: a thread waits on it; r and s: threads only; q: an rwlock a thread
        // and an async task use; p: a semaphore an async task uses. Without `waitAsync`, what
        // an async task takes stays with the coordinator.
        assert_eq!(
            real(MIXED, false),
            vec![false, false, true, true, true, true, true, false, false]
        );
        assert_eq!(real(MIXED, true), vec![true; 9]);
    }

    #[test]
    fn a_bounded_channel_only_threads_use_gets_a_ring() {
        let text = "scenario \"c\"\n\nchannel a capacity 2\nchannel b capacity 2\nchannel c\nchannel d capacity 0\nchannel e capacity 5000\nchannel f capacity 1\n\n\
            thread t {\n  send a 1\n  send b 1\n  send c 1\n  send d 1\n  send e 1\n  close f\n}\n\n\
            async u {\n  recv b\n}\n\nprocess p {\n  recv a\n}\n";
        // a: a thread and a process (a pipe); b: an async task awaits it; c: unbounded; d: a
        // rendezvous; e: too large a ring; f: closed by a thread.
        assert_eq!(
            real(text, true),
            vec![true, true, false, false, false, true]
        );
        // Without `waitAsync` an async task cannot await b's ring.
        assert_eq!(
            real(text, false),
            vec![true, false, false, false, false, true]
        );
        let scenario = crate::model::load(text).expect("valid");
        let layout = super::Layout::of(&scenario);
        let (a, f) = (
            layout.channel(0).expect("a ring"),
            layout.channel(5).expect("a ring"),
        );
        assert_eq!(
            (a.cells, a.cap),
            (6, 2),
            "rings follow every resource's own cell"
        );
        // e is too large for a ring.
        let ring = crate::shm::channel::Chan::cells_for;
        assert_eq!(f.cells, 6 + 2 * ring(2));
        assert_eq!(layout.channel(2), None);
        // Then one cell per task (t, u and p) for when its wait began.
        assert_eq!(layout.size().0, f.cells + ring(1) + 3);
    }

    #[test]
    fn a_condvar_and_the_mutexes_waited_on_with_it_move_together() {
        let waits = "condvar cv1\ncondvar cv2\nmutex m\nmutex n\n\n\
            thread t {\n  lock m\n  wait cv1 m\n  wait cv2 m\n  unlock m\n  lock n\n  wait cv1 n\n  unlock n\n}\n";
        assert_eq!(real(waits, true), vec![true, true, true, true]);
        // Every word the run uses is inside the memory it asks for.
        let layout = super::Layout::of(&crate::model::load(waits).expect("valid"));
        let (cells, words) = layout.size();
        assert_eq!(
            layout.trace_ring(0).map(|r| r.at),
            Some(layout.status_word(0) + 1),
            "the event loop's trace ring follows the last task's status"
        );
        let lanes = crate::trace::skeleton(&crate::model::load(waits).expect("valid"))
            .map(|s| s.trace.lanes.len() as u32)
            .expect("a skeleton");
        let last = layout.trace_ring(lanes - 1).expect("a ring per lane");
        assert_eq!(
            last.at + crate::shm::ring::HEADER + last.words as usize,
            words
        );
        assert_eq!(layout.trace_ring(lanes), None);
        assert_eq!(layout.cancel_word(0) + 1, layout.signal_word(0));
        assert_eq!(layout.signal_word(0) + 1, layout.status_word(0));
        let queue = layout.condvar(1).expect("a queue");
        assert_eq!(queue.cells + queue.cap as usize, layout.since_cell(0));
        assert_eq!(
            layout.since_cell(0) + 1,
            cells,
            "when its wait began, the last cell"
        );
        // Without `waitAsync`, an async task's notify keeps cv2 with the coordinator, so m,
        // which cv2 re-locks, stays there too; then cv1, which waits with m, and n, which cv1
        // re-locks. With it, an async task awaits them all in shared memory.
        let with_async = format!("{waits}\nasync u {{\n  notify cv2\n}}\n");
        assert_eq!(real(&with_async, false), vec![false, false, false, false]);
        assert_eq!(real(&with_async, true), vec![true; 4]);
        let async_waiter = format!("{waits}\nasync w {{\n  lock n\n  wait cv1 n\n  unlock n\n}}\n");
        assert_eq!(real(&async_waiter, true), vec![true; 4]);
    }
}
