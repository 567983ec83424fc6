//! The step interpreter: runs one task's compiled program as a future on the worker's executor.
//!
//! It follows the simulator's step rules (`sim::steps`): blocks (`repeat`, `timeout`, `try`)
//! are frames over a program counter; a failure unwinds to the innermost `try`; cancellation
//! and an expired `timeout` are noticed when an async task resumes after an await, and by a
//! thread, job or process before every step. What differs is where things happen: `compute` is
//! real arithmetic, `sleep` a real timer, and shared state a request to the coordinator.

use super::awaited_lock::AsyncTake;
use super::cell::{ReplyWait, SleepWait, TaskCell, Woke, YieldGate};
use super::Shared;
use crate::live::proto::{Out, Reply, ReqOp, Request};
use crate::model::{Micros, StoreOp, TaskKind};
use crate::rules::program::Op;
use crate::trace::{EndHow, EventKind, ResId, TaskId, TimerId, TimerWhat, WakeCause};
use std::rc::Rc;

/// An open block.
#[derive(Clone, Copy, Debug)]
pub(super) enum Frame {
    Repeat {
        left: u64,
    },
    Timeout {
        timer: u32,
        due: Micros,
        dur: Micros,
    },
    Try {
        catch: u32,
    },
}

/// What the task does next.
pub(super) enum Ctl {
    Go,
    End(EndHow),
}

/// One task's interpreter: where it is in its program and what it holds privately.
pub(super) struct Interp {
    pub(super) sh: Rc<Shared>,
    pub(super) cell: Rc<TaskCell>,
    /// Its declaration (and program) index.
    pub(super) decl: usize,
    /// The next op to run.
    pub(super) pc: u32,
    /// Open blocks, innermost last.
    pub(super) frames: Vec<Frame>,
    /// The private register that `load` and `recv` fill and `store` reads.
    pub(super) reg: i64,
    /// Mutexes in shared memory it holds, for release on exit.
    pub(super) held_real: Vec<super::real_lock::Held>,
}

/// The whole life of a task on this worker, from its first poll to its end.
pub(super) async fn run_task(sh: Rc<Shared>, cell: Rc<TaskCell>) {
    let decl = sh.decls[cell.id as usize];
    let mut it = Interp {
        sh,
        cell,
        decl,
        pc: 0,
        frames: Vec::new(),
        reg: 0,
        held_real: Vec::new(),
    };
    let how = it.run().await;
    it.end(how);
}

impl Interp {
    pub(super) fn task(&self) -> TaskId {
        TaskId(self.cell.id)
    }

    pub(super) fn thread_side(&self) -> bool {
        self.cell.kind != TaskKind::Async
    }

    async fn run(&mut self) -> EndHow {
        // Cancellation may have come before the first poll.
        if let Some(Ctl::End(how)) = self.check_pending(None) {
            return how;
        }
        loop {
            if self.thread_side() {
                if let Some(Ctl::End(how)) = self.check_pending(None) {
                    return how;
                }
            }
            if !self.advance_control() {
                return self.complete();
            }
            let prog = &self.sh.progs[self.decl];
            let pc = self.pc as usize;
            let (op, text) = (prog.ops[pc], prog.texts[pc].clone());
            self.sh.emit(EventKind::Step {
                task: self.task(),
                text,
            });
            self.pc += 1;
            if let Ctl::End(how) = self.exec(op).await {
                return how;
            }
        }
    }

