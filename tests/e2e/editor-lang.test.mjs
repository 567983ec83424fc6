// Words and first impressions: the language switch translates the UI and is remembered, the
// hint goes away for good, and screenshots at 1280×720 in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, waitRuns, nextRun, typeText } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

test("switching the language translates the UI and is remembered", async () => {
  const { page, errors, context } = await openApp(browser, server.url);
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 30000 });
  assert.equal(await page.textContent("#run"), "▶ Run");
  await screenshot(page, "app-en");
  await page.click("#lang");
  assert.equal(await page.textContent("#run"), "▶ 运行");
  assert.equal(await page.textContent("#tab-visual"), "可视化");
  assert.match(await page.textContent("#summary-line"), /全部完成，用时 1 秒/);
  assert.match(await page.textContent("#hint"), /试试这三件事/);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  await screenshot(page, "app-zh");
  await page.reload();
  await waitRuns(page, 1);
  assert.equal(await page.textContent("#share"), "🔗 分享", "the choice survives a reload");
  assert.deepEqual(errors, []);
  await context.close();
});

test("in Chinese, the core's texts are Chinese too: diagnostics and the deadlock summary", async () => {
  const { page, errors, context } = await openApp(browser, server.url);
  await page.click("#lang");
  assert.equal(await page.textContent("#run"), "▶ 运行");
  await typeText(page, "async a {\n  sleep 1s\n  lock nowhere\n}\n");
  await page.waitForSelector(".editor-diag");
  const message = await page.locator(".editor-diag-msg").first().textContent();
  assert.match(message, /[\u4e00-\u9fff]/, `the diagnostic is in Chinese: ${message}`);
  assert.match(message, /nowhere/, "the name stays as written");
  await page.click("#presets");
  await page.waitForSelector("#presets-panel .gallery-card");
  const summary = await nextRun(page, () => page.click('.gallery-card[data-preset="dining-philosophers"]'));
  assert.equal(summary.outcome, "deadlock");
  await page.waitForFunction(() => /死锁/.test(document.querySelector("#summary-line")?.textContent ?? ""));
  const line = await page.textContent("#summary-line");
  assert.match(line, /死锁/);
  assert.doesNotMatch(line, /waits for|held by|deadlock/, `no English left: ${line}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a browser that prefers Chinese opens in Chinese", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  const { page } = await openApp(browser, server.url, { context });
  assert.equal(await page.textContent("#run"), "▶ 运行");
  await context.close();
});

test("the hint is dismissed for good, and the theme switch is remembered", async () => {
  const { page, context } = await openApp(browser, server.url);
  await page.click("#hint-dismiss");
  await page.waitForSelector("#hint", { state: "detached" });
  const before = await page.getAttribute("html", "data-theme");
  await page.click("#theme");
  // The switch applies on the app's next render: wait for it rather than reading too early.
  await page.waitForFunction((old) => document.documentElement.getAttribute("data-theme") !== old, before);
  const theme = await page.getAttribute("html", "data-theme");
  await page.reload();
  await waitRuns(page, 1);
  assert.equal(await page.locator("#hint").count(), 0, "the hint does not come back");
  assert.equal(await page.getAttribute("html", "data-theme"), theme);
  await context.close();
});

test("the ? key shows the keyboard shortcuts", async () => {
  const { page, context } = await openApp(browser, server.url);
  await page.click(".editor-toolbar");
  await page.keyboard.press("?");
  assert.match(await page.textContent("#shortcuts"), /Ctrl\+Enter/);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#shortcuts", { state: "detached" });
  await context.close();
});

test("the editor's width can be changed from the keyboard", async () => {
  const { page, context } = await openApp(browser, server.url);
  const before = await page.evaluate(() => document.querySelector(".editor-panel").getBoundingClientRect().width);
  await page.focus(".header-splitter-v");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  // The app re-renders on its next tick: wait for the wider editor rather than sleeping.
  await page.waitForFunction(
    (before) => document.querySelector(".editor-panel").getBoundingClientRect().width > before + 40,
    before,
  );
  assert.equal(await page.getAttribute(".header-splitter-v", "aria-valuenow"), "39");
  await context.close();
});
