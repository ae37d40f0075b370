// API load: requests per minute the dashboard makes to kube-apiserver with 1 and with 20 open
// pages, read from kube-apiserver's own /metrics (apiserver_flowcontrol_dispatched_requests_total
// for a FlowSchema that matches only the dashboard's ServiceAccount). A pod status change every
// 5 s keeps the pages busy (each change makes every page refetch the view from the dashboard).
//   BENCH_WINDOW_S (default 120), BENCH_PAGES (default 20), BENCH_PORT (default 3302)
import { test, type BrowserContext } from "@playwright/test";
import { crashLoopPod, readyPod } from "@/e2e/support/pod-status";
import { dashboardRequests } from "@/e2e/support/identity";
import { sleep } from "./support/server";
import { openOverview, podOf, startBench } from "./support/setup";

test("API load: 1 page vs 20 pages", async ({ browser }) => {
  const windowS = Number(process.env.BENCH_WINDOW_S ?? 120);
  const many = Number(process.env.BENCH_PAGES ?? 20);
  const bench = await startBench("load", 3302);
  const { kc, stack, dash } = bench;
  const pod = await podOf(bench);
  const contexts: BrowserContext[] = [];

  // Each page in its own browser context: 20 users, and no shared 6-connection HTTP/1.1 pool.
  const openPages = async (n: number) => {
    while (contexts.length < n) {
      const page = await openOverview(browser, dash);
      await page.getByTestId("app-card").first().waitFor();
      contexts.push(page.context());
    }
  };

  const measure = async (pages: number) => {
    await openPages(pages);
    await sleep(10_000); // settle: initial loads and stream connects
    const before = await dashboardRequests();
    const start = Date.now();
    let i = 0;
    while (Date.now() - start < windowS * 1000) {
      if (i++ % 2 === 0) await crashLoopPod(kc, stack.namespace, pod, i);
      else await readyPod(kc, stack.namespace, pod);
      await sleep(5_000);
    }
    const after = await dashboardRequests();
    const minutes = (Date.now() - start) / 60_000;
    return (after - before) / minutes;
  };

  try {
    await sleep(5_000);
    const idle = await (async () => {
      const before = await dashboardRequests();
      await sleep(30_000);
      return ((await dashboardRequests()) - before) * 2;
    })();
    const one = await measure(1);
    const twenty = await measure(many);
    console.log(
      `API requests per minute made by the dashboard (kube-apiserver /metrics, its FlowSchema only):`,
    );
    console.log(
      `  no page open: ${idle.toFixed(1)}/min (of which /readyz probes: ~30/min by design)`,
    );
    console.log(`  1 page:       ${one.toFixed(1)}/min`);
    console.log(`  ${many} pages:     ${twenty.toFixed(1)}/min`);
    console.log(
      `  ratio ${many}/1: ${(twenty / one).toFixed(3)} (target ≤ 1.1); window ${windowS} s each, a pod status change every 5 s`,
    );
  } finally {
    for (const c of contexts) await c.close();
    await dash.stop();
  }
});
