//! A fingerprint of the simulator state at a choice point, so an explorer can tell when two schedules meet.
//!
//! The fingerprint covers what decides the rest of the run and what the summary reports (task
//! states, registers, resources, timers, queues, lanes, cores, the clock), and leaves out history:
//! the trace, counters that only number things (`seq`, lane generations, `work`) and
//! `loop_blocked`. Two equivalences make different paths meet more often, and both are sound
//! for an explorer that tries every candidate at every choice point:
//! - **Queues consumed only through the chooser are sets.** The current round of the ready
//!   queue, the next round, the pool queue, the core queue and the same-instant actions are
//!   only ever taken from by [`super::chooser::pick`], which offers every entry; their order
//!   only decides which entry is the *default*, so they are hashed sorted.
//! - **Timers are named by where they are first met**, not by their creation order: a walk in
//!   a fixed order (tasks, event-loop timers, the agenda) numbers each timer it meets, so
//!   `sleep` timers set in a different order by two paths still compare equal. Order among
//!   timers matters only for event-loop ties and the agenda, and both are hashed in order.
//!
//! Caveat: the run's event and work limits count history, so a run near `max_events` may be
//! cut at a different point on a pruned path. An explorer should run with generous limits.

use super::chooser::{Candidate, ChoiceKind};
use super::world::{Frame, LaneState, Occ, Res, Status, Wait, World};
use crate::rules::resources::ResWait;
use crate::trace::{EndHow, TimerId, TimerWhat};
use std::collections::BTreeMap;

/// A 64-bit mixing hash: every word goes through the splitmix64 finalizer (a bijection with
/// full avalanche), so structured inputs spread well. With a million states the chance of
/// any collision is about 3 in 100 million.
struct Mix(u64);

impl Mix {
    fn word(&mut self, w: u64) {
        let mut z = (self.0 ^ w).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }

    fn opt(&mut self, w: Option<u64>) {
        match w {
            Some(w) => {
                self.word(1);
                self.word(w);
            }
            None => self.word(0),
        }
    }

    fn text(&mut self, s: &str) {
        self.word(s.len() as u64);
        for chunk in s.as_bytes().chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.word(u64::from_le_bytes(b));
        }
    }
}

/// The walk: the hash so far and the canonical number of every timer met.
struct Walk<'w> {
    world: &'w World,
    h: Mix,
    names: BTreeMap<u32, u64>,
}

