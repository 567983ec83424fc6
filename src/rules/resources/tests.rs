//! Event-sequence tests of the shared resource semantics against a recording host.

use super::*;
use crate::model::ResourceKind;

/// What the host was asked to do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Note {
    Event(EventKind),
    Goes(TaskId, Resume),
    WaitsAgain(TaskId, ResWait),
}

struct Mock {
    res: Vec<Res>,
    notes: Vec<Note>,
    holds: Vec<(TaskId, ResId)>,
}

impl Mock {
    fn new(kinds: &[ResourceKind]) -> Mock {
        Mock {
            res: kinds.iter().map(|k| Res::new(*k)).collect(),
            notes: Vec::new(),
            holds: Vec::new(),
        }
    }

    /// Runs an op as a runner does: a step that must wait is queued at once.
    fn run(&mut self, t: u32, op: impl FnOnce(&mut Mock, TaskId) -> Answer) -> Answer {
        let answer = op(self, TaskId(t));
        if let Answer::Wait(p) = answer {
            let on = enqueue(self, TaskId(t), p);
            self.record(EventKind::Blocked {
                task: TaskId(t),
                on: on.on(),
            });
        }
        answer
    }

    fn take(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }
}

impl Host for Mock {
    fn resources(&mut self) -> &mut [Res] {
        &mut self.res
    }
    fn record(&mut self, kind: EventKind) {
        self.notes.push(Note::Event(kind));
    }
    fn may_hold(&mut self, t: TaskId, r: ResId) {
        if !self.holds.contains(&(t, r)) {
            self.holds.push((t, r));
        }
    }
    fn wakes(&mut self, t: TaskId, by: Option<TaskId>, cause: WakeCause) {
        self.record(EventKind::Woken { task: t, by, cause });
    }
    fn proceeds(&mut self, t: TaskId, how: Resume) {
        self.notes.push(Note::Goes(t, how));
    }
    fn waits_again(&mut self, t: TaskId, on: ResWait) {
        self.notes.push(Note::WaitsAgain(t, on));
    }
    fn task_name(&self, _: TaskId) -> &str {
        "t"
    }
    fn resource_name(&self, _: ResId) -> &str {
        "r"
    }
}

const R: ResId = ResId(0);
const R1: ResId = ResId(1);

fn t(i: u32) -> TaskId {
    TaskId(i)
}

fn ev(kind: EventKind) -> Note {
    Note::Event(kind)
}

fn acquired(task: u32, res: ResId, n: u32, shared: bool) -> Note {
    ev(EventKind::Acquired {
        task: t(task),
        res,
        n,
        shared,
    })
}

fn released(task: u32, res: ResId, n: u32, on_exit: bool) -> Note {
    ev(EventKind::Released {
        task: t(task),
        res,
        n,
        on_exit,
    })
}

fn woken(task: u32, by: Option<u32>, cause: WakeCause) -> Note {
    ev(EventKind::Woken {
        task: t(task),
        by: by.map(t),
        cause,
    })
}

#[test]
fn mutex_hands_off_to_its_waiters_in_fifo_order() {
    let mut h = Mock::new(&[ResourceKind::Mutex]);
    assert_eq!(h.run(0, |h, x| lock(h, x, R)), Answer::Done(None));
    assert_eq!(
        h.run(1, |h, x| lock(h, x, R)),
        Answer::Wait(Pending::Lock(R))
    );
    assert_eq!(
        h.run(2, |h, x| lock(h, x, R)),
        Answer::Wait(Pending::Lock(R))
    );
    h.take();
    assert_eq!(h.run(0, |h, x| unlock(h, x, R)), Answer::Done(None));
    assert_eq!(
        h.take(),
        vec![
            released(0, R, 1, false),
            // The longest waiter wakes already holding the mutex: nobody can barge in.
            woken(1, Some(0), WakeCause::Unlock(R)),
            acquired(1, R, 1, false),
            Note::Goes(t(1), Resume::Done),
        ]
    );
    assert_eq!(h.res[0].holders(), vec![t(1)]);
}

#[test]
fn unlocking_a_mutex_one_does_not_hold_fails_and_changes_nothing() {
    let mut h = Mock::new(&[ResourceKind::Mutex]);
    h.run(0, |h, x| lock(h, x, R));
    let before = h.res.clone();
    let answer = h.run(1, |h, x| unlock(h, x, R));
    assert_eq!(
        answer,
        Answer::Fail("cannot unlock r: t does not hold it".into())
    );
    assert_eq!(h.res, before);
}

