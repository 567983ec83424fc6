// Helpers for the live-mode end-to-end tests: share links built in node (the link payload is
// "1" + base64url of raw deflate of the scenario text), preset sources, waiting on the published
// live summary, the live trace published by the test hooks (and its polls, steps and sleeps),
// and animation-frame gaps.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

/** The source text of a preset (`src/model/presets/ID.txt`). */
export function preset(id) {
  return fs.readFileSync(path.join(ROOT, "src", "model", "presets", `${id}.txt`), "utf8");
}

/**
 * The memory path a test file's live links ask for: `INTERLEAVE_LIVE_MEMORY=messages` (set by
 * `live-messages.test.mjs`) forces the coordinator's messages, as on a page that is not
 * cross-origin isolated; unset, the page picks real shared memory.
 */
export const FORCED_MEMORY = process.env.INTERLEAVE_LIVE_MEMORY ?? "";

/** A `#s=…&mode=live` fragment for `text` (plus `extra` parameters). */
export function liveFragment(text, extra = "") {
  const payload = zlib.deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");
  const forced = FORCED_MEMORY && !extra.includes("memory=") ? `&memory=${FORCED_MEMORY}` : "";
  return `#s=1${payload}&mode=live${forced}${extra}`;
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

/**
 * Opens the app on a live link and resolves with its page, errors and first live summary. A
 * link whose run starts more than four new web workers opens simulated and asks first: this
 * presses its "Run live", as the user would.
 */
export async function openLive(browser, server, text, { extra = "", openPage }) {
  const url = `${server.url}?test=1${liveFragment(text, extra)}`;
  const { page, errors } = await openPage(browser, url);
  const opened = await page.waitForFunction(
    () =>
      (document.querySelector("#banner-run-live") && "asks") ||
      (document.querySelector('#mode-live[aria-pressed="true"]') && "live"),
    null,
    { timeout: 60000, polling: 20 },
  );
  if ((await opened.jsonValue()) === "asks") await page.click("#banner-run-live");
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
    window.__frames = { gaps: [], first: null, last: null, on: true, from: performance.now() };
    const tick = (now) => {
      const f = window.__frames;
      if (!f.on) return;
      if (f.last !== null) f.gaps.push(now - f.last);
      else f.first = now;
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

/** Stops recording and returns gaps in ms that cover all of it: from its start to the first
 * frame, between frames, and from the last frame to now. A freeze at any moment of the
 * recording shows as one long gap, even before the first frame or after the last, and there
 * is always at least one gap. */
export async function stopFramesCovering(page) {
  return page.evaluate(() => {
    const f = window.__frames;
    f.on = false;
    const now = performance.now();
    if (f.last === null) return [now - f.from];
    // A frame's time can be a little before the call that asked for it: no negative gap.
    return [Math.max(0, f.first - f.from), ...f.gaps, Math.max(0, now - f.last)];
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

/** The task an event is about (`owner` for a timer), if any. */
function taskOf(e) {
  const body = typeof e.kind === "object" ? Object.values(e.kind)[0] : null;
  return body?.task ?? body?.owner;
}

/** The polls on `lane` as `{ task, start, end }` (µs), by start: each `PollStart` paired with
 * its task's next `PollEnd` on that lane, in event order. */
export function pollsOn(trace, lane) {
  const open = new Map();
  const polls = [];
  for (const e of trace.events) {
    const start = e.kind?.PollStart;
    const end = e.kind?.PollEnd;
    if (start?.lane === lane) open.set(start.task, e.t);
    else if (end?.lane === lane && open.has(end.task)) {
      polls.push({ task: end.task, start: open.get(end.task), end: e.t });
      open.delete(end.task);
    }
  }
  return polls.sort((a, b) => a.start - b.start);
}

/** `[start, end]` (µs) of `task`'s first step whose text starts with `prefix`: from its `Step`
 * to the task's next event (the step's end, for a step that does not wait); null if none. */
export function stepSpan(trace, task, prefix) {
  const i = trace.events.findIndex((e) => e.kind?.Step?.task === task && e.kind.Step.text.startsWith(prefix));
  const next = i < 0 ? undefined : trace.events.slice(i + 1).find((e) => taskOf(e) === task);
  return next ? [trace.events[i].t, next.t] : null;
}

/** The ids of a trace's tasks of one kind (`"async"`, `"thread"`, `"job"`, …). */
export function tasksOfKind(trace, kind) {
  return trace.tasks.flatMap((t, i) => (t.kind === kind ? [i] : []));
}

/** Whether the sleeps of `tasks` (one each) were all pending at once: every one of them began
 * before any came due. Sleeps taken in turn would not be: the next begins after one is due. */
export function sleptTogether(trace, tasks) {
  const sleeps = eventsOf(trace, "Sleeping").filter((s) => tasks.includes(s.task));
  if (sleeps.length < 2 || sleeps.length !== tasks.length) return false;
  return Math.max(...sleeps.map((s) => s.t)) < Math.min(...sleeps.map((s) => s.until));
}

/** When the sleep of the task named `name` came due (µs), from the trace; undefined if it
 * never began one. */
export function sleepDue(trace, name) {
  const task = trace.tasks.findIndex((t) => t.name === name);
  return eventsOf(trace, "Sleeping").find((s) => s.task === task)?.until;
}

/** The tasks that ended before a sleep of theirs came due (none should: a timer can be late,
 * never early), by name. Uses the trace's `Ended`, which never precedes the task's own events. */
export function endedBeforeDue(trace) {
  const ended = new Map(eventsOf(trace, "Ended").map((e) => [e.task, e.t]));
  return eventsOf(trace, "Sleeping")
    .filter((s) => !(ended.get(s.task) >= s.until))
    .map((s) => `${trace.tasks[s.task].name} (ended ${ended.get(s.task)} µs, due ${s.until} µs)`);
}
