// The pure core in headless Chromium (`?bench=core`, see src/devtools/core_bench.rs), with the
// same inputs as the native benches: the simulator on the 10k-task scenario of benches/sim.rs
// (target: under 1 s in Chromium) and the schedule explorer's rate on the 4-thread race of
// benches/explore.rs, the 4×3 race run exhaustively (369,600 schedules), against shuttle's native
// rate on the same race when `cargo xtask bench core` measured it first (SHUTTLE_PER_SECOND;
// target: at least 0.9× it in a web worker, as the app runs the explorer).
//
//   node tests/e2e/bench-core.mjs      (needs a built dist/; `cargo xtask bench core` builds a release one)
import { serveDist, launch, openPage } from "./harness.mjs";

const server = await serveDist();
const browser = await launch();
try {
  const { page } = await openPage(browser, `${server.url}?bench=core`);
  await page.waitForFunction(() => window.__interleave?.coreBench, null, { timeout: 60000 });
  const sims = [];
  for (let i = 0; i < 5; i++) sims.push(await page.evaluate(() => window.__interleave.coreBench.simulate10k()));
  const best = sims.reduce((a, b) => (a.ms <= b.ms ? a : b));
  console.log(`simulator, 10k async tasks: best of 5 ${best.ms.toFixed(1)} ms for ${best.events} events ` +
    `(${(best.events / best.ms / 1000).toFixed(1)} M events/s) · target < 1000 ms: ${best.ms < 1000 ? "ok" : "MISSED"}`);
  const rates = [];
  for (let i = 0; i < 3; i++) rates.push(await page.evaluate(() => window.__interleave.coreBench.exploreRate(369600)));
  const top = rates.reduce((a, b) => (a.per_second >= b.per_second ? a : b));
  console.log(`explorer, 4 threads × 3 steps, no pruning: best of 3 ${top.runs} schedules in ${top.ms.toFixed(0)} ms = ` +
    `${top.per_second.toFixed(0)} schedules/s · target ≥ 1000/s: ${top.per_second >= 1000 ? "ok" : "MISSED"}`);
  // As the app runs it: in a web worker, in 40 ms slices, posting progress after each.
  const inWorker = [];
  for (let i = 0; i < 3; i++) inWorker.push(await page.evaluate(() => window.__interleave.coreBench.exploreRateInWorker(369600)));
  if (inWorker.some((r) => r.error)) throw new Error("the explorer worker failed");
  const w = inWorker.reduce((a, b) => (a.per_second >= b.per_second ? a : b));
  console.log(`explorer in a web worker (as the app runs it, ${w.progress_messages} progress messages): best of 3 ${w.runs} schedules in ` +
    `${w.ms.toFixed(0)} ms = ${w.per_second.toFixed(0)} schedules/s · ${(w.per_second / top.per_second).toFixed(2)}× the page's rate · ` +
    `target ≥ 1000/s: ${w.per_second >= 1000 ? "ok" : "MISSED"}`);
  const shuttle = Number(process.env.SHUTTLE_PER_SECOND);
  if (shuttle > 0) {
    const ratio = w.per_second / shuttle;
    console.log(`against shuttle 0.9 natively (check_dfs, same race, measured just before): ${shuttle.toFixed(0)} schedules/s · ` +
      `in the worker ${ratio.toFixed(2)}× · target ≥ 0.9×: ${ratio >= 0.9 ? "ok" : "MISSED"}`);
  }
} finally {
  await browser.close();
  await server.close();
}
