// Memory: the dashboard process's resident set size after N minutes with the stack deployed, its
// watches running, one page open and a pod status change every 10 s.
//   BENCH_MINUTES (default 10), BENCH_PORT (default 3303)
import { mkdirSync } from "node:fs";
import { test } from "@playwright/test";
import { CoreV1Api } from "@kubernetes/client-node";
import { crashLoopPod, readyPod } from "@/e2e/support/pod-status";
import { applyStack, deleteStack, testKubeConfig } from "@/e2e/support/stack";
import { loadStack } from "@/lib/stack/load";
import { benchIdentity } from "@/e2e/support/identity";
import { rssBytes, sleep, startDashboard } from "./support/server";

const MiB = 1024 * 1024;

test("RSS after N minutes", async ({ browser }) => {
  const minutes = Number(process.env.BENCH_MINUTES ?? 10);
  const kc = testKubeConfig();
  const stack = loadStack();
  mkdirSync(".local/bench", { recursive: true });
  await deleteStack(kc, stack);
  await applyStack(kc, stack);
  const kubeconfig = await benchIdentity(".local/bench");
  const dash = await startDashboard({
    port: Number(process.env.BENCH_PORT ?? 3303),
    kubeconfig,
    log: ".local/bench/rss-server.log",
  });
  const core = kc.makeApiClient(CoreV1Api);
  const app = stack.apps[0]!.name;
  const pod = (
    await core.listNamespacedPod({
      namespace: stack.namespace,
      labelSelector: `app.kubernetes.io/name=${app}`,
    })
  ).items[0]?.metadata?.name;
  if (!pod) throw new Error(`no pod for ${app}`);
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${dash.url}/`);
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
