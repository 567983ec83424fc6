import { test } from "node:test";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun } from "./editor-helpers.mjs";
let server, browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));
test("shots", async () => {
  const { page } = await openApp(browser, server.url);
  for (const id of ["lost-update", "gather-vs-threads", "bounded-channel"]) {
    await page.click("#presets");
    await nextRun(page, () => page.click(`[data-preset="${id}"]`));
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("End");
    await page.keyboard.press("n");
    await page.keyboard.press("n");
    await page.waitForTimeout(300);
    await screenshot(page, `zz-${id}`);
    console.log(id, JSON.stringify(await page.evaluate(() => window.__interleave.timeline.values)));
  }
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForTimeout(300);
  await screenshot(page, `zz-375`);
  await page.setViewportSize({ width: 800, height: 720 });
  await page.waitForTimeout(300);
  await screenshot(page, `zz-800`);
});
