// Async tasks await bounded channels in shared memory (Atomics.waitAsync on the ring's item
// count), beside threads that park on the same ring, so the event loop never blocks. These
// tests hold the trace to the simulator's rules and both paths to the same fates: every item
// once and in order, never more than the capacity inside, no request to the coordinator for a
// send or a receive, a close, a cancel and a timeout waking awaiting tasks, and a deadlock found.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";
import { openLive, liveTrace } from "./live-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const MIXED = `scenario "async and threads on one pipe"\n\nchannel q capacity 2\nvar got = 0\n\nasync p x2 {\n  repeat 200 {\n    send q 1\n  }\n}\n\nthread tp {\n  repeat 200 {\n    send q 2\n  }\n}\n\nasync c {\n  repeat 300 {\n    recv q\n    incr got\n  }\n}\n\nthread tc {\n  repeat 300 {\n    recv q\n    incr got\n  }\n}\n\nexpect got == 600\n`;

test("async tasks and threads share a bounded channel in shared memory: each item once, in order, no request for it", async () => {
  const seen = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const { page, errors, summary } = await openLive(browser, server, MIXED, { openPage, extra });
    assert.equal(summary.outcome, "completed", `${path}: ${JSON.stringify(summary.tasks)}`);
    assert.equal(summary.vars.got, 600);
    const trace = await liveTrace(page);
    const { round_trips_us: trips } = await page.evaluate(() => window.__interleave.test.stats);
    seen[path] = { trips: trips.length };
    if (path === "shared") {
      assert.match(await page.textContent("#live-status"), /real shared memory/);
      const sent = [];
      const received = [];
      let [inside, most, least] = [0, 0, 0];
      for (const { kind } of trace.events) {
        if (kind.Sent) {
          sent.push(kind.Sent.value);
          inside += 1;
        }
        if (kind.Received) {
          received.push(kind.Received.value);
          inside -= 1;
        }
        [most, least] = [Math.max(most, inside), Math.min(least, inside)];
      }
      assert.equal(sent.length, 600);
      assert.deepEqual(received, sent, "items come out in the order they went in");
      assert.ok(most <= 2 && least === 0, `between ${least} and ${most} items inside at once`);
      const name = (t) => trace.tasks[t].name;
      const asyncWaits = trace.events.filter((e) => (e.kind.Blocked?.on?.Send !== undefined || e.kind.Blocked?.on?.Recv !== undefined) && /^(p|c)/.test(name(e.kind.Blocked.task)));
      seen.shared.asyncWaits = asyncWaits.length;
      await screenshot(page, "shared-async-channel");
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
  // Every send and receive went through the ring: the coordinator answered no request at once
  // (on the message path, each one that needs no wait is such a request).
  assert.equal(seen.shared.trips, 0, "requests answered on the shared path");
  assert.ok(seen.messages.trips > 0, "the message path answered no request at once");
  console.log(`async pipe: ${seen.shared.asyncWaits} async waits on the ring; message path ${seen.messages.trips} requests answered at once`);
});

const FAULTS = `scenario "closed, cancelled, timed out"\n\nchannel q capacity 1\nchannel full capacity 1\nchannel idle capacity 1\n\nasync r1 {\n  recv q\n}\n\nasync r2 {\n  recv q\n}\n\nasync w {\n  send full 1\n  send full 2\n}\n\nthread shut {\n  sleep 300ms\n  close q\n  close full\n}\n\nasync r3 {\n  recv idle\n}\n\nasync r4 {\n  timeout 100ms {\n    recv idle\n  }\n}\n\nasync k {\n  sleep 200ms\n  cancel r3\n}\n\nasync busy {\n  repeat 30 {\n    sleep 10ms\n  }\n}\n`;

test("a close, a cancel and a timeout end async waits on channels in shared memory, and the loop runs on meanwhile", async () => {
  const fates = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const { page, errors, summary } = await openLive(browser, server, FAULTS, { openPage, extra });
    fates[path] = Object.fromEntries(summary.tasks.map((t) => [t.name, [t.state, t.error ?? ""]]));
    if (path === "shared") {
      assert.match(await page.textContent("#live-status"), /real shared memory/);
      const trace = await liveTrace(page);
      const name = (t) => trace.tasks[t].name;
      const closeWakes = trace.events
        .filter((e) => e.kind.Woken?.cause?.Close !== undefined)
        .map((e) => `${name(e.kind.Woken.task)} by ${name(e.kind.Woken.by)}`)
        .sort();
      assert.deepEqual(closeWakes, ["r1 by shut", "r2 by shut", "w by shut"]);
      const closed = Math.min(...trace.events.filter((e) => e.kind.Closed).map((e) => e.t));
      const woken = trace.events.filter((e) => e.kind.Woken?.cause?.Close !== undefined).map((e) => e.t);
      assert.ok(Math.min(...woken) >= closed, "no wake before its close");
      // While r1, r2, w, r3 and r4 awaited, the loop went on running busy's 30 sleeps.
      const busy = trace.tasks.findIndex((t) => t.name === "busy");
      const busySteps = trace.events.filter((e) => e.kind.Step?.task === busy && e.t < closed);
      assert.ok(busySteps.length >= 10, `busy took ${busySteps.length} steps before the close`);
      await screenshot(page, "shared-async-channel-faults");
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

const CROSSED = `scenario "async pipes crossed"\n\nchannel a capacity 1\nchannel b capacity 1\n\nasync x {\n  recv a\n  send b 1\n}\n\nthread y {\n  recv b\n  send a 1\n}\n`;

test("an async task and a thread that each await the other's pipe in shared memory are reported as the simulator reports them", async () => {
  const { page, errors, summary } = await openLive(browser, server, CROSSED, { openPage });
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  assert.equal(summary.outcome, "deadlock");
  const waits = Object.fromEntries(summary.deadlock.blocked.map((b) => [b.task, b.waits_for]));
  assert.deepEqual(waits, { x: "channel a (recv)", y: "channel b (recv)" });
  assert.deepEqual(errors, []);
  await page.close();
});

const LINE = `scenario "async senders in line"\n\nchannel q capacity 1\n\nasync f {\n  send q 0\n}\n\nasync s3 {\n  sleep 30ms\n  send q 3\n}\n\nasync s1 {\n  sleep 10ms\n  send q 1\n}\n\nasync s2 {\n  sleep 20ms\n  send q 2\n}\n\nthread r {\n  sleep 100ms\n  repeat 4 {\n    recv q\n    compute 5ms\n  }\n}\n`;

test("async senders that wait for room in shared memory are served in the order they came, as in the simulator", async () => {
  const { page, errors, summary } = await openLive(browser, server, LINE, { openPage });
  assert.equal(summary.outcome, "completed");
  const trace = await liveTrace(page);
  const received = trace.events.filter((e) => e.kind.Received).map((e) => e.kind.Received.value);
  assert.deepEqual(received, [0, 1, 2, 3]);
  assert.deepEqual(errors, []);
  await page.close();
});
