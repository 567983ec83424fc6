//! Python import: each construct of the subset, as a scenario, and each construct outside it,
//! refused with its message and position (docs/BRIDGE.md).
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::bridge::python::{import, parse_cpu, ImportOptions};
use interleave::model::{self, Scenario};
use interleave::rules::Outcome;
use interleave::sim::{simulate, SimOptions};

fn read(src: &str) -> Scenario {
    read_with(src, &ImportOptions::default())
}

fn read_with(src: &str, opts: &ImportOptions) -> Scenario {
    match import(src, opts) {
        Ok(imported) => imported.scenario,
        Err(errors) => panic!("import failed: {errors:?}\n{src}"),
    }
}

/// The imported scenario equals the one this text describes (positions aside).
fn reads_as(src: &str, scenario_text: &str) {
    let got = read(src);
    let want = model::parse(scenario_text).expect("the expected text parses");
    assert_eq!(model::print(&got), model::print(&want), "\n{src}");
    assert_eq!(got, want);
}

/// The import fails with a message containing `words`, at `line:col`.
fn refused(src: &str, words: &str, line: u32, col: u32) {
    let errors = import(src, &ImportOptions::default()).expect_err("refused");
    let e = &errors[0];
    assert!(
        e.message.contains(words),
        "message {:?} lacks {words:?}",
        e.message
    );
    assert_eq!((e.line, e.col), (line, col), "position of {:?}", e.message);
}

#[test]
fn asyncio_run_of_main_alone_makes_main_the_starting_task() {
    reads_as(
        "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    await asyncio.sleep(0.25)\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n",
        "async main {\n sleep 1s\n sleep 250ms\n yield\n}",
    );
}

#[test]
fn create_task_spawns_and_awaiting_the_task_joins_it() {
    reads_as(
        "import asyncio\nasync def fetch(n):\n    await asyncio.sleep(n)\nasync def main():\n    t = asyncio.create_task(fetch(2))\n    await t\nasyncio.run(main())\n",
        "async main {\n spawn fetch_2\n join fetch_2\n}\nasync fetch_2 on spawn {\n sleep 2s\n}",
    );
}

#[test]
fn gather_of_coroutines_and_of_created_tasks() {
    reads_as(
        "import asyncio\nasync def w(n):\n    await asyncio.sleep(1)\nasync def main():\n    await asyncio.gather(w(1), w(2))\n    tasks = [asyncio.create_task(w(3))]\n    await asyncio.gather(*tasks, w(4))\nasyncio.run(main())\n",
        "async main {\n gather w_1, w_2\n spawn w_3, w_4\n join w_3, w_4\n}\nasync w_1 on spawn {\n sleep 1s\n}\nasync w_2 on spawn {\n sleep 1s\n}\nasync w_3 on spawn {\n sleep 1s\n}\nasync w_4 on spawn {\n sleep 1s\n}",
    );
}

#[test]
fn wait_for_and_asyncio_timeout_are_timeouts() {
    reads_as(
        "import asyncio\nasync def slow():\n    await asyncio.sleep(2)\nasync def main():\n    try:\n        await asyncio.wait_for(slow(), timeout=0.5)\n    except asyncio.TimeoutError:\n        print('late')\n    async with asyncio.timeout(1):\n        await asyncio.sleep(3)\nasyncio.run(main())\n",
        "async main {\n try {\n  timeout 500ms {\n   sleep 2s\n  }\n } catch {\n  log \"late\"\n }\n timeout 1s {\n  sleep 3s\n }\n}",
    );
}

#[test]
fn asyncio_lock_semaphore_condition_event_and_queue() {
    reads_as(
        "import asyncio\nasync def main():\n    lock = asyncio.Lock()\n    slots = asyncio.Semaphore(2)\n    ready = asyncio.Condition()\n    done = asyncio.Event()\n    q = asyncio.Queue(maxsize=3)\n    async with lock:\n        await q.put(7)\n    await lock.acquire()\n    lock.release()\n    async with slots:\n        pass\n    async with ready:\n        ready.notify_all()\n        await ready.wait()\n    done.set()\n    await done.wait()\n    item = await q.get()\nasyncio.run(main())\n",
        "mutex lock\nsemaphore slots = 2\ncondvar ready\nmutex ready_lock\nchannel done\nchannel q capacity 3\nasync main {\n lock lock\n send q 7\n unlock lock\n lock lock\n unlock lock\n acquire slots\n release slots\n lock ready_lock\n notify_all ready\n wait ready ready_lock\n unlock ready_lock\n try {\n  close done\n } catch {\n }\n try {\n  recv done\n } catch {\n }\n recv q\n}",
    );
}

