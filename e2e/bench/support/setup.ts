// Shared start of the browser benchmarks: the stack freshly deployed, the dashboard started under
// its own least-privilege identity (so its API requests can be counted apart), and the pod whose
// status the benchmark flips.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { login } from "@/e2e/browser/support/auth";
import { benchIdentity } from "@/e2e/support/identity";
import { testKubeConfig } from "@/e2e/support/kube";
import { applyStack, deleteStack } from "@/e2e/support/stack";
import { loadStack } from "@/lib/stack/load";
import type { Stack } from "@/lib/stack/types";
import { startDashboard, type Dashboard } from "./server";

export interface Bench {
  kc: KubeConfig;
  stack: Stack;
  dash: Dashboard;
  /** The first app of the manifests, the one whose pod the benchmarks change. */
  app: string;
}

/** Redeploys the stack from nothing and starts the dashboard on $BENCH_PORT (or `defaultPort`). */
export async function startBench(name: string, defaultPort: number): Promise<Bench> {
  const kc = testKubeConfig();
  const stack = loadStack();
  mkdirSync(".local/bench", { recursive: true });
  await deleteStack(kc, stack);
  await applyStack(kc, stack);
  const kubeconfig = await benchIdentity(".local/bench");
  const dash = await startDashboard({
    port: Number(process.env.BENCH_PORT ?? defaultPort),
    kubeconfig,
    log: `.local/bench/${name}-server.log`,
  });
  return { kc, stack, dash, app: stack.apps[0]!.name };
}

/** Name of the app's pod (one not being deleted). */
export async function podOf({ kc, stack, app }: Bench): Promise<string> {
  const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({
    namespace: stack.namespace,
    labelSelector: `app.kubernetes.io/name=${app}`,
  });
  const pod = pods.items.find((p) => !p.metadata?.deletionTimestamp)?.metadata?.name;
  if (!pod) throw new Error(`no pod for ${app}`);
  return pod;
}

/** A page in its own browser context (its own connection pool), signed in, on the overview. */
export async function openOverview(browser: Browser, dash: Dashboard): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: dash.url })).newPage();
  await login(page);
  await page.goto("/");
  return page;
}
