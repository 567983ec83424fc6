// Live-mode benchmark in headless Chromium (`?bench=live`, see src/devtools/live_bench.rs). Prints
// each figure with its target and, where one exists, as a ratio against a baseline measured in
// the same run:
//   1. postMessage round trip page ↔ pool worker, p50/p99 (target p50 ≤ 100 µs);
//      baseline: the same two hops through the page's own postMessage.
//   2. pool start-up for 4 workers (target ≤ 200 ms); baseline: starting 1 worker.
//   3. CPU-bound speedup: 8 jobs of compute 200ms on 2 workers vs 1 (target ≥ 1.8×).
//   4. our executor's spawn + join in wasm vs wasm_bindgen_futures::spawn_local (target ≥ 3×).
//   5. UI frame time during a live run whose event loop is blocked (target p95 ≤ 20 ms);
//      baseline: frame gaps of the same page while idle.
//   6. shared memory (cross-origin isolated): a contended mutex's hand-off between two threads,
//      p50/p99, and the whole run, on a futex in shared memory; baseline: the same run with
//      `&memory=messages` (the coordinator's path), in the same browser (target ≥ 20× faster);
//      and the platform's own park-and-wake between two bare workers, alone and beside a third
//      busy worker, the floor under the hand-off's tail; the threads-mutex preset's whole run on
//      both paths; and 1,000 async tasks taking one
//      mutex in turn, awaiting it with Atomics.waitAsync, on both paths (target ≥ 10× faster).
//      6d: a bounded channel between two threads (a ring in shared memory), and fed by an async
//      task, on both paths.
//   7. the clock's resolution on an isolated page (target 5 µs); baseline: a page served
//      without the isolation headers (service workers blocked, so it stays unisolated).
// Then, for every preset, the simulated and the live makespan and outcome.
//
//   node tests/e2e/bench-live.mjs [--no-presets]      (needs a built dist/; INTERLEAVE_DIST to use another)
import { serveDist, launch, openPage, ISOLATION } from "./harness.mjs";
import { liveFragment, preset, armLiveSummary, startFrames, stopFrames, pct, openLive, liveTrace } from "./live-helpers.mjs";
import fs from "node:fs";
import path from "node:path";

const noPresets = process.argv.includes("--no-presets");
const ms = (us) => `${(us / 1000).toFixed(2)} ms`;
const usf = (us) => `${us.toFixed(1)} µs`;
const median = (xs) => pct(xs, 50);
const verdict = (ok) => (ok ? "ok" : "MISSED");

