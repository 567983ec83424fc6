// Layout that holds: the timeline keeps at least 45% of a 1280×720 window with Compare and
// Explore open, the legend fits one row, every header control is visible and clickable at
// 800 px, and a shared link reads on a phone (375 px) without sideways scrolling. Writes the
// screenshots of every preset's first tour stop (English, and three in Chinese).
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, screenshot, openPage } from "./harness.mjs";
import { openApp, nextRun } from "./editor-helpers.mjs";
import { openLive, preset } from "./live-helpers.mjs";
import zlib from "node:zlib";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const link = (text) => `#s=1${zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url")}`;
const PRESETS = [
  "gather-vs-threads", "blocking-the-loop", "offload-to-pool", "callback-vs-await", "thread-per-task",
  "time-slicing", "semaphore-downloads", "lost-update", "mutex-counter", "readers-writers",
  "condvar-handoff", "bounded-channel", "dining-philosophers", "lock-ordering", "processes-vs-threads",
  "priority", "gather-failure", "timeout-cancel", "error-handling", "latency",
];

/** The timeline region's share of the window's height. */
const timelineShare = (page) =>
  page.evaluate(() => document.querySelector(".region.timeline").getBoundingClientRect().height / innerHeight);

test("at 1280×720 the timeline keeps at least 45% of the height with Compare and Explore open", async () => {
  const { page, errors } = await openLive(browser, server, preset("gather-vs-threads"), { openPage });
  // Live reads true: the timing check is measured against the simulation with its cause, not a ✗.
  const note = await (await page.waitForSelector("#summary-live-note")).textContent();
  assert.match(note, /^live .+, simulated 1 s \(\+.+\)/);
  const state = await page.getAttribute(".header-summary", "data-state");
  assert.equal(state, "ok", `the header shows no failure for a live timing check: ${await page.textContent("#summary-line")}`);
  assert.ok(!(await page.textContent(".metrics-panel")).includes("✗"), "no ✗ in the metrics");
  await page.click("#live-compare-toggle");
  await page.waitForSelector("#live-compare");
  await page.click("#explore-open");
  await page.waitForSelector("#explorer");
  const share = await timelineShare(page);
  assert.ok(share >= 0.45, `the timeline has ${(share * 100).toFixed(1)}% of the height`);
  // The legend is one row: no taller than one line of its text.
  const legend = await page.evaluate(() => {
    const ul = document.querySelector(".tl-legend");
    const li = ul.querySelector("li");
    return { ul: ul.getBoundingClientRect().height, li: li.getBoundingClientRect().height };
  });
  assert.ok(legend.ul < legend.li * 1.6, `the legend fits one row (${legend.ul}px for rows of ${legend.li}px)`);
  await screenshot(page, "layout-1280-compare-explore");
  assert.deepEqual(errors.filter((e) => !e.includes("favicon")), []);
  await page.close();
});

test("at 800 px every header control is visible and clickable", async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 720 } });
  const { page, errors } = await openApp(browser, server.url, { context });
  const blocked = await page.evaluate(() =>
    [...document.querySelectorAll(".header-bar button")]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        if (r.width < 16 || r.height < 16 || r.left < 0 || r.right > innerWidth) return true;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !b.contains(hit);
      })
      .map((b) => b.id || b.textContent),
  );
  assert.deepEqual(blocked, [], "header controls cut off or covered");
  await page.click("#mode-live");
  await page.waitForFunction(() => document.querySelector('#mode-live[aria-pressed="true"]'));
  await page.click("#mode-sim");
  await screenshot(page, "layout-800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("at 375 px a shared link shows the lesson, the timeline and play, and never scrolls sideways", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const { page, errors } = await openApp(browser, `${server.url}${link(preset("lost-update"))}`, { context });
  for (const sel of [".lesson", "canvas", ".tl-toolbar button"]) {
    const box = await page.locator(sel).first().boundingBox();
    assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 375 + 1, `${sel} is on screen: ${JSON.stringify(box)}`);
  }
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(scroll <= inner, `the page is ${scroll}px wide in a ${inner}px window`);
  await screenshot(page, "layout-375");
  assert.deepEqual(errors, []);
  await context.close();
});

test("every preset's first tour stop, in English, and three in Chinese", async () => {
  const { page, errors } = await openApp(browser, server.url);
  for (const id of PRESETS) {
    await page.click("#presets");
    await nextRun(page, () => page.click(`[data-preset="${id}"]`));
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("n");
    await page.waitForFunction(() => window.__interleave.timeline?.tour === 0);
    await screenshot(page, `tour-${id}-en`);
  }
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
  for (const id of ["gather-vs-threads", "blocking-the-loop", "lost-update"]) {
    await page.click("#presets");
    await nextRun(page, () => page.click(`[data-preset="${id}"]`));
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("n");
    await page.waitForFunction(() => window.__interleave.timeline?.tour === 0);
    await screenshot(page, `tour-${id}-zh`);
  }
  await screenshot(page, "layout-1280-zh");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the PNG is for a slide: twice the on-screen canvas, with room for the title and legend, named after the scenario", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await page.click("#presets");
  await nextRun(page, () => page.click('[data-preset="lost-update"]'));
  const css = await page.evaluate(() => {
    const c = document.querySelector("#tl-canvas");
    return { w: c.clientWidth, h: c.clientHeight };
  });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
  assert.equal(download.suggestedFilename(), "lost-update.png");
  const file = await download.path();
  const png = (await import("node:fs")).readFileSync(file);
  assert.equal(png.toString("latin1", 1, 4), "PNG");
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.equal(width, 2 * css.w, "twice the canvas width in CSS pixels");
  // The timeline area is twice the canvas; 52 CSS px above it hold the title and the legend.
  assert.equal(height, 2 * (css.h + 52), "twice the canvas height, plus the heading");
  (await import("node:fs")).copyFileSync(file, new URL("./screenshots/slide-lost-update.png", import.meta.url));
  assert.deepEqual(errors, []);
  await page.close();
});
