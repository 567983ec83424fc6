// Live runs on real shared memory: on a cross-origin isolated page the variables live in a
// SharedArrayBuffer, so four threads doing a separate load and store really lose updates, while
// incr (Atomics.add) and a mutex keep every one. `&memory=messages` forces the coordinator's
// messages instead, and the live bar says which path ran.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";
import { preset, openLive, liveTrace, armLiveSummary, liveFragment } from "./live-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const finalX = (summary) => summary.vars.x;

/** The first time the live trace's mutex went to a task while an older waiter waited, if any. */
function firstBarging(trace) {
  const waiting = new Map();
  for (const { kind } of trace.events) {
    if (kind.Blocked?.on?.Lock !== undefined) {
      const m = kind.Blocked.on.Lock;
      waiting.set(m, [...(waiting.get(m) ?? []), kind.Blocked.task]);
    } else if (kind.Acquired) {
      const q = waiting.get(kind.Acquired.res) ?? [];
      const first = q[0];
      waiting.set(kind.Acquired.res, q.filter((t) => t !== kind.Acquired.task));
      if (first !== undefined && first !== kind.Acquired.task) {
        return { let_in: trace.tasks[kind.Acquired.task].name, passed_over: trace.tasks[first].name };
      }
    } else if (kind.Ended) {
      for (const [m, q] of waiting) waiting.set(m, q.filter((t) => t !== kind.Ended.task));
    }
  }
  return null;
}

test("four threads racing on shared memory lose updates live (up to three tries)", async () => {
  const values = [];
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const { page, errors, summary } = await openLive(browser, server, preset("threads-race"), { openPage });
    assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
    assert.equal(summary.outcome, "completed");
    assert.match(await page.textContent("#live-status"), /real shared memory/);
    values.push(finalX(summary));
    // A thread preempted between its load and its store can undo many updates: only the bounds hold.
    assert.ok(finalX(summary) <= 80000 && finalX(summary) >= 1, `x = ${finalX(summary)}`);
    assert.deepEqual(errors, []);
    if (finalX(summary) < 80000) {
      await screenshot(page, "shared-memory-race");
      await page.close();
      break;
    }
    await page.close();
  }
  console.log(`threads-race live: x = ${values.join(", ")} (tries: ${values.length}; first try lost updates: ${values[0] < 80000})`);
  assert.ok(values.at(-1) < 80000, `no update was lost in ${values.length} tries: ${values.join(", ")}`);
});

