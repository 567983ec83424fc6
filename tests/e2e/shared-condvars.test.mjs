// Condition variables between threads live in shared memory, with the mutexes waited on with
// them: a waiter queues, lets go of its mutex, parks on its own signal word until a notify
// signals it, and takes the mutex back. These tests hold the trace the threads wrote to the
// simulator's rules: notify wakes the longest waiter, a notify with nobody
// waiting is lost (and the run says who is left waiting), and a timeout wakes a waiter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";
import { preset, openLive, liveTrace } from "./live-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const ORDER = `scenario "wake in order"\n\nmutex m\ncondvar c\nvar woke = 0\n\nthread w x4 {\n  lock m\n  wait c m\n  incr woke\n  unlock m\n}\n\nthread n {\n  sleep 300ms\n  repeat 3 {\n    lock m\n    notify c\n    unlock m\n    sleep 30ms\n  }\n  lock m\n  notify_all c\n  unlock m\n}\n\nthread late {\n  sleep 200ms\n  timeout 50ms {\n    lock m\n    wait c m\n  }\n}\n\nthread lost {\n  lock m\n  notify c\n  unlock m\n  sleep 800ms\n  lock m\n  wait c m\n  unlock m\n}\n\nexpect woke == 4\n`;

// The same waits by async tasks, which await their signal words (Atomics.waitAsync) while a
// thread notifies; and by async tasks alone, which need no request to the coordinator at all.
const ASYNC_ORDER = ORDER.replace("thread w x4", "async w x4").replace("thread late", "async late").replace("thread lost", "async lost");
const ALL_ASYNC = ORDER.replaceAll("thread ", "async ");

for (const [who, text] of [["threads", ORDER], ["async tasks", ASYNC_ORDER], ["async tasks alone", ALL_ASYNC]]) {
test(`${who} wait on a condvar in shared memory: each notify wakes the longest waiter, a late wait is left waiting, as on the message path`, async () => {
  const fates = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const { page, errors, summary } = await openLive(browser, server, text, { openPage, extra });
    fates[path] = {
      outcome: summary.outcome,
      woke: summary.vars.woke,
      tasks: Object.fromEntries(summary.tasks.map((t) => [t.name, [t.state, t.error ?? ""]])),
      blocked: summary.deadlock?.blocked,
    };
    assert.match(await page.textContent("#live-status"), path === "shared" ? /real shared memory/ : /shared state as messages/);
    if (path === "shared") {
      const trace = await liveTrace(page);
      const name = (t) => trace.tasks[t].name;
      const c = trace.resources.findIndex((r) => r.name === "c");
      // The queue's order is the order the waiters let go of m (the mutex orders them); the
      // notifies come 30 ms apart, so each wake is drawn in turn.
      const queued = trace.events
        .filter((e) => e.kind.Released && trace.resources[e.kind.Released.res].name === "m" && name(e.kind.Released.task).startsWith("w#"))
        .map((e) => name(e.kind.Released.task))
        .filter((t, i, all) => all.indexOf(t) === i);
      const woken = trace.events.filter((e) => e.kind.Woken?.cause?.Notify === c);
      assert.deepEqual(woken.map((e) => name(e.kind.Woken.task)), queued, "woken longest waiter first");
      assert.ok(woken.every((e) => ["n", "lost"].includes(name(e.kind.Woken.by))), "woken by a notify");
      // Each woken waiter takes m back before it counts.
      for (const e of woken) {
        const task = e.kind.Woken.task;
        const after = trace.events.find((x) => x.t >= e.t && x.kind.Acquired?.task === task);
        assert.ok(after, `${name(task)} took m back`);
      }
      if (text === ALL_ASYNC) {
        const { round_trips_us: trips } = await page.evaluate(() => window.__interleave.test.stats);
        assert.equal(trips.length, 0, "no request to the coordinator for a lock, a wait or a notify");
      }
      await screenshot(page, `shared-condvar-order${text === ORDER ? "" : text === ASYNC_ORDER ? "-async" : "-all-async"}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.equal(fates.shared.outcome, "deadlock");
  assert.equal(fates.shared.woke, 4);
  assert.deepEqual(fates.shared.blocked, [{ task: "lost", waits_for: "notify on c", held_by: [] }]);
  assert.deepEqual(fates.shared.tasks.late, ["failed", "timed out after 50ms"]);
  assert.deepEqual(fates.shared, fates.messages, "both paths agree");
});
}

test("the condvar-handoff preset hands off through shared memory: the setter's notify wakes the waiter", async () => {
  const { page, errors, summary } = await openLive(browser, server, preset("condvar-handoff"), { openPage });
  assert.equal(summary.outcome, "completed");
  assert.equal(summary.vars.flag, 1);
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  const wake = trace.events.find((e) => e.kind.Woken?.cause?.Notify !== undefined);
  assert.ok(wake, "the waiter was woken by a notify");
  assert.equal(trace.tasks[wake.kind.Woken.by].name, "setter");
  const notified = trace.events.find((e) => e.kind.Step?.text === "notify ready");
  assert.ok(wake.t >= notified.t, "the wake is drawn after the notify");
  assert.deepEqual(errors, []);
  await page.close();
});
