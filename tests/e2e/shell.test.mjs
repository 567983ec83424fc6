// The app shell loads, its worker pool starts from one compiled module, and nothing logs an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

test("the app starts four pool workers that answer a ping", async () => {
  const { page, errors } = await openPage(browser, server.url);
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 30000 });
  const pool = await page.evaluate(() => window.__interleave.pool);
  assert.equal(pool.status, "ready");
  assert.equal(pool.count, 4);
  assert.ok(pool.startup_ms > 0, "start-up time was measured");
  const footer = await page.textContent("#pool-status");
  assert.match(footer, /^4 workers ready/);
  console.log(`pool start-up for 4 workers: ${pool.startup_ms.toFixed(1)} ms`);
  await screenshot(page, "shell");
  assert.deepEqual(errors, [], "no console errors");
});
