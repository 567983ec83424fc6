// Runs near the event limit, through the app as a user would: a simulation goes in slices with a
// progress bar, the page keeps painting meanwhile, and Cancel (or Esc) keeps the last finished
// run and leaves the app ready for the next one; a live run that floods its event loop with
// yields streams its trace and stops at the limit, its busy worker never taken for dead.
import { test } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";
import { openLive, armLiveSummary, liveFragment } from "./live-helpers.mjs";

// 10,000 tasks of 30 yields each: the simulator stops it at 1,000,000 events.
const HUGE = "async t x10000 {\n  repeat 30 {\n    yield\n  }\n}\n";
const SMALL = "async a x2 {\n  sleep 10ms\n}\n";
const link = (text) => "#s=1" + zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

/** Opens the app on `text` and waits for its first run on the timeline. */
async function open(text) {
  const { page, errors } = await openPage(browser, server.url + link(text));
  await page.waitForFunction(() => window.__interleave?.summary && window.__interleave?.timeline?.lanes > 0, null, {
    timeout: 30000,
  });
  return { page, errors };
}

/** Counts animation frames and records what the summary line and progress bar say at each. */
async function watch(page) {
  await page.evaluate(() => {
    const seen = (window.__seen = { frames: 0, framesLoading: 0, texts: [], values: [], on: true });
    const tick = () => {
      if (!seen.on) return;
      seen.frames++;
      const bar = document.querySelector("#run-progress");
      if (bar) {
        seen.framesLoading++;
        seen.values.push(Number(bar.value));
        seen.texts.push(document.querySelector("#summary-line").textContent);
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return () =>
    page.evaluate(() => {
      window.__seen.on = false;
      return window.__seen;
    });
}

test("a run of a million events loads in slices with progress while the page keeps painting", async () => {
  const { page, errors } = await open(SMALL);
  const stop = await watch(page);
  await page.evaluate((hash) => (location.hash = hash), link(HUGE));
  await page.waitForSelector("#run-progress", { timeout: 30000 });
  await screenshot(page, "long-run-progress");
  await page.waitForFunction(() => window.__interleave.timeline?.events === 1000000, null, { timeout: 300000 });
  const seen = await stop();
  const summary = await page.evaluate(() => window.__interleave.summary);
  assert.equal(summary.events, 1000000);
  assert.equal(summary.limit, "max_events");
  assert.equal(await page.locator("#run-progress").count(), 0, "the bar goes when the run is shown");
  // Painted all along: a page frozen by the load would have shown a frame or two with the bar.
  assert.ok(seen.framesLoading >= 5, `frames painted while loading: ${seen.framesLoading}`);
  assert.ok(seen.texts.some((t) => /^simulating… \d+%$/.test(t)), seen.texts.join(" | "));
  assert.ok(seen.texts.some((t) => /^laying out the timeline… \d+%$/.test(t)), seen.texts.join(" | "));
  const sim = seen.values.filter((_, i) => seen.texts[i].startsWith("simulating"));
  assert.ok(sim.every((v, i) => i === 0 || v >= sim[i - 1]), `progress only rises: ${sim}`);
  assert.ok(Math.max(...seen.values) > 0.3, `progress moved: ${seen.values}`);
  await screenshot(page, "long-run-done");
  assert.deepEqual(errors, []);
});

test("Cancel and Esc stop a big run, keep the last one, and the next run works", async () => {
  const { page, errors } = await open(SMALL);
  const before = await page.evaluate(() => window.__interleave.summary);
  const events = await page.evaluate(() => window.__interleave.timeline.events);
  // Slow the page down, so that however fast the machine, the run is still under way when
  // the test reaches for Cancel.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 8 });
  await page.evaluate((hash) => (location.hash = hash), link(HUGE));
  await page.waitForSelector("#run-progress", { timeout: 30000 });
  await page.click("#run-cancel");
  // A hang guard only (the page is slowed 8×): the banner and the kept run below show the cancel.
  await page.waitForSelector("#run-progress", { state: "detached", timeout: 30000 });
  assert.match(await page.locator("#banner").innerText(), /simulation was cancelled/);
  // The last finished run stays on show, and nothing new was published.
  assert.deepEqual(await page.evaluate(() => window.__interleave.summary), before);
  assert.equal(await page.evaluate(() => window.__interleave.timeline.events), events);
  // What the user wrote stays: the text view holds the big scenario.
  await page.click("#tab-text");
  assert.match(await page.locator("#scenario-text").inputValue(), /x10000/);

  // Ctrl+Enter runs it again; Esc cancels that one too.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press("Control+Enter");
  await page.waitForSelector("#run-progress", { timeout: 30000 });
  await page.keyboard.press("Escape");
  await page.waitForSelector("#run-progress", { state: "detached", timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.__interleave.summary), before);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });

  // The next scenario runs as usual.
  await page.evaluate((hash) => (location.hash = hash), link("async b x3 {\n  sleep 20ms\n}\n"));
  await page.waitForFunction(() => window.__interleave.summary?.tasks?.length === 3, null, { timeout: 30000 });
  const after = await page.evaluate(() => window.__interleave.summary);
  assert.equal(after.outcome, "completed");
  assert.equal(after.makespan_us, 20000);
  assert.deepEqual(errors, []);
});

test("a live run of 300,000 yields streams its trace and stops at the event limit, its event loop never taken for dead", async () => {
  const flood = "async t x1000 {\n  repeat 300 {\n    yield\n  }\n}\n";
  const { page, errors } = await open(SMALL);
  // Every size of trace the timeline shows, frame by frame.
  await page.evaluate(() => {
    const sizes = (window.__sizes = new Set());
    const tick = () => {
      sizes.add(window.__interleave.timeline?.events);
      if (!window.__sizesDone) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const ended = await armLiveSummary(page);
  await page.evaluate((hash) => (location.hash = hash), liveFragment(flood));
  const summary = await ended();
  assert.equal(summary.mode, "live");
  assert.equal(summary.outcome, "limit");
  assert.equal(summary.limit, "max_events");
  assert.equal(summary.events, 1000000);
  const failed = summary.tasks.filter((t) => t.state === "failed");
  assert.deepEqual(failed, [], "no task failed (a busy event loop is not a dead worker)");
  await page.waitForFunction(() => window.__interleave.timeline?.events === 1000000, null, { timeout: 120000 });
  const sizes = await page.evaluate(() => {
    window.__sizesDone = true;
    return [...window.__sizes];
  });
  // The trace was on the timeline during the run, not only at its end. How many sizes show
  // in between depends on how fast the page lays out against how fast the workers run, which
  // load changes: one is the behaviour, more is timing.
  const growing = sizes.filter((n) => n > 100 && n < 1000000);
  assert.ok(growing.length >= 1, `sizes shown: ${sizes.join(", ")}`);
  assert.deepEqual(errors, []);
});

test("live mode runs 92 threads beside its pool of 4, and refuses one more with a clear message", async () => {
  const many = (n) => `thread t x${n} {\n  sleep 10ms\n}\n`;
  const { page, errors, summary } = await openLive(browser, server, many(92), { openPage });
  assert.equal(summary.outcome, "completed", JSON.stringify(summary.tasks.find((t) => t.error)));
  assert.equal(summary.tasks.length, 92);

  const refusal = await armLiveSummary(page);
  await page.evaluate((hash) => (location.hash = hash), liveFragment(many(93)));
  // 93 new workers: the link asks before it runs live.
  await page.click("#banner-run-live");
  const refused = await refusal();
  assert.equal(refused.outcome, "limit");
  assert.equal(refused.limit, "max_live_threads");
  await page.waitForFunction(() => /more than 96 web workers/.test(document.querySelector("#summary-line")?.textContent));
  assert.deepEqual(errors, []);
});