for (const id of ["threads-incr", "threads-mutex"]) {
  test(`${id} live ends at exactly 20,000`, async () => {
    const { page, errors, summary } = await openLive(browser, server, preset(id), { openPage });
    assert.equal(summary.outcome, "completed");
    assert.equal(finalX(summary), 20000);
    assert.ok(summary.expects.every((e) => e.passed), "expect x == 20000 passes");
    assert.match(await page.textContent("#live-status"), /real shared memory/);
    if (id === "threads-mutex") {
      // The compare view says where the real lock was not FIFO, exactly when the trace shows it.
      const barged = firstBarging(await liveTrace(page));
      await page.click("#live-compare-toggle");
      await page.waitForSelector("#live-compare");
      const shown = await page.evaluate(() => window.__interleave.compare.barging ?? null);
      assert.deepEqual(shown && { let_in: shown.let_in, passed_over: shown.passed_over }, barged);
      if (barged) {
        assert.match(await page.textContent("#live-compare-barging"), /the real lock let t#\d into m before t#\d, which had waited longer; the simulator hands off in FIFO order/);
        await screenshot(page, "shared-memory-barging");
      }
      console.log(`threads-mutex live: ${barged ? `${barged.let_in} barged ahead of ${barged.passed_over}` : "no barging this run"}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("&memory=messages forces the coordinator's path, and the live bar can switch back", async () => {
  const { page, errors, summary } = await openLive(browser, server, preset("threads-incr"), {
    openPage,
    extra: "&memory=messages",
  });
  assert.equal(finalX(summary), 20000, "incr through the coordinator loses nothing either");
  assert.match(await page.textContent("#live-status"), /shared state as messages/);
  assert.equal(await page.inputValue("#live-memory"), "messages");
  await screenshot(page, "shared-memory-messages");
  // Back to shared memory from the live bar: the next run says so.
  await page.selectOption("#live-memory", "shared");
  await page.evaluate(() => {
    window.__next = new Promise((resolve) => {
      const on = (e) => e.detail?.mode === "live" && (window.removeEventListener("interleave:run", on), resolve(e.detail));
      window.addEventListener("interleave:run", on);
    });
  });
  await page.click("#run");
  const again = await page.evaluate(() => window.__next);
  assert.equal(again.vars.x, 20000);
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the forced message path still finds the philosophers' deadlock and keeps the mutex counter", async () => {
  const dining = await openLive(browser, server, preset("dining-philosophers"), { openPage, extra: "&memory=messages" });
  assert.equal(dining.summary.outcome, "deadlock");
  assert.deepEqual(dining.summary.deadlock.cycles, [["p1", "p2", "p3"]]);
  assert.match(await dining.page.textContent("#live-status"), /shared state as messages/);
  assert.deepEqual(dining.errors, []);
  await dining.page.close();
  const counter = await openLive(browser, server, preset("mutex-counter"), { openPage, extra: "&memory=messages" });
  assert.equal(counter.summary.vars.counter, 2);
  assert.deepEqual(counter.errors, []);
  await counter.page.close();
});

test("on real locks the philosophers' deadlock is found and drawn with its cycle", async () => {
  const { page, errors, summary } = await openLive(browser, server, preset("dining-philosophers"), { openPage });
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  assert.equal(summary.outcome, "deadlock");
  assert.deepEqual(summary.deadlock.cycles, [["p1", "p2", "p3"]]);
  const waits = Object.fromEntries(summary.deadlock.blocked.map((b) => [b.task, b]));
  assert.equal(waits.p1.waits_for, "mutex fork2");
  assert.deepEqual(waits.p1.held_by, ["p2"]);
  await page.waitForSelector("text=deadlock: p1 → p2 → p3 → p1", { timeout: 30000 });
  await screenshot(page, "shared-memory-deadlock");
  assert.deepEqual(errors, []);
  await page.close();
});

const TURNS = `scenario "async turns"\n\nmutex m\n\nasync t x1000 {\n  lock m\n  yield\n  unlock m\n}\n\nexpect no deadlock\n`;

test("1,000 async tasks await a mutex in shared memory and take it in FIFO order, as the simulator hands it over", async () => {
  const { page, errors, summary } = await openLive(browser, server, TURNS, { openPage });
  assert.equal(summary.outcome, "completed");
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  const takers = trace.events.filter((e) => e.kind.Acquired).map((e) => trace.tasks[e.kind.Acquired.task].name);
  assert.deepEqual(takers, Array.from({ length: 1000 }, (_, i) => `t#${i + 1}`), "each takes m once, in arrival order");
  assert.equal(firstBarging(trace), null);
  // Every waiter was woken by the unlock of the task before it, as the timeline's arrows draw.
  const wakes = trace.events.filter((e) => e.kind.Woken?.cause?.Unlock !== undefined);
  assert.equal(wakes.length, 999);
  assert.ok(wakes.every((e) => e.kind.Woken.by === e.kind.Woken.task - 1), "woken by the one before");
  assert.deepEqual(errors, []);
  await page.close();
});

test("threads park and async tasks await the same mutex in shared memory, and no update is lost", async () => {
  const MIXED = `scenario "mixed"\n\nmutex m\nvar x = 0\n\nthread t x2 {\n  repeat 500 {\n    lock m\n    load x\n    store x +1\n    unlock m\n  }\n}\n\nasync a x2 {\n  repeat 500 {\n    lock m\n    load x\n    yield\n    store x +1\n    unlock m\n  }\n}\n\nexpect x == 2000\n`;
  const { page, errors, summary } = await openLive(browser, server, MIXED, { openPage });
  assert.equal(summary.outcome, "completed");
  assert.equal(summary.vars.x, 2000);
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("async tasks that deadlock on locks in shared memory are found with their cycle", async () => {
  const CROSSED = `scenario "crossed"\n\nmutex a\nmutex b\n\nasync x {\n  lock a\n  yield\n  lock b\n  unlock b\n  unlock a\n}\n\nasync y {\n  lock b\n  yield\n  lock a\n  unlock a\n  unlock b\n}\n`;
  const { page, errors, summary } = await openLive(browser, server, CROSSED, { openPage });
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  assert.equal(summary.outcome, "deadlock");
  assert.deepEqual(summary.deadlock.cycles, [["x", "y"]]);
  await page.waitForSelector("text=deadlock: x → y → x", { timeout: 30000 });
  await screenshot(page, "shared-memory-async-deadlock");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a thread whose worker dies holding a lock in shared memory gives it back, and its waiter goes on", async () => {
  const text = `mutex m\n\nthread holder {\n  lock m\n  sleep 30s\n  unlock m\n}\n\nthread waiter {\n  sleep 200ms\n  lock m\n  log "got m"\n  unlock m\n}\n`;
  const { page, errors } = await openPage(browser, `${server.url}?test=1`);
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  const next = await armLiveSummary(page);
  await page.evaluate((hash) => (location.hash = hash), liveFragment(text));
  // Give the waiter time to park on m first (when it has not, it simply finds m free).
  await page.waitForTimeout(1000);
  await page.waitForFunction(() => window.__interleave.test.killWorkerOf("holder"), null, { polling: 50, timeout: 30000 });
  const summary = await next();
  const byName = Object.fromEntries(summary.tasks.map((t) => [t.name, t]));
  assert.equal(byName.holder.state, "failed");
  assert.match(byName.holder.error, /worker crashed/);
  assert.equal(byName.waiter.state, "completed", "the waiter took m after all");
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  const released = trace.events.find((e) => e.kind.Released?.on_exit && trace.tasks[e.kind.Released.task].name === "holder");
  assert.ok(released, "the trace says the holder released m on exit");
  assert.ok(trace.events.some((e) => e.kind.Log?.text === "got m"));
  const woken = trace.events.find((e) => e.kind.Woken && trace.tasks[e.kind.Woken.task].name === "waiter" && e.kind.Woken.cause?.Unlock !== undefined);
  if (woken) assert.equal(trace.tasks[woken.kind.Woken.by].name, "holder", "the dead holder's release woke the waiter");
  await screenshot(page, "shared-memory-dead-holder");
  console.log(`dead holder: the waiter ${woken ? "was parked and woken by the release on exit" : "found m already free"}`);
  assert.deepEqual(errors.filter((e) => !/worker/i.test(e)), []);
  await page.close();
});

test("threads take semaphores and rwlocks in shared memory too: no permit or update is lost, and an rwlock deadlock is found", async () => {
  const SEM = `scenario "permits and readers"\n\nsemaphore s = 2\nrwlock r\nvar x = 0\nvar y = 0\n\nthread t x4 {\n  repeat 300 {\n    acquire s\n    incr x\n    compute 20us\n    release s\n    read r\n    load y\n    unlock r\n  }\n}\n\nthread w {\n  repeat 200 {\n    write r\n    load y\n    store y +1\n    unlock r\n  }\n}\n\nexpect x == 1200\nexpect y == 200\n`;
  const run = await openLive(browser, server, SEM, { openPage });
  assert.equal(run.summary.outcome, "completed");
  assert.deepEqual(run.summary.vars, { x: 1200, y: 200 }, "the writer's load and store were never interleaved");
  assert.match(await run.page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(run.page);
  // At most 2 permits out at any time, read from the trace the threads wrote themselves.
  let out = 0;
  let most = 0;
  for (const { kind } of trace.events) {
    if (kind.Acquired && trace.resources[kind.Acquired.res].name === "s") out += kind.Acquired.n;
    if (kind.Released && trace.resources[kind.Released.res].name === "s") out -= kind.Released.n;
    most = Math.max(most, out);
  }
  assert.ok(most <= 2 && out === 0, `${most} permits out at once, ${out} at the end`);
  assert.deepEqual(run.errors, []);
  await run.page.close();

  const RWDL = `scenario "upgrade"\n\nrwlock r\n\nthread a {\n  read r\n  sleep 50ms\n  write r\n}\n\nthread b {\n  read r\n  sleep 50ms\n  write r\n}\n`;
  const dl = await openLive(browser, server, RWDL, { openPage });
  assert.equal(dl.summary.outcome, "deadlock");
  const waits = Object.fromEntries(dl.summary.deadlock.blocked.map((b) => [b.task, b]));
  assert.equal(waits.a.waits_for, "rwlock r (write)");
  assert.deepEqual([...waits.a.held_by].sort(), ["a", "b"]);
  assert.match(await dl.page.textContent("#live-status"), /real shared memory/);
  assert.deepEqual(dl.errors, []);
  await dl.page.close();
});

test("async tasks await a semaphore in shared memory: never more permits out than exist, and in FIFO order", async () => {
  const PERMITS = `scenario "two at a time"\n\nsemaphore s = 2\nvar x = 0\n\nasync t x200 {\n  acquire s\n  yield\n  incr x\n  release s\n}\n\nthread h {\n  repeat 100 {\n    acquire s\n    incr x\n    release s\n  }\n}\n\nexpect x == 300\n`;
  const { page, errors, summary } = await openLive(browser, server, PERMITS, { openPage });
  assert.equal(summary.outcome, "completed");
  assert.equal(summary.vars.x, 300);
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  let out = 0;
  let most = 0;
  const asyncTakers = [];
  for (const { kind } of trace.events) {
    if (kind.Acquired) {
      out += kind.Acquired.n;
      const name = trace.tasks[kind.Acquired.task].name;
      if (name.startsWith("t#")) asyncTakers.push(Number(name.slice(2)));
    }
    if (kind.Released) out -= kind.Released.n;
    most = Math.max(most, out);
  }
  assert.ok(most <= 2 && out === 0, `${most} permits out at once, ${out} at the end`);
  assert.deepEqual(asyncTakers, Array.from({ length: 200 }, (_, i) => i + 1), "async tasks take permits in arrival order");
  assert.deepEqual(errors, []);
  await page.close();
});

test("an async task timed out or cancelled while it awaits a real lock leaves its line, and those behind it go on, as on the message path", async () => {
  const FAULTS = `scenario "faults while awaiting"\n\nmutex m\nsemaphore s = 1\n\nasync a {\n  lock m\n  acquire s\n  sleep 300ms\n  release s\n  unlock m\n}\n\nasync b {\n  sleep 5ms\n  timeout 50ms {\n    lock m\n  }\n}\n\nasync c {\n  sleep 10ms\n  lock m\n  unlock m\n}\n\nasync e {\n  sleep 5ms\n  acquire s\n  sleep 2s\n}\n\nasync d {\n  sleep 10ms\n  acquire s\n  release s\n}\n\nasync k {\n  sleep 100ms\n  cancel e\n}\n`;
  const fates = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const { page, errors, summary } = await openLive(browser, server, FAULTS, { openPage, extra });
    fates[path] = Object.fromEntries(summary.tasks.map((t) => [t.name, [t.state, t.error ?? ""]]));
    assert.match(await page.textContent("#live-status"), path === "shared" ? /real shared memory/ : /shared state as messages/);
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.deepEqual(fates.shared.b, ["failed", "timed out after 50ms"]);
  assert.deepEqual(fates.shared.e, ["cancelled", ""]);
  for (const name of ["a", "c", "d", "k"]) assert.deepEqual(fates.shared[name], ["completed", ""], name);
  assert.deepEqual(fates.shared, fates.messages, "both paths agree on every task's fate");
});

test("async tasks await an rwlock in shared memory beside threads: readers share, a writer is alone, and an upgrade deadlock is found", async () => {
  const RW = `scenario "async readers and writers"\n\nrwlock r\nvar x = 0\n\nasync reader x50 {\n  read r\n  load x\n  yield\n  unlock r\n}\n\nasync writer x10 {\n  write r\n  load x\n  yield\n  store x +1\n  unlock r\n}\n\nthread tw {\n  repeat 100 {\n    write r\n    load x\n    store x +1\n    unlock r\n  }\n}\n\nthread tr {\n  repeat 100 {\n    read r\n    load x\n    unlock r\n  }\n}\n\nexpect x == 110\n`;
  const { page, errors, summary } = await openLive(browser, server, RW, { openPage });
  assert.equal(summary.outcome, "completed");
  assert.equal(summary.vars.x, 110, "no writer's load and store were interleaved, though each yields between them");
  assert.match(await page.textContent("#live-status"), /real shared memory/);
  const trace = await liveTrace(page);
  let readers = 0;
  let writers = 0;
  let sharedMost = 0;
  // A release does not say which side it gives back: the task's own take before it does.
  const holding = new Map();
  for (const { kind } of trace.events) {
    if (kind.Acquired) {
      holding.set(kind.Acquired.task, kind.Acquired.shared);
      kind.Acquired.shared ? (readers += 1) : (writers += 1);
    }
    if (kind.Released) {
      holding.get(kind.Released.task) ? (readers -= 1) : (writers -= 1);
      holding.delete(kind.Released.task);
    }
    assert.ok(writers <= 1 && (writers === 0 || readers === 0), `${writers} writers and ${readers} readers inside at once`);
    sharedMost = Math.max(sharedMost, readers);
  }
  console.log(`async rwlock live: at most ${sharedMost} readers inside at once`);
  assert.deepEqual(errors, []);
  await page.close();

  const UPGRADE = `scenario "async upgrade"\n\nrwlock r\n\nasync a {\n  read r\n  yield\n  write r\n}\n\nasync b {\n  read r\n  yield\n  write r\n}\n`;
  const dl = await openLive(browser, server, UPGRADE, { openPage });
  assert.equal(dl.summary.outcome, "deadlock");
  assert.match(await dl.page.textContent("#live-status"), /real shared memory/);
  const waits = Object.fromEntries(dl.summary.deadlock.blocked.map((b) => [b.task, b]));
  assert.equal(waits.a.waits_for, "rwlock r (write)");
  assert.deepEqual([...waits.a.held_by].sort(), ["a", "b"]);
  assert.deepEqual(dl.errors, []);
  await dl.page.close();
});
