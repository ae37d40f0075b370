import "server-only";
import type { ClusterView, PodView } from "./live/types";
import { execStream, ExecError, type ExecTarget } from "./exec";
import { auditRoots, hardlinkAuditCommand } from "@/lib/hardlinks/command";
import { HardlinkAccumulator, type HardlinkReport } from "@/lib/hardlinks/report";
import { createAuditSink } from "@/lib/hardlinks/sink";
import {
  judgePairs,
  pairStatCommand,
  parsePairStats,
  type ImportPair,
  type PairsReport,
} from "@/lib/hardlinks/pairs";
import type { Stack } from "@/lib/stack/types";

/** Apps whose pods run the audit by default: they import, so they mount both trees. */
export const PREFERRED_AUDIT_APPS = ["radarr", "sonarr"] as const;

function appOf(pod: PodView): string | undefined {
  return pod.labels["app.kubernetes.io/name"] ?? pod.labels.app;
}

/**
 * A Ready pod that mounts the shared claim, Radarr or Sonarr first, then any other; the
 * container is the one named after the app (else the first regular container).
 */
export function pickDataPods(
  view: Pick<ClusterView, "pods">,
  stack: Stack,
): { target: ExecTarget; app: string }[] {
  const mounters = new Set(stack.apps.filter((a) => a.mountsData).map((a) => a.name));
  const rank = (app: string) => {
    const i = (PREFERRED_AUDIT_APPS as readonly string[]).indexOf(app);
    return i === -1 ? PREFERRED_AUDIT_APPS.length : i;
  };
  return view.pods
    .filter(
      (p) =>
        p.ready &&
        p.phase === "Running" &&
        !p.deletionTimestamp &&
        p.claimNames.includes(stack.dataVolume.pvcName),
    )
    .map((p) => ({ p, app: appOf(p) ?? "" }))
    .filter(({ app }) => mounters.has(app))
    .sort((a, b) => rank(a.app) - rank(b.app) || a.p.name.localeCompare(b.p.name))
    .map(({ p, app }) => {
      const regular = p.containers.filter((c) => !c.init);
      const container = (regular.find((c) => c.name === app) ?? regular[0])?.name ?? app;
      return { target: { namespace: p.namespace, pod: p.name, container }, app };
    });
}

export interface AuditProgress {
  files: number;
  bytes: number;
  cannotCheck: number;
  stdoutBytes: number;
  elapsedMs: number;
}

export interface AuditRun {
  target: ExecTarget;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: { complete: true; exitCode: number | null } | { complete: false; reason: string };
  /** The report of what was read (partial when not complete); null if the exec never started. */
  report: HardlinkReport | null;
  stdoutBytes: number;
}

export interface RunAuditOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (p: AuditProgress) => void;
  progressEveryMs?: number;
}

/** Runs the audit command in `target` and builds the report while the output streams in. */
export async function runHardlinkAudit(
  target: ExecTarget,
  mountPath: string,
  options: RunAuditOptions = {},
): Promise<AuditRun> {
  const started = Date.now();
  const acc = new HardlinkAccumulator(auditRoots(mountPath));
  const sink = createAuditSink(acc);
  const every = options.progressEveryMs ?? 250;
  let lastProgress = 0;
  const progress = () => {
    const p = acc.progress;
    options.onProgress?.({ ...p, stdoutBytes: sink.stdoutBytes, elapsedMs: Date.now() - started });
  };
  const onChunk = (fn: (c: Buffer) => void) => (chunk: Buffer) => {
    fn(chunk);
    const now = Date.now();
    if (options.onProgress && now - lastProgress >= every) {
      lastProgress = now;
      progress();
    }
  };
  let outcome: AuditRun["outcome"];
  let started_ = false;
  try {
    const r = await execStream(target, hardlinkAuditCommand(mountPath), {
      onStdout: onChunk((c) => {
        started_ = true;
        sink.stdout(c);
      }),
      onStderr: onChunk((c) => {
        started_ = true;
        sink.stderr(c);
      }),
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    // find exits 1 when it met unreadable entries: those are in the report as could-not-check.
    outcome = { complete: true, exitCode: r.exitCode };
    if (r.exitCode !== 0 && r.exitCode !== 1 && r.exitCode !== null)
      outcome = {
        complete: false,
        reason: `the audit command exited with code ${r.exitCode}${r.message ? `: ${r.message}` : ""}`,
      };
  } catch (error) {
    const reason =
      error instanceof ExecError
        ? error.message
        : `exec failed: ${error instanceof Error ? error.message : String(error)}`;
    outcome = { complete: false, reason };
    if (error instanceof ExecError && error.kind === "connect") started_ = false;
  }
  sink.end();
  progress();
  const finished = Date.now();
  return {
    target,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    outcome,
    report: started_ || outcome.complete ? acc.finish() : null,
    stdoutBytes: sink.stdoutBytes,
  };
}

const MAX_PAIR_OUTPUT = 1024 * 1024;

/**
 * Stats the import-history pairs (lib/hardlinks/pairs.ts) in `target`: one fixed argv, paths as
 * argv elements after validation, no shell. stat exits 1 when a file is missing; the records of
 * the others are still read. Never throws.
 */
export async function statImportPairs(
  target: ExecTarget,
  pairs: readonly ImportPair[],
  rejected: PairsReport["rejected"],
  timeoutMs = 20_000,
): Promise<{ ok: true; report: PairsReport } | { ok: false; error: string }> {
  if (pairs.length === 0) return { ok: true, report: judgePairs([], new Map(), rejected) };
  const out: Buffer[] = [];
  let size = 0;
  try {
    await execStream(target, pairStatCommand(pairs), {
      onStdout: (c) => {
        if (size + c.length > MAX_PAIR_OUTPUT) return;
        size += c.length;
        out.push(Buffer.from(c));
      },
      onStderr: () => undefined,
      timeoutMs,
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const stats = parsePairStats(Buffer.concat(out).toString("utf8"));
  return { ok: true, report: judgePairs(pairs, stats, rejected) };
}
