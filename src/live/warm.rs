//! The worker's warm-up: its engine driven through a small scenario on a virtual clock, with
//! the replies a coordinator would send written in, so that the engine's and the codec's code
//! is compiled before a live run needs it. The coordinator itself runs on the page: warming it
//! in the worker would ship it there (it once did, as an eighth of the worker's download).

use super::engine::{Engine, Host};
use super::proto::{parse_to_worker, to_bytes, FromWorker, Out, Reply, Role, Setup, ToWorker};
use crate::exec::VirtualClock;
use crate::model::Micros;
use std::rc::Rc;

const WARM: &str = "mutex m\nvar v = 0\n\n\
    async a {\n  log \"x\"\n  lock m\n  incr v\n  unlock m\n  sleep 1ms\n  yield\n  compute 1us\n  \
    try {\n    fail \"f\"\n  } catch {\n    log \"c\"\n  }\n  timeout 5ms {\n    load v\n    store v +1\n  }\n}\n\n\
    async b {\n  repeat 3 {\n    yield\n  }\n  sleep 2ms\n}\n";

/// Runs the warm-up and answers what the engine handed over: its events, requests and ends.
pub fn warm() -> Vec<Out> {
    let setup = Setup {
        run: 0,
        text: WARM.to_string(),
        t0_ms: 0.0,
        iters_per_us: 1.0,
        role: Role::Loop,
        lane: 0,
        seed: 0,
        shared_memory: false,
    };
    let clock = Rc::new(VirtualClock::new());
    let Ok(engine) = Engine::new(&setup, clock.clone(), Rc::new(WarmHost), None) else {
        return Vec::new();
    };
    engine.handle(ToWorker::Start { run: 0, task: 0 });
    engine.handle(ToWorker::Start { run: 0, task: 1 });
    let mut handed = Vec::new();
    // Every request is answered "done" at once, as an idle coordinator would, and the virtual
    // clock jumps to each deadline when nothing else is to be done. A bounded number of rounds
    // carries both tasks to their end.
    for _ in 0..64 {
        engine.drive();
        let out = engine.take_out();
        std::hint::black_box(
            to_bytes(&FromWorker::Batch {
                run: 0,
                seq: 0,
                items: out.clone(),
            })
            .len(),
        );
        let mut answered = false;
        for item in &out {
            if let Out::Req(req) = item {
                let reply = to_bytes(&ToWorker::Reply {
                    run: 0,
                    task: req.task,
                    req: req.req,
                    reply: Reply::Done(Some(0)),
                });
                if let Ok(msg) = parse_to_worker(&reply) {
                    engine.handle(msg);
                    answered = true;
                }
            }
        }
        handed.extend(out);
        if answered {
            continue;
        }
        match engine.next_deadline() {
            Some(due) => clock.jump_to(due),
            None => break,
        }
    }
    handed
}

/// The warm-up's host: no real work, and what would be posted is only encoded.
struct WarmHost;

impl Host for WarmHost {
    fn compute(&self, _us: Micros) {}
    fn flush(&self, items: Vec<Out>) {
        std::hint::black_box(
            to_bytes(&FromWorker::Batch {
                run: 0,
                seq: 0,
                items,
            })
            .len(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::live::proto::Out;
    use crate::trace::{EndHow, Event, EventKind};

    #[test]
    fn the_warm_up_carries_both_tasks_through_every_step_to_their_end() {
        let handed = super::warm();
        let ended: Vec<(u32, EndHow)> = handed
            .iter()
            .filter_map(|o| match o {
                Out::End { task, how, .. } => Some((*task, how.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(ended, vec![(0, EndHow::Completed), (1, EndHow::Completed)]);
        let logs: Vec<&str> = handed
            .iter()
            .filter_map(|o| match o {
                Out::Event(Event {
                    kind: EventKind::Log { text, .. },
                    ..
                }) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(logs, vec!["x", "c"], "the catch ran after the fail");
        let requests = handed.iter().filter(|o| matches!(o, Out::Req(_))).count();
        assert_eq!(requests, 5, "lock, incr, unlock, load and store each asked");
    }
}
