// The code panel: a Python program opened as a scenario (with its timeline), refusals that keep
// the program, exports downloaded as Python and Rust, and the bridge's wasm fetched only on use.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun, scenarioText } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

// A program of the tutorial's shape (the tutorial's own text stays out of the repository):
// two coroutines run together, then two threads run together.
const PROGRAM = `import asyncio
import threading
import time

async def fetch(name):
    print(f'{name} starts')
    await asyncio.sleep(1)
    print(f'{name} ends')

def download(name):
    print(f'{name} starts')
    time.sleep(1)
    print(f'{name} ends')

async def main():
    tasks = [asyncio.create_task(fetch('页面1')), asyncio.create_task(fetch('页面2'))]
    await asyncio.gather(*tasks)

def main_threads():
    threads = [threading.Thread(target=download, args=('页面1',)), threading.Thread(target=download, args=('页面2',))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

if __name__ == '__main__':
    asyncio.run(main())
    main_threads()
`;


test("a pasted Python program opens as a scenario with its timeline; the bridge loads only then", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const urls = [];
  context.on("request", (r) => urls.push(r.url()));
  const { page, errors } = await openApp(browser, server.url, { context });
  assert.ok(urls.some((u) => /app-.*_bg\.wasm$/.test(u)), "requests are recorded");
  assert.ok(!urls.some((u) => u.includes("bridge")), "the first load does not fetch the bridge");
  await page.click("#code");
  await page.fill("#python-source", PROGRAM);
  const summary = await nextRun(page, () => page.click("#python-read"));
  assert.ok(urls.some((u) => /\/bridge-[0-9a-f]{16}_bg\.wasm$/.test(u)), "the bridge is fetched when first used");
  assert.equal(summary.outcome, "completed");
  assert.equal(summary.makespan_us, 2000000, "1 s of coroutines together, then 1 s of threads together");
  const names = summary.tasks.map((t) => `${t.kind} ${t.name}`);
  assert.deepEqual(names, ["thread __main__", "async main", "async 页面1", "async 页面2", "thread 页面1_download", "thread 页面2_download"]);
  await page.waitForSelector("#code-panel", { state: "detached" });
  await screenshot(page, "code-python-timeline");
  const text = await scenarioText(page);
  assert.match(text, /async 页面1 on spawn \{\n  log "页面1 starts"\n  sleep 1s/);
  // Ctrl+Z takes the learner back to what they had.
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a .py file chosen with the picker is read as a scenario, and fills the box", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await page.click("#code");
  const summary = await nextRun(page, () =>
    page.setInputFiles("#python-file-input", { name: "tutorial.py", mimeType: "text/x-python", buffer: Buffer.from(PROGRAM) }),
  );
  assert.equal(summary.makespan_us, 2000000);
  assert.equal(summary.tasks.length, 6);
  await page.click("#code");
  assert.equal(await page.inputValue("#python-source"), PROGRAM);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a program outside the subset is refused with its line and column, and stays in the box", async () => {
  const { page, errors } = await openApp(browser, server.url);
  const before = await scenarioText(page);
  await page.click("#code");
  const program = "import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(1)\n\nasyncio.run(main())\n";
  await page.fill("#python-source", program);
  await page.click("#python-read");
  await page.waitForSelector('#code-status[data-state="refused"]', { timeout: 60000 });
  const status = await page.textContent("#code-status");
  assert.match(status, /4:5 `while` loops are not supported → .*range\(N\)/);
  assert.equal(await page.inputValue("#python-source"), program);
  await screenshot(page, "code-python-refused");
  // Closing and reopening the panel keeps the program; the scenario was not touched.
  await page.click("#code");
  await page.click("#code");
  assert.equal(await page.inputValue("#python-source"), program);
  await page.click("#code");
  assert.equal(await scenarioText(page), before);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("the scenario exports as a Python program and as a Rust program", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await page.click("#code");
  const [python] = await Promise.all([page.waitForEvent("download"), page.click("#export-python")]);
  assert.match(python.suggestedFilename(), /\.py$/);
  const code = fs.readFileSync(await python.path(), "utf8");
  assert.match(code, /^# asyncio\.gather vs threads/);
  assert.match(code, /# interleave: async 任务1 x2\nasync def 任务1\(\):\n    print\("start"\)\n    await asyncio\.sleep\(1\)\n    print\("end"\)/);
  assert.match(code, /real locks are not FIFO/);
  await page.waitForSelector('#code-status[data-state="exported"]');
  const [rust] = await Promise.all([page.waitForEvent("download"), page.click("#export-rust")]);
  assert.match(rust.suggestedFilename(), /\.rs$/);
  const rs = fs.readFileSync(await rust.path(), "utf8");
  assert.match(rs, /tokio/);
  await screenshot(page, "code-export");
  assert.deepEqual(errors, []);
  await page.context().close();
});