const server = await serveDist();
const browser = await launch();
const rows = [];
try {
  const { page, errors } = await openPage(browser, `${server.url}?bench=live`);
  await page.waitForFunction(() => window.__interleave?.liveBench && window.__interleave?.pool?.status === "ready", null, { timeout: 120000 });
  const pool = await page.evaluate(() => window.__interleave.pool);
  console.log(`machine: ${pool.cores} logical cores (navigator.hardwareConcurrency); compute calibrated at ${pool.iters_per_us.toFixed(0)} iterations/µs`);

  // 1. Round trips.
  const rt = await page.evaluate(() => window.__interleave.liveBench.roundtrip(100));
  const [w50, w99, b50] = [pct(rt.worker_us, 50), pct(rt.worker_us, 99), pct(rt.same_thread_us, 50)];
  console.log(`\n1. postMessage round trip page ↔ pool worker (postcard messages, batches of 20, n=${rt.worker_us.length})`);
  console.log(`   p50 ${usf(w50)} · p99 ${usf(w99)} · baseline (same-thread postMessage, 2 hops) p50 ${usf(b50)} · ratio ${(w50 / b50).toFixed(2)}× · target p50 ≤ 100 µs: ${verdict(w50 <= 100)}`);

  // 2. Pool start-up.
  const ps = await page.evaluate(() => window.__interleave.liveBench.poolStartup(4));
  console.log(`\n2. pool start-up (module already compiled): 4 workers ${ps.n_ms.toFixed(1)} ms · baseline 1 worker ${ps.one_ms.toFixed(1)} ms · ratio ${(ps.n_ms / ps.one_ms).toFixed(2)}× · target ≤ 200 ms: ${verdict(ps.n_ms <= 200)}`);
  console.log(`   (the app's own start-up, compiling the module too: ${pool.startup_ms.toFixed(1)} ms for ${pool.count} workers)`);

  // 3. Speedup.
  const sp = await page.evaluate(() => window.__interleave.liveBench.speedup(200));
  const speedup = sp.one_us / sp.two_us;
  // The ideal is one worker per core; a probe of the machine's ceiling measured with other work
  // than the jobs themselves read below the speed-up it was meant to bound, so it is gone.
  const ideal = Math.min(2, pool.cores);
  console.log(`\n3. 8 jobs of compute 200ms: 1 worker ${ms(sp.one_us)} (baseline) · 2 workers ${ms(sp.two_us)} · speedup ${speedup.toFixed(2)}× · target ≥ 1.8×: ${verdict(speedup >= 1.8)}`);
  console.log(`   against the ideal for 2 workers on ${pool.cores} logical cores (${ideal}×): ${((100 * speedup) / ideal).toFixed(0)}%`);

  // 4. Executor vs spawn_local.
  const N = 100000;
  const ex = await page.evaluate((n) => window.__interleave.liveBench.execVsSpawnLocal(n), N);
  const [e, s] = [median(ex.exec_us), median(ex.spawn_local_us)];
  const [ey, sy] = [median(ex.exec_yield_us), median(ex.spawn_local_yield_us)];
  const so = median(ex.spawn_local_oneshot_us);
  console.log(`\n4. spawn + join of 100000 tasks in a worker (median of 7): our executor ${ms(e)} · wasm_bindgen_futures::spawn_local ${ms(s)} · spawn_local with a one-shot join per task (what a JoinHandle gives) ${ms(so)} (baseline)`);
  console.log(`   ours takes ${(e / so).toFixed(2)}× the baseline's time, ${(so / e).toFixed(2)}× as fast · target at most 1.0×: ${verdict(e <= so)} · against plain spawn_local: ${(s / e).toFixed(2)}× as fast`);
  console.log(`   each task yielding once first: our executor ${ms(ey)} · spawn_local ${ms(sy)} · ${(sy / ey).toFixed(2)}× as fast`);
  const [phSpawn, phRun, phJoin] = ex.exec_phases_us;
  console.log(`   our executor by phase (tasks spawned from outside, median of 7): spawn ${ms(phSpawn)} · run ${ms(phRun)} · join ${ms(phJoin)}`);
  const floor = median(ex.box_floor_us);
  const perTask = (us) => `${((us * 1000) / N).toFixed(0)} ns per task`;
  console.log(`   floor: boxing and freeing one future per task, nothing else, ${ms(floor)} (${perTask(floor)}); the baseline spends ${perTask(so)}`);

  // 5. Frames while the live event loop is blocked.
  await startFrames(page);
  await page.waitForFunction(() => window.__frames.gaps.length >= 120, null, { timeout: 30000 });
  const idle = await stopFrames(page);
  const next = await armLiveSummary(page);
  await startFrames(page);
  await page.evaluate((hash) => (location.hash = hash), liveFragment(preset("blocking-the-loop")));
  const blocked = await next();
  const gaps = await stopFrames(page);
  const [g95, i95] = [pct(gaps, 95), pct(idle, 95)];
  console.log(`\n5. frame gaps during a live run whose event loop is blocked (${ms(blocked.makespan_us)}, n=${gaps.length}): p50 ${pct(gaps, 50).toFixed(1)} ms · p95 ${g95.toFixed(1)} ms · max ${Math.max(...gaps).toFixed(1)} ms`);
  console.log(`   baseline (idle page) p95 ${i95.toFixed(1)} ms · ratio ${(g95 / i95).toFixed(2)}× · target p95 ≤ 20 ms: ${verdict(g95 <= 20)}`);

  // 6. A contended mutex between two threads: shared memory against the coordinator's path.
  const HANDOFF = `scenario "hand-off"\n\nmutex m\n\nthread t x2 {\n  repeat 2000 {\n    lock m\n    compute 50us\n    unlock m\n    compute 100us\n  }\n}\n\nexpect no deadlock\n`;
  const handoffs = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const run = await openLive(browser, server, HANDOFF, { openPage, extra });
    handoffs[path] = { makespan: run.summary.makespan_us, lat: handoffLatencies(await liveTrace(run.page)) };
    await run.page.close();
  }
  // 2,000 rounds each, so that even the futex's hand-offs (most rounds the holder takes the lock
  // again before the waiter runs) are enough for a p99 that is not simply the largest of a few.
  const [sh, msg] = [handoffs.shared, handoffs.messages];
  const ratio50 = pct(msg.lat, 50) / pct(sh.lat, 50);
  const ratio99 = pct(msg.lat, 99) / pct(sh.lat, 99);
  console.log(`\n6. a contended mutex, 2 threads × 2,000 × (lock, compute 50us, unlock, compute 100us): hand-off from the holder's unlock to the waiter's next step`);
  console.log(`   shared memory (futex): p50 ${usf(pct(sh.lat, 50))} · p99 ${usf(pct(sh.lat, 99))} (n=${sh.lat.length}) · run ${ms(sh.makespan)}`);
  console.log(`   baseline, the coordinator's messages: p50 ${usf(pct(msg.lat, 50))} · p99 ${usf(pct(msg.lat, 99))} (n=${msg.lat.length}) · run ${ms(msg.makespan)}`);
  console.log(`   ${ratio50.toFixed(1)}× faster at p50, ${ratio99.toFixed(1)}× at p99, the run ${(msg.makespan / sh.makespan).toFixed(1)}× · target ≥ 20×: ${verdict(ratio50 >= 20 && ratio99 >= 20)}`);
  console.log(`   (the compute after unlock gives the parked waiter time to take the lock: a futex is not FIFO, and without it the holder re-takes the lock before the waiter runs)`);
  const [wake, crowded] = [await platformWake(browser, server), await platformWake(browser, server, { busy: true })];
  console.log(`   the platform's own park and wake (two bare workers, one parked in Atomics.wait, notified 150 µs later; no Interleave code), n=${wake.length}: p50 ${usf(pct(wake, 50))} · p99 ${usf(pct(wake, 99))}`);
  console.log(`   the same beside a third busy worker (three busy threads on ${pool.cores} cores, as in the runs above with the page): p50 ${usf(pct(crowded, 50))} · p99 ${usf(pct(crowded, 99))}`);
  // The tail of a parked hand-off is the platform's: the target proposed in issue 17's closing
  // note measures the p99 against the platform's own, in the same run.
  const p99OverFloor = pct(sh.lat, 99) / pct(crowded, 99);
  console.log(`   proposed target, p50 ≥ 20× and the futex's p99 at most 2× the platform's own beside a busy worker: p50 ${ratio50.toFixed(1)}× · p99 ${p99OverFloor.toFixed(2)}× the platform's: ${verdict(ratio50 >= 20 && p99OverFloor <= 2)}`);

  // 6b. The threads-mutex preset: 4 threads × 5,000 lock/load/store/unlock, both paths.
  const whole = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const run = await openLive(browser, server, preset("threads-mutex"), { openPage, extra });
    whole[path] = run.summary;
    await run.page.close();
  }
  console.log(`   threads-mutex (4 threads × 5,000 lock, load, store, unlock): shared memory ${ms(whole.shared.makespan_us)} (x = ${whole.shared.vars.x}) · baseline, messages ${ms(whole.messages.makespan_us)} (x = ${whole.messages.vars.x}) · ${(whole.messages.makespan_us / whole.shared.makespan_us).toFixed(0)}× faster`);

  // 6c. 1,000 async tasks taking one mutex in turn on the event loop's worker.
  const TURNS = `scenario "async turns"\n\nmutex m\n\nasync t x1000 {\n  lock m\n  yield\n  unlock m\n}\n\nexpect no deadlock\n`;
  const turns = {};
  for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
    const run = await openLive(browser, server, TURNS, { openPage, extra });
    turns[path] = run.summary;
    await run.page.close();
  }
  const turnRatio = turns.messages.makespan_us / turns.shared.makespan_us;
  console.log(`\n6c. 1,000 async tasks taking one mutex in turn (lock, yield, unlock) on the event loop: shared memory (Atomics.waitAsync) ${ms(turns.shared.makespan_us)} (${turns.shared.outcome}) · baseline, messages ${ms(turns.messages.makespan_us)} (${turns.messages.outcome}) · ${turnRatio.toFixed(1)}× faster · target ≥ 10×: ${verdict(turnRatio >= 10)}`);

  // 6d. A bounded channel between threads, both paths.
  const PIPE = `scenario "pipe"\n\nchannel q capacity 4\nvar got = 0\n\nthread p {\n  repeat 5000 {\n    send q 1\n  }\n}\n\nthread c {\n  repeat 5000 {\n    recv q\n    incr got\n  }\n}\n\nexpect got == 5000\n`;
  // The same pipe fed by an async task, which awaits the ring (Atomics.waitAsync) while it is full.
  const ASYNC_PIPE = PIPE.replace("thread p {", "async p {");
  const sync = {};
  for (const [name, text] of [["pipe", PIPE], ["asyncPipe", ASYNC_PIPE]]) {
    sync[name] = {};
    for (const [path, extra] of [["shared", ""], ["messages", "&memory=messages"]]) {
      const run = await openLive(browser, server, text, { openPage, extra });
      sync[name][path] = run.summary;
      await run.page.close();
    }
  }
  const pipeRatio = sync.pipe.messages.makespan_us / sync.pipe.shared.makespan_us;
  console.log(`\n6d. a pipe: 2 threads pass 5,000 items through a channel of capacity 4: shared memory (a ring) ${ms(sync.pipe.shared.makespan_us)} (got = ${sync.pipe.shared.vars.got}) · baseline, messages ${ms(sync.pipe.messages.makespan_us)} (got = ${sync.pipe.messages.vars.got}) · ${pipeRatio.toFixed(1)}× faster`);
  const asyncRatio = sync.asyncPipe.messages.makespan_us / sync.asyncPipe.shared.makespan_us;
  console.log(`    an async task feeds a thread through the same pipe: shared memory ${ms(sync.asyncPipe.shared.makespan_us)} (got = ${sync.asyncPipe.shared.vars.got}) · baseline, messages ${ms(sync.asyncPipe.messages.makespan_us)} (got = ${sync.asyncPipe.messages.vars.got}) · ${asyncRatio.toFixed(1)}× faster`);

  // 7. Clock resolution, isolated or not.
  const isolatedRes = await page.evaluate(clockResolution);
  const bare = await serveDist(undefined, { isolate: false });
  const context = await browser.newContext({ serviceWorkers: "block" });
  const bareTab = await context.newPage();
  await bareTab.goto(bare.url);
  const bareRes = await bareTab.evaluate(clockResolution);
  const bareIsolated = await bareTab.evaluate(() => window.crossOriginIsolated);
  await context.close();
  await bare.close();
  console.log(`\n7. clock resolution (smallest step of performance.now()): isolated page ${usf(isolatedRes)} · baseline, unisolated page (crossOriginIsolated ${bareIsolated}) ${usf(bareRes)} · ratio ${(bareRes / isolatedRes).toFixed(0)}× · target 5 µs: ${verdict(isolatedRes <= 5.01)}`);

  // Presets: simulated vs live.
  if (!noPresets) {
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "..", "src", "model", "presets");
    const ids = fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort();
    console.log(`\npresets, simulated vs live (${pool.cores} cores):`);
    console.log(`${"preset".padEnd(22)} ${"sim".padStart(10)} ${"live".padStart(10)} ${"Δ".padStart(10)}  outcome sim → live`);
    for (const id of ids) {
      const nextLive = await armLiveSummary(page);
      await page.evaluate((hash) => (location.hash = hash), liveFragment(preset(id)));
      // A link that would start more than four new workers opens simulated and asks first: run
      // it live from the banner, as a user would (without this the table waited forever).
      const asked = page.waitForSelector("#banner-run-live", { timeout: 120000 }).then(() => "asks", () => "no");
      if ((await Promise.race([nextLive().then(() => "ran"), asked])) === "asks") await page.click("#banner-run-live");
      const live = await nextLive();
      const simSummary = await simulated(page, preset(id));
      const d = live.makespan_us - simSummary.makespan_us;
      const row = { id, sim: simSummary.makespan_us, live: live.makespan_us, simOutcome: simSummary.outcome, liveOutcome: live.outcome };
      rows.push(row);
      console.log(`${id.padEnd(22)} ${ms(row.sim).padStart(10)} ${ms(row.live).padStart(10)} ${((d >= 0 ? "+" : "") + ms(d)).padStart(10)}  ${row.simOutcome} → ${row.liveOutcome}`);
    }
  }
  if (errors.length) {
    console.error("console errors:", errors);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}

