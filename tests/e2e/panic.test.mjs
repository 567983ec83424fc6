// A panic on the page is visible and loses nothing: the banner says what broke and offers a
// report and a reload, and the work is on screen again after the reload, and in History.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun, typeText, waitRuns } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const MINE = 'scenario "before the crash"\n\nasync a {\n  sleep 3s\n}\n';

test("a panic shows the banner with a report, and the work survives the reload", async () => {
  const { page, errors } = await openApp(browser, `${server.url}?test=1`);
  await nextRun(page, () => typeText(page, MINE));
  // The hook panics inside wasm, so the call itself fails: that is the point.
  await page.evaluate(() => window.__interleave.test.panic()).catch(() => {});
  await page.waitForSelector("#panic-banner");
  assert.match(await page.textContent("#panic-banner"), /internal error/);
  assert.match(await page.textContent("#panic-banner"), /Your work is saved/);
  assert.match(await page.inputValue("#panic-report"), /a panic asked for by the test hooks/);
  await screenshot(page, "panic-banner-en");
  // The page's own error reports are the panic itself, and nothing else.
  assert.ok(errors.length > 0 && errors.every((e) => /panic|unreachable/i.test(e)), errors.join("\n"));
  await page.click("#panic-reload");
  await waitRuns(page, 1);
  assert.equal(await page.evaluate(() => window.__interleave.text), MINE, "the work is on screen again");
  await page.click("#history");
  await page.waitForSelector("#history-panel .history-row");
  assert.ok(
    await page.evaluate(() => [...document.querySelectorAll(".history-row")].some((r) => r.textContent.includes("before the crash"))),
    "and it is in History",
  );
  await page.close();
});

test("a panic during a live run ends its workers, and the banner's Copy works under the CSP", async () => {
  const { page, errors, context } = await openApp(browser, `${server.url}?test=1`);
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  assert.ok(page.workers().length > 0, "the pool's workers are up");
  await page.evaluate(() => window.__interleave.test.panic()).catch(() => {});
  await page.waitForSelector("#panic-banner");
  // Every worker is terminated: Playwright forgets a worker once it has closed.
  // (A bounded wait for the close events to arrive, not a timing check.)
  for (let i = 0; i < 400 && page.workers().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(page.workers().length, 0, "no worker is left running after the page panicked");
  await page.click("#panic-copy");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /a panic asked for by the test hooks/);
  assert.ok(errors.every((e) => /panic|unreachable/i.test(e)), errors.join("\n"));
  await context.close();
});
