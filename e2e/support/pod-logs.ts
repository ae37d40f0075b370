// Writes into the simulated pods' container logs (the files KWOK serves as `GET pods/log`, laid
// out by e2e/cluster/sim-logs.ts under $ARR_LOGS_ROOT), the way a container's stdout would.
import { appendFileSync, existsSync, mkdirSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { criLine, podLogFile } from "@/e2e/cluster/sim-logs";

function logsRoot(): string {
  const root = process.env.ARR_LOGS_ROOT;
  if (!root)
    throw new Error("ARR_LOGS_ROOT is not set (e2e/cluster/up.sh exports it with KUBECONFIG)");
  return root;
}

/** The log file of a container of a simulated pod. */
export function logFileOf(
  namespace: string,
  pod: string,
  container: string,
  which: "current" | "previous" = "current",
): string {
  return podLogFile(logsRoot(), namespace, pod, container, which);
}

/** Waits until the simulated runtime has created the container's log (sim-infra does on Running). */
export async function waitForLogFile(file: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no log file ${file} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Appends lines as the container's stdout (CRI format, now). */
export function appendLog(file: string, lines: readonly string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, lines.map((l) => criLine(l)).join(""));
}

/**
 * Writes `linesPerSecond` lines for `seconds` into `file` in 10 ms slices (one write each), each
 * line `<prefix> <sequence> <padding>`; resolves with the number written.
 */
export async function fastWriter(
  file: string,
  opts: { linesPerSecond: number; seconds: number; prefix: string; lineBytes?: number },
): Promise<number> {
  const fd = openSync(file, "a");
  const pad = "x".repeat(Math.max(0, (opts.lineBytes ?? 120) - opts.prefix.length - 12));
  const start = Date.now();
  let written = 0;
  try {
    for (;;) {
      const elapsed = Date.now() - start;
      if (elapsed >= opts.seconds * 1000) break;
      const due = Math.floor((elapsed / 1000) * opts.linesPerSecond);
      if (due > written) {
        const now = new Date();
        let chunk = "";
        for (; written < due; written++) chunk += criLine(`${opts.prefix} ${written} ${pad}`, now);
        writeSync(fd, chunk);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