/**
 * Hand-off latencies (µs) in a live trace: for each time a task takes the mutex after waiting
 * for it, from the last `unlock` step of another task before that to the taker's next step.
 * The same definition on both paths: it counts every message the coordinator's path needs.
 */
function handoffLatencies(trace) {
  const events = trace.events;
  const lat = [];
  const waiting = new Set();
  let lastUnlock = null;
  for (let i = 0; i < events.length; i += 1) {
    const k = events[i].kind;
    if (k.Blocked) waiting.add(k.Blocked.task);
    if (k.Step && k.Step.text.startsWith("unlock")) lastUnlock = { t: events[i].t, task: k.Step.task };
    if (k.Acquired && waiting.has(k.Acquired.task)) {
      const taker = k.Acquired.task;
      waiting.delete(taker);
      const next = events.slice(i + 1).find((e) => e.kind.Step && e.kind.Step.task === taker);
      if (next && lastUnlock && lastUnlock.task !== taker) lat.push(next.t - lastUnlock.t);
    }
  }
  return lat;
}

/**
 * Wake latencies (µs) of the platform's futex alone: on an isolated page of the bench's origin
 * (its body given by the test, so no app and no content policy), two bare workers share one
 * word. The waiter parks in `Atomics.wait`; the waker, 150 µs after the waiter parked, notes the
 * time, stores and notifies, and spins until the woken waiter answers on another word, then
 * notes the time again (one clock, so no offset between workers). With `busy`, a third worker
 * spins all the while, as a third busy thread on two cores does. This is the floor under any
 * parked hand-off on this machine.
 */
