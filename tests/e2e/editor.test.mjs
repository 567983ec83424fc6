// The editor in the browser: composing by clicks, text and visual views in sync, errors that
// keep the user's text, undo/redo, and names that stay text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteBrowser } from "./harness.mjs";
import { openApp, nextRun, waitRuns, scenarioText, typeText, runs } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const card = (page, i) => page.locator(".task-card").nth(i);

test("the app opens on the tutorial's example, already simulated", async () => {
  const { page, errors, context } = await openApp(browser, server.url);
  const summary = await page.evaluate(() => window.__interleave.summary);
  assert.equal(summary.mode, "sim");
  assert.equal(summary.scenario, "asyncio.gather vs threads");
  assert.deepEqual(summary.tasks.map((t) => t.end_us), [1000000, 1000000, 1000000, 1000000]);
  assert.match(await page.textContent("#summary-line"), /completed in 1 s/);
  assert.ok(await page.isVisible("#hint"), "the first-minute hint is shown");
  assert.equal(await page.locator(".task-card").count(), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("changing sleep to compute in the async task re-runs and the async group takes 2 s", async () => {
  const { page, context } = await openApp(browser, server.url);
  const sleepRow = card(page, 0).locator('.step-row[data-step="sleep"]');
  const summary = await nextRun(page, () => sleepRow.locator('[data-testid="step-kind"]').selectOption("compute"));
  const ends = summary.tasks.map((t) => [t.name, t.end_us]);
  assert.deepEqual(ends, [["任务1#1", 1000000], ["任务1#2", 2000000], ["线程#1", 1000000], ["线程#2", 1000000]]);
  assert.match(await page.textContent("#summary-line"), /the longest compute blocked the event loop for 1 s/);
  assert.match(await scenarioText(page), /async 任务1 x2 \{\n  log "start"\n  compute 1s\n/);
  await context.close();
});

test("the tutorial's example can be composed by clicks alone from an empty scenario", async () => {
  const { page, errors, context } = await openApp(browser, server.url);
  await nextRun(page, () => page.click("#new-scenario"));
  assert.equal(await page.locator(".task-card").count(), 0);
  await nextRun(page, () => page.click("#add-task-async"));
  await nextRun(page, async () => {
    await card(page, 0).locator('[data-testid="task-replicas"]').fill("2");
    await card(page, 0).locator('[data-testid="task-replicas"]').press("Tab");
  });
  await nextRun(page, () => page.click("#add-task-thread"));
  const summary = await nextRun(page, async () => {
    await card(page, 1).locator('[data-testid="task-replicas"]').fill("2");
    await card(page, 1).locator('[data-testid="task-replicas"]').press("Tab");
  });
  assert.deepEqual(
    summary.tasks.map((t) => [t.name, t.kind, t.end_us]),
    [["a1#1", "async", 1000000], ["a1#2", "async", 1000000], ["t1#1", "thread", 1000000], ["t1#2", "thread", 1000000]],
  );
  assert.equal(summary.outcome, "completed");
  assert.equal(await scenarioText(page), "async a1 x2 {\n  sleep 1s\n}\n\nthread t1 x2 {\n  sleep 1s\n}\n");
  assert.deepEqual(errors, []);
  await context.close();
});

test("editing the text moves the visual editor, and visual edits rewrite the text", async () => {
  const { page, context } = await openApp(browser, server.url);
  const text = 'mutex m\n\nthread worker x3 {\n  lock m\n  sleep 100ms\n  unlock m\n}\n';
  const summary = await nextRun(page, () => typeText(page, text));
  assert.equal(summary.tasks.length, 3);
  assert.equal(summary.makespan_us, 300000, "three holders of one mutex take turns");
  await page.click("#tab-visual");
  assert.equal(await page.inputValue('.task-card[data-task="worker"] [data-testid="task-replicas"]'), "3");
  assert.equal(await page.inputValue('[data-resource="m"] [data-testid="resource-name"]'), "m");
  // The reverse: rename the mutex in the visual editor; every use follows in the text.
  await nextRun(page, async () => {
    await page.fill('[data-resource="m"] [data-testid="resource-name"]', "guard");
    await page.press('[data-resource="m"] [data-testid="resource-name"]', "Enter");
  });
  assert.equal(await scenarioText(page), "mutex guard\n\nthread worker x3 {\n  lock guard\n  sleep 100ms\n  unlock guard\n}\n");
  await context.close();
});

test("steps move with the arrow buttons and by drag and drop", async () => {
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => card(page, 0).locator(".step-row").nth(0).getByRole("button", { name: "move step down" }).click());
  assert.match(await scenarioText(page), /async 任务1 x2 \{\n  sleep 1s\n  log "start"\n  log "end"\n\}/);
  await page.click("#tab-visual");
  // Drag the thread's sleep onto the async task's first step: it moves there.
  const handle = card(page, 1).locator(".step-row").nth(0).locator(".editor-handle");
  const target = card(page, 0).locator(".step-row").nth(0);
  await nextRun(page, () => handle.dragTo(target));
  assert.match(await scenarioText(page), /async 任务1 x2 \{\n  sleep 1s\n  sleep 1s\n  log "start"\n  log "end"\n\}\n\nthread 线程 x2 \{\}/);
  await context.close();
});

test("broken text shows its errors with line and column, and survives a reload", async () => {
  const { page, context } = await openApp(browser, server.url);
  const broken = "async a {\n  sleep 1s\n  lock nowhere\n}\n";
  await typeText(page, broken);
  await page.waitForSelector(".editor-diag");
  // The last valid run stays on screen, but without a ✓: the status says the text is broken.
  await page.waitForSelector('.header-summary[data-state="stale"]');
  assert.match(await page.textContent("#summary-line"), /^text has errors: showing the last valid version · /);
  assert.equal(await page.textContent(".header-summary-mark"), "⚠");
  const diag = page.locator(".editor-diag").first();
  assert.equal(await diag.getAttribute("data-line"), "3");
  assert.match(await diag.textContent(), /^3:\d+/);
  assert.match(await diag.textContent(), /nowhere/);
  await diag.click();
  const caret = await page.evaluate(() => document.querySelector("#scenario-text").selectionStart);
  assert.ok(caret >= "async a {\n  sleep 1s\n".length, "clicking the error puts the cursor on its line");
  await page.click("#tab-visual");
  await page.waitForSelector("#stale-notice"); // the visual editor says it shows the last valid version
  assert.equal(await page.locator(".task-card").count(), 2, "it still shows the last valid scenario");
  await page.reload();
  await page.waitForSelector("#tab-text");
  assert.equal(await scenarioText(page), broken, "the user's text is never thrown away");
  await context.close();
});

test("undo and redo step through visual and text edits alike", async () => {
  const { page, context } = await openApp(browser, server.url);
  const original = await scenarioText(page);
  await page.click("#tab-visual");
  await nextRun(page, async () => {
    await card(page, 0).locator('[data-testid="task-replicas"]').fill("3");
    await card(page, 0).locator('[data-testid="task-replicas"]').press("Tab");
  });
  const afterVisual = await scenarioText(page);
  assert.match(afterVisual, /async 任务1 x3/);
  await nextRun(page, () => typeText(page, afterVisual.replace("thread 线程 x2", "thread 线程 x4")));
  const summary = await nextRun(page, async () => {
    await page.click(".editor-toolbar");
    await page.keyboard.press("Control+z");
  });
  assert.equal(summary.tasks.length, 5, "undo takes back the text edit");
  assert.equal(await page.inputValue("#scenario-text"), afterVisual);
  await nextRun(page, () => page.click("#undo"));
  assert.equal(await page.inputValue("#scenario-text"), original, "and then the visual edit");
  const redone = await nextRun(page, async () => {
    await page.click(".editor-toolbar");
    await page.keyboard.press("Control+Shift+z");
  });
  assert.equal(redone.tasks.length, 5);
  assert.equal(await page.inputValue("#scenario-text"), afterVisual);
  await context.close();
});

test("a task named like HTML renders as text and opens no dialog", async () => {
  const { page, dialogs, context } = await openApp(browser, server.url);
  const evil = "<img src=x onerror=alert(1)>";
  const summary = await nextRun(page, () => typeText(page, `async "${evil}" {\n  sleep 1s\n}\n`));
  assert.equal(summary.tasks[0].name, evil);
  await page.click("#tab-visual");
  assert.equal(await page.inputValue('.task-card [data-testid="task-name"]'), evil);
  assert.equal(await page.locator("img").count(), 0, "no element was made from the name");
  await page.click("#run");
  assert.deepEqual(dialogs, []);
  await context.close();
});

test("Ctrl+Enter runs again", async () => {
  const { page, context } = await openApp(browser, server.url);
  const before = await runs(page);
  await page.keyboard.press("Control+Enter");
  await waitRuns(page, before + 1);
  await context.close();
});

test("nested blocks, resources and checks are composed by picking", async () => {
  const { page, context } = await openApp(browser, server.url);
  await nextRun(page, () => page.click("#new-scenario"));
  await nextRun(page, () => page.click("#add-task-thread"));
  const body = card(page, 0).locator('[data-testid="add-step"]').last();
  // A lock step declares a mutex when there is none; the repeat block gets its own steps.
  await nextRun(page, () => body.selectOption("lock"));
  await nextRun(page, () => card(page, 0).locator('[data-testid="add-step"]').last().selectOption("repeat"));
  const repeat = card(page, 0).locator('.step-row[data-step="repeat"]');
  await nextRun(page, () => repeat.locator('[data-testid="add-step"]').selectOption("incr"));
  await nextRun(page, () => card(page, 0).locator('[data-testid="add-step"]').last().selectOption("unlock"));
  await nextRun(page, () => page.selectOption('[data-testid="add-expect"]', "var"));
  const summary = await nextRun(page, () => page.selectOption('[data-testid="add-resource"]', "semaphore"));
  assert.equal(
    await scenarioText(page),
    "mutex m1\nvar v1 = 0\nsemaphore sem1 = 1\n\nthread t1 {\n  sleep 1s\n  lock m1\n  repeat 2 {\n    incr v1\n  }\n  unlock m1\n}\n\nexpect v1 == 0\n",
  );
  assert.deepEqual(summary.vars, { v1: 2 });
  assert.equal(summary.expects[0].passed, false, "the check reports the real value");
  await context.close();
});
