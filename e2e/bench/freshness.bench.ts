// Freshness: time from a pod status change written to the API server to its appearance in a
// real Chromium page (the app card's health badge). Prints min, median, p95 and max.
//   BENCH_CHANGES (default 24, at least 20), BENCH_PORT (default 3301)
import { test } from "@playwright/test";
import { crashLoopPod, readyPod } from "@/e2e/support/pod-status";
import { percentile, sleep } from "./support/server";
import { openOverview, podOf, startBench } from "./support/setup";

test("freshness: API server change → browser", async ({ browser }) => {
  const changes = Math.max(20, Number(process.env.BENCH_CHANGES ?? 24));
  const bench = await startBench("freshness", 3301);
  const { kc, stack, dash, app } = bench;
  try {
    const page = await openOverview(browser, dash);
    const badge = `[data-testid="app-card"][data-app="${app}"] [data-testid="app-health"]`;
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === "Healthy",
      badge,
      { timeout: 90_000 },
    );
    const pod = await podOf(bench);

    const samples: number[] = [];
    for (let i = 0; i < changes; i++) {
      const want = i % 2 === 0 ? "Degraded" : "Healthy";
      // The page records when (its clock = this machine's clock) the badge first shows `want`.
      const seen = page.waitForFunction(
        ([sel, status]) =>
          document.querySelector(sel!)?.textContent === status ? Date.now() : false,
        [badge, want],
        { polling: "raf", timeout: 10_000 },
      );
      const t0 = Date.now();
      if (want === "Degraded") await crashLoopPod(kc, stack.namespace, pod, i);
      else await readyPod(kc, stack.namespace, pod);
      const t1 = (await (await seen).jsonValue()) as number;
      samples.push(t1 - t0);
      await sleep(300);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `freshness over ${samples.length} pod status changes (API server write → browser DOM):`,
    );
    console.log(
      `  min ${sorted[0]} ms, median ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted.at(-1)} ms (target p95 ≤ 1000 ms)`,
    );
    console.log(`  samples: ${samples.join(" ")}`);
  } finally {
    await dash.stop();
  }
});
