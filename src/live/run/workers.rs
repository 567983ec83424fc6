//! The workers of a live run on the page: taking one on for a place in the run (set up or just
//! started), posting to it (or holding messages until it is ready), and replacing a worker
//! that threw or died.

use super::page_run::Run;
use crate::live::coord::{Dest, Source};
use crate::live::pool;
use crate::live::proto::{Role, Setup, ToWorker};
use crate::live::watchdog::Verdict;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

pub(super) type Handler = Closure<dyn FnMut(MessageEvent)>;
pub(super) type ErrorHandler = Closure<dyn FnMut(ErrorEvent)>;

/// One worker of the run.
pub(super) struct Slot {
    pub(super) worker: Option<Worker>,
    /// Set up and able to take messages; until then they wait in `pending`.
    pub(super) ready: bool,
    pub(super) pending: Vec<ToWorker>,
    /// Bumped when the worker is replaced, so a dead worker's late messages are ignored.
    pub(super) incarnation: u32,
    pub(super) handlers: Option<(Handler, ErrorHandler)>,
    /// When the worker last sent anything (`performance.now()`), and when the watchdog pinged
    /// it, if it has not answered since.
    pub(super) heard_ms: f64,
    pub(super) pinged_ms: Option<f64>,
    /// Threads started together (by one step, or at 0) start running together: their
    /// messages wait until every worker of the group has been set up.
    pub(super) group: Option<u32>,
    /// The worker answered its `Setup`.
    pub(super) set_up: bool,
}

