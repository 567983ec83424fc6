// Lessons that stay: the lesson panel shows the scenario's explanation and tour, N and P move
// the playhead to each stop and show its text, in English and Chinese, and a user-written
// lesson survives a share link.
import { test } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { suiteBrowser, screenshot } from "./harness.mjs";
import { openApp, nextRun, scenarioText } from "./editor-helpers.mjs";

let server;
let browser;
suiteBrowser((s, b) => ([server, browser] = [s, b]));

const link = (text) => `#s=1${zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url")}`;

/** Opens a preset from the gallery and waits for its run. */
async function openPreset(page, id) {
  await page.click("#presets");
  await nextRun(page, () => page.click(`[data-preset="${id}"]`));
  await page.waitForSelector(".lesson");
}

const timeline = (page) => page.evaluate(() => window.__interleave.timeline);

/** Presses `key` and waits until the published tour stop is `stop`. */
async function press(page, key, stop) {
  await page.keyboard.press(key);
  await page.waitForFunction((stop) => window.__interleave.timeline?.tour === stop, stop, { timeout: 20000 });
}

/** Checks that stop `i` is shown: the playhead at its time (paused), its text, its highlight. */
async function checkStop(page, expected, i) {
  const stops = expected.stops;
  const tl = await timeline(page);
  assert.equal(tl.playhead_us, Math.min(stops[i].at, tl.end_us), `stop ${i + 1}: the playhead moves to its time`);
  assert.equal(tl.playing, false, "a stop pauses playback");
  const text = await page.textContent(".tour-text");
  assert.ok(text.includes(stops[i].text), `stop ${i + 1} shows its text: got ${text}`);
  assert.equal(tl.highlighted.length + tl.highlightedResources > 0, stops[i].highlights, `stop ${i + 1} highlights what it names`);
  const count = await page.textContent(".tour-count");
  assert.ok(count.includes(String(i + 1)) && count.includes(String(stops.length)), count);
}

/** Walks the whole tour from its start with N, checking each stop, then one back with P. */
async function walkTour(page, expected, shotPrefix) {
  const stops = expected.stops;
  for (let i = 0; i < stops.length; i++) {
    await press(page, "n", i);
    await checkStop(page, expected, i);
    if (i === 0 && shotPrefix) await screenshot(page, `${shotPrefix}-stop1`);
  }
  await press(page, "p", stops.length - 2);
  await checkStop(page, expected, stops.length - 2);
}

