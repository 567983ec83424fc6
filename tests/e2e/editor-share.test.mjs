// Sharing and files: links that reopen the same scenario and run, broken links that keep the
// user's work, presets, and import/export.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { suiteBrowser } from "./harness.mjs";
import { openApp, nextRun, scenarioText, typeText } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const CUSTOM = 'scenario "shared"\n\nruntime {\n  seed 3\n}\n\nasync a x3 {\n  compute 20ms\n}\n\nthread b {\n  sleep 50ms\n}\n';

test("a share link opened in a new page gives the same text and the same summary", async () => {
  const { page, context } = await openApp(browser, server.url);
  const summary = await nextRun(page, () => typeText(page, CUSTOM));
  await page.click("#share");
  await page.waitForSelector("#share-status[data-copied]");
  const link = await page.inputValue("#share-link");
  assert.ok(link.startsWith(server.url + "#s=1"), link);
  const other = await openApp(browser, link);
  assert.equal(await scenarioText(other.page), CUSTOM);
  const reopened = await other.page.evaluate(() => window.__interleave.summary);
  assert.deepEqual(reopened, summary);
  assert.equal(new URL(other.page.url()).hash, "", "the link leaves the address, so a reload shows the autosave");
  await other.context.close();
  await context.close();
});

test("a corrupted link shows a banner and keeps the autosaved work", async () => {
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => typeText(page, CUSTOM));
  // A second page of the same profile opens a damaged link: the autosave is shown instead.
  const other = await openApp(browser, server.url + "#s=1AAAA-not-a-scenario", { context });
  await other.page.waitForSelector("#banner");
  assert.match(await other.page.textContent("#banner"), /could not be opened.*damaged/s);
  assert.equal(await scenarioText(other.page), CUSTOM);
  // The same happens to a link pasted into the address bar of an open page.
  await other.page.click("#banner .banner-close");
  await other.page.waitForSelector("#banner", { state: "detached" });
  await other.page.evaluate(() => {
    location.hash = "#s=9zzzz";
  });
  await other.page.waitForSelector("#banner");
  assert.match(await other.page.textContent("#banner"), /newer version/);
  assert.equal(await other.page.inputValue("#scenario-text"), CUSTOM);
  await context.close();
});

test("a link pasted into an open page loads and runs its scenario, undoably", async () => {
  const { page, context } = await openApp(browser, server.url);
  const mine = await scenarioText(page);
  await nextRun(page, () => typeText(page, CUSTOM));
  await page.click("#share");
  const link = await page.inputValue("#share-link");
  await nextRun(page, () => page.click("#new-scenario"));
  const summary = await nextRun(page, () => page.evaluate((hash) => (location.hash = hash), new URL(link).hash));
  assert.equal(summary.scenario, "shared");
  assert.equal(await page.inputValue("#scenario-text"), CUSTOM);
  await nextRun(page, () => page.click("#undo"));
  assert.equal(await page.inputValue("#scenario-text"), "");
  assert.notEqual(mine, "");
  await context.close();
});

test("choosing a preset loads and runs it, and undo brings the old text back", async () => {
  const { page, context } = await openApp(browser, server.url);
  const before = await scenarioText(page);
  await page.click("#presets");
  await page.waitForSelector("#presets-panel .gallery-card");
  assert.ok((await page.locator(".gallery-card").count()) >= 10);
  const summary = await nextRun(page, () => page.click('.gallery-card[data-preset="blocking-the-loop"]'));
  assert.equal(summary.makespan_us, 2000000);
  assert.equal(await page.locator("#presets-panel").count(), 0, "the gallery closes");
  await nextRun(page, () => page.click("#undo"));
  assert.equal(await scenarioText(page), before);
  await context.close();
});

test("a scenario is exported and imported as a .txt file", async () => {
  const { page, context } = await openApp(browser, server.url);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const exported = fs.readFileSync(await download.path(), "utf8");
  assert.equal(exported, await scenarioText(page));
  const summary = await nextRun(page, () =>
    page.setInputFiles("#import-input", { name: "mine.txt", mimeType: "text/plain", buffer: Buffer.from(CUSTOM) }),
  );
  assert.equal(summary.scenario, "shared");
  assert.match(await page.textContent("#banner"), /Loaded mine\.txt/);
  await context.close();
});

test("a scenario too big for a link offers a download instead", async () => {
  const { page, context } = await openApp(browser, server.url);
  // Many distinct tasks compress poorly enough to pass the link limit.
  const tasks = Array.from({ length: 400 }, (_, i) => `async t${i * 7919} {\n  sleep ${i + 1}ms "s${i * 31}"\n}\n`).join("\n");
  await nextRun(page, () => typeText(page, tasks));
  await page.click("#share");
  await page.waitForSelector("#share-download");
  assert.match(await page.textContent("#share-status"), /too big for a link/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#share-download")]);
  assert.equal(fs.readFileSync(await download.path(), "utf8"), tasks);
  await context.close();
});

test("a file dropped onto the editor is loaded", async () => {
  const { page, context } = await openApp(browser, server.url);
  const data = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "dropped.txt", { type: "text/plain" }));
    return transfer;
  }, CUSTOM);
  await page.dispatchEvent(".editor-panel", "dragover", { dataTransfer: data });
  const summary = await nextRun(page, () => page.dispatchEvent(".editor-panel", "drop", { dataTransfer: data }));
  assert.equal(summary.scenario, "shared");
  assert.equal(await scenarioText(page), CUSTOM);
  await context.close();
});
