// Frame-time benchmark of the timeline: runs of about 10k, 100k and 1M events, generated in the
// page by the simulator (`?bench=frames`), measured during playback, panning and zooming.
// Prints p50/p95 of the paint function's own time (performance.now around it) and of the
// intervals between animation frames during playback. Targets: p95 ≤ 16 ms at 100k, < 50 ms at 1M.
// First, the gaps between animation frames while the app loads a 1M-event run from a link (in
// slices, with progress), against the same page idle for as long, measured in the same run.
//
//   node tests/e2e/bench-frames.mjs [sizes...]      (needs a built dist/; cargo xtask bench does it)
import zlib from "node:zlib";
import { serveDist, launch, openPage } from "./harness.mjs";

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [10_000, 100_000, 1_000_000];

const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms · p95 ${pct(xs, 95).toFixed(2)} ms · n=${xs.length}`;

const server = await serveDist();
const browser = await launch();
const results = [];

/** Records animation-frame gaps in `page` until `done()` resolves; returns them in ms. */
async function frameGaps(page, done) {
  await page.evaluate(() => {
    const f = (window.__gaps = { gaps: [], last: null, on: true });
    const tick = (now) => {
      if (!f.on) return;
      if (f.last !== null) f.gaps.push(now - f.last);
      f.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await done();
  return page.evaluate(() => {
    window.__gaps.on = false;
    return window.__gaps.gaps;
  });
}

/** Frame gaps while the app loads a run of 1,000,000 events from a link, and idle as long. */
async function loadingGaps() {
  const huge = "async t x10000 {\n  repeat 30 {\n    yield\n  }\n}\n";
  const hash = "#s=1" + zlib.deflateRawSync(Buffer.from(huge, "utf8")).toString("base64url");
  const { page, errors } = await openPage(browser, `${server.url}`);
  await page.waitForFunction(() => window.__interleave?.timeline?.events > 0, null, { timeout: 60000 });
  const started = Date.now();
  const loading = await frameGaps(page, async () => {
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForFunction(() => window.__interleave.timeline?.events === 1000000, null, { timeout: 300000 });
  });
  const took = Date.now() - started;
  const idle = await frameGaps(page, () => page.waitForTimeout(took));
  const max = (xs) => Math.max(...xs);
  console.log(`\n== loading a 1,000,000-event run from a link (simulate + lay out in slices): ${took} ms`);
  console.log(`  frame gaps while loading : ${fmt(loading)} · max ${max(loading).toFixed(1)} ms`);
  console.log(`  same page idle as long   : ${fmt(idle)} · max ${max(idle).toFixed(1)} ms (baseline)`);
  console.log(`  longest gap ${(max(loading) / pct(idle, 50)).toFixed(1)}× an idle frame · UX target: no freeze (progress and cancel past 300 ms)`);
  await page.close();
  return errors;
}

try {
  const loadErrors = await loadingGaps();
  if (loadErrors.length) {
    console.error("console errors while loading:", loadErrors);
    process.exitCode = 1;
  }
  const { page, errors } = await openPage(browser, `${server.url}?bench=frames`);
  await page.waitForFunction(() => window.__interleave?.bench && window.__interleave?.timeline, null, { timeout: 60000 });
  const box = await page.locator("#tl-canvas").boundingBox();
  const stats = () => page.evaluate(() => window.__interleave.bench.stats());
  const reset = () => page.evaluate(() => window.__interleave.bench.reset());
  for (const size of sizes) {
    // Simulate, then index (spans, rows, inspector snapshots, metrics) until the timeline shows it.
    const started = Date.now();
    const load = await page.evaluate((n) => window.__interleave.bench.load(n), size);
    await page.waitForFunction((n) => window.__interleave.timeline.events === n, load.events, { timeout: 300000 });
    load.load_ms = Date.now() - started;
    // Playback: the run plays from the start at 1×; measure 150 frames (about 2.5 s at 60 Hz).
    await reset();
    await page.waitForFunction(() => window.__interleave.bench.stats().paint_ms.length >= 150 || !window.__interleave.timeline.playing, null, { timeout: 120000, polling: 200 });
    const play = await stats();
    await page.evaluate(() => document.activeElement?.blur());
    if ((await page.evaluate(() => window.__interleave.timeline.playing))) await page.keyboard.press("Space");
    // Zoom in a little first so panning moves through the run, then drag back and forth.
    await page.keyboard.press("+");
    await reset();
    const y = box.y + box.height * 0.6;
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(box.x + box.width * 0.8, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, y, { steps: 20 });
      await page.mouse.up();
      await page.mouse.move(box.x + box.width * 0.3, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.8, y, { steps: 20 });
      await page.mouse.up();
    }
    const pan = await stats();
    // Zoom: the wheel, in and out about the pointer.
    await page.keyboard.press("0");
    await reset();
    await page.mouse.move(box.x + box.width * 0.55, y);
    for (let i = 0; i < 40; i++) await page.mouse.wheel(0, i % 20 < 10 ? -240 : 240);
    await page.waitForFunction(() => window.__interleave.bench.stats().paint_ms.length >= 30);
    const zoom = await stats();
    const row = {
      size,
      events: load.events,
      load_ms: load.load_ms,
      play: play.paint_ms,
      frames: play.frame_ms,
      work: play.work_ms,
      pan: pan.paint_ms,
      zoom: zoom.paint_ms,
      rects: Math.max(...play.rects, ...pan.rects, ...zoom.rects),
    };
    results.push(row);
    console.log(`\n== ${row.events} events (asked ${size}); simulate + index ${row.load_ms.toFixed(0)} ms; at most ${row.rects} rects per frame`);
    console.log(`  paint, playback : ${fmt(row.play)}`);
    console.log(`  frame update    : ${fmt(row.work)}   (state + panels + paint, per animation frame)`);
    console.log(`  frame interval  : ${fmt(row.frames)}`);
    console.log(`  paint, pan      : ${fmt(row.pan)}`);
    console.log(`  paint, zoom     : ${fmt(row.zoom)}`);
  }
  if (errors.length) {
    console.error("console errors:", errors);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
for (const r of results) {
  const p95 = Math.max(pct(r.play, 95), pct(r.pan, 95), pct(r.zoom, 95));
  const target = r.events >= 500_000 ? 50 : r.events >= 50_000 ? 16 : null;
  if (target !== null) {
    const ok = target === 50 ? p95 < target : p95 <= target;
    console.log(`${r.events} events: worst paint p95 ${p95.toFixed(2)} ms (target ${target === 50 ? "<" : "≤"} ${target} ms) ${ok ? "ok" : "MISSED"}`);
  }
}