#[test]
fn rwlock_lets_a_waiting_writer_go_before_later_readers() {
    let mut h = Mock::new(&[ResourceKind::RwLock]);
    assert_eq!(h.run(0, |h, x| rw(h, x, R, false)), Answer::Done(None));
    assert_eq!(
        h.run(1, |h, x| rw(h, x, R, true)),
        Answer::Wait(Pending::Rw(R, true))
    );
    // A reader arriving after a waiting writer waits, though only readers hold the lock.
    assert_eq!(
        h.run(2, |h, x| rw(h, x, R, false)),
        Answer::Wait(Pending::Rw(R, false))
    );
    h.take();
    h.run(0, |h, x| unlock(h, x, R));
    assert_eq!(h.res[0].holders(), vec![t(1)]);
    h.take();
    h.run(1, |h, x| unlock(h, x, R));
    assert_eq!(
        h.take(),
        vec![
            released(1, R, 1, false),
            woken(2, Some(1), WakeCause::Unlock(R)),
            acquired(2, R, 1, true),
            Note::Goes(t(2), Resume::Done),
        ]
    );
}

#[test]
fn semaphore_head_waiter_blocks_later_smaller_requests() {
    let mut h = Mock::new(&[ResourceKind::Semaphore { permits: 2 }]);
    assert_eq!(h.run(0, |h, x| acquire(h, x, R, 2)), Answer::Done(None));
    h.run(1, |h, x| acquire(h, x, R, 2));
    h.run(2, |h, x| acquire(h, x, R, 1));
    h.take();
    h.run(0, |h, x| release(h, x, R, 1));
    // One permit is free, but the head wants two, so the task behind it waits too.
    assert_eq!(h.take(), vec![released(0, R, 1, false)]);
    h.run(0, |h, x| release(h, x, R, 1));
    assert_eq!(
        h.take(),
        vec![
            released(0, R, 1, false),
            woken(1, Some(0), WakeCause::Release(R)),
            acquired(1, R, 2, false),
            Note::Goes(t(1), Resume::Done),
        ]
    );
    assert_eq!(h.res[0].holders(), vec![t(1)]);
}

#[test]
fn releasing_more_permits_than_held_fails() {
    let mut h = Mock::new(&[ResourceKind::Semaphore { permits: 3 }]);
    h.run(0, |h, x| acquire(h, x, R, 1));
    let answer = h.run(0, |h, x| release(h, x, R, 2));
    assert_eq!(
        answer,
        Answer::Fail("cannot release 2 permits of r: t holds 1".into())
    );
}

#[test]
fn a_waiter_that_leaves_the_head_lets_the_next_one_in() {
    let mut h = Mock::new(&[ResourceKind::Semaphore { permits: 1 }]);
    h.run(0, |h, x| acquire(h, x, R, 2));
    h.run(1, |h, x| acquire(h, x, R, 1));
    h.take();
    leave(&mut h, t(0), ResWait::Permits(R, 2));
    assert_eq!(
        h.take(),
        vec![
            woken(1, None, WakeCause::Release(R)),
            acquired(1, R, 1, false),
            Note::Goes(t(1), Resume::Done),
        ]
    );
}

#[test]
fn ending_releases_every_hold_marked_on_exit() {
    let mut h = Mock::new(&[ResourceKind::Mutex, ResourceKind::Semaphore { permits: 3 }]);
    h.run(0, |h, x| lock(h, x, R));
    h.run(0, |h, x| acquire(h, x, R1, 2));
    h.run(1, |h, x| lock(h, x, R));
    h.take();
    release_all(&mut h, t(0), vec![R, R1]);
    assert_eq!(
        h.take(),
        vec![
            released(0, R, 1, true),
            woken(1, Some(0), WakeCause::Unlock(R)),
            acquired(1, R, 1, false),
            Note::Goes(t(1), Resume::Done),
            released(0, R1, 2, true),
        ]
    );
}

