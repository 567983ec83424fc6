// The app shell loads, its worker pool starts from one compiled module, and nothing logs an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { suiteBrowser, openPage, screenshot, DIST } from "./harness.mjs";

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

test("a Content-Security-Policy allows only what the app needs, and the app breaks none of it", async () => {
  const { page, errors } = await openPage(browser, server.url);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.reload();
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'/, "the bootstrap is allowed by its hash");
  assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/, "no inline script runs by default");
  assert.doesNotMatch(policy, /ws:/, "live reload is allowed only when trunk serve injects it");
  // An injected inline script is refused.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.append(s);
  });
  assert.equal(await page.evaluate(() => window.__injected), undefined);
  // The app itself: a run, the gallery, the explorer, live mode; no violation but the injected one.
  await page.click("#presets");
  await page.click('[data-preset="lost-update"]');
  await page.click("#explore-open");
  await page.waitForSelector(".explorer");
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations.filter((v) => !v.startsWith("script-src-elem inline")), []);
  assert.ok(errors.every((e) => /Content Security Policy/.test(e)), errors.join("\n"));
  await page.close();
});

test("the workers' wasm is fetched only after the first run is on screen", async () => {
  const { page, errors } = await openPage(browser, server.url);
  await page.addInitScript(() => {
    window.addEventListener("interleave:run", () => (window.__firstRunAt ??= performance.now()), { once: true });
  });
  await page.reload();
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  const order = await page.evaluate(() => {
    const worker = performance.getEntriesByType("resource").find((e) => /\/worker-[0-9a-f]{16}_bg\.wasm$/.test(e.name));
    return { firstRun: window.__firstRunAt, workerFetch: worker?.startTime };
  });
  assert.ok(order.firstRun !== undefined && order.workerFetch !== undefined, JSON.stringify(order));
  assert.ok(order.workerFetch > order.firstRun, `the first run came first: ${JSON.stringify(order)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the workers' files carry their content hash, so a cached worker never meets a newer app", async () => {
  const files = fs.readdirSync(DIST);
  for (const stem of ["worker", "bridge"]) {
    assert.ok(!files.includes(`${stem}.js`) && !files.includes(`${stem}_bg.wasm`), `no unhashed ${stem} files`);
    assert.ok(files.some((f) => new RegExp(`^${stem}-[0-9a-f]{16}\\.js$`).test(f)), `${stem}'s glue is hashed: ${files}`);
  }
  const context = await browser.newContext();
  const urls = [];
  context.on("request", (r) => urls.push(new URL(r.url()).pathname + new URL(r.url()).search));
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  assert.ok(urls.some((u) => /^\/pool-boot\.js\?worker-[0-9a-f]{16}\.js$/.test(u)), urls.join("\n"));
  assert.ok(urls.some((u) => /^\/worker-[0-9a-f]{16}\.js$/.test(u)), "the pool imports the hashed glue");
  await context.close();
});

test("when the app's wasm or script cannot be fetched or compiled, the page says why and a reload starts the app", async () => {
  const WASM = /\/app-[0-9a-f]+_bg\.wasm$/;
  const SCRIPT = /\/app-[0-9a-f]+\.js$/;
  const failures = {
    "a network failure": [WASM, (route) => route.abort()],
    "a missing file": [WASM, (route) => route.fulfill({ status: 404, body: "not here" })],
    "a corrupt file": [WASM, (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from("not a wasm module") })],
    "an unreachable script": [SCRIPT, (route) => route.abort()],
  };
  for (const [what, [file, fail]] of Object.entries(failures)) {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.route(file, fail);
    await page.goto(server.url);
    await page.waitForSelector("#boot .boot-error[role=alert]", { timeout: 30000 });
    const text = await page.textContent("#boot .boot-error");
    assert.match(text, /Interleave could not start\. Check your connection and reload/, what);
    assert.match(text, /Interleave 无法启动。请检查网络后重新加载/, what);
    assert.match(text, /Details · 详情: \S/, `${what}: the browser's own reason is shown`);
    assert.equal(await page.$(".boot-lanes"), null, `${what}: the loading animation stops`);
    await screenshot(page, `boot-failed-${what.replaceAll(" ", "-")}`);
    await page.unroute(file);
    await page.click("#boot-reload");
    await page.waitForFunction(() => window.__interleave?.summary, null, { timeout: 60000 });
    assert.equal(await page.$("#boot"), null, `${what}: after the reload the app took the page`);
    await page.close();
  }
});

test("with JavaScript turned off, the page says the app needs it", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  const alert = page.locator("#boot .boot-error[role=alert]");
  assert.ok(await alert.isVisible(), "the message is shown");
  assert.match(await alert.textContent(), /needs JavaScript: turn it on for this page, then reload/);
  assert.match(await alert.textContent(), /需要 JavaScript/);
  assert.ok(!(await page.locator(".boot-lanes").isVisible()), "no loading animation that never ends");
  await screenshot(page, "boot-no-javascript");
  await context.close();
});