    async fn exec(&mut self, op: Op) -> Ctl {
        let list = |sh: &Shared, decl: usize, i: u32| -> Vec<u32> {
            sh.progs[decl].lists[i as usize]
                .iter()
                .map(|t| t.0)
                .collect()
        };
        let (sh, decl) = (self.sh.clone(), self.decl);
        let result: Result<(), String> = match op {
            Op::Compute(0) => Ok(()),
            Op::Compute(d) => {
                self.compute(d);
                Ok(())
            }
            Op::Sleep(d) => return self.sleep(d).await,
            Op::Yield => return self.yield_now().await,
            Op::Lock(m) if self.is_real(m) && self.thread_side() => return self.lock_real(m),
            Op::Lock(m) if self.is_real(m) => {
                return self.take_real_async(AsyncTake::Mutex(m)).await
            }
            Op::Unlock(r) if self.is_real(r) => return self.unlock_real(r, false),
            Op::Read(r) if self.is_real(r) && self.thread_side() => return self.rw_real(r, false),
            Op::Write(r) if self.is_real(r) && self.thread_side() => return self.rw_real(r, true),
            Op::Read(r) if self.is_real(r) => {
                return self.take_real_async(AsyncTake::Read(r)).await
            }
            Op::Write(r) if self.is_real(r) => {
                return self.take_real_async(AsyncTake::Write(r)).await
            }
            Op::Acquire(s, n) if self.is_real(s) && self.thread_side() => {
                return self.acquire_real(s, n)
            }
            Op::Acquire(s, n) if self.is_real(s) => {
                return self.take_real_async(AsyncTake::Permits(s, n)).await
            }
            Op::Release(s, n) if self.is_real(s) => return self.release_real(s, n, false),
            Op::Lock(m) => return self.request(ReqOp::Lock(m.0)).await.1,
            Op::Unlock(r) => return self.request(ReqOp::Unlock(r.0)).await.1,
            Op::Read(r) => return self.request(ReqOp::Read(r.0)).await.1,
            Op::Write(r) => return self.request(ReqOp::Write(r.0)).await.1,
            Op::Acquire(s, n) => return self.request(ReqOp::Acquire(s.0, n)).await.1,
            Op::Release(s, n) => return self.request(ReqOp::Release(s.0, n)).await.1,
            Op::Wait { cv, mutex } if self.is_real(cv) && self.thread_side() => {
                return self.wait_real(cv, mutex)
            }
            Op::Wait { cv, mutex } if self.is_real(cv) => {
                return self.wait_real_async(cv, mutex).await
            }
            Op::Notify(cv) if self.is_real(cv) => return self.notify_real(cv, false),
            Op::NotifyAll(cv) if self.is_real(cv) => return self.notify_real(cv, true),
            Op::Wait { cv, mutex } => {
                let op = ReqOp::Wait {
                    cv: cv.0,
                    mutex: mutex.0,
                };
                return self.request(op).await.1;
            }
            Op::Notify(cv) => return self.request(ReqOp::Notify(cv.0)).await.1,
            Op::NotifyAll(cv) => return self.request(ReqOp::NotifyAll(cv.0)).await.1,
            Op::Send(ch, v) if self.is_real(ch) && self.thread_side() => {
                return self.send_real(ch, v)
            }
            Op::Recv(ch) if self.is_real(ch) && self.thread_side() => return self.recv_real(ch),
            Op::Send(ch, v) if self.is_real(ch) => {
                return self.channel_real_async(ch, Some(v)).await
            }
            Op::Recv(ch) if self.is_real(ch) => return self.channel_real_async(ch, None).await,
            Op::Close(ch) if self.is_real(ch) => return self.close_real(ch),
            Op::Send(ch, v) => return self.request(ReqOp::Send(ch.0, v)).await.1,
            Op::Recv(ch) => return self.request_value(ReqOp::Recv(ch.0)).await,
            Op::Close(ch) => return self.request(ReqOp::Close(ch.0)).await.1,
            Op::Spawn(i) => return self.request(ReqOp::Spawn(list(&sh, decl, i))).await.1,
            Op::Join(i) => return self.request(ReqOp::Join(list(&sh, decl, i))).await.1,
            Op::Gather(i) => return self.request(ReqOp::Gather(list(&sh, decl, i))).await.1,
            Op::Cancel(i) => return self.request(ReqOp::Cancel(list(&sh, decl, i))).await.1,
            Op::After(delay, i) => {
                let op = ReqOp::After(delay, list(&sh, decl, i));
                return self.request(op).await.1;
            }
            Op::Load(v) => match self.sh.memory.clone() {
                Some(mem) => {
                    self.reg = mem.load_cell(v.0 as usize);
                    self.sh.emit(EventKind::Loaded {
                        task: self.task(),
                        var: v,
                        value: self.reg,
                    });
                    Ok(())
                }
                None => return self.request_value(ReqOp::Load(v.0)).await,
            },
            Op::Store(v, sop) => {
                let value = match sop {
                    StoreOp::Add(n) => self.reg.wrapping_add(n),
                    StoreOp::Sub(n) => self.reg.wrapping_sub(n),
                    StoreOp::Set(n) => n,
                };
                match self.sh.memory.clone() {
                    Some(mem) => {
                        mem.store_cell(v.0 as usize, value);
                        self.wrote(v, value);
                        Ok(())
                    }
                    None => return self.request(ReqOp::Store(v.0, value)).await.1,
                }
            }
            Op::Incr(v) => match self.sh.memory.clone() {
                Some(mem) => {
                    let value = mem.add_cell(v.0 as usize, 1).wrapping_add(1);
                    self.wrote(v, value);
                    Ok(())
                }
                None => return self.request(ReqOp::Incr(v.0)).await.1,
            },
            Op::Fail(i) | Op::Invalid(i) => Err(sh.progs[decl].strs[i as usize].clone()),
            Op::Log(i) => {
                let text = sh.progs[decl].strs[i as usize].clone();
                self.sh.emit(EventKind::Log {
                    task: self.task(),
                    text,
                });
                Ok(())
            }
            Op::RepeatStart { count } => {
                self.frames.push(Frame::Repeat { left: count });
                Ok(())
            }
            Op::TimeoutStart { dur } => {
                let now = self.sh.now();
                let due = now.saturating_add(dur);
                let timer = self.sh.fresh_timer();
                self.sh.emit(EventKind::TimerSet {
                    timer: TimerId(timer),
                    owner: self.task(),
                    due,
                    what: TimerWhat::Timeout,
                });
                self.frames.push(Frame::Timeout { timer, due, dur });
                Ok(())
            }
            Op::TryStart { catch } => {
                self.frames.push(Frame::Try { catch });
                Ok(())
            }
            Op::RepeatEnd { .. } | Op::TimeoutEnd | Op::TryEnd { .. } => Ok(()),
        };
        match result {
            Ok(()) => Ctl::Go,
            Err(msg) => self.raise(msg),
        }
    }

