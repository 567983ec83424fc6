//! The engine hands its trace over in batches of the host's size during one long drive, in order.

use super::{Engine, Host};
use crate::exec::VirtualClock;
use crate::live::proto::{Out, Role, Setup, ToWorker};
use crate::model::Micros;
use std::cell::RefCell;
use std::rc::Rc;

/// Records every batch handed over mid-drive.
struct Recorder {
    limit: usize,
    batches: RefCell<Vec<Vec<Out>>>,
}

impl Host for Recorder {
    fn compute(&self, _: Micros) {}

    fn flush(&self, items: Vec<Out>) {
        self.batches.borrow_mut().push(items);
    }

    fn batch_limit(&self) -> usize {
        self.limit
    }
}

/// Everything the event loop of a yield-heavy scenario reports in one drive: the batches handed
/// over meanwhile, then what is left at its end.
fn one_drive(limit: usize) -> (Vec<Vec<Out>>, Vec<Out>) {
    let text = "async t x20 {\n  repeat 30 {\n    yield\n  }\n}\n";
    let setup = Setup {
        run: 1,
        text: text.to_string(),
        t0_ms: 0.0,
        iters_per_us: 1.0,
        role: Role::Loop,
        lane: 0,
        seed: 1,
        shared_memory: false,
    };
    let host = Rc::new(Recorder {
        limit,
        batches: RefCell::new(Vec::new()),
    });
    let engine =
        Engine::new(&setup, Rc::new(VirtualClock::new()), host.clone(), None).expect("sets up");
    for task in 0..20 {
        engine.handle(ToWorker::Start { run: 1, task });
    }
    engine.drive();
    let rest = engine.take_out();
    let batches = host.batches.take();
    (batches, rest)
}

#[test]
fn a_long_drive_streams_its_trace_in_batches_of_the_hosts_size() {
    let (none, whole) = one_drive(usize::MAX);
    assert!(none.is_empty(), "no limit, no batch before the drive ends");
    assert!(
        whole.len() > 1_000,
        "20 tasks of 30 yields report much: {}",
        whole.len()
    );

    let (batches, rest) = one_drive(100);
    assert_eq!(batches.len(), whole.len() / 100);
    assert!(batches.iter().all(|b| b.len() == 100));
    let streamed: Vec<Out> = batches.into_iter().flatten().chain(rest).collect();
    assert_eq!(streamed, whole, "the same items in the same order");
}
