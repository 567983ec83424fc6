import { test } from "node:test";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun } from "./editor-helpers.mjs";
let server, browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));
test("shots", async () => {
  for (const width of [1280, 375]) {
    const { page, context } = await openApp(browser, server.url);
    await page.setViewportSize({ width, height: 800 });
    await page.click("#lang");
    await page.click("#presets");
    await nextRun(page, () => page.click(`[data-preset="lost-update"]`));
    await page.click("#tab-visual");
    await page.click('[data-testid="lesson-editor"] > summary');
    await screenshot(page, `zz-lesson-editor-zh-${width}`);
    await page.evaluate(() => document.querySelector('[data-testid="lesson-editor"]').removeAttribute("open"));
    await page.locator('[data-testid="step-kind"]').first().scrollIntoViewIfNeeded();
    await screenshot(page, `zz-steps-zh-${width}`);
    const opts = await page.locator('[data-testid="step-kind"]').first().locator("option").allTextContents();
    console.log(opts.join(" | "));
    await context.close();
  }
});
