// Shared end-to-end harness: a static server for dist/ on an ephemeral loopback port, and
// Debian's Chromium driven by playwright-core with the flags this closed network needs.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const DIST = process.env.INTERLEAVE_DIST ?? path.join(ROOT, "dist");
export const SHOTS = path.join(ROOT, "tests", "e2e", "screenshots");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The headers that make a page cross-origin isolated (what Trunk.toml and dist/_headers send). */
export const ISOLATION = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
};

/**
 * Serves `dir` on 127.0.0.1 with an ephemeral port; resolves to { url, close }. It sends the
 * isolation headers unless `isolate` is false (a host that sets no headers).
 */
export function serveDist(dir = DIST, { isolate = true } = {}) {
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    throw new Error(`${dir}/index.html is missing: run \`trunk build\` (cargo xtask test does) first`);
  }
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.normalize(path.join(dir, urlPath));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end("not found");
        return;
      }
      const type = { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" };
      res.writeHead(200, isolate ? { ...type, ...ISOLATION } : type);
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Launches headless Debian Chromium (playwright gives it a fresh temporary profile). */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return browser;
}

/** Opens a page that records console errors and page errors into `errors`. */
export async function openPage(browser, url, { width = 1280, height = 720 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("response", (res) => {
    if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** For a test file: serves dist/ and launches Chromium before its tests (handing both to
 * `use`), and closes them after. */
export function suiteBrowser(use) {
  let server;
  let browser;
  before(async () => {
    server = await serveDist();
    browser = await launch();
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}
