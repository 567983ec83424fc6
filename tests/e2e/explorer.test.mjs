// The Explorer panel: explore every schedule with streamed progress, replay a group on the
// timeline, cancel a long search, and be the scheduler with undo. Waits only on published
// state (`interleave:explore`, `interleave:run`), never on fixed delays.
//
// The panel must be wired into the app (see src/ui/explorer/mod.rs): it is either visible, or
// opened by a header button `#explore-open`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun, typeText } from "./editor-helpers.mjs";
import { startFrames, stopFramesCovering } from "./live-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

// t2 takes b and yields before taking a: the default order completes, another deadlocks.
const ABBA = "mutex a\nmutex b\n\nasync t1 {\n  lock a\n  lock b\n  unlock b\n  unlock a\n}\n\nasync t2 {\n  lock b\n  yield\n  lock a\n  unlock a\n  unlock b\n}\n";
const RACY = "var counter = 0\n\nthread t x2 {\n  load counter\n  store counter +1\n}\n";
// Far too many schedules to finish: 6 threads of 6 steps.
const HUGE = "var c = 0\n\nthread t x6 {\n  repeat 3 {\n    load c\n    store c +1\n  }\n}\n";

async function openExplorer(page) {
  if (!(await page.isVisible("#explorer"))) await page.click("#explore-open");
  await page.waitForSelector("#explorer");
}

/**
 * Waits until the live pool has all its workers: after it is ready it starts one more in the
 * background (a live run's event loop), which a count of the page's workers would otherwise
 * catch at a random moment. Waits on the workers' own start events, never on a delay.
 */
async function poolSettled(page) {
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  const count = await page.evaluate(() => window.__interleave.pool.count);
  while (page.workers().length < count + 1) {
    await page.waitForEvent("worker", { timeout: 60000 });
  }
}

/** Starts an exploration and resolves to the published final report. */
async function exploreAll(page) {
  const done = page.evaluate(
    () => new Promise((resolve) => window.addEventListener("interleave:explore", (e) => resolve(e.detail), { once: true })),
  );
  await page.click("#explore-start");
  return done;
}

test("exploring finds the deadlock the default run misses, and a click replays it on the timeline", async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const first = await nextRun(page, () => typeText(page, ABBA));
  assert.equal(first.outcome, "completed");
  await openExplorer(page);
  const report = await exploreAll(page);
  assert.equal(report.exhaustive, true);
  assert.equal(report.groups[0].kind, "deadlock");
  assert.deepEqual(report.groups[0].deadlock.cycles, [["t1", "t2"]]);
  assert.equal(await page.getAttribute("#explore-status", "data-done"), "true");
  const summary = await nextRun(page, () => page.click(".explore-group[data-kind='deadlock'] .explore-show"));
  assert.equal(summary.outcome, "deadlock");
  assert.equal(await page.getAttribute(".explore-group[data-kind='deadlock']", "class"), "explore-group selected");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a racy counter shows both final values", async () => {
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, RACY));
  await openExplorer(page);
  const report = await exploreAll(page);
  const values = report.groups.map((g) => g.vars.counter).sort();
  assert.deepEqual(values, [1, 2]);
  await context.close();
});

test("the lost-update preset: exploring shows x = 1 and x = 2, and clicking x = 1 replays it on the timeline", async () => {
  const lostUpdate = fs.readFileSync(new URL("../../src/model/presets/lost-update.txt", import.meta.url), "utf8");
  const { page, context, errors } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, lostUpdate));
  await openExplorer(page);
  const report = await exploreAll(page);
  assert.equal(report.exhaustive, true);
  assert.deepEqual(report.groups.map((g) => g.vars.counter).sort(), [1, 2]);
  // Show something else first, so the replay below is a fresh run on the timeline.
  await nextRun(page, () => page.click(".explore-group[data-kind='completed'] .explore-show"));
  const before = await page.evaluate(() => window.__interleave.timeline.playhead_us);
  const replay = await nextRun(page, () => page.click(".explore-group[data-kind='expectfailed'] .explore-show"));
  assert.equal(replay.vars.counter, 1, "the replayed schedule loses the update");
  assert.equal(replay.expects[0].passed, false);
  // The timeline plays the replay: its playhead restarts and moves.
  await page.waitForFunction((t) => {
    const tl = window.__interleave.timeline;
    return tl && tl.events > 0 && tl.playhead_us !== t;
  }, before);
  await screenshot(page, "explorer-lost-update");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a link carrying a schedule replays that exact interleaving in a new page", async () => {
  const lostUpdate = fs.readFileSync(new URL("../../src/model/presets/lost-update.txt", import.meta.url), "utf8");
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, lostUpdate));
  await openExplorer(page);
  const report = await exploreAll(page);
  const kept = report.groups.find((g) => g.vars.counter === 2);
  assert.ok(kept && kept.schedule, "the update-keeping schedule is off the default");
  const shown = await nextRun(page, () => page.click(".explore-group[data-kind='completed'] .explore-show"));
  await page.click("#share");
  const link = `${await page.inputValue("#share-link")}&sched=${kept.schedule}`;
  const other = await browser.newContext();
  const fresh = await other.newPage();
  const opened = fresh.waitForFunction(() => window.__interleave?.summary, null, { timeout: 30000 });
  await fresh.goto(link);
  const summary = await (await opened).jsonValue();
  assert.equal(summary.vars.counter, 2, "the link's schedule was followed, not the default");
  assert.deepEqual(summary, shown, "the same run as the explorer's replay");
  await other.close();
  await context.close();
});

