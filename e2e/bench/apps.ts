// Benchmark: how long the seven app checks take to answer (issue 11, deliverable 10).
//   npm run bench:apps            (ARR_BENCH_ROUNDS=5 by default)
// Starts the local app stand-ins in this process on loopback (e2e/apps/server.ts: Sonarr,
// Radarr, Prowlarr, Jellyfin, Homepage, Uptime Kuma, qBittorrent 5.2) and measures:
//  - cold: every answer fetched (cache emptied), all apps in parallel;
//  - cached: the same again within the 30 s cache (no request sent);
//  - one app stalled: Sonarr holds every request for 30 s; the checklist must answer after its
//    5 s timeout without delaying the other apps (their items are asked in parallel).
// Prints figures only; it asserts nothing (performance is measured, not tested).
import { resolve } from "node:path";
import { evaluateAppChecks } from "@/lib/apps/checks";
import { gatherAppsEvidence, resetAppsState, sentRequests } from "@/lib/apps/server";
import { loadStack } from "@/lib/stack/load";
import { inProcessStandins } from "@/e2e/support/apps";

const rounds = Number(process.env.ARR_BENCH_ROUNDS) || 5;
const stack = loadStack(resolve(import.meta.dirname, "../../k8s/media"));
const { standins, env, secret: secretOf } = await inProcessStandins();
const secret = secretOf();
const widgets = stack.apps.flatMap((a) =>
  a.homepageWidget ? [{ displayName: a.displayName, widget: a.homepageWidget }] : [],
);

async function once(): Promise<{ ms: number; verdicts: string }> {
  const t0 = performance.now();
  const ev = await gatherAppsEvidence(stack, { env, keys: secret });
  const items = evaluateAppChecks(ev, widgets);
  const ms = performance.now() - t0;
  return {
    ms,
    verdicts: Object.values(items)
      .map((i) => `${i.id}=${i.verdict}`)
      .join(" "),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}`;

const cold: number[] = [];
const cached: number[] = [];
let requests = 0;
let verdicts = "";
for (let i = 0; i < rounds; i++) {
  resetAppsState();
  const c = await once();
  cold.push(c.ms);
  verdicts = c.verdicts;
  requests = [...sentRequests().values()].reduce((a, b) => a + b, 0);
  cached.push((await once()).ms);
}

await fetch(`${standins.controlUrl}/control/sonarr/hostile`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ mode: "stall" }),
});
const stalled: number[] = [];
let stalledVerdicts = "";
for (let i = 0; i < Math.min(rounds, 3); i++) {
  resetAppsState();
  const s = await once();
  stalled.push(s.ms);
  stalledVerdicts = s.verdicts;
}
await fetch(`${standins.controlUrl}/control/reset`, { method: "POST" });
await standins.close();

console.log(`bench:apps — seven app checks against the local stand-ins (${rounds} rounds)`);
console.log(`  requests per cold round: ${requests} (all apps in parallel)`);
console.log(`  cold:               ${fmt(cold)}`);
console.log(`  cached (< 30 s):    ${fmt(cached)}`);
console.log(`  Sonarr stalled 30s: ${fmt(stalled)} (bound: the 5 s request timeout)`);
console.log(`  verdicts:           ${verdicts}`);
console.log(`  verdicts, stalled:  ${stalledVerdicts}`);
process.exit(0);
