// The autosave history: work replaced by a link is kept and restores exactly after a reload,
// two tabs keep their own work, and a storage failure says what to do.
import { test } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun, typeText, waitRuns } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

/** A share link's fragment for `text`, simulated. */
const link = (text) => `#s=1${zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url")}`;

const MINE = 'scenario "my own work"\n\nmutex m\n\nasync a {\n  lock m\n  sleep 2s\n  unlock m\n}\n';
const OTHER = 'scenario "from a link"\n\nasync b {\n  sleep 1s\n}\n';

/** The texts the stored history holds. */
const stored = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem("interleave.history") ?? '{"versions":[]}').versions.map((v) => v.text));

/** Restores the History row whose text contains `marker`, and waits for its run. */
async function restoreFromHistory(page, marker) {
  await page.click("#history");
  await page.waitForSelector("#history-panel .history-row");
  const id = await page.evaluate(
    (marker) => [...document.querySelectorAll(".history-row")].find((r) => r.textContent.includes(marker))?.querySelector("button")?.id,
    marker,
  );
  assert.ok(id, `a History row for "${marker}"`);
  return nextRun(page, () => page.click(`#${id}`));
}

test("work replaced by a link is kept: after a reload History lists it and restores it exactly", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, MINE));
  await nextRun(page, () => page.evaluate((h) => (location.hash = h), link(OTHER)));
  assert.equal(await page.evaluate(() => window.__interleave.text), OTHER);
  await page.waitForSelector("#banner-restore");
  await page.reload();
  await waitRuns(page, 1);
  assert.equal(await page.evaluate(() => window.__interleave.text), OTHER, "a reload shows the link's scenario");
  await page.click("#history");
  await page.waitForSelector("#history-panel .history-row");
  await screenshot(page, "history-en");
  await page.click("#history");
  await restoreFromHistory(page, "my own work");
  assert.equal(await page.evaluate(() => window.__interleave.text), MINE, "restored exactly");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the banner's Restore brings the replaced work back at once", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, MINE));
  await page.click("#presets");
  await nextRun(page, () => page.click('[data-preset="lost-update"]'));
  await page.waitForSelector("#banner-restore");
  await nextRun(page, () => page.click("#banner-restore"));
  assert.equal(await page.evaluate(() => window.__interleave.text), MINE);
  assert.deepEqual(errors, []);
  await page.close();
});

test("two tabs each keep their own work", async () => {
  const first = await openApp(browser, server.url);
  const second = await first.context.newPage();
  await second.goto(server.url);
  await waitRuns(second, 1);
  const textA = 'scenario "tab A"\n\nasync a {\n  sleep 1s\n}\n';
  const textB = 'scenario "tab B"\n\nasync b {\n  sleep 2s\n}\n';
  await nextRun(first.page, () => typeText(first.page, textA));
  await nextRun(second, () => typeText(second, textB));
  // Each tab saves its draft once typing pauses; wait for both, not for a time.
  await first.page.waitForFunction(
    ([a, b]) => {
      const h = JSON.parse(localStorage.getItem("interleave.history") ?? '{"versions":[]}');
      const texts = h.versions.map((v) => v.text);
      return texts.includes(a) && texts.includes(b);
    },
    [textA, textB],
    { timeout: 30000 },
  );
  // A fresh tab opens on the newest work, and the other tab's is in History.
  const third = await first.context.newPage();
  await third.goto(server.url);
  await waitRuns(third, 1);
  assert.equal(await third.evaluate(() => window.__interleave.text), textB);
  await restoreFromHistory(third, "tab A");
  assert.equal(await third.evaluate(() => window.__interleave.text), textA);
  assert.ok((await stored(third)).includes(textB), "tab B's work is still kept");
  assert.deepEqual(first.errors, []);
  await first.context.close();
});

test("when the browser's storage is full, the banner says so and what to do", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await page.evaluate(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException("the quota has been exceeded", "QuotaExceededError");
    };
  });
  await typeText(page, 'scenario "no room"\n\nasync a {\n  sleep 1s\n}\n');
  await page.waitForSelector("#banner.banner-problem");
  const text = await page.textContent("#banner");
  assert.match(text, /could not be saved/);
  assert.match(text, /QuotaExceededError/);
  assert.match(text, /Export it to a file/);
  await screenshot(page, "storage-full-en");
  assert.deepEqual(errors, []);
  await page.close();
});