#[test]
fn a_notified_waiter_queues_for_its_mutex_when_it_is_taken() {
    let (m, cv) = (R, R1);
    let mut h = Mock::new(&[ResourceKind::Mutex, ResourceKind::Condvar]);
    h.run(0, |h, x| lock(h, x, m));
    let answer = h.run(0, |h, x| wait(h, x, cv, m));
    assert_eq!(answer, Answer::Wait(Pending::Notify { cv, mutex: m }));
    assert_eq!(h.run(1, |h, x| lock(h, x, m)), Answer::Done(None));
    h.take();
    assert_eq!(h.run(1, |h, x| notify(h, x, cv, false)), Answer::Done(None));
    assert_eq!(
        h.take(),
        vec![
            woken(0, Some(1), WakeCause::Notify(cv)),
            Note::WaitsAgain(t(0), ResWait::Lock(m)),
            ev(EventKind::Blocked {
                task: t(0),
                on: WaitFor::Lock(m),
            }),
        ]
    );
    h.run(1, |h, x| unlock(h, x, m));
    assert_eq!(h.res[0].holders(), vec![t(0)]);
}

#[test]
fn waiting_on_a_condvar_without_its_mutex_fails() {
    let mut h = Mock::new(&[ResourceKind::Mutex, ResourceKind::Condvar]);
    let answer = h.run(0, |h, x| wait(h, x, R1, R));
    assert_eq!(
        answer,
        Answer::Fail("cannot wait on r: t does not hold r".into())
    );
}

#[test]
fn rendezvous_passes_the_value_hand_to_hand() {
    let mut h = Mock::new(&[ResourceKind::Channel { capacity: Some(0) }]);
    assert_eq!(
        h.run(0, |h, x| send(h, x, R, 5)),
        Answer::Wait(Pending::Send(R, 5))
    );
    h.take();
    assert_eq!(h.run(1, |h, x| recv(h, x, R)), Answer::Done(Some(5)));
    assert_eq!(
        h.take(),
        vec![
            ev(EventKind::Sent {
                task: t(0),
                ch: R,
                value: 5
            }),
            ev(EventKind::Received {
                task: t(1),
                ch: R,
                value: 5
            }),
            woken(0, Some(1), WakeCause::Recv(R)),
            Note::Goes(t(0), Resume::Done),
        ]
    );
}

#[test]
fn a_send_goes_straight_to_a_waiting_receiver() {
    let mut h = Mock::new(&[ResourceKind::Channel { capacity: None }]);
    h.run(0, |h, x| recv(h, x, R));
    h.take();
    assert_eq!(h.run(1, |h, x| send(h, x, R, 7)), Answer::Done(None));
    assert_eq!(h.take().last(), Some(&Note::Goes(t(0), Resume::Value(7))));
}

#[test]
fn closing_fails_the_waiters_but_keeps_buffered_values() {
    let mut h = Mock::new(&[ResourceKind::Channel { capacity: Some(1) }]);
    h.run(0, |h, x| send(h, x, R, 1));
    h.run(1, |h, x| send(h, x, R, 2));
    h.take();
    assert_eq!(h.run(2, |h, x| close(h, x, R)), Answer::Done(None));
    assert_eq!(
        h.take(),
        vec![
            ev(EventKind::Closed { task: t(2), ch: R }),
            woken(1, Some(2), WakeCause::Close(R)),
            Note::Goes(t(1), Resume::Fail("send on closed channel r".into())),
        ]
    );
    assert_eq!(h.run(3, |h, x| recv(h, x, R)), Answer::Done(Some(1)));
    let answer = h.run(3, |h, x| recv(h, x, R));
    assert_eq!(answer, Answer::Fail("recv on closed channel r".into()));
}

#[test]
fn a_step_on_a_resource_of_the_wrong_kind_changes_nothing() {
    let mut h = Mock::new(&[ResourceKind::Channel { capacity: None }]);
    let before = h.res.clone();
    assert_eq!(h.run(0, |h, x| lock(h, x, R)), Answer::NotA(R, Kind::Mutex));
    assert_eq!(
        h.run(0, |h, x| unlock(h, x, R)),
        Answer::NotA(R, Kind::MutexOrRwLock)
    );
    assert_eq!(
        h.run(0, |h, x| notify(h, x, R, true)),
        Answer::NotA(R, Kind::Condvar)
    );
    assert_eq!(h.res, before);
    assert!(h.notes.is_empty());
}
