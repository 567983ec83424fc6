// The timeline, inspector, metrics and event list in a real browser: playback, keyboard stepping,
// zoom and pan, the two views, the deadlock preset, hover and click, exports, and screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { suiteBrowser, openPage, screenshot } from "./harness.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const preset = (id) => fs.readFileSync(path.join(ROOT, "src", "model", "presets", `${id}.txt`), "utf8");
// A share link, made the way src/model/share.rs does: version tag 1, raw deflate, base64url.
const link = (text) => "#s=1" + zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");

// Canvas geometry (src/ui/viewer/viewer_state.rs): the row-name gutter, the axis band, one row.
const GUTTER = 150;
const AXIS_H = 24;
const ROW_H = 26;

const THREE_COROUTINES = `scenario "three coroutines"
async a x3 {
  compute 10ms
  sleep 5ms
  compute 10ms
}
`;

const LARGE = `scenario "a busy mix"
runtime {
  workers 4
}
mutex m
semaphore s = 2
async a x6 {
  repeat 150 {
    lock m
    compute 1ms
    unlock m
    sleep 2ms
  }
}
job j x4 {
  repeat 100 {
    acquire s
    compute 3ms
    release s
    sleep 1ms
  }
}
thread t x3 {
  repeat 100 {
    compute 2ms
    sleep 1ms
  }
}
`;

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const timeline = (page) => page.evaluate(() => window.__interleave.timeline);

/** Waits until the published timeline state `t` satisfies `check` (source text, judged here
 * in Node: the page's Content-Security-Policy rightly refuses to evaluate strings); the
 * timeout only guards against a hang, so it is generous for a loaded machine. */
async function until(page, check) {
  const holds = new Function("t", `return ${check};`);
  const deadline = Date.now() + 30000;
  for (;;) {
    const t = await page.evaluate(() => window.__interleave.timeline);
    if (t && holds(t)) return;
    if (Date.now() > deadline) throw new Error(`the timeline never satisfied: ${check}\n${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens the app (on a scenario when given) and waits until the timeline shows its run. */
async function open(text, check = () => true) {
  const { page, errors } = await openPage(browser, server.url + (text ? link(text) : ""));
  await page.waitForFunction(
    () => window.__interleave?.summary && window.__interleave?.timeline?.lanes > 0,
    null,
    { timeout: 30000 },
  );
  // Keys go to the page, not to a field that happens to have focus.
  await page.evaluate(() => document.activeElement?.blur());
  return { page, errors };
}

const finished = (page) =>
  page.waitForFunction(() => window.__interleave.timeline.playing === false, null, { timeout: 30000 });

async function canvasBox(page) {
  const box = await page.locator("#tl-canvas").boundingBox();
  assert.ok(box && box.width > 300 && box.height > 100, `canvas is laid out: ${JSON.stringify(box)}`);
  return box;
}

/** Page coordinates of time `t` on row `row`, from the published zoom. */
async function at(page, t, row) {
  const box = await canvasBox(page);
  const { zoom } = await timeline(page);
  const x = GUTTER + ((t - zoom.t0) / (zoom.t1 - zoom.t0)) * (box.width - GUTTER);
  return { x: box.x + x, y: box.y + AXIS_H + row * ROW_H + ROW_H / 2 };
}

test("a new run plays once: the playhead advances and the ready queue changes with it", async () => {
  const { page, errors } = await open(THREE_COROUTINES);
  const seen = await page.evaluate(() => (window.__queues = []));
  assert.deepEqual(seen, []);
  // Sample the inspector's ready queue on every frame until playback stops by itself.
  await page.waitForFunction(
    () => {
      const q = document.querySelector("#insp-ready-queue")?.textContent ?? "";
      if (window.__queues.at(-1) !== q) window.__queues.push(q);
      return window.__interleave.timeline.playing === false;
    },
    null,
    { polling: "raf", timeout: 30000 },
  );
  const queues = await page.evaluate(() => window.__queues);
  const end = await timeline(page);
  assert.equal(end.playhead_us, end.end_us, "it played to the end");
  assert.equal(end.applied, (await page.evaluate(() => window.__interleave.summary.events)));
  assert.ok(queues.length >= 3, `the ready queue changed as the playhead moved: ${JSON.stringify(queues)}`);
  // Play again from the end: it rewinds and advances. The queue is sampled on every frame from
  // before the key, so the replay's start is seen however long the test took to get here (the
  // playhead advances at most 2% of the run per frame, and a#1 computes for its first sixth).
  await page.evaluate(() => {
    const seen = (window.__replayQueues = []);
    const tick = () => {
      const q = document.querySelector("#insp-ready-queue")?.textContent ?? "";
      if (seen.at(-1) !== q) seen.push(q);
      if (!window.__replayDone) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.keyboard.press("Space");
  await page.waitForFunction(() => window.__interleave.timeline.playing && window.__interleave.timeline.playhead_us > 0);
  const a = (await timeline(page)).playhead_us;
  await page.waitForFunction((a) => window.__interleave.timeline.playhead_us > a, a);
  await page.keyboard.press("Space");
  await page.waitForFunction(() => window.__interleave.timeline.playing === false);
  const replayed = await page.evaluate(() => {
    window.__replayDone = true;
    return window.__replayQueues;
  });
  assert.ok(
    replayed.some((q) => q.includes("a#2") && q.includes("a#3")),
    `while a#1 computes, a#2 and a#3 wait: ${JSON.stringify(replayed)}`,
  );
  assert.deepEqual(errors, [], "no console errors");
});

