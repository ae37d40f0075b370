// Starts the built dashboard (`next start`, same process as the server) for a benchmark, and
// reads its resident memory from /proc.
import { ADMIN_PASSWORD } from "@/e2e/browser/support/auth";
import { spawn } from "node:child_process";
import { cpSync, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Dashboard {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

export async function startDashboard(opts: {
  port: number;
  kubeconfig: string;
  log: string;
}): Promise<Dashboard> {
  const out = openSync(opts.log, "a");
  const env = {
    ...process.env,
    KUBECONFIG: path.resolve(opts.kubeconfig),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
    // V8 flags for the dashboard process only (e.g. --max-semi-space-size=1), not for this runner.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? "",
    // Every page needs a session: the benchmark signs in with this password (dev/test mode only).
    ARR_DEV_MODE: "1",
    ARR_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ARR_STATE_DIR: path.resolve(".local/bench/state"),
  };
  // BENCH_SERVER=standalone runs what the container image runs (`node server.js` from
  // .next/standalone, static assets copied beside it); the default is `next start`.
  const standalone = process.env.BENCH_SERVER === "standalone";
  if (standalone && !existsSync(".next/standalone/.next/static")) {
    cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
  }
  const child = standalone
    ? spawn(path.resolve("node_modules/.bin/node"), ["server.js"], {
        cwd: ".next/standalone",
        env: { ...env, PORT: String(opts.port), HOSTNAME: "127.0.0.1" },
        stdio: ["ignore", out, out],
      })
    : spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(opts.port)], {
        env,
        stdio: ["ignore", out, out],
      });
  if (!child.pid) throw new Error("the dashboard did not start");
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      // /api/readyz is public; lastSyncAt is set once the watches have listed.
      const res = await fetch(`${url}/api/readyz`);
      const ready = res.ok
        ? ((await res.json()) as { apiServer?: { lastSyncAt?: string | null } })
        : undefined;
      if (ready?.apiServer?.lastSyncAt) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the dashboard did not sync within 60 s (log: ${opts.log})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    pid: child.pid,
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** VmRSS of a process in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
