// Benchmark of issue 17, item 1: what the unauthenticated body flood does to the production
// server's memory. Starts the built server (scripts/serve.sh), warms it up, then sends ROUNDS
// times CONCURRENCY chunked POSTs of BYTES each to /deploy with a Next-Action header and a made-up
// session cookie, and prints the RSS before, at the peak and 5 s after, and the statuses.
//
//   npm run build && node --experimental-transform-types --import ./e2e/bench/register.mjs \
//     e2e/bench/body-flood.ts [CONCURRENCY=8] [BYTES=9961472] [ROUNDS=1]
// A cluster is not needed: without KUBECONFIG the server gets one naming a closed port (it then
// serves with the API shown as down).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { kubeconfigOrUnreachable, measureFlood } from "@/e2e/support/body-flood";
import { rssBytes, startDashboard } from "./support/server";

const concurrency = Number(process.argv[2] ?? 8);
const bytes = Number(process.argv[3] ?? 9.5 * 1024 * 1024);
const rounds = Number(process.argv[4] ?? 1);
const MiB = 1024 * 1024;

mkdirSync(".local/bench", { recursive: true });
const dash = await startDashboard({
  port: Number(process.env.BENCH_PORT ?? 3202),
  kubeconfig: kubeconfigOrUnreachable(path.resolve(".local/bench/unreachable.kubeconfig")),
  log: ".local/bench/body-flood-server.log",
  stateDir: ".local/bench/body-flood-state",
  waitForSync: false,
});
try {
  const m = await measureFlood(dash.pid, rssBytes, { url: dash.url, concurrency, bytes, rounds });
  const count = new Map<number, number>();
  for (const s of m.statuses) count.set(s, (count.get(s) ?? 0) + 1);
  const mib = (n: number) => (n / MiB).toFixed(0);
  console.log(
    `body flood: ${rounds} × ${concurrency} chunked POSTs of ${(bytes / MiB).toFixed(1)} MiB to /deploy`,
  );
  console.log(`  statuses: ${[...count].map(([s, n]) => `${s}×${n}`).join(", ")}`);
  console.log(
    `  RSS before ${mib(m.before)} MiB, peak ${mib(m.peak)} MiB (+${mib(m.peak - m.before)}), ` +
      `5 s after ${mib(m.after)} MiB (+${mib(m.after - m.before)})`,
  );
} finally {
  await dash.stop();
}
