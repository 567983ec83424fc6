// The first load under Lighthouse's mobile throttling (1.6 Mbps down, 150 ms round trip, 4× CPU
// slowdown, through CDP), for a yew hello-world and for the app, both release builds served as a
// host would (precompressed .br/.gz chosen by Accept-Encoding). Prints bytes transferred, first
// contentful paint, and for the app the time until its first run is published (interleave:run),
// each the median of RUNS fresh loads; then the app's first run against the hello-world's FCP.
//
//   node tests/e2e/bench-load.mjs HELLO_DIR APP_DIR     (cargo xtask bench load builds both)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { launch, ISOLATION } from "./harness.mjs";

const [helloDir, appDir] = process.argv.slice(2).map((d) => path.resolve(d));
const RUNS = 3;
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };

/** Serves `dir` like a host with precompressed files: F.br or F.gz by Accept-Encoding. */
function serve(dir) {
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    const accepts = req.headers["accept-encoding"] ?? "";
    const headers = { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...ISOLATION };
    let body = file;
    for (const [enc, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
      if (accepts.includes(enc) && fs.existsSync(file + ext)) {
        body = file + ext;
        headers["content-encoding"] = enc;
        break;
      }
    }
    res.writeHead(200, headers);
    fs.createReadStream(body).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

/** One fresh, throttled load of `url`; `ready` waits in the page for what to time. */
async function load(browser, url, isApp) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(() => {
    window.addEventListener("interleave:run", () => (window.__firstRun ??= performance.now()), { once: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  await page.goto(url);
  if (isApp) {
    await page.waitForFunction(() => window.__firstRun !== undefined, null, { timeout: 180000, polling: 100 });
  } else {
    await page.waitForSelector("h1", { timeout: 180000 });
  }
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 60000 });
  const t = await page.evaluate(() => {
    const worker = performance.getEntriesByType("resource").find((e) => /worker-[0-9a-f]+_bg\.wasm$/.test(e.name));
    return {
      fcp: performance.getEntriesByName("first-contentful-paint")[0].startTime,
      firstRun: window.__firstRun ?? null,
      workerFetch: worker ? worker.startTime : null,
    };
  });
  const bytesAtRun = bytes;
  await context.close();
  return { ...t, bytes: bytesAtRun };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launch();
const results = {};
for (const [name, dir, isApp] of [["hello", helloDir, false], ["app", appDir, true]]) {
  const server = await serve(dir);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(browser, server.url, isApp));
  server.close();
  results[name] = {
    bytes: median(runs.map((r) => r.bytes)),
    fcp: median(runs.map((r) => r.fcp)),
    firstRun: isApp ? median(runs.map((r) => r.firstRun)) : null,
    workerBeforeRun: isApp ? runs.some((r) => r.workerFetch !== null && r.workerFetch < r.firstRun) : null,
  };
}
await browser.close();
const h = results.hello;
const a = results.app;
console.log("throttling: 1.6 Mbps down, 0.75 Mbps up, 150 ms round trip, 4x CPU slowdown; median of", RUNS, "fresh loads");
console.log(`hello-world: ${h.bytes} B transferred, first contentful paint ${h.fcp.toFixed(0)} ms`);
console.log(`app:         ${a.bytes} B transferred until the first run, first contentful paint ${a.fcp.toFixed(0)} ms, first run published at ${a.firstRun.toFixed(0)} ms`);
console.log(`app first run / hello-world FCP: ${(a.firstRun / h.fcp).toFixed(2)}x (target: at most 2.5x)`);
console.log(`app FCP / hello-world FCP: ${(a.fcp / h.fcp).toFixed(2)}x`);
console.log(`worker wasm requested before the first run: ${a.workerBeforeRun ? "yes" : "no"}`);