    /// Records a write to shared memory where it happened.
    fn wrote(&self, var: ResId, value: i64) {
        self.sh.emit(EventKind::VarWritten {
            task: self.task(),
            var,
            value,
        });
    }

    /// Real arithmetic for `d`: on the event loop nothing else runs meanwhile.
    fn compute(&mut self, d: Micros) {
        let now = self.sh.now();
        if self.cell.is_async() {
            let end = now.saturating_add(d);
            let others = self.sh.cells.borrow().values().any(|c| {
                c.id != self.cell.id
                    && (c.ready.get() || c.sleeping.get().is_some_and(|(_, due)| due < end))
            });
            if others {
                self.sh.push(Out::LoopBlocked { us: d });
            }
        }
        let items = std::mem::take(&mut *self.sh.out.borrow_mut());
        if !items.is_empty() {
            self.sh.host.flush(items);
        }
        self.sh.host.compute(d);
    }

    async fn sleep(&mut self, d: Micros) -> Ctl {
        if self.cell.cancel.get().is_some() {
            return Ctl::End(EndHow::Cancelled);
        }
        let now = self.sh.now();
        let due = now.saturating_add(d);
        let timer = self.sh.fresh_timer();
        let task = self.task();
        self.sh.emit(EventKind::TimerSet {
            timer: TimerId(timer),
            owner: task,
            due,
            what: TimerWhat::Sleep,
        });
        self.sh.emit(EventKind::Sleeping { task, until: due });
        self.sh.leave(&self.cell);
        self.cell.sleeping.set(Some((timer, due)));
        self.cell.sleep_fired.set(false);
        self.cell.sleep_cancelled.set(false);
        let race = self.next_timeout();
        self.cell
            .race
            .set(race.map(|(depth, at)| (self.timer_at(depth), at)));
        self.cell.race_fired.set(false);
        let timeout = race.map(|(depth, at)| (depth, Box::pin(self.sh.handle.sleep_until(at))));
        let woke = SleepWait {
            cell: self.cell.clone(),
            sleep: Box::pin(self.sh.handle.sleep_until(due)),
            timeout,
        }
        .await;
        self.cell.sleeping.set(None);
        if !matches!(woke, Woke::TimedOut(_)) {
            self.cell.race.set(None);
        }
        match woke {
            Woke::Timer => {
                if !self.cell.sleep_fired.get() {
                    self.sh.emit(EventKind::TimerFired {
                        timer: TimerId(timer),
                    });
                    self.sh.emit(EventKind::Woken {
                        task,
                        by: None,
                        cause: WakeCause::Timer,
                    });
                }
                self.resumed(None)
            }
            Woke::Cancelled => Ctl::End(EndHow::Cancelled),
            Woke::TimedOut(depth) => {
                let fired = self.cell.race_fired.replace(false);
                if !fired {
                    self.timer_cancelled(timer);
                    self.sh.emit(EventKind::Woken {
                        task,
                        by: None,
                        cause: WakeCause::Timeout,
                    });
                }
                self.cell.race.set(None);
                self.expire_timeout(depth, fired)
            }
            Woke::Reply(_) => Ctl::Go,
        }
    }

