//! The interpreter's condition variables in shared memory (`live::memory`): `wait CV M` and
//! `notify`, run where the task is over the queue of `shm::condvar`, with the mutex M in shared
//! memory too. A waiter lets go of M, parks its worker on its own signal word until notified
//! (`real_lock::Parked`), and takes M back as a `lock` does, drawing the same events as the
//! simulator: the release, the wait, the wake by the notifier, then the take or a wait for M.

use super::interp::{Ctl, Interp};
use super::real_lock::{Held, Parked};
use crate::rules::resources::wait_refused;
use crate::shm::condvar::{self, Cv};
use crate::shm::{GaveUp, Memory};
use crate::trace::{EventKind, ResId, TaskId, WaitFor, WakeCause};
use std::rc::Rc;

impl Interp {
    pub(super) fn wait_real(&mut self, cv: ResId, m: ResId) -> Ctl {
        let (mem, queue, signal) = match self.queue_and_unlock(cv, m) {
            Ok(queued) => queued,
            Err(ctl) => return ctl,
        };
        let me = self.cell.id;
        let mut parked = Parked::new(self, WaitFor::Notify(cv));
        let notified = condvar::await_notify(&*mem, queue, me, signal, &mut parked);
        let cancelled_by = parked.cancelled_by;
        drop(parked);
        match notified {
            Ok(by) => {
                self.sh.emit_at(
                    self.taken_at(cv),
                    EventKind::Woken {
                        task: self.task(),
                        by: by.map(TaskId),
                        cause: WakeCause::Notify(cv),
                    },
                );
                self.lock_real(m)
            }
            Err(GaveUp) => self.gave_up(cancelled_by),
        }
    }

    pub(super) fn notify_real(&mut self, cv: ResId, all: bool) -> Ctl {
        let Some((mem, queue)) = self.queue(cv) else {
            return self.raise("the run's shared memory is missing".to_string());
        };
        // The waiters' wakes are written no earlier than this notify (the condvar's cell, as a
        // lock's release time): each worker reads its own clock.
        let now = i64::try_from(self.sh.now()).unwrap_or(i64::MAX);
        mem.max_cell(cv.0 as usize, now);
        let layout = &self.sh.layout;
        condvar::notify(&*mem, queue, self.cell.id, all, |t| layout.signal_word(t));
        Ctl::Go
    }

    /// The start of a `wait CV M`, for threads and async tasks alike: the task must hold M; it
    /// queues on CV, then lets go of M. Returns the memory, the queue and the task's signal
    /// word, or how the task goes on instead.
    pub(super) fn queue_and_unlock(
        &mut self,
        cv: ResId,
        m: ResId,
    ) -> Result<(Rc<dyn Memory>, Cv, usize), Ctl> {
        let Some((mem, queue)) = self.queue(cv) else {
            return Err(self.raise("the run's shared memory is missing".to_string()));
        };
        if !self.held_real.contains(&Held::Mutex(m)) {
            let msg = wait_refused(self.res_name(cv), self.task_name(), self.res_name(m));
            return Err(self.raise(msg));
        }
        let (me, signal) = (self.cell.id, self.sh.layout.signal_word(self.cell.id));
        // Queued before the unlock, so that a notify right after it finds this task waiting.
        if condvar::enqueue(&*mem, queue, me, signal).is_err() {
            let msg = format!("condvar {} has no room left", self.res_name(cv));
            return Err(self.raise(msg));
        }
        if let Ctl::End(how) = self.unlock_real(m, false) {
            return Err(Ctl::End(how));
        }
        Ok((mem, queue, signal))
    }

    fn queue(&self, cv: ResId) -> Option<(Rc<dyn Memory>, Cv)> {
        Some((self.sh.memory.clone()?, self.sh.layout.condvar(cv.0)?))
    }
}
