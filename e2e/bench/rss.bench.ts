// Memory: the dashboard process's resident set size after N minutes with the stack deployed, its
// watches running, one page open and a pod status change every 10 s.
//   BENCH_MINUTES (default 10), BENCH_PORT (default 3303)
import { test } from "@playwright/test";
import { crashLoopPod, readyPod } from "@/e2e/support/pod-status";
import { rssBytes, sleep } from "./support/server";
import { openOverview, podOf, startBench } from "./support/setup";

const MiB = 1024 * 1024;

test("RSS after N minutes", async ({ browser }) => {
  const minutes = Number(process.env.BENCH_MINUTES ?? 10);
  const bench = await startBench("rss", 3303);
  const { kc, stack, dash } = bench;
  const pod = await podOf(bench);
  try {
    await openOverview(browser, dash); // one page open (its SSE stream and view fetches) throughout
    const samples: { t: number; rss: number }[] = [];
    const start = Date.now();
    let i = 0;
    while (Date.now() - start < minutes * 60_000) {
      if (i++ % 2 === 0) await crashLoopPod(kc, stack.namespace, pod, i);
      else await readyPod(kc, stack.namespace, pod);
      samples.push({ t: (Date.now() - start) / 1000, rss: rssBytes(dash.pid) });
      await sleep(10_000);
    }
    const final = rssBytes(dash.pid);
    const peak = Math.max(final, ...samples.map((s) => s.rss));
    console.log(`dashboard RSS with watches running, 1 page open, a change every 10 s:`);
    console.log(
      `  after ${minutes} min: ${(final / MiB).toFixed(1)} MiB; peak ${(peak / MiB).toFixed(1)} MiB (target ≤ 200 MiB)`,
    );
    const step = Math.max(1, Math.floor(samples.length / 10));
    console.log(
      `  samples (s: MiB): ${samples
        .filter((_, k) => k % step === 0)
        .map((s) => `${s.t.toFixed(0)}: ${(s.rss / MiB).toFixed(0)}`)
        .join(", ")}`,
    );
  } finally {
    await dash.stop();
  }
});