    async fn yield_now(&mut self) -> Ctl {
        if self.thread_side() {
            // With unlimited cores nobody waits for this thread's core.
            return Ctl::Go;
        }
        if self.cell.cancel.get().is_some() {
            return Ctl::End(EndHow::Cancelled);
        }
        self.sh.leave(&self.cell);
        self.run_again().await;
        self.resumed(None)
    }

    /// Back in the ready queue, until the loop runs it again (a yield, or a wake).
    pub(super) async fn run_again(&mut self) {
        self.sh.ready(&self.cell);
        YieldGate {
            sh: self.sh.clone(),
            cell: self.cell.clone(),
            done: false,
        }
        .await;
    }

    /// A request whose value goes into the register (`recv`, `load`).
    async fn request_value(&mut self, op: ReqOp) -> Ctl {
        let (value, ctl) = self.request(op).await;
        if let Some(v) = value {
            self.reg = v;
        }
        ctl
    }

    /// Sends a request to the coordinator and awaits its final reply.
    async fn request(&mut self, op: ReqOp) -> (Option<i64>, Ctl) {
        let req = self.cell.next_req.get();
        self.cell.next_req.set(req.wrapping_add(1));
        let now = self.sh.now();
        self.cell.pending.set(Some((req, now)));
        self.cell.waiting.set(false);
        self.cell.waited.set(false);
        *self.cell.reply.borrow_mut() = None;
        let deadline = self.next_timeout().is_some();
        self.sh.push(Out::Req(Request {
            task: self.cell.id,
            req,
            op,
            deadline,
        }));
        if self.cell.is_async() {
            self.sh.gate.set(Some(self.cell.id));
        }
        let timeout = self
            .next_timeout()
            .map(|(_, at)| Box::pin(self.sh.handle.sleep_until(at)));
        let woke = ReplyWait {
            sh: self.sh.clone(),
            cell: self.cell.clone(),
            timeout,
            aborted: false,
        }
        .await;
        let Woke::Reply(reply) = woke else {
            return (None, Ctl::Go);
        };
        // A step that waited resumes like any await; one answered at once just goes on.
        let waited = self.cell.waited.replace(false);
        match reply {
            Reply::Done(v) if waited => (v, self.resumed(None)),
            Reply::Done(v) => (v, Ctl::Go),
            Reply::Fail(msg) if waited => (None, self.resumed(Some(msg))),
            Reply::Fail(msg) => (None, self.raise(msg)),
            Reply::Cancelled => (None, Ctl::End(EndHow::Cancelled)),
            Reply::Interrupted => {
                let depth = self.expired_timeout().or(self.next_timeout().map(|x| x.0));
                match depth {
                    Some(d) => (None, self.expire_timeout(d, false)),
                    None => (None, Ctl::Go),
                }
            }
            Reply::Wait => (None, Ctl::Go),
        }
    }

    /// The task ended here: its open `timeout` timers go, it leaves the lane, the page learns.
    fn end(&mut self, how: EndHow) {
        self.release_real_on_exit();
        for frame in std::mem::take(&mut self.frames).into_iter().rev() {
            if let Frame::Timeout { timer, .. } = frame {
                self.timer_cancelled(timer);
            }
        }
        self.sh.leave(&self.cell);
        let t = self.sh.now();
        self.sh.push(Out::End {
            task: self.cell.id,
            t,
            how,
        });
        self.cell.pending.set(None);
        self.sh.cells.borrow_mut().remove(&self.cell.id);
        if self.sh.gate.get() == Some(self.cell.id) {
            self.sh.open_gate();
        }
    }
}
