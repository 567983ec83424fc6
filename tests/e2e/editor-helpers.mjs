// Helpers for the editor's end-to-end tests: pages that count published runs, and waits on
// the app's published state (never on fixed delays; their timeouts only guard against a hang,
// so they are generous for a loaded machine).
import { openPage } from "./harness.mjs";

/** Opens `url` in a fresh context (fresh storage) that counts `interleave:run` events. */
export async function openApp(browser, url, { context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 720 } }));
  await ctx.addInitScript(() => {
    window.__runs = 0;
    window.addEventListener("interleave:run", () => {
      window.__runs += 1;
    });
  });
  const page = await ctx.newPage();
  const errors = [];
  const dialogs = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(url);
  await waitRuns(page, 1);
  return { page, errors, dialogs, context: ctx };
}

/** How many runs the page has published so far. */
export const runs = (page) => page.evaluate(() => window.__runs);

/** Waits until the page has published at least `n` runs; returns the latest summary. */
export async function waitRuns(page, n) {
  await page.waitForFunction((n) => window.__runs >= n && window.__interleave?.summary, n, { timeout: 60000 });
  return page.evaluate(() => window.__interleave.summary);
}

/** Does `action`, then waits for the next published run and returns its summary. */
export async function nextRun(page, action) {
  const before = await runs(page);
  await action();
  return waitRuns(page, before + 1);
}

/** Waits for a run whose summary satisfies `pred` (a function source run in the page). */
export async function waitSummary(page, pred) {
  await page.waitForFunction(pred, null, { timeout: 60000 });
  return page.evaluate(() => window.__interleave.summary);
}

/** The scenario text, read from the text view. */
export async function scenarioText(page) {
  await page.click("#tab-text");
  return page.inputValue("#scenario-text");
}

/** Replaces the scenario text in the text view, as typing would. */
export async function typeText(page, text) {
  await page.click("#tab-text");
  await page.fill("#scenario-text", text);
}

export { openPage };