impl Run {
    /// Takes `worker` as `dest`'s worker: listens to it, and sets it up for the run (or, if it
    /// is already set up, starts its clock).
    pub(super) fn attach(&mut self, dest: Dest, worker: Worker, incarnation: u32, set_up: bool) {
        let me = self.me.clone();
        let on_message = Handler::new(move |e: MessageEvent| {
            let data = e.data();
            Run::with(&me, |r| r.on_message(dest, incarnation, data));
        });
        let me = self.me.clone();
        let on_error = ErrorHandler::new(move |e: ErrorEvent| {
            // Handled here: it fails the worker's tasks, it is not a page error.
            e.prevent_default();
            let why = e.message();
            Run::with(&me, |r| r.on_fault(dest, incarnation, &why));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let role = match dest {
            Dest::Loop => Role::Loop,
            Dest::Pool(w) => Role::Pool(w),
            Dest::Thread(t) => Role::Thread(t),
        };
        let first = if set_up {
            ToWorker::Clock {
                run: self.coord.run,
                t0_ms: self.t0_ms,
            }
        } else {
            if let Some(memory) = &self.memory {
                pool::post_memory(&worker, memory);
            }
            setup_msg(&self.template, role, self.coord.lane_of(dest), self.t0_ms)
        };
        pool::post(&worker, &first);
        let slot = self.slots.entry(dest).or_insert(Slot {
            worker: None,
            ready: false,
            pending: Vec::new(),
            incarnation,
            heard_ms: 0.0,
            pinged_ms: None,
            handlers: None,
            group: None,
            set_up: false,
        });
        slot.worker = Some(worker);
        slot.heard_ms = crate::web::clock::now_ms();
        slot.pinged_ms = None;
        slot.incarnation = incarnation;
        slot.handlers = Some((on_message, on_error));
        // A worker of a thread group waits for the rest of its group (see `set_up`).
        if slot.group.is_none() {
            slot.ready = true;
            let pending = std::mem::take(&mut slot.pending);
            if !pending.is_empty() {
                self.post(dest, pending);
            }
        }
    }

    /// A thread worker answered its `Setup`: when its whole group has, they all start.
    pub(super) fn set_up(&mut self, dest: Dest) {
        let Some(group) = self.slots.get_mut(&dest).and_then(|slot| {
            slot.set_up = true;
            slot.group
        }) else {
            return;
        };
        self.release_group(group);
    }

    /// Starts a thread group if every worker still in it is set up.
    pub(super) fn release_group(&mut self, group: u32) {
        let members: Vec<Dest> = self
            .slots
            .iter()
            .filter(|(_, s)| s.group == Some(group))
            .map(|(d, _)| *d)
            .collect();
        if members.iter().any(|d| !self.slots[d].set_up) {
            return;
        }
        for d in members {
            if let Some(slot) = self.slots.get_mut(&d) {
                slot.group = None;
                slot.ready = true;
                let pending = std::mem::take(&mut slot.pending);
                self.post(d, pending);
            }
        }
    }

    /// Posts messages to `dest` as one batch, or keeps them until its worker is ready.
    pub(super) fn post(&mut self, dest: Dest, mut msgs: Vec<ToWorker>) {
        self.raise_cancel_flags(&msgs);
        let Some(slot) = self.slots.get_mut(&dest) else {
            return;
        };
        match (&slot.worker, slot.ready) {
            (Some(worker), true) => {
                let msg = if msgs.len() == 1 {
                    msgs.remove(0)
                } else {
                    ToWorker::Batch {
                        run: self.coord.run,
                        msgs,
                    }
                };
                pool::post(worker, &msg);
            }
            _ => slot.pending.extend(msgs),
        }
    }

    /// A task parked on a lock in shared memory reads no message until it wakes: its cancel
    /// flag there tells it (`live::memory`). A running task reads the message first.
    fn raise_cancel_flags(&self, msgs: &[ToWorker]) {
        let Some(memory) = &self.memory else {
            return;
        };
        for msg in msgs {
            if let ToWorker::Cancel { task, by, .. } = msg {
                let word = self.layout.cancel_word(*task);
                crate::shm::Memory::store(memory, word, (*by as i32).wrapping_add(1));
            }
        }
    }

    /// A worker threw or died: its tasks fail, and a loop or pool worker is replaced.
    pub(super) fn on_fault(&mut self, dest: Dest, incarnation: u32, why: &str) {
        if self.done || self.slots.get(&dest).map(|s| s.incarnation) != Some(incarnation) {
            return;
        }
        // What the worker wrote before it died comes first.
        self.drain_ring(dest, incarnation);
        let src = Source {
            lane: self.coord.lane_of(dest),
            incarnation,
        };
        self.release_held(Some(src));
        if let Some(slot) = self.slots.get_mut(&dest) {
            if let Some(w) = slot.worker.take() {
                pool::end(&w);
            }
            slot.ready = false;
            slot.handlers = None;
            slot.incarnation += 1;
        }
        let now = self.now();
        let why = if why.is_empty() {
            "its worker crashed".to_string()
        } else {
            format!("its worker crashed: {why}")
        };
        let memory = self.memory.as_ref().map(|m| m as &dyn crate::shm::Memory);
        self.coord.on_fault(dest, &why, now, memory);
        self.dirty = true;
        if !matches!(dest, Dest::Thread(_)) {
            self.replace(dest, incarnation + 1);
        }
        self.apply();
        self.check_end();
    }

    /// Pings workers that went quiet, and fails the tasks of one that has not answered for
    /// longer than it could be busy (a worker the browser stopped without an error event).
    pub(super) fn check_alive(&mut self) {
        if self.done {
            return;
        }
        let now = crate::web::clock::now_ms();
        let mut dead = Vec::new();
        for (dest, slot) in &mut self.slots {
            let Some(worker) = &slot.worker else {
                continue;
            };
            match self.watchdog.verdict(now, slot.heard_ms, slot.pinged_ms) {
                Verdict::Fine => {}
                Verdict::Ping => {
                    slot.pinged_ms = Some(now);
                    let id = slot.incarnation;
                    pool::post(worker, &ToWorker::Ping { id });
                }
                Verdict::Dead => dead.push((*dest, slot.incarnation, now - slot.heard_ms)),
            }
        }
        for (dest, incarnation, quiet_ms) in dead {
            let why = format!(
                "it stopped answering (silent for {:.1} s)",
                quiet_ms / 1000.0
            );
            self.on_fault(dest, incarnation, &why);
        }
    }

    /// Starts a new worker for `dest`; messages for it wait until it is ready.
    pub(super) fn replace(&mut self, dest: Dest, incarnation: u32) {
        let me = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let started = pool::spawn_worker().await;
            let Some(run) = me.upgrade() else {
                if let Ok(w) = started {
                    pool::end(&w);
                }
                return;
            };
            Run::with(&Rc::downgrade(&run), |r| match started {
                Ok(w) if !r.done && r.slot_is(dest, incarnation) => {
                    r.attach(dest, w, incarnation, false)
                }
                Ok(w) => pool::end(&w),
                Err(e) => {
                    if let Dest::Thread(t) = dest {
                        let now = r.now();
                        let why = format!("its worker did not start: {}", e.0);
                        let memory = r.memory.as_ref().map(|m| m as &dyn crate::shm::Memory);
                        r.coord.on_fault(Dest::Thread(t), &why, now, memory);
                        r.apply();
                        r.check_end();
                    }
                }
            });
        });
    }

    pub(super) fn slot_is(&self, dest: Dest, incarnation: u32) -> bool {
        self.slots
            .get(&dest)
            .is_some_and(|s| s.incarnation == incarnation && s.worker.is_none())
    }
}

/// The message that sets a worker up for a run: the run's `template` in this worker's place.
pub(super) fn setup_msg(template: &Setup, role: Role, lane: u32, t0_ms: f64) -> ToWorker {
    ToWorker::Setup(Setup {
        role,
        lane,
        t0_ms,
        ..template.clone()
    })
}
