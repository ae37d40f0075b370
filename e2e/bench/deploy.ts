// Benchmark: time from clicking Deploy (in Chromium, on an empty cluster) until the page shows
// every app Ready, against `kubectl apply -k k8s/media` followed by `kubectl rollout status` for
// each Deployment, on the same local control plane. Prints each run, the medians and the ratio
// (target ≤ 1.2). Needs a build (`npm run build`) and the cluster env:
//   eval "$(npm run -s cluster:up)" && npm run -s bench:deploy [-- --runs 3]
import path from "node:path";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "@/e2e/support/chromium";
import { loadStack } from "@/lib/stack/load";

// Names from the manifests, as the dashboard reads them.
const stack = loadStack();
const NS = stack.namespace;
const PV = stack.dataVolume.pvName;
const DEPLOYMENTS = stack.apps.map((a) => a.name); // an app is named after its Deployment
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const PORT = Number(process.env.BENCH_PORT ?? 3473);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "arr-bench-admin-password";

if (!process.env.KUBECONFIG || !process.env.ARR_BIN_DIR) {
  console.error('KUBECONFIG and ARR_BIN_DIR must be set: eval "$(npm run -s cluster:up)" first');
  process.exit(2);
}
const KUBECTL = `${process.env.ARR_BIN_DIR}/kubectl`;

function kubectl(args: string[]): string {
  return execFileSync(KUBECTL, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function emptyCluster(): void {
  kubectl(["delete", "namespace", NS, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
  kubectl(["delete", "pv", PV, "--ignore-not-found", "--wait=true", "--timeout=60s"]);
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn("sh", ["scripts/serve.sh"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      ARR_DEV_MODE: "1",
      ARR_ADMIN_PASSWORD: PASSWORD,
      ARR_STATE_DIR: path.resolve(".local/bench-state"),
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/login`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the dashboard did not start");
}

async function dashboardRun(): Promise<number> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/login`);
    await page.getByLabel("Admin password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.goto(`${BASE}/deploy`);
    const button = page.getByTestId("deploy-button");
    await button.waitFor();
    const previous = (await page.getByTestId("job-progress").count())
      ? await page.getByTestId("job-progress").getAttribute("data-job-id")
      : null;
    const t0 = performance.now();
    await button.click();
    const done = page.locator(
      `[data-testid="job-progress"]${previous ? `:not([data-job-id="${previous}"])` : ""}:not([data-status="running"])`,
    );
    await done.waitFor({ timeout: 300_000 });
    const t1 = performance.now();
    const status = await done.getAttribute("data-status");
    const ready = await page.locator('[data-testid="rollout-row"][data-phase="ready"]').count();
    if (status !== "succeeded" || ready !== DEPLOYMENTS.length)
      throw new Error(`dashboard deploy ended ${status} with ${ready} apps Ready`);
    return (t1 - t0) / 1000;
  } finally {
    await browser.close();
  }
}

function kubectlRun(): number {
  const t0 = performance.now();
  kubectl(["apply", "-k", "k8s/media"]);
  for (const d of DEPLOYMENTS)
    kubectl(["rollout", "status", `deployment/${d}`, "-n", NS, "--timeout=300s"]);
  return (performance.now() - t0) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const server = await startServer();
const dash: number[] = [];
const kube: number[] = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    emptyCluster();
    dash.push(await dashboardRun());
    emptyCluster();
    kube.push(kubectlRun());
    console.log(
      `run ${i}: dashboard ${dash.at(-1)!.toFixed(2)} s, kubectl ${kube.at(-1)!.toFixed(2)} s`,
    );
  }
} finally {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}
const ratio = median(dash) / median(kube);
console.log(
  `deploy from empty to all Ready (${RUNS} runs, medians): dashboard ${median(dash).toFixed(2)} s, kubectl apply -k + rollout status ${median(kube).toFixed(2)} s`,
);
console.log(
  `ratio dashboard/kubectl: ${ratio.toFixed(2)} (target ≤ 1.20) ${ratio <= 1.2 ? "MET" : "NOT MET"}`,
);
