// Helpers for the live-mode end-to-end tests: share links built in node (the link payload is
// "1" + base64url of raw deflate of the scenario text), preset sources, waiting on the published
// live summary, the live trace published by the test hooks, and animation-frame gaps.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

/** The source text of a preset (`src/model/presets/ID.txt`). */
export function preset(id) {
  return fs.readFileSync(path.join(ROOT, "src", "model", "presets", `${id}.txt`), "utf8");
}

/** A `#s=…&mode=live` fragment for `text` (plus `extra` parameters). */
export function liveFragment(text, extra = "") {
  const payload = zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");
  return `#s=1${payload}&mode=live${extra}`;
}

/** Resolves with the next summary published with "mode": "live" (install before acting). */
export async function armLiveSummary(page) {
  await page.evaluate(() => {
    window.__liveNext = new Promise((resolve) => {
      const on = (e) => {
        if (e.detail?.mode === "live") {
          window.removeEventListener("interleave:run", on);
          resolve(e.detail);
        }
      };
      window.addEventListener("interleave:run", on);
    });
  });
  return () => page.evaluate(() => window.__liveNext);
}

/** Opens the app on a live link and resolves with its page, errors and first live summary. */
export async function openLive(browser, server, text, { extra = "", openPage }) {
  const url = `${server.url}?test=1${liveFragment(text, extra)}`;
  const { page, errors } = await openPage(browser, url);
  const summary = await page.waitForFunction(
    () => window.__interleave?.summary?.mode === "live" && window.__interleave.summary,
    null,
    { timeout: 120000, polling: 50 },
  );
  return { page, errors, summary: await summary.jsonValue() };
}

/** The trace of the latest live run (published by the test hooks). */
export async function liveTrace(page) {
  const json = await page.evaluate(() => window.__interleave.test.trace);
  return JSON.parse(json);
}

/** Starts recording the gaps between animation frames. */
export async function startFrames(page) {
  await page.evaluate(() => {
    window.__frames = { gaps: [], last: null, on: true };
    const tick = (now) => {
      const f = window.__frames;
      if (!f.on) return;
      if (f.last !== null) f.gaps.push(now - f.last);
      f.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording and returns the frame gaps in ms. */
export async function stopFrames(page) {
  return page.evaluate(() => {
    window.__frames.on = false;
    return window.__frames.gaps;
  });
}

export const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Events of one kind (`"PollStart"`, …) with their times, from a trace. */
export function eventsOf(trace, kind) {
  return trace.events
    .filter((e) => typeof e.kind === "object" && kind in e.kind)
    .map((e) => ({ t: e.t, ...e.kind[kind] }));
}
