//! Hand-built traces shared by the trace tests, each a small run with known timing.

use super::{TraceBuilder, MS, S};
use interleave::model::{ResourceKind, TaskKind};
use interleave::trace::{LaneKind, TimerWhat, Trace, WaitFor, WakeCause};

/// Two async tasks sleep 1 s on the loop; thread t1 holds m for 500 ms while t2 blocks on it.
pub fn sleepers_and_mutex() -> Trace {
    let mut b = TraceBuilder::new();
    let (a1, a2) = (b.task("a1", TaskKind::Async), b.task("a2", TaskKind::Async));
    let (t1, t2) = (
        b.task("t1", TaskKind::Thread),
        b.task("t2", TaskKind::Thread),
    );
    let lp = b.lane("event loop", LaneKind::EventLoop);
    let (l1, l2) = (
        b.lane("t1", LaneKind::Thread(t1)),
        b.lane("t2", LaneKind::Thread(t2)),
    );
    let m = b.res("m", ResourceKind::Mutex);
    b.at(0).start(a1).start(a2).start(t1).start(t2);
    // Each coroutine awaits its timer and gives the loop back at once.
    b.poll(a1, lp)
        .step(a1, "sleep 1s")
        .timer(0, a1, S, TimerWhat::Sleep)
        .sleeping(a1, S)
        .unpoll(a1, lp);
    b.poll(a2, lp)
        .step(a2, "sleep 1s")
        .timer(1, a2, S, TimerWhat::Sleep)
        .sleeping(a2, S)
        .unpoll(a2, lp);
    b.poll(t1, l1)
        .step(t1, "lock m")
        .acquire(t1, m, 1)
        .step(t1, "compute 500ms");
    b.poll(t2, l2)
        .step(t2, "lock m")
        .block(t2, WaitFor::Lock(m))
        .unpoll(t2, l2);
    b.at(500 * MS).step(t1, "unlock m").release(t1, m, 1);
    b.wake(t2, Some(t1), WakeCause::Unlock(m))
        .ready(t2)
        .done(t1)
        .unpoll(t1, l1);
    b.poll(t2, l2).acquire(t2, m, 1).step(t2, "compute 200ms");
    b.at(700 * MS)
        .step(t2, "unlock m")
        .release(t2, m, 1)
        .done(t2)
        .unpoll(t2, l2);
    b.at(S).fired(0).wake(a1, None, WakeCause::Timer).ready(a1);
    b.fired(1).wake(a2, None, WakeCause::Timer).ready(a2);
    b.poll(a1, lp)
        .step(a1, "log \"end\"")
        .log(a1, "end")
        .done(a1)
        .unpoll(a1, lp);
    b.poll(a2, lp)
        .step(a2, "log \"end\"")
        .log(a2, "end")
        .done(a2)
        .unpoll(a2, lp);
    b.build()
}

/// Two async tasks each `compute 1s`: the second waits for the loop the whole first second.
pub fn two_computes() -> Trace {
    let mut b = TraceBuilder::new();
    let (a1, a2) = (b.task("a1", TaskKind::Async), b.task("a2", TaskKind::Async));
    let lp = b.lane("event loop", LaneKind::EventLoop);
    b.at(0)
        .start(a1)
        .start(a2)
        .poll(a1, lp)
        .step(a1, "compute 1s");
    b.at(S)
        .done(a1)
        .unpoll(a1, lp)
        .poll(a2, lp)
        .step(a2, "compute 1s");
    b.at(2 * S).done(a2).unpoll(a2, lp);
    b.build()
}

/// Threads t1 and t2 each lock one mutex, compute 10 ms, then lock the other's: a 2-task cycle.
pub fn deadlock_pair() -> Trace {
    let mut b = TraceBuilder::new();
    let (t1, t2) = (
        b.task("t1", TaskKind::Thread),
        b.task("t2", TaskKind::Thread),
    );
    let (l1, l2) = (
        b.lane("t1", LaneKind::Thread(t1)),
        b.lane("t2", LaneKind::Thread(t2)),
    );
    let (m1, m2) = (
        b.res("m1", ResourceKind::Mutex),
        b.res("m2", ResourceKind::Mutex),
    );
    b.at(0).start(t1).start(t2);
    b.poll(t1, l1)
        .step(t1, "lock m1")
        .acquire(t1, m1, 1)
        .step(t1, "compute 10ms");
    b.poll(t2, l2)
        .step(t2, "lock m2")
        .acquire(t2, m2, 1)
        .step(t2, "compute 10ms");
    b.at(10 * MS)
        .step(t1, "lock m2")
        .block(t1, WaitFor::Lock(m2))
        .unpoll(t1, l1);
    b.step(t2, "lock m1")
        .block(t2, WaitFor::Lock(m1))
        .unpoll(t2, l2);
    b.build()
}