async function platformWake(browser, server, { busy = false } = {}) {
  const page = await browser.newPage();
  const url = `${server.url}__platform-wake.html`;
  await page.route(url, (route) =>
    route.fulfill({ status: 200, headers: { "content-type": "text/html", ...ISOLATION }, body: "<!doctype html><title>wake</title>" }),
  );
  await page.goto(url);
  const lat = await page.evaluate(async (busy) => {
    const ROUNDS = 2000;
    const sab = new SharedArrayBuffer(64);
    const src = (body) => URL.createObjectURL(new Blob([`onmessage = (e) => { const w = new Int32Array(e.data, 0, 8); ${body} };`]));
    // w[0]: the waiter's word; w[1]: "parked soon", w[2]: "woken", w[3]: stop the busy worker.
    const waiter = new Worker(src(`
      for (let i = 0; i < ${ROUNDS}; i += 1) {
        Atomics.store(w, 1, 1);
        Atomics.notify(w, 1);
        Atomics.wait(w, 0, 0);
        Atomics.store(w, 0, 0);
        Atomics.store(w, 2, 1);
      }`));
    const waker = new Worker(src(`
      const lat = [];
      for (let i = 0; i < ${ROUNDS}; i += 1) {
        Atomics.wait(w, 1, 0);
        Atomics.store(w, 1, 0);
        const until = performance.now() + 0.15;
        while (performance.now() < until) {}
        const t0 = performance.now();
        Atomics.store(w, 0, 1);
        Atomics.notify(w, 0);
        while (Atomics.load(w, 2) === 0) {}
        lat.push((performance.now() - t0) * 1000);
        Atomics.store(w, 2, 0);
      }
      Atomics.store(w, 3, 1);
      postMessage(lat);`));
    const spinner = busy ? new Worker(src(`while (Atomics.load(w, 3) === 0) {}`)) : null;
    const done = new Promise((resolve) => (waker.onmessage = (e) => resolve(e.data)));
    spinner?.postMessage(sab);
    waker.postMessage(sab);
    waiter.postMessage(sab);
    const out = await done;
    for (const w of [waiter, waker, spinner]) w?.terminate();
    return out;
  }, busy);
  await page.close();
  return lat;
}

/** The smallest positive step of `performance.now()` over many reads, in µs (runs in a page). */
function clockResolution() {
  let smallest = Infinity;
  let last = performance.now();
  for (let i = 0; i < 2000000; i += 1) {
    const now = performance.now();
    if (now > last) smallest = Math.min(smallest, now - last);
    last = now;
  }
  return smallest * 1000;
}

/** The simulated summary of `text` (the app in simulated mode, through a link). */
async function simulated(page, text) {
  const frag = liveFragment(text).replace("&mode=live", "");
  await page.evaluate(() => {
    window.__simNext = new Promise((resolve) => {
      const on = (e) => {
        if (e.detail?.mode === "sim") {
          window.removeEventListener("interleave:run", on);
          resolve(e.detail);
        }
      };
      window.addEventListener("interleave:run", on);
    });
  });
  await page.evaluate((hash) => (location.hash = hash), frag);
  return page.evaluate(() => window.__simNext);
}
