// Benchmark: what Wire all sends (issue 16, deliverable 6).
//   npm run bench:wiring
// Starts the local app stand-ins in this process on loopback (e2e/apps/server.ts; qBittorrent is
// the recorded 5.2 stand-in here, the real 4.5.2 is exercised by e2e/integration/wiring.int),
// unwires every app, then runs Wire all twice as the action does (plan, then each fix step in
// dependency order, then the touched checklist items) and prints, per run: mutating requests
// (counted at the stand-ins), reads (counted by the dashboard's client), wall time, and the
// verdicts. The second run must send no mutation. Time from the Deploy click to a green checklist
// needs the browser and the cluster: e2e/browser/setup.spec.ts prints it ("[setup figures]").
// Prints figures only; it asserts nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resetAppsState, sentRequests } from "@/lib/apps/server";
import { jobRegistry } from "@/lib/jobs/server";
import { loadStack } from "@/lib/stack/load";
import { currentPlan, runWire } from "@/lib/wiring/server";
import { inProcessStandins } from "@/e2e/support/apps";
import type { StandinApp, StandinStates } from "@/e2e/apps/contract";

const stack = loadStack(resolve(import.meta.dirname, "../../k8s/media"));
// The simulated NFS tree the stand-ins stat (root folders) and count (Jellyfin scans).
const nfsRoot = mkdtempSync(join(tmpdir(), "arr-bench-wiring-"));
execFileSync("bash", [resolve(import.meta.dirname, "../cluster/sample-nfs.sh"), nfsRoot], {
  stdio: "ignore",
});
const { standins, env, secret: secretOf } = await inProcessStandins({ nfsRoot });
const options = { env, keys: secretOf() };
const control = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const r = await fetch(`${standins.controlUrl}/control/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? {} : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return r.status === 204 ? undefined : ((await r.json()) as unknown);
};
async function edit<A extends StandinApp>(app: A, fn: (s: StandinStates[A]) => void) {
  const s = (await control(`${app}/state`)) as StandinStates[A];
  fn(s);
  await control(`${app}/state`, { body: s });
}

// Fully unwired.
await edit("qbittorrent52", (s) => {
  s.preferences.save_path = "/downloads";
  s.categories = {};
});
for (const app of ["sonarr", "radarr"] as const)
  await edit(app, (s) => {
    s.rootFolders = [];
    s.downloadClients = [];
    s.indexers = [];
    s.mediaManagement = { ...s.mediaManagement, copyUsingHardlinks: false };
  });
await edit("prowlarr", (s) => void (s.applications = []));
await edit("jellyfin", (s) => void (s.virtualFolders = []));

async function wireAllOnce() {
  await control("requests", { method: "DELETE" });
  resetAppsState();
  const t0 = performance.now();
  const plan = (await currentPlan(stack, options)).filter((s) => !s.optional);
  const started = jobRegistry().start("wire", "all", {
    steps: plan.map((s) => ({
      id: s.id,
      app: s.app,
      title: s.title,
      planned: s.status,
      state: "pending" as const,
      sent: 0,
    })),
    checks: null,
    sent: 0,
  });
  if (!started.ok) throw new Error(started.error);
  await runWire(started.job.id, stack, plan, options);
  const ms = performance.now() - t0;
  const job = jobRegistry().get(started.job.id);
  const counts = (await control("requests")) as Record<string, Record<string, number>>;
  let mutations = 0;
  const list: string[] = [];
  for (const [app, reqs] of Object.entries(counts))
    for (const [what, n] of Object.entries(reqs))
      if (!what.startsWith("GET ") && what !== "POST /api/v2/auth/login") {
        mutations += n;
        list.push(`${app} ${what}${n > 1 ? ` ×${n}` : ""}`);
      }
  if (process.env.ARR_BENCH_VERBOSE)
    console.log(list.join("\n"), JSON.stringify(job, null, 1).slice(0, 6000));
  const reads = [...sentRequests()]
    .filter(([k]) => !/ (POST|PUT) /.test(k))
    .reduce((a, [, n]) => a + n, 0);
  return {
    ms,
    mutations,
    reads,
    status: job?.status,
    checks:
      job?.kind === "wire"
        ? (job.detail.checks ?? [])
            .map((c) => `${c.id}=${c.verdict}${c.verdict === "pass" ? "" : ` (${c.summary})`}`)
            .join(" ")
        : "",
  };
}

const first = await wireAllOnce();
const second = await wireAllOnce();
await standins.close();
rmSync(nfsRoot, { recursive: true, force: true });
console.log("bench:wiring — Wire all against the local stand-ins, from fully unwired");
for (const [name, r] of [
  ["first ", first],
  ["second", second],
] as const)
  console.log(
    `  ${name} Wire all: ${r.mutations} mutating requests, ${r.reads} reads (plan + re-check), ${r.ms.toFixed(0)} ms, job ${r.status}`,
  );
console.log(`  verdicts after the first: ${first.checks}`);
console.log(`  verdicts after the second: ${second.checks}`);
process.exit(0);