impl Walk<'_> {
    /// Writes a timer by its canonical number; the first time, also what it is.
    fn timer(&mut self, id: TimerId) {
        if let Some(&n) = self.names.get(&id.0) {
            self.h.word(2);
            self.h.word(n);
            return;
        }
        let n = self.names.len() as u64;
        self.names.insert(id.0, n);
        self.h.word(1);
        self.h.word(n);
        let key = self.timer_content(id);
        for w in key {
            self.h.word(w);
        }
    }

    /// What a timer is, independent of its id.
    fn timer_content(&self, id: TimerId) -> [u64; 7] {
        let Some(tm) = self.world.timers.get(id.0 as usize) else {
            return [u64::MAX; 7];
        };
        let what = match tm.what {
            TimerWhat::Sleep => 0,
            TimerWhat::Start(t) => 1 + u64::from(t.0),
            TimerWhat::Timeout => u64::MAX,
        };
        let by = tm.by.map_or(0, |t| u64::from(t.0) + 1);
        let flags = u64::from(tm.on_loop) | u64::from(tm.cancelled) << 1 | u64::from(tm.fired) << 2;
        [tm.due, u64::from(tm.owner.0), what, by, tm.dur, flags, 0]
    }

    /// A candidate as words that do not depend on timer creation order; timers not met yet
    /// are described by content (such a timer is in this queue only, so content is enough).
    fn candidate(&self, c: &Candidate) -> [u64; 8] {
        match *c {
            Candidate::Task(t) => [1, u64::from(t.0), 0, 0, 0, 0, 0, 0],
            Candidate::Lane { lane, task } => [
                3,
                u64::from(lane.0),
                task.map_or(0, |t| u64::from(t.0) + 1),
                0,
                0,
                0,
                0,
                0,
            ],
            Candidate::Timer { timer, task } => match self.names.get(&timer.0) {
                Some(&n) => [2, 0, n, u64::from(task.0), 0, 0, 0, 0],
                None => {
                    let k = self.timer_content(timer);
                    [2, 1, k[0], k[1], k[2], k[3], k[4], k[5]]
                }
            },
        }
    }

    /// A queue whose order only sets the default choice: hashed as a sorted multiset.
    fn set_of(&mut self, items: &[Candidate]) {
        let mut keys: Vec<[u64; 8]> = items.iter().map(|c| self.candidate(c)).collect();
        keys.sort_unstable();
        self.h.word(keys.len() as u64);
        for k in keys {
            for w in k {
                self.h.word(w);
            }
        }
    }

    fn status(&mut self, s: &Status) {
        match s {
            Status::NotStarted => self.h.word(0),
            Status::Starting => self.h.word(1),
            Status::Queued => self.h.word(2),
            Status::Ready => self.h.word(3),
            Status::Running => self.h.word(4),
            Status::Waiting(w) => {
                self.h.word(5);
                self.wait(w);
            }
            Status::Ended(how) => {
                self.h.word(6);
                match how {
                    EndHow::Completed => self.h.word(0),
                    EndHow::Cancelled => self.h.word(1),
                    EndHow::Failed(msg) => {
                        self.h.word(2);
                        self.h.text(msg);
                    }
                }
            }
        }
    }

    fn wait(&mut self, w: &Wait) {
        let (tag, a, b) = match w {
            Wait::Res(ResWait::Lock(r)) => (0, r.0, 0),
            Wait::Res(ResWait::Read(r)) => (1, r.0, 0),
            Wait::Res(ResWait::Write(r)) => (2, r.0, 0),
            Wait::Res(ResWait::Permits(r, n)) => (3, r.0, *n),
            Wait::Res(ResWait::Notify(r)) => (4, r.0, 0),
            Wait::Res(ResWait::Send(r)) => (5, r.0, 0),
            Wait::Res(ResWait::Recv(r)) => (6, r.0, 0),
            Wait::Join(list) => {
                self.h.word(7);
                self.h.word(list.len() as u64);
                for t in list {
                    self.h.word(u64::from(t.0));
                }
                return;
            }
            Wait::Sleep(timer) => {
                self.h.word(8);
                self.timer(*timer);
                return;
            }
        };
        self.h.word(tag);
        self.h.word(u64::from(a));
        self.h.word(u64::from(b));
    }

    fn tasks(&mut self) {
        let world = self.world;
        self.h.word(world.tasks.len() as u64);
        for t in &world.tasks {
            self.status(&t.status);
            self.h.word(u64::from(t.pc));
            self.h.word(t.frames.len() as u64);
            for f in &t.frames {
                match *f {
                    Frame::Repeat { left, start } => {
                        self.h.word(0);
                        self.h.word(left);
                        self.h.word(u64::from(start));
                    }
                    Frame::Timeout { timer } => {
                        self.h.word(1);
                        self.timer(timer);
                    }
                    Frame::Try { catch } => {
                        self.h.word(2);
                        self.h.word(u64::from(catch));
                    }
                }
            }
            self.h.word(t.reg as u64);
            self.h.opt(t.lane.map(|l| u64::from(l.0)));
            self.h.word(u64::from(t.on_cpu));
            self.h.word(t.holds.len() as u64);
            for r in &t.holds {
                self.h.word(u64::from(r.0));
            }
            match &t.resume_err {
                Some(msg) => {
                    self.h.word(1);
                    self.h.text(msg);
                }
                None => self.h.word(0),
            }
            self.h.word(u64::from(t.cancel_pending));
            match t.timeout_pending {
                Some(id) => {
                    self.h.word(1);
                    self.timer(id);
                }
                None => self.h.word(0),
            }
            self.h.word(t.joiners.len() as u64);
            for j in &t.joiners {
                self.h.word(u64::from(j.0));
            }
            match t.start_timer {
                Some(id) => {
                    self.h.word(1);
                    self.timer(id);
                }
                None => self.h.word(0),
            }
            self.h.opt(t.start_us);
            self.h.opt(t.end_us);
            self.h.word(t.end_seq);
        }
    }

    fn lanes(&mut self) {
        let world = self.world;
        self.h.word(world.lanes.len() as u64);
        for l in &world.lanes {
            self.h.opt(l.task.map(|t| u64::from(t.0)));
            self.h.word(l.state as u64);
            self.h.opt(l.core.map(u64::from));
            self.h.word(u64::from(l.queued));
            self.h.word(l.compute_left);
            // Slices matter only while the lane holds a core, and the compute clock only
            // while it computes; elsewhere they are leftovers of the past.
            if l.core.is_some() {
                self.h.word(l.slice_start);
                self.h.word(l.slice_end);
            }
            if l.state == LaneState::Busy {
                self.h.word(l.compute_since);
                self.h.word(l.wake_at);
            }
        }
    }

    fn resources(&mut self) {
        let world = self.world;
        self.h.word(world.res.len() as u64);
        for r in &world.res {
            match r {
                Res::Mutex { holder, waiters } => {
                    self.h.word(0);
                    self.h.opt(holder.map(|t| u64::from(t.0)));
                    self.h.word(waiters.len() as u64);
                    for w in waiters {
                        self.h.word(u64::from(w.0));
                    }
                }
                Res::RwLock {
                    writer,
                    readers,
                    waiters,
                } => {
                    self.h.word(1);
                    self.h.opt(writer.map(|t| u64::from(t.0)));
                    self.h.word(readers.len() as u64);
                    for x in readers {
                        self.h.word(u64::from(x.0));
                    }
                    self.h.word(waiters.len() as u64);
                    for (x, write) in waiters {
                        self.h.word(u64::from(x.0) << 1 | u64::from(*write));
                    }
                }
                Res::Sem {
                    avail,
                    held,
                    waiters,
                } => {
                    self.h.word(2);
                    self.h.word(u64::from(*avail));
                    self.h.word(held.len() as u64);
                    for (x, n) in held.iter().chain(waiters.iter()) {
                        self.h.word(u64::from(x.0) << 32 | u64::from(*n));
                    }
                    self.h.word(waiters.len() as u64);
                }
                Res::Chan {
                    cap,
                    buf,
                    closed,
                    senders,
                    receivers,
                } => {
                    self.h.word(3);
                    self.h.opt(cap.map(u64::from));
                    self.h.word(u64::from(*closed));
                    self.h.word(buf.len() as u64);
                    for v in buf {
                        self.h.word(*v as u64);
                    }
                    self.h.word(senders.len() as u64);
                    for (x, v) in senders {
                        self.h.word(u64::from(x.0));
                        self.h.word(*v as u64);
                    }
                    self.h.word(receivers.len() as u64);
                    for x in receivers {
                        self.h.word(u64::from(x.0));
                    }
                }
                Res::Cv { waiters } => {
                    self.h.word(4);
                    self.h.word(waiters.len() as u64);
                    for (x, m) in waiters {
                        self.h.word(u64::from(x.0) << 32 | u64::from(m.0));
                    }
                }
                Res::Var { value } => {
                    self.h.word(5);
                    self.h.word(*value as u64);
                }
            }
        }
    }

    /// Event-loop timers and the agenda, in their own order; stale agenda entries are skipped.
    fn timers_and_agenda(&mut self) {
        let world = self.world;
        self.h.word(world.loop_timers.len() as u64);
        for &(_, id) in &world.loop_timers {
            self.timer(id);
        }
        for &(at, _, occ) in &world.agenda {
            match occ {
                Occ::Lane(l, gen) => {
                    if world.lanes[l.0 as usize].gen != gen {
                        continue;
                    }
                    self.h.word(10);
                    self.h.word(at);
                    self.h.word(u64::from(l.0));
                }
                Occ::Timer(id) => {
                    let tm = &world.timers[id.0 as usize];
                    if tm.cancelled || tm.fired {
                        continue;
                    }
                    self.h.word(11);
                    self.h.word(at);
                    self.timer(id);
                }
                Occ::LoopWake => {
                    self.h.word(12);
                    self.h.word(at);
                }
            }
        }
        self.h.word(13);
    }
}

impl World {
    /// The state fingerprint at a choice point of `kind` among `candidates` (which are part of
    /// the state already; the kind tells which decision the simulator is in the middle of).
    pub(super) fn state_hash(&self, kind: ChoiceKind, candidates: &[Candidate]) -> u64 {
        let mut w = Walk {
            world: self,
            h: Mix(0x1234_5678_9abc_def0),
            names: BTreeMap::new(),
        };
        w.h.word(kind as u64);
        w.h.word(self.now);
        w.h.word(self.round_left as u64);
        w.h.word(self.end_seq);
        w.tasks();
        w.lanes();
        w.resources();
        w.timers_and_agenda();
        let ready = self.ready.as_slice();
        let split = self.round_left.min(ready.len());
        w.set_of(&ready[..split]);
        w.set_of(&ready[split..]);
        w.set_of(self.pool.as_slice());
        w.set_of(self.core_queue.as_slice());
        w.set_of(self.now_q.as_slice());
        w.set_of(candidates);
        w.h.word(self.free_cores.len() as u64);
        for &c in &self.free_cores {
            w.h.word(u64::from(c));
        }
        for owner in &self.core_owner {
            w.h.opt(owner.map(|l| u64::from(l.0)));
        }
        w.h.0
    }
}
