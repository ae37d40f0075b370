// Starts the built dashboard for a benchmark the way the image runs it (scripts/serve.sh: the
// standalone server, its memory settings), and reads its resident memory and CPU time from /proc.
import { ADMIN_PASSWORD } from "@/e2e/browser/support/auth";
import { spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
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
  /** Extra environment for the server, e.g. ARR_NODE_DEFAULTS=1 (serve.sh without its settings). */
  env?: Record<string, string>;
  /** Auth state directory (default .local/bench/state). */
  stateDir?: string;
  /** Wait for the watches' first list (default); false: only for the server to answer. */
  waitForSync?: boolean;
}): Promise<Dashboard> {
  const out = openSync(opts.log, "a");
  const env = {
    ...process.env,
    KUBECONFIG: path.resolve(opts.kubeconfig),
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    // Extra V8 flags for the dashboard process only (e.g. --max-semi-space-size=16 to compare with
    // Node's default), not for this runner. The MALLOC_* settings of serve.sh can be overridden
    // from the environment the same way.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? "",
    // Every page needs a session: the benchmark signs in with this password (dev/test mode only).
    ARR_DEV_MODE: "1",
    ARR_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ARR_STATE_DIR: path.resolve(opts.stateDir ?? ".local/bench/state"),
    ...opts.env,
  };
  // serve.sh execs node: the child's pid is the server's.
  const child = spawn("sh", ["scripts/serve.sh"], { env, stdio: ["ignore", out, out] });
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
      if (ready && (opts.waitForSync === false || ready.apiServer?.lastSyncAt)) break;
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
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      // The server ends its event streams on SIGTERM and exits; if it does not, say so and kill it.
      const timer = setTimeout(() => {
        console.error(`the dashboard did not exit within 30 s of SIGTERM; killing it`);
        child.kill("SIGKILL");
      }, 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** User + system CPU time of a process in seconds (/proc/PID/stat, clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces) start at state; utime and stime are
  // fields 14 and 15 of the whole line.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