/// The tour of everything the inspector shows, on one loop and two pool workers:
/// - `p` (async) sends 1 and 2 on `q`, stores 7 in `x`, sleeps 1 s, notifies `cv`, receives;
/// - `w` (async) locks `m` and waits on `cv` (releasing `m`) until `p` notifies;
/// - jobs `j1`, `j2` want the one permit of `s`; `j3` waits in the pool queue, then fails.
pub fn runtime_tour() -> Trace {
    use interleave::trace::{EndHow, EventKind};
    let mut b = TraceBuilder::new();
    let (p, w) = (b.task("p", TaskKind::Async), b.task("w", TaskKind::Async));
    let (j1, j2, j3) = (
        b.task("j1", TaskKind::Job),
        b.task("j2", TaskKind::Job),
        b.task("j3", TaskKind::Job),
    );
    let lp = b.lane("event loop", LaneKind::EventLoop);
    let (w0, w1) = (
        b.lane("worker 0", LaneKind::PoolWorker(0)),
        b.lane("worker 1", LaneKind::PoolWorker(1)),
    );
    let q = b.res("q", ResourceKind::Channel { capacity: None });
    let x = b.res("x", ResourceKind::Var { init: 5 });
    let s = b.res("s", ResourceKind::Semaphore { permits: 1 });
    let cv = b.res("cv", ResourceKind::Condvar);
    let m = b.res("m", ResourceKind::Mutex);
    b.at(0).start(p).start(w).start(j1).start(j2).start(j3);
    b.poll(p, lp).step(p, "send q 1").ev(EventKind::Sent {
        task: p,
        ch: q,
        value: 1,
    });
    b.step(p, "send q 2").ev(EventKind::Sent {
        task: p,
        ch: q,
        value: 2,
    });
    b.step(p, "load x").ev(EventKind::Loaded {
        task: p,
        var: x,
        value: 5,
    });
    b.step(p, "store x 7").ev(EventKind::VarWritten {
        task: p,
        var: x,
        value: 7,
    });
    b.step(p, "sleep 1s")
        .timer(0, p, S, TimerWhat::Sleep)
        .sleeping(p, S)
        .unpoll(p, lp);
    b.poll(w, lp)
        .step(w, "lock m")
        .acquire(w, m, 1)
        .step(w, "wait cv m")
        .release(w, m, 1);
    b.block(w, WaitFor::Notify(cv)).unpoll(w, lp);
    b.poll(j1, w0)
        .step(j1, "acquire s")
        .acquire(j1, s, 1)
        .step(j1, "compute 2s");
    b.poll(j2, w1)
        .step(j2, "acquire s")
        .block(j2, WaitFor::Permits(s, 1))
        .unpoll(j2, w1);
    b.at(S)
        .fired(0)
        .wake(p, None, WakeCause::Timer)
        .ready(p)
        .poll(p, lp)
        .step(p, "notify cv");
    b.wake(w, Some(p), WakeCause::Notify(cv)).ready(w);
    b.step(p, "recv q")
        .ev(EventKind::Received {
            task: p,
            ch: q,
            value: 1,
        })
        .done(p)
        .unpoll(p, lp);
    b.poll(w, lp)
        .acquire(w, m, 1)
        .step(w, "unlock m")
        .release(w, m, 1)
        .done(w)
        .unpoll(w, lp);
    b.at(2 * S).step(j1, "release s").release(j1, s, 1);
    b.acquire(j2, s, 1)
        .wake(j2, Some(j1), WakeCause::Release(s))
        .ready(j2);
    b.done(j1)
        .unpoll(j1, w0)
        .poll(j3, w0)
        .step(j3, "compute 1s");
    b.poll(j2, w1).step(j2, "compute 1s");
    b.at(3 * S)
        .ev(EventKind::Released {
            task: j2,
            res: s,
            n: 1,
            on_exit: true,
        })
        .done(j2)
        .unpoll(j2, w1);
    b.step(j3, "fail \"boom\"")
        .end(j3, EndHow::Failed("boom".into()))
        .unpoll(j3, w0);
    b.build()
}
