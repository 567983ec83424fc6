// Bounded channels between threads live in shared memory, as OS pipes do: a ring of cells that
// the threads fill and drain themselves, parking while it is full or empty. These tests read the
// trace the threads wrote and hold it to the simulator's rules: every item once, in order, never
// more than the capacity inside; a close wakes every waiter with the simulator's failure; a
// cancel or a timeout wakes a parked thread; a deadlock on channels is found.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";
import { preset, openLive, liveTrace } from "./live-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const PIPELINE = `scenario "pipeline"\n\nchannel q capacity 4\nvar got = 0\n\nthread p1 {\n  repeat 500 {\n    send q 1\n  }\n}\n\nthread p2 {\n  repeat 500 {\n    send q 2\n  }\n}\n\nthread c x2 {\n  repeat 500 {\n    recv q\n    incr got\n  }\n}\n\nexpect got == 1000\n`;

test("threads pass items through a bounded channel in shared memory: each once, in order, never more than it holds", async () => {
  const { page, errors, summary } = await openLive(browser, server, PIPELINE, { openPage });
  assert.equal(summary.outcome, "completed");
  assert.equal(summary.vars.got, 1000);
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  const sent = [];
  const received = [];
  let inside = 0;
  let most = 0;
  let least = 0;
  for (const { kind } of trace.events) {
    if (kind.Sent) {
      sent.push(kind.Sent.value);
      inside += 1;
    }
    if (kind.Received) {
      received.push(kind.Received.value);
      inside -= 1;
    }
    most = Math.max(most, inside);
    least = Math.min(least, inside);
  }
  assert.equal(sent.length, 1000);
  // The ring stamps each send and receive in its own order, so the trace's order is the ring's.
  assert.deepEqual(received, sent, "items come out in the order they went in");
  assert.ok(most <= 4 && least === 0, `between ${least} and ${most} items inside at once`);
  const waits = trace.events.filter((e) => e.kind.Blocked?.on?.Send !== undefined || e.kind.Blocked?.on?.Recv !== undefined);
  const wakes = trace.events.filter((e) => e.kind.Woken?.cause?.Send !== undefined || e.kind.Woken?.cause?.Recv !== undefined);
  assert.ok(wakes.length <= waits.length, "no wake without a wait");
  // The threads wrote their trace into rings in shared memory, which the page drained.
  const stats = await page.evaluate(() => window.__interleave.test.stats);
  assert.ok(stats.ring_batches > 0, "no batch came through a trace ring");
  console.log(`pipeline live: ${waits.length} waits on a full or empty ring, ${wakes.length} wakes drawn, ${stats.ring_batches} batches through the trace rings`);
  await screenshot(page, "shared-channel-pipeline");
  assert.deepEqual(errors, []);
  await page.close();
});

const FAULTS = `scenario "closed, cancelled, timed out"\n\nchannel q capacity 1\nchannel full capacity 1\nchannel idle capacity 1\n\nthread r1 {\n  recv q\n}\n\nthread r2 {\n  recv q\n}\n\nthread w {\n  send full 1\n  send full 2\n}\n\nthread shut {\n  sleep 300ms\n  close q\n  close full\n}\n\nthread r3 {\n  recv idle\n}\n\nthread r4 {\n  timeout 100ms {\n    recv idle\n  }\n}\n\nthread k {\n  sleep 200ms\n  cancel r3\n}\n`;

test("a close, a cancel and a timeout wake threads parked on channels in shared memory, as on the message path", async () => {
  const fates = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const { page, errors, summary } = await openLive(browser, server, FAULTS, { openPage, extra });
    fates[path] = Object.fromEntries(summary.tasks.map((t) => [t.name, [t.state, t.error ?? ""]]));
    assert.match(await page.textContent("#live-status"), path === "shared" ? /real shared memory/ : /shared state as messages/);
    const { ring_batches } = await page.evaluate(() => window.__interleave.test.stats);
    assert.ok(path === "shared" ? ring_batches > 0 : ring_batches === 0, `${ring_batches} batches through trace rings on the ${path} path`);
    if (path === "shared") {
      const trace = await liveTrace(page);
      const name = (t) => trace.tasks[t].name;
      const closeWakes = trace.events
        .filter((e) => e.kind.Woken?.cause?.Close !== undefined)
        .map((e) => `${name(e.kind.Woken.task)} by ${name(e.kind.Woken.by)}`)
        .sort();
      // r1, r2 and w parked long before the close at 300 ms: it wakes each of them.
      assert.deepEqual(closeWakes, ["r1 by shut", "r2 by shut", "w by shut"]);
      const closed = trace.events.filter((e) => e.kind.Closed).map((e) => e.t);
      const woken = trace.events.filter((e) => e.kind.Woken?.cause?.Close !== undefined).map((e) => e.t);
      assert.ok(Math.min(...woken) >= Math.min(...closed), "no wake before its close");
      await screenshot(page, "shared-channel-faults");
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.deepEqual(fates.shared.r1, ["failed", "recv on closed channel q"]);
  assert.deepEqual(fates.shared.w, ["failed", "send on closed channel full"]);
  assert.deepEqual(fates.shared.r3, ["cancelled", ""]);
  assert.deepEqual(fates.shared.r4, ["failed", "timed out after 100ms"]);
  assert.deepEqual(fates.shared, fates.messages, "both paths agree on every task's fate");
});

const CROSSED = `scenario "pipes crossed"\n\nchannel a capacity 1\nchannel b capacity 1\n\nthread x {\n  recv a\n  send b 1\n}\n\nthread y {\n  recv b\n  send a 1\n}\n`;

test("threads that each wait for the other's pipe in shared memory are reported as the simulator reports them", async () => {
  const { page, errors, summary } = await openLive(browser, server, CROSSED, { openPage });
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  assert.equal(summary.outcome, "deadlock");
  const waits = Object.fromEntries(summary.deadlock.blocked.map((b) => [b.task, b.waits_for]));
  assert.deepEqual(waits, { x: "channel a (recv)", y: "channel b (recv)" });
  await screenshot(page, "shared-channel-deadlock");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the bounded-channel preset runs its pipe in shared memory and keeps the simulator's pace", async () => {
  const { page, errors, summary } = await openLive(browser, server, preset("bounded-channel"), { openPage });
  assert.equal(summary.outcome, "completed");
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  assert.equal(trace.events.filter((e) => e.kind.Received).length, 5);
  // The producer fills the pipe and parks on it; each receive lets it send one more.
  const producerWakes = trace.events.filter((e) => e.kind.Woken?.cause?.Recv !== undefined && trace.tasks[e.kind.Woken.task].name === "producer");
  assert.ok(producerWakes.length >= 1, "the producer was woken by a receive");
  assert.ok(summary.makespan_us >= 500000, `makespan ${summary.makespan_us} µs`);
  assert.deepEqual(errors, []);
  await page.close();
});