test("keys step event by event, ten with Shift, and Home and End jump to the ends", async () => {
  const { page, errors } = await open(THREE_COROUTINES);
  await finished(page);
  await page.keyboard.press("Home");
  await until(page, "t.applied === 0 && t.playhead_us === 0");
  await page.keyboard.press("ArrowRight");
  await until(page, "t.applied === 1");
  await page.keyboard.press("Shift+ArrowRight");
  await until(page, "t.applied === 11");
  await page.keyboard.press("ArrowLeft");
  await until(page, "t.applied === 10");
  // The event list and the inspector follow: the current row is the last applied event.
  await page.waitForSelector('#events-list .events-current[data-index="9"]');
  assert.match(await page.textContent(".insp-at"), /event 10\//);
  // Stepping inside one instant shows the queue filling before the loop runs anyone.
  await page.keyboard.press("Home");
  let most = 0;
  for (let i = 1; i <= 12; i++) {
    await page.keyboard.press("ArrowRight");
    await page.waitForSelector(`#events-list .events-current[data-index="${i - 1}"]`);
    most = Math.max(most, await page.locator("#insp-ready-queue li").count());
  }
  assert.equal(most, 3, "all three coroutines were queued at 0 before the first ran");
  await page.keyboard.press("End");
  await until(page, "t.playhead_us === t.end_us && !t.playing");
  // Clicking an event in the list moves the playhead to it.
  await page.keyboard.press("Home");
  await page.click('#events-list .events-row[data-index="2"]');
  await until(page, "t.applied === 3");
  assert.deepEqual(errors, []);
});

test("zoom with keys, buttons and the wheel; pan by dragging; 0 fits", async () => {
  const { page, errors } = await open(THREE_COROUTINES);
  await finished(page);
  const fit = (await timeline(page)).zoom;
  const span = (z) => z.t1 - z.t0;
  await page.keyboard.press("+");
  await until(page, `t.zoom.t1 - t.zoom.t0 < ${span(fit)}`);
  const in1 = (await timeline(page)).zoom;
  assert.ok(span(in1) < span(fit) * 0.7, `+ zooms in: ${span(fit)} → ${span(in1)}`);
  await page.click("#tl-zoom-in");
  await until(page, `t.zoom.t1 - t.zoom.t0 < ${span(in1)}`);
  const in2 = (await timeline(page)).zoom;
  assert.ok(span(in2) < span(in1) * 0.7, "the + button zooms in");
  await page.click("#tl-zoom-out");
  await until(page, `t.zoom.t1 - t.zoom.t0 > ${span(in2)}`);
  assert.ok(Math.abs(span((await timeline(page)).zoom) - span(in1)) < 2, "the − button zooms out");
  // Drag the content to the left: later times come into view.
  const box = await canvasBox(page);
  const y = box.y + box.height - 20;
  await page.keyboard.press("Home");
  await until(page, "t.playhead_us === 0");
  const before = (await timeline(page)).zoom;
  await page.mouse.move(box.x + box.width * 0.7, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 5 });
  await page.mouse.up();
  await until(page, `t.zoom.t0 > ${before.t0 + 1}`);
  const panned = (await timeline(page)).zoom;
  assert.ok(panned.t0 > before.t0 + 1, `dragging left pans to later times: ${before.t0} → ${panned.t0}`);
  assert.ok(Math.abs(span(panned) - span(before)) < 2, "panning keeps the zoom");
  // The wheel zooms about the pointer.
  await page.mouse.move(box.x + box.width * 0.6, y);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((s) => {
    const z = window.__interleave.timeline.zoom;
    return z.t1 - z.t0 < s * 0.9;
  }, span(panned));
  await page.keyboard.press("0");
  await until(page, `t.zoom.t0 === ${fit.t0} && t.zoom.t1 === ${fit.t1}`);
  const refit = (await timeline(page)).zoom;
  assert.equal(refit.t0, fit.t0);
  assert.equal(refit.t1, fit.t1);
  assert.deepEqual(errors, []);
});