#[test]
fn threads_with_args_and_the_same_argument_as_a_coroutine_get_distinct_names() {
    reads_as(
        "import asyncio, threading, time\nasync def job(name):\n    print(f'{name} start')\n    await asyncio.sleep(1)\ndef work(name):\n    print(f'{name} start')\n    time.sleep(1)\nasync def main():\n    await asyncio.gather(job('A'))\nif __name__ == '__main__':\n    asyncio.run(main())\n    threads = [threading.Thread(target=work, args=('A',))]\n    for t in threads:\n        t.start()\n    for t in threads:\n        t.join()\n",
        "thread __main__ {\n gather main\n spawn A_work\n join A_work\n}\nasync main on spawn {\n gather A\n}\nasync A on spawn {\n log \"A start\"\n sleep 1s\n}\nthread A_work on spawn {\n log \"A start\"\n sleep 1s\n}",
    );
}

#[test]
fn threading_lock_semaphore_condition_and_queue() {
    reads_as(
        "import threading, queue\nm = threading.Lock()\nsem = threading.Semaphore(1)\ncv = threading.Condition(m)\nq = queue.Queue()\ndef worker():\n    with m:\n        cv.wait()\n        cv.notify()\n    with sem:\n        q.put(1)\n    q.get()\nif __name__ == '__main__':\n    t = threading.Thread(target=worker, name='w')\n    t.start()\n    t.join()\n",
        "mutex m\nsemaphore sem = 1\ncondvar cv\nchannel q\nthread __main__ {\n spawn w\n join w\n}\nthread w on spawn {\n lock m\n wait cv m\n notify cv\n unlock m\n acquire sem\n send q 1\n release sem\n recv q\n}",
    );
}

#[test]
fn a_thread_pool_runs_submitted_and_mapped_functions_as_jobs() {
    reads_as(
        "from concurrent.futures import ThreadPoolExecutor\nimport time\ndef resize(n):\n    time.sleep(0.1)\nif __name__ == '__main__':\n    with ThreadPoolExecutor(max_workers=2) as pool:\n        f = pool.submit(resize, 1)\n        f.result()\n        for r in pool.map(resize, [2, 3]):\n            print(r)\n",
        "runtime {\n workers 2\n}\nthread __main__ {\n spawn resize_1\n join resize_1\n spawn resize_2, resize_3\n join resize_2\n log \"{r}\"\n join resize_3\n log \"{r}\"\n}\njob resize_1 on spawn {\n sleep 100ms\n}\njob resize_2 on spawn {\n sleep 100ms\n}\njob resize_3 on spawn {\n sleep 100ms\n}",
    );
}

#[test]
fn a_process_with_a_multiprocessing_queue() {
    reads_as(
        "import multiprocessing\nq = multiprocessing.Queue()\ndef child():\n    q.put(5)\nif __name__ == '__main__':\n    p = multiprocessing.Process(target=child)\n    p.start()\n    q.get()\n    p.join()\n",
        "channel q\nthread __main__ {\n spawn child\n recv q\n join child\n}\nprocess child on spawn {\n send q 5\n}",
    );
}

#[test]
fn time_sleep_in_a_coroutine_holds_the_loop_and_says_so() {
    let src = "import asyncio, time\nasync def main():\n    time.sleep(1)\nasyncio.run(main())\n";
    let imported = import(src, &ImportOptions::default()).unwrap();
    let want = model::parse("async main {\n compute 1s \"time.sleep\"\n}").unwrap();
    assert_eq!(imported.scenario, want);
    assert!(imported
        .notes
        .iter()
        .any(|n| n.message.contains("blocks the whole event loop") && n.line == 3));
}

#[test]
fn range_loops_repeat_or_unroll_and_fstrings_take_literal_arguments() {
    reads_as(
        "import asyncio\nasync def tick(who):\n    for _ in range(3):\n        print(f'{who} tick')\n        await asyncio.sleep(0.01)\n    for i in range(2):\n        print(f'{who} {i}')\nasync def main():\n    await tick('x')\nasyncio.run(main())\n",
        "async main {\n repeat 3 {\n  log \"x tick\"\n  sleep 10ms\n }\n log \"x 0\"\n log \"x 1\"\n}",
    );
}

#[test]
fn a_loop_that_starts_tasks_is_unrolled() {
    reads_as(
        "import threading\ndef w():\n    pass\nif __name__ == '__main__':\n    ts = []\n    for _ in range(2):\n        t = threading.Thread(target=w)\n        t.start()\n        ts.append(t)\n    for t in ts:\n        t.join()\n",
        "thread __main__ {\n spawn w, w_2\n join w\n join w_2\n}\nthread w on spawn {\n}\nthread w_2 on spawn {\n}",
    );
}