test("a huge search streams progress and stops at once when cancelled", async () => {
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, HUGE));
  await openExplorer(page);
  await page.fill("#explore-max", "100000000");
  // The report, and when it came (page clock), to measure the search against its own frames.
  const done = page.evaluate(
    () =>
      new Promise((resolve) =>
        window.addEventListener("interleave:explore", (e) => resolve({ report: e.detail, at: performance.now() }), { once: true }),
      ),
  );
  await poolSettled(page);
  const workersBefore = page.workers().length;
  const workerStarted = page.waitForEvent("worker");
  await startFrames(page);
  const began = await page.evaluate(() => performance.now());
  await page.click("#explore-start");
  // The search gets a web worker of its own, next to the live pool's.
  await workerStarted;
  assert.equal(page.workers().length, workersBefore + 1);
  // Progress streams in from the worker while the page keeps painting.
  await page.waitForFunction(() => Number(document.querySelector("#explore-progress")?.value) > 2000);
  assert.equal(await page.getAttribute("#explore-status", "data-host"), "worker");
  await page.click("#explore-cancel");
  const { report, at } = await done;
  const gaps = await stopFramesCovering(page);
  const search = at - began;
  assert.equal(report.exhaustive, false);
  assert.ok(report.bounds.includes("cancelled"), JSON.stringify(report.bounds));
  assert.ok(report.schedules > 2000, `schedules explored: ${report.schedules}`);
  // Behaviour, not a speed target: the gaps cover the whole recording, the search included, and
  // had the search run on the page's thread in one go, one gap would have lasted all of it.
  // Both are measured in this run, so a loaded machine stretches both.
  const worst = Math.max(...gaps);
  console.log(`frame gaps while exploring: n=${gaps.length} max ${worst.toFixed(0)} ms over a ${search.toFixed(0)} ms search`);
  assert.ok(worst < search / 2, `no frame waited for the search (longest gap ${worst.toFixed(0)} ms, search ${search.toFixed(0)} ms)`);
  // The same worker answers the next search: no new worker, and it completes.
  await page.fill("#explore-max", "300");
  const second = await exploreAll(page);
  assert.equal(second.schedules + second.pruned, 300);
  assert.ok(second.bounds.includes("max_schedules"), JSON.stringify(second.bounds));
  assert.equal(page.workers().length, workersBefore + 1);
  await context.close();
});

test("cancelling at once, even before the explorer's worker is up, leaves the panel ready", async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, RACY));
  await openExplorer(page);
  await page.click("#explore-start");
  await page.click("#explore-cancel");
  await page.waitForSelector("#explore-start");
  assert.equal(await page.getAttribute("#explore-status", "data-done"), "true");
  assert.doesNotMatch(await page.textContent("#explore-status"), /exploring/);
  // The next search runs to the end.
  const report = await exploreAll(page);
  assert.equal(report.exhaustive, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("being the scheduler: pick who goes next, undo steps back", async () => {
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, RACY));
  await openExplorer(page);
  await page.click("#explore-tab-game");
  await page.waitForSelector("#sched-question");
  assert.equal(await page.textContent("#sched-text"), "—");
  // Each option says what its task would do next, with the values it would see.
  const previews = await page.$$eval(".sched-offer .sched-next", (els) => els.map((e) => e.textContent));
  assert.ok(previews.length >= 2, `every option has a preview: ${previews}`);
  for (const p of previews) assert.ok(p.includes("load counter") && p.includes("read counter = 0"), p);
  await screenshot(page, "sched-informed");
  // Always pick the second option until the run ends.
  for (let i = 0; i < 20 && (await page.isVisible(".sched-offer")); i++) {
    await page.click(".sched-offer >> nth=1");
  }
  await page.waitForSelector("#sched-finished");
  // The end says the outcome in words: how the run ended and the final value.
  const outcome = await page.textContent("#sched-finished .sched-outcome");
  assert.match(outcome, /completed in/);
  const chosen = await page.textContent("#sched-text");
  assert.notEqual(chosen, "—");
  await page.click("#sched-undo");
  await page.waitForSelector("#sched-question");
  assert.notEqual(await page.textContent("#sched-text"), chosen);
  await context.close();
});

test("Esc closes the explorer, the topmost panel open", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await openExplorer(page);
  // Focus on the page, not in a text field (typing there keeps its keys).
  await page.click("#summary-line");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#explorer", { state: "detached" });
  assert.equal(await page.getAttribute("#explore-open", "aria-pressed"), "false");
  assert.deepEqual(errors, []);
  await page.close();
});