test("the view switches between lanes by task and lanes by thread", async () => {
  const { page, errors } = await open(null);
  const summary = await page.evaluate(() => window.__interleave.summary);
  // The default preset's lesson asks for the thread view; the learner can switch.
  await until(page, 't.view === "thread"');
  await page.click("#tl-view-task");
  await until(page, 't.view === "task"');
  const byTask = await timeline(page);
  assert.equal(byTask.view, "task");
  assert.equal(byTask.lanes, summary.tasks.length, "one lane per task");
  await page.click("#tl-view-thread");
  await until(page, 't.view === "thread"');
  const byThread = await timeline(page);
  assert.equal(byThread.view, "thread");
  const threads = summary.tasks.filter((t) => t.kind === "thread").length;
  // The event loop and one lane per dedicated thread (idle pool workers are left out).
  assert.equal(byThread.lanes, 1 + threads);
  assert.equal(await page.getAttribute("#tl-view-thread", "aria-pressed"), "true");
  await page.click("#tl-view-task");
  await until(page, 't.view === "task"');
  assert.deepEqual(errors, []);
});

test("the seed example reads as an interleaving", async () => {
  const { page, errors } = await open(null);
  await finished(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "timeline-seed");
  await page.click("#tl-view-thread");
  await screenshot(page, "timeline-seed-threads");
  assert.deepEqual(errors, []);
});

