// The unauthenticated memory-exhaustion attack of issue 17, item 1: concurrent POSTs to a page
// with a Next-Action header, a made-up session cookie and a large body sent chunked (no
// Content-Length), and the server's resident memory before and after. Used by the browser test
// (e2e/browser/body-flood.spec.ts) and the benchmark that prints the figures.
import { writeFileSync } from "node:fs";
import { request } from "node:http";

export interface FloodOptions {
  /** Base URL of the dashboard, e.g. http://127.0.0.1:3202 */
  url: string;
  /** Concurrent requests (the issue: 8). */
  concurrency: number;
  /** Body bytes per request (the issue: 9.5 MB, just under Next's 10 MB proxy clone limit). */
  bytes: number;
  /** Page the requests go to (default /deploy). */
  path?: string;
  /** Send Content-Length instead of Transfer-Encoding: chunked. */
  declareLength?: boolean;
}

export interface FloodResult {
  /** HTTP status per request (0: connection ended without an answer). */
  statuses: number[];
}

/** A signed-looking but made-up session cookie value (right shape, wrong signature). */
export const FAKE_SESSION =
  "eyJzdWIiOiJhZG1pbiIsInNpZCI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUEifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

function one(o: FloodOptions): Promise<number> {
  const u = new URL(o.path ?? "/deploy", o.url);
  const chunk = Buffer.alloc(64 * 1024, "[");
  return new Promise((resolve) => {
    const req = request(
      u,
      {
        method: "POST",
        headers: {
          "next-action": "7f".padEnd(42, "0"),
          accept: "text/x-component",
          "content-type": "text/plain;charset=UTF-8",
          origin: o.url,
          cookie: `__Host-arr-session=${FAKE_SESSION}`,
          ...(o.declareLength ? { "content-length": String(o.bytes) } : {}),
        },
      },
      (res) => {
        // The status line is the answer; the server may reset the connection right after it.
        status = res.statusCode ?? 0;
        res.resume();
        res.on("end", () => resolve(status));
        res.on("error", () => resolve(status));
      },
    );
    let status = 0;
    // The server may answer and close before the whole body is sent: that is the point.
    req.on("error", () => resolve(status));
    let sent = 0;
    const pump = (): void => {
      while (sent < o.bytes) {
        const n = Math.min(chunk.length, o.bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/** Sends `concurrency` oversized action POSTs at once and returns their statuses. */
export async function flood(o: FloodOptions): Promise<FloodResult> {
  const statuses = await Promise.all(Array.from({ length: o.concurrency }, () => one(o)));
  return { statuses };
}

export interface FloodMeasurement extends FloodResult {
  /** Resident memory of the server in bytes: before, highest seen during, and `settleMs` after. */
  before: number;
  peak: number;
  after: number;
}

/**
 * Warms the server up (so compiled code is resident), then floods it `rounds` times and samples
 * its RSS every 50 ms. `rss(pid)` reads the server's resident memory in bytes.
 */
export async function measureFlood(
  pid: number,
  rss: (pid: number) => number,
  o: FloodOptions & { rounds?: number; settleMs?: number },
): Promise<FloodMeasurement> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 5; i++) {
    await fetch(`${o.url}/login`).then((r) => r.text());
    await fetch(`${o.url}/deploy`, { redirect: "manual" }).then((r) => r.text());
  }
  await sleep(2000);
  const before = rss(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss(pid));
  }, 50);
  const statuses: number[] = [];
  try {
    for (let r = 0; r < (o.rounds ?? 1); r++) statuses.push(...(await flood(o)).statuses);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, rss(pid));
  await sleep(o.settleMs ?? 5000);
  return { statuses, before, peak, after: rss(pid) };
}

/**
 * $KUBECONFIG, or a kubeconfig naming a closed port written to `file`: the server then serves
 * with the API shown as down, which is all a test of its HTTP layer needs.
 */
export function kubeconfigOrUnreachable(file: string): string {
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG;
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "none", cluster: { server: "https://127.0.0.1:9" } }],
      users: [{ name: "none", user: { token: "none" } }],
      contexts: [{ name: "none", context: { cluster: "none", user: "none" } }],
      "current-context": "none",
    }),
  );
  return file;
}
