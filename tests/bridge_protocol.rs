//! The bridge worker's messages: what the page sends, and what comes back in its language.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::bridge::protocol::{reply_to, BridgeReply, BridgeRequest, FromBridge};
use interleave::wire::{self, Channel};

fn ask(request: BridgeRequest) -> BridgeReply {
    reply_to(request)
}

fn import(source: &str, cpu: &str, lang: &str) -> BridgeReply {
    ask(BridgeRequest::Import {
        id: 7,
        source: source.into(),
        cpu: cpu.into(),
        lang: lang.into(),
    })
}

#[test]
fn an_import_comes_back_as_scenario_text_with_its_notes() {
    let reply = import(
        "import asyncio, time\nasync def main():\n    time.sleep(1)\nasyncio.run(main())\n",
        "",
        "en",
    );
    assert_eq!(reply.id, 7);
    assert_eq!(
        reply.text.as_deref(),
        Some("async main {\n  compute 1s \"time.sleep\"\n}\n")
    );
    assert_eq!((reply.notes[0].line, reply.notes[0].col), (3, 5));
    assert!(reply.notes[0]
        .message
        .contains("blocks the whole event loop"));
}

#[test]
fn errors_and_notes_come_back_in_the_readers_language() {
    let src =
        "import asyncio\nasync def main():\n    while True:\n        pass\nasyncio.run(main())\n";
    let en = import(src, "", "en");
    let zh = import(src, "", "zh");
    assert_eq!(en.text, None);
    assert_eq!(en.errors[0].message, "`while` loops are not supported");
    assert_eq!(zh.errors[0].message, "不支持 `while` 循环");
    assert_eq!(
        zh.errors[0].hint.as_deref(),
        Some("场景的步骤数是固定的：请用带数字的 `for _ in range(N):`")
    );
    assert_eq!((zh.errors[0].line, zh.errors[0].col), (3, 5));
    let module = import("import requests\n", "", "zh");
    assert_eq!(module.errors[0].message, "不支持模块 `requests`");
    let cpu = import("x = 1\n", "work", "zh");
    assert_eq!(
        cpu.errors[0].message,
        "CPU 函数：`work`：请写成 函数=时长，例如 work=200ms"
    );
}

#[test]
fn an_export_comes_back_as_a_program_or_the_scenarios_errors() {
    let export = |scenario: &str, target: &str| {
        ask(BridgeRequest::Export {
            id: 1,
            scenario: scenario.into(),
            target: target.into(),
            lang: "en".into(),
        })
    };
    let python = export("async a {\n  sleep 1s\n}\n", "python");
    assert!(python
        .text
        .unwrap()
        .contains("# interleave: async a\nasync def a():\n    await asyncio.sleep(1)\n"));
    let rust = export("async a {\n  sleep 1s\n}\n", "rust");
    assert!(rust
        .text
        .unwrap()
        .contains("async fn task_a(w: &'static World) -> Step {"));
    let broken = export("async a {\n  lock m\n}\n", "python");
    assert_eq!(broken.text, None);
    assert!(
        broken.errors[0].message.contains("m"),
        "{:?}",
        broken.errors
    );
    assert!(export("async a {}\n", "cobol").errors[0]
        .message
        .contains("unknown target"));
}

#[test]
fn an_empty_request_gets_an_error_not_a_panic() {
    // The worker reads a missing field as empty.
    let reply = import("", "", "");
    assert_eq!(reply.text, None);
    assert!(
        reply.errors[0].message.contains("starts nothing"),
        "{:?}",
        reply.errors
    );
}

#[test]
fn every_refusal_and_note_of_the_importer_reads_in_chinese() {
    let programs = [
        "import requests\n",
        "import asyncio\nasync def main():\n    while True:\n        pass\nasyncio.run(main())\n",
        "import asyncio\nasync def main():\n    if 1:\n        pass\nasyncio.run(main())\n",
        "class A:\n    pass\n",
        "import asyncio\nasync def main():\n    asyncio.sleep(1)\nasyncio.run(main())\n",
        "import time\ndef f():\n    await time.sleep(1)\nf()\n",
        "import asyncio\nasync def main():\n    try:\n        pass\n    finally:\n        pass\nasyncio.run(main())\n",
        "import asyncio\nasync def main():\n    raise\nasyncio.run(main())\n",
        "import asyncio\nasync def main():\n    await main()\nasyncio.run(main())\n",
        "import queue\nq = queue.Queue()\ndef f():\n    q.put_nowait(1)\nf()\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef f():\n    with ThreadPoolExecutor() as p:\n        pass\nf()\n",
        "import threading\nasync def w():\n    pass\nif __name__ == '__main__':\n    threading.Thread(target=w).start()\n",
        "import asyncio\nasync def main():\n    for i in range(n):\n        pass\nasyncio.run(main())\n",
        "import asyncio\nasync def main():\n    heavy()\nasyncio.run(main())\n",
        "import threading\nr = threading.RLock()\ndef w():\n    with r:\n        with r:\n            pass\nif __name__ == '__main__':\n    t = threading.Thread(target=w)\n    t.start()\n",
        "x = 1\n",
        "import asyncio, time\nasync def main():\n    time.sleep(1)\n    print(f'{main}')\n    return 3\nasyncio.run(main())\n",
        "import asyncio\nasync def main():\n    try:\n        pass\n    except ValueError:\n        pass\n    e = asyncio.Event()\nasyncio.run(main())\n",
    ];
    for src in programs {
        let (en, zh) = (import(src, "", "en"), import(src, "", "zh"));
        let pairs = en
            .errors
            .iter()
            .chain(&en.notes)
            .zip(zh.errors.iter().chain(&zh.notes));
        let mut seen = 0;
        for (e, z) in pairs {
            seen += 1;
            assert_ne!(e.message, z.message, "no Chinese for {:?}", e.message);
            if let (Some(eh), Some(zh)) = (&e.hint, &z.hint) {
                assert_ne!(eh, zh, "no Chinese for the hint {eh:?}");
            }
        }
        assert!(seen > 0, "{src}");
    }
}

#[test]
fn requests_and_replies_travel_as_bytes_on_the_bridge_channel() {
    let request = BridgeRequest::Import {
        id: 3,
        source: "import asyncio\n".into(),
        cpu: "work=200ms".into(),
        lang: "zh".into(),
    };
    let bytes = wire::encode(Channel::Bridge, &request);
    assert_eq!(wire::decode(Channel::Bridge, &bytes), Ok(request.clone()));
    let reply = FromBridge::Reply(reply_to(request));
    let back: FromBridge = wire::decode(Channel::Bridge, &wire::encode(Channel::Bridge, &reply))
        .expect("a reply reads back");
    assert_eq!(back, reply);
    // A message of another channel, or cut short, is an error, never a panic.
    let live = wire::encode(Channel::Live, &FromBridge::Ready);
    assert!(wire::decode::<FromBridge>(Channel::Bridge, &live).is_err());
    assert!(wire::decode::<BridgeRequest>(Channel::Bridge, &bytes[..bytes.len() - 2]).is_err());
}