#[test]
fn try_except_and_raise() {
    reads_as(
        "import asyncio\nasync def main():\n    try:\n        raise ValueError('boom')\n    except Exception as e:\n        print('caught')\n    raise RuntimeError\nasyncio.run(main())\n",
        "async main {\n try {\n  fail \"boom\"\n } catch {\n  log \"caught\"\n }\n fail \"RuntimeError\"\n}",
    );
}

#[test]
fn a_global_counter_is_read_and_written_in_two_steps() {
    reads_as(
        "import threading\ncounter = 0\ndef add():\n    global counter\n    counter += 1\n    tmp = counter\n    counter = tmp + 2\n    counter = 0\nif __name__ == '__main__':\n    t = threading.Thread(target=add)\n    t.start()\n    t.join()\n",
        "var counter = 0\nthread __main__ {\n spawn add\n join add\n}\nthread add on spawn {\n load counter\n store counter +1\n load counter\n store counter +2\n store counter 0\n}",
    );
}

#[test]
fn cpu_work_comes_from_a_marker_comment_or_a_named_function() {
    let src = "import asyncio\nasync def main():\n    crunch()  # interleave: compute 200ms\n    # interleave: compute 5ms \"parse\"\n    hash_all()\nasyncio.run(main())\n";
    let opts = ImportOptions {
        cpu: vec![parse_cpu("hash_all=30ms").unwrap()],
        ..Default::default()
    };
    let got = read_with(src, &opts);
    let want = model::parse(
        "async main {\n compute 200ms\n compute 5ms \"parse\"\n compute 30ms \"hash_all\"\n}",
    )
    .unwrap();
    assert_eq!(got, want);
    let errors = import(src, &ImportOptions::default()).unwrap_err();
    assert_eq!((errors[0].line, errors[0].col), (5, 5));
    assert!(errors[0].message.contains("hash_all"));
    assert!(errors[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("--cpu hash_all=200ms"));
    assert!(parse_cpu("work").is_err() && parse_cpu("work=2 parsecs").is_err());
}

#[test]
fn an_rlock_taken_again_by_its_holder_is_refused() {
    refused(
        "import threading\nr = threading.RLock()\ndef w():\n    with r:\n        with r:\n            pass\nif __name__ == '__main__':\n    t = threading.Thread(target=w)\n    t.start()\n",
        "RLock taken again",
        5,
        14,
    );
}

#[test]
fn the_tutorials_shape_runs_coroutines_together_then_threads_together() {
    // The tutorial's own program stays out of the repository: this one has its shape.
    let src = "import asyncio\nimport threading\nimport time\n\nasync def a(name):\n    print(f'{name} start')\n    await asyncio.sleep(1)\n    print(f'{name} end')\n\ndef c(name):\n    print(f'{name} start')\n    time.sleep(1)\n    print(f'{name} end')\n\nasync def main():\n    tasks = [asyncio.create_task(a('one')), asyncio.create_task(a('two'))]\n    await asyncio.gather(*tasks)\n\ndef main_threads():\n    tasks = [threading.Thread(target=c, args=('one',)), threading.Thread(target=c, args=('two',))]\n    for t in tasks:\n        t.start()\n    for t in tasks:\n        t.join()\n\nif __name__ == '__main__':\n    asyncio.run(main())\n    main_threads()\n";
    let scenario = read(src);
    let run = simulate(&scenario, &SimOptions::default());
    assert_eq!(run.summary.outcome, Outcome::Completed);
    assert_eq!(
        run.summary.makespan_us, 2_000_000,
        "1 s for the coroutines together, then 1 s for the threads together"
    );
}

#[test]
fn what_is_outside_the_subset_is_refused_with_its_position() {
    let cases: &[(&str, &str, u32, u32)] = &[
        ("import requests\n", "module `requests` is not supported", 1, 8),
        ("import asyncio\nasync def main():\n    while True:\n        pass\nasyncio.run(main())\n", "`while` loops are not supported", 3, 5),
        ("import asyncio\nasync def main():\n    if 1:\n        pass\nasyncio.run(main())\n", "`if` is not supported", 3, 5),
        ("class A:\n    pass\n", "classes are not supported", 1, 1),
        ("import asyncio\nasync def main():\n    asyncio.sleep(1)\nasyncio.run(main())\n", "is not awaited", 3, 5),
        ("import time\ndef f():\n    await time.sleep(1)\nf()\n", "`await` outside an `async def`", 3, 5),
        ("import asyncio\nasync def main():\n    try:\n        pass\n    finally:\n        pass\nasyncio.run(main())\n", "`finally` is not supported", 3, 5),
        ("import asyncio\nasync def main():\n    try:\n        pass\n    except ValueError:\n        pass\n    except KeyError:\n        pass\nasyncio.run(main())\n", "exactly one `except`", 3, 5),
        ("import asyncio\nasync def main():\n    raise\nasyncio.run(main())\n", "bare `raise`", 3, 5),
        ("import asyncio\nasync def main():\n    return 1\n    await asyncio.sleep(1)\nasyncio.run(main())\n", "`return` before the end", 3, 5),
        ("import asyncio\nasync def main():\n    await main()\nasyncio.run(main())\n", "calls itself", 3, 11),
        ("import threading\nc = threading.Condition()\ndef f():\n    c.notify(2)\nf()\n", "`notify(n)` is not supported", 4, 5),
        ("import queue\nq = queue.Queue()\ndef f():\n    q.put_nowait(1)\nf()\n", "`q.put_nowait()` is not supported", 4, 5),
        ("import asyncio\nasync def w():\n    pass\nasync def main():\n    await asyncio.gather(w(), return_exceptions=True)\nasyncio.run(main())\n", "`return_exceptions` is not supported", 5, 11),
        ("from concurrent.futures import ThreadPoolExecutor\ndef f():\n    with ThreadPoolExecutor() as p:\n        pass\nf()\n", "max_workers=N", 3, 10),
        ("import asyncio\nasync def main(:\n", "this is not valid Python", 2, 16),
        ("import threading\nasync def w():\n    pass\nif __name__ == '__main__':\n    threading.Thread(target=w).start()\n", "cannot run as thread task", 5, 5),
        ("import asyncio\nasync def main():\n    for i in range(n):\n        pass\nasyncio.run(main())\n", "`range` needs a number", 3, 14),
        ("import asyncio\nasync def main():\n    x = lambda: 1\nasyncio.run(main())\n", "is not supported", 3, 9),
        ("import multiprocessing, threading\nm = threading.Lock()\ndef child():\n    with m:\n        pass\nif __name__ == '__main__':\n    p = multiprocessing.Process(target=child)\n    p.start()\n", "share no memory", 4, 5),
        ("x = 1\n", "the program starts nothing", 1, 1),
    ];
    for (src, words, line, col) in cases {
        let errors = import(src, &ImportOptions::default()).expect_err(src);
        let e = &errors[0];
        assert!(
            e.message.contains(words) || e.hint.as_deref().unwrap_or("").contains(words),
            "{src}\nmessage {:?} lacks {words:?}",
            e.message
        );
        assert_eq!(
            (e.line, e.col),
            (*line, *col),
            "{src}\nposition of {:?}",
            e.message
        );
    }
}

#[test]
fn a_huge_program_is_refused_before_parsing() {
    let src = "x = 1\n".repeat(60_000);
    refused(&src, "at most 256 KiB", 1, 1);
}

#[test]
fn loops_cannot_multiply_into_a_frozen_tab() {
    let src = "import threading\ndef w():\n    pass\nif __name__ == '__main__':\n    for _ in range(1000):\n        for _ in range(1000):\n            threading.Thread(target=w).start()\n";
    let errors = import(src, &ImportOptions::default()).expect_err("refused");
    assert!(errors[0].message.contains("more than"), "{:?}", errors[0]);
}

#[test]
fn hostile_shapes_get_a_message_not_a_stack_overflow() {
    let header = "import asyncio\nasync def main():\n    x = ";
    let footer = "\nasyncio.run(main())\n";
    let long_sum = format!("{header}1{}{footer}", " + 1".repeat(20_000));
    let sum = format!("{header}1{}{footer}", " + 1".repeat(900));
    let many_minus = format!("{header}{}1{footer}", "- ".repeat(20_000));
    let parens = format!("{header}{}1{}{footer}", "(".repeat(500), ")".repeat(500));
    let mut blocks = String::from("import asyncio\nasync def main():\n");
    for i in 0..600 {
        blocks.push_str(&format!("{}for _ in range(2):\n", " ".repeat(i + 1)));
    }
    blocks.push_str(&format!("{}pass\nasyncio.run(main())\n", " ".repeat(601)));
    let mut chain = String::from("import asyncio\n");
    for i in 0..2_000 {
        chain.push_str(&format!("def f{i}():\n    f{}()\n", i + 1));
    }
    chain.push_str("def f2000():\n    pass\nasync def main():\n    f0()\nasyncio.run(main())\n");
    let cases = [
        (&long_sum, "more than 2000 tokens"),
        (&many_minus, "more than 2000 tokens"),
        (&sum, "nested too deeply"),
        (&parens, "nested more than 100 deep"),
        (&blocks, "nested more than 100 deep"),
        (&chain, "nested more than 64 deep"),
    ];
    for (src, words) in cases {
        let errors = import(src, &ImportOptions::default()).expect_err("refused");
        assert!(errors[0].message.contains(words), "{:?}", errors[0]);
        assert!(
            errors[0].message.chars().count() < 200,
            "a message stays short: {:?}",
            errors[0].message
        );
    }
}