test("the dark theme repaints the canvas in dark colours", async () => {
  const { page, errors } = await open(null);
  await finished(page);
  // The gutter's top-left pixel is the panel colour: light, then dark after the theme changes.
  const corner = () =>
    page.evaluate(() => {
      const c = document.querySelector("#tl-canvas");
      return [...c.getContext("2d").getImageData(4, 40, 1, 1).data].slice(0, 3);
    });
  const light = await corner();
  assert.ok(light.every((v) => v > 200), `light gutter: ${light}`);
  await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
  await page.waitForFunction(() => {
    const c = document.querySelector("#tl-canvas");
    return c.getContext("2d").getImageData(4, 40, 1, 1).data[0] < 60;
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "timeline-dark");
  assert.deepEqual(errors, []);
});

test("dining philosophers: the cycle is drawn and the inspector lists the blocked tasks", async () => {
  const { page, errors } = await open(preset("dining-philosophers"));
  await page.waitForFunction(() => window.__interleave.summary.outcome === "deadlock");
  await finished(page);
  const cycle = await page.textContent("#insp-deadlock");
  assert.match(cycle, /p1 → p2 → p3 → p1/);
  const rows = await page.locator("#insp-tasks tr").allTextContents();
  assert.equal(rows.length, 3);
  for (const [i, fork] of [["1", "2"], ["2", "3"], ["3", "1"]]) {
    assert.ok(
      rows.some((r) => r.includes(`p${i}`) && r.includes(`lock fork${fork}`)),
      `p${i} waits for fork${fork}: ${JSON.stringify(rows)}`,
    );
  }
  // Hovering p1's bar explains it; clicking selects p1 and lists what it waited on.
  const bar = await at(page, 5000, 0);
  await page.mouse.move(bar.x, bar.y);
  await page.waitForSelector(".tl-tooltip");
  const tip = await page.textContent(".tl-tooltip");
  assert.match(tip, /p1/);
  assert.match(tip, /sleep 10ms/);
  await page.mouse.click(bar.x, bar.y);
  await until(page, "t.selected === 0");
  assert.match(await page.textContent(".tl-selection"), /p1.*lock fork2/s);
  await page.mouse.move(0, 0);
  await page.waitForSelector(".tl-tooltip", { state: "detached" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "timeline-deadlock");
  assert.deepEqual(errors, []);
});

test("a large run stays readable and responsive", async () => {
  const { page, errors } = await open(LARGE);
  const summary = await page.evaluate(() => window.__interleave.summary);
  assert.ok(summary.events > 10000, `a large run: ${summary.events} events`);
  await page.keyboard.press("End");
  await page.click("#tl-view-thread");
  await until(page, 't.view === "thread" && t.lanes >= 8');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "timeline-large");
  await page.click("#tl-view-task");
  await until(page, 't.view === "task"');
  const full = (await timeline(page)).zoom;
  for (let i = 0; i < 4; i++) await page.keyboard.press("+");
  await until(page, `t.zoom.t1 - t.zoom.t0 < ${(full.t1 - full.t0) / 5}`);
  await screenshot(page, "timeline-large-zoomed");
  assert.deepEqual(errors, []);
});

test("the event list shows rows, never an empty stretch, while a large run plays", async () => {
  const { page, errors } = await open(LARGE);
  // Samples frames while the run plays: does the list show rows, not an empty stretch?
  const frames = await page.evaluate(async () => {
    const seen = [];
    for (let i = 0; i < 600 && seen.length < 30; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const t = window.__interleave.timeline;
      if (!t.playing || t.applied < 100) continue;
      const list = document.querySelector("#events-list").getBoundingClientRect();
      const current = document.querySelector("#events-list .events-current");
      // Rows in the list's box: a virtual list that fell behind the playhead shows none.
      const inBox = [...document.querySelectorAll("#events-list .events-row")].filter((row) => {
        const box = row.getBoundingClientRect();
        return box.bottom > list.top + 1 && box.top < list.bottom - 1;
      }).length;
      seen.push({ current: Number(current?.dataset.index ?? -1), inBox });
    }
    return seen;
  });
  assert.ok(frames.length >= 5, `frames sampled while playing: ${frames.length}`);
  const moved = frames.at(-1).current - frames[0].current;
  assert.ok(moved > 20 * frames.length, `the playhead passed many events a frame: ${moved} in ${frames.length}`);
  const blank = frames.filter((f) => f.inBox < 3);
  assert.deepEqual(blank, [], `the list showed (almost) no rows in ${blank.length} of ${frames.length} frames`);
  assert.deepEqual(errors, []);
});

test("exports save the timeline as PNG and the trace as Chrome JSON", async () => {
  const { page, errors } = await open(null);
  await finished(page);
  const [png] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
  assert.equal(png.suggestedFilename(), "asyncio-gather-vs-threads.png", "named after the scenario");
  const pngBytes = fs.readFileSync(await png.path());
  assert.deepEqual([...pngBytes.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG file");
  const [json] = await Promise.all([page.waitForEvent("download"), page.click("#export-chrome")]);
  assert.equal(json.suggestedFilename(), "interleave-trace.json");
  const trace = JSON.parse(fs.readFileSync(await json.path(), "utf8"));
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  assert.ok(Array.isArray(events) && events.length > 10, "Chrome trace events");
  assert.deepEqual(errors, []);
});
