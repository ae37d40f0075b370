// Memory: the dashboard process's resident set size after N minutes with the stack deployed, its
// watches running, one page open and a pod status change every 10 s. Two servers of the same
// build run side by side under the same load: the one the image runs (scripts/serve.sh) and the
// same with Node's and glibc's default memory settings (ARR_NODE_DEFAULTS=1), for the ratio.
//   BENCH_MINUTES (default 10), BENCH_PORT (default 3303; the second server uses the next port)
import { test } from "@playwright/test";
import { crashLoopPod, readyPod } from "@/e2e/support/pod-status";
import { cpuSeconds, rssBytes, sleep, startDashboard } from "./support/server";
import { openOverview, podOf, startBench } from "./support/setup";

const MiB = 1024 * 1024;

test("RSS after N minutes", async ({ browser }) => {
  const minutes = Number(process.env.BENCH_MINUTES ?? 10);
  const bench = await startBench("rss", 3303);
  const { kc, stack, dash } = bench;
  const defaults = await startDashboard({
    port: Number(new URL(dash.url).port) + 1,
    kubeconfig: ".local/bench/bench-kubeconfig.yaml",
    log: ".local/bench/rss-defaults-server.log",
    env: { ARR_NODE_DEFAULTS: "1" },
  });
  const servers = [
    { name: "as shipped (serve.sh)", d: dash, samples: [] as number[] },
    { name: "Node/glibc defaults", d: defaults, samples: [] as number[] },
  ];
  const pod = await podOf(bench);
  try {
    // One page open on each (its SSE stream and view fetches) throughout.
    for (const s of servers) await openOverview(browser, s.d);
    const cpu0 = servers.map((s) => cpuSeconds(s.d.pid));
    const start = Date.now();
    let i = 0;
    while (Date.now() - start < minutes * 60_000) {
      if (i++ % 2 === 0) await crashLoopPod(kc, stack.namespace, pod, i);
      else await readyPod(kc, stack.namespace, pod);
      for (const s of servers) s.samples.push(rssBytes(s.d.pid));
      await sleep(10_000);
    }
    console.log(`dashboard RSS with watches running, 1 page open, a change every 10 s:`);
    const finals = servers.map((s, k) => {
      const final = rssBytes(s.d.pid);
      const peak = Math.max(final, ...s.samples);
      const cpu = cpuSeconds(s.d.pid) - cpu0[k]!;
      const step = Math.max(1, Math.floor(s.samples.length / 10));
      console.log(
        `  ${s.name}: after ${minutes} min ${(final / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, ` +
          `CPU ${cpu.toFixed(1)} s; samples (MiB): ${s.samples
            .filter((_, j) => j % step === 0)
            .map((x) => (x / MiB).toFixed(0))
            .join(" ")}`,
      );
      return final;
    });
    console.log(
      `  as shipped / defaults = ${(finals[0]! / finals[1]!).toFixed(2)}; target ≤ 200 MiB as shipped`,
    );
  } finally {
    for (const s of servers) await s.d.stop();
  }
});
