// Cross-origin isolation wherever Interleave is served: the suite's server sends the headers
// (as Trunk.toml and dist/_headers do), and a host that sends none gets them from the service
// worker, after one reload. The footer says which it is.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { suiteBrowser, openPage, screenshot, serveDist } from "./harness.mjs";
import { preset, openLive } from "./live-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

test("served with the headers, the page is isolated and the footer says so", async () => {
  const { page, errors } = await openPage(browser, server.url);
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  assert.equal(await page.getAttribute("#isolation", "data-isolated"), "true");
  assert.match(await page.textContent("#isolation"), /shared memory ✓/);
  const registered = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  assert.equal(registered, 0, "an isolated page registers no service worker");
  await screenshot(page, "isolation-headers");
  assert.deepEqual(errors, [], "no console errors");
});

let bare;
after(async () => bare?.close());

test("served without the headers, the service worker isolates the page after one reload", async () => {
  bare = await serveDist(undefined, { isolate: false });
  const { page, errors } = await openPage(browser, bare.url);
  await page.waitForFunction(() => window.crossOriginIsolated === true, null, { timeout: 30000 });
  await page.waitForSelector('#isolation[data-isolated="true"]', { timeout: 60000 });
  await page.waitForSelector('#pool-status[data-state="ready"]', { timeout: 60000 });
  const state = await page.evaluate(() => ({
    reloaded: sessionStorage.getItem("interleave:isolation-reload"),
    controlled: navigator.serviceWorker.controller?.scriptURL ?? null,
  }));
  assert.equal(state.reloaded, "1", "isolate.js reloaded the page once");
  assert.match(state.controlled ?? "", /isolate-sw\.js$/, "the service worker controls the page");
  // The next visit is isolated from its first byte: the service worker answers it.
  await page.reload();
  await page.waitForSelector('#isolation[data-isolated="true"]', { timeout: 60000 });
  await screenshot(page, "isolation-service-worker");
  assert.deepEqual(errors, [], "no console errors");
});

test("under trunk serve (Trunk.toml's headers) the page is isolated too, and live threads race on real memory", async () => {
  // trunk rebuilds into a directory of its own; the cargo artifacts of the suite's own build
  // are reused, so this costs a wasm-bindgen pass, not a compile.
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "interleave-trunk-serve-"));
  const trunk = spawn(
    "trunk",
    ["serve", "--offline", "--features", "devtools", "--no-autoreload", "--port", String(port), "--dist", dist],
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  let stderr = "";
  trunk.stderr.on("data", (d) => (stderr += d));
  try {
    const url = `http://127.0.0.1:${port}/`;
    // Waits for trunk's first build, as a user waits for `trunk serve` to say it is serving.
    let headers = null;
    for (let i = 0; i < 600 && !headers; i += 1) {
      if (trunk.exitCode !== null) throw new Error(`trunk serve exited: ${stderr}`);
      headers = await fetch(url).then((r) => (r.ok ? r.headers : null), () => null);
      if (!headers) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(headers, `trunk serve never answered: ${stderr.slice(-2000)}`);
    assert.equal(headers.get("cross-origin-opener-policy"), "same-origin");
    assert.equal(headers.get("cross-origin-embedder-policy"), "require-corp");
    const { page, errors } = await openPage(browser, url);
    await page.waitForSelector('#isolation[data-isolated="true"]', { timeout: 60000 });
    assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
    assert.deepEqual(errors, [], "no console errors");
    await page.close();
    // Real shared memory under trunk serve too: the race loses updates (up to three tries),
    // while incr keeps every one.
    const served = { url };
    const xs = [];
    for (let attempt = 1; attempt <= 3 && !(xs.at(-1) < 80000); attempt += 1) {
      const race = await openLive(browser, served, preset("threads-race"), { openPage });
      assert.match(await race.page.textContent("#live-status"), /real shared memory/);
      xs.push(race.summary.vars.x);
      assert.deepEqual(race.errors, []);
      await race.page.close();
    }
    console.log(`threads-race under trunk serve: x = ${xs.join(", ")}`);
    assert.ok(xs.at(-1) < 80000, `no update was lost in ${xs.length} tries: ${xs.join(", ")}`);
    const incr = await openLive(browser, served, preset("threads-incr"), { openPage });
    assert.equal(incr.summary.vars.x, 20000);
    assert.deepEqual(incr.errors, []);
    await incr.page.close();
  } finally {
    process.kill(-trunk.pid, "SIGTERM");
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