/** The lesson and tour the page's own text declares, read through the app's parser output. */
async function expectedLesson(page, lang) {
  return page.evaluate((lang) => {
    const text = window.__interleave.text;
    const quoted = /"((?:[^"\\]|\\.)*)"/g;
    const said = (line) => {
      const parts = [...line.matchAll(quoted)].map((m) => m[1].replace(/\\"/g, '"'));
      const hasZh = / zh "/.test(line);
      return lang === "zh" && hasZh ? parts[1] : parts[0];
    };
    const units = { us: 1, ms: 1e3, s: 1e6, min: 6e7 };
    const stops = text
      .split("\n")
      .filter((l) => l.startsWith("stop "))
      .map((l) => {
        const [, n, unit] = l.match(/^stop (\d+)(us|ms|s|min) /);
        return { at: Number(n) * units[unit], text: said(l), highlights: / on [^"]*$/.test(l) };
      });
    const about = said(text.split("\n").find((l) => l.startsWith("lesson ")));
    return { about, stops };
  }, lang);
}

for (const id of ["gather-vs-threads", "blocking-the-loop", "lost-update"]) {
  test(`${id}: the lesson stays on screen and N/P walk its tour, in English and Chinese`, async () => {
    const { page, errors } = await openApp(browser, server.url);
    await openPreset(page, id);
    const en = await expectedLesson(page, "en");
    assert.ok(en.stops.length >= 3, "the preset has a tour");
    assert.ok((await page.textContent(".lesson-about")).includes(en.about), "the lesson text is shown");
    await walkTour(page, en, `lesson-${id}-en`);

    await page.click("#lang");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    const zh = await expectedLesson(page, "zh");
    assert.equal(await page.$(".lesson-about"), null, "on the tour, the explanation is folded away");
    await page.click("#lesson-toggle");
    assert.ok((await page.textContent(".lesson-about")).includes(zh.about), "the Chinese lesson text is shown");
    await page.evaluate(() => document.activeElement?.blur());
    for (let i = zh.stops.length - 3; i >= 0; i--) await press(page, "p", i);
    await checkStop(page, zh, 0);
    await screenshot(page, `lesson-${id}-zh-stop1`);
    for (let i = 1; i < zh.stops.length; i++) {
      await press(page, "n", i);
      await checkStop(page, zh, i);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the lesson asks for its view: gather-vs-threads opens by thread, lost update by task", async () => {
  const { page } = await openApp(browser, server.url);
  await openPreset(page, "gather-vs-threads");
  await page.waitForFunction(() => window.__interleave.timeline?.view === "thread");
  await openPreset(page, "lost-update");
  await page.waitForFunction(() => window.__interleave.timeline?.view === "task");
  await page.close();
});

test("lost update in the simulator: the counter's row reads two loads of 0 and two stores of 1", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await openPreset(page, "lost-update");
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press("End");
  await page.waitForFunction(() => window.__interleave.timeline?.values?.[0]?.chips?.length === 4);
  const [counter] = (await timeline(page)).values;
  assert.equal(counter.name, "counter");
  assert.deepEqual(counter.chips, ["t#1 read 0", "t#2 read 0", "t#1: 0 → 1", "t#2: 1 → 1"]);
  // Before the instant, nothing has been read or written yet.
  await page.keyboard.press("Home");
  await page.waitForFunction(() => window.__interleave.timeline?.playhead_us === 0);
  assert.deepEqual((await timeline(page)).values[0].chips, []);
  await screenshot(page, "lost-update-values");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the lesson panel collapses and the tour still works from its buttons", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await openPreset(page, "lost-update");
  await page.click("#lesson-toggle");
  assert.equal(await page.$(".lesson-about"), null, "collapsed: the explanation is hidden");
  await page.click("#tour-next");
  await page.waitForFunction(() => window.__interleave.timeline?.tour === 0);
  await page.click("#tour-next");
  await page.waitForFunction(() => window.__interleave.timeline?.tour === 1);
  await page.click("#lesson-toggle");
  await page.waitForSelector(".lesson-about");
  assert.deepEqual(errors, []);
  await page.close();
});

const TAUGHT = `scenario "my lesson" zh "我的课"

lesson "Two tasks share one lock." zh "两个任务共用一把锁。"
look "Watch b wait for m."
stop 0us "a takes m first." zh "a 先拿到 m。" on a, m
stop 1s "b gets m when a lets go." on b
stop 9s "Long after the end."

mutex m

async a {
  lock m
  sleep 1s
  unlock m
}

async b {
  lock m
  unlock m
}
`;

test("a user-written lesson survives a share link, and a stop past the end says so", async () => {
  const { page, errors } = await openApp(browser, server.url);
  await nextRun(page, () => page.evaluate((h) => (location.hash = h), link(TAUGHT)));
  assert.equal(await scenarioText(page), TAUGHT, "the text view shows the lesson as written");
  assert.ok((await page.textContent(".lesson-about")).includes("Two tasks share one lock."));
  await page.evaluate(() => document.activeElement?.blur());
  await press(page, "n", 0);
  assert.ok((await page.textContent(".tour-text")).includes("a takes m first."));
  await press(page, "n", 1);
  await press(page, "n", 2);
  const note = await page.textContent(".tour-note");
  assert.ok(note.includes("after the run ended"), `a stop past the end is explained: ${note}`);
  assert.equal((await timeline(page)).playhead_us, (await timeline(page)).end_us, "the playhead waits at the end");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a teacher writes a lesson in the visual editor: texts in both languages, a stop, a highlight", async () => {
  const { page, errors } = await openApp(browser, server.url);
  const plain = "mutex m\n\nasync a {\n  lock m\n  sleep 1s\n  unlock m\n}\n\nasync b {\n  lock m\n  unlock m\n}\n";
  await nextRun(page, () => page.evaluate((h) => (location.hash = h), link(plain)));
  await page.click("#tab-visual");
  await page.click('[data-testid="lesson-editor"] > summary');
  const commit = async (selector, value) => {
    await page.fill(selector, value);
    await nextRun(page, () => page.locator(selector).blur());
  };
  await commit('[data-testid="lesson-about-en"]', "b waits for a's lock.");
  await commit('[data-testid="lesson-about-zh"]', "b 等待 a 的锁。");
  await commit('[data-testid="title-zh"]', "等锁");
  await nextRun(page, () => page.click('[data-testid="add-stop"]'));
  const stop = page.locator('[data-testid="lesson-stop"]').first();
  await stop.locator('[data-testid="stop-at"]').fill("1");
  await nextRun(page, () => stop.locator('[data-testid="stop-at"]').blur());
  await commit('[data-testid="stop-text-en"]', "Now b gets the lock.");
  await nextRun(page, () => stop.locator('[data-testid="stop-show"]').selectOption("b"));
  await screenshot(page, "lesson-editor-visual");
  const text = await scenarioText(page);
  assert.ok(text.startsWith('scenario "等锁"\n'), `a Chinese title alone is the title: ${text}`);
  assert.ok(text.includes('lesson "b waits for a\'s lock." zh "b 等待 a 的锁。"\n'), text);
  assert.ok(text.includes('stop 1s "Now b gets the lock." on b\n'), text);
  // The panel teaches what was written, and the tour stops where the teacher put it.
  assert.ok((await page.textContent(".lesson-about")).includes("b waits for a's lock."));
  await page.evaluate(() => document.activeElement?.blur());
  await press(page, "n", 0);
  assert.ok((await page.textContent(".tour-text")).includes("Now b gets the lock."));
  assert.equal((await timeline(page)).playhead_us, 1000000);
  assert.deepEqual((await timeline(page)).highlighted, [1], "b's row (the second) is highlighted");
  assert.deepEqual(errors, []);
  await page.close();
});
