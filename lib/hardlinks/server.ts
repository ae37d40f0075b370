import "server-only";
import { actionSpec, type ActionRecord } from "@/lib/actions/gate";
import { CancelJobInputSchema, NoOptionsSchema } from "@/lib/actions/schemas";
import type { PodTarget } from "@/lib/cluster/types";
import type { HardlinkEvidence } from "@/lib/checks/checklist";
import { jobRegistry, type JobView } from "@/lib/jobs/server";
import { ExecError } from "@/lib/k8s/exec";
import { getLiveModel } from "@/lib/k8s/live";
import { getMetrics } from "@/lib/metrics";
import { fail, ok, type Result } from "@/lib/result";
import { runExecCheck } from "@/lib/nfs/server";
import { dataPodTargets } from "@/lib/stack/pods";
import { getStack } from "@/lib/stack/server";
import { auditRoots, hardlinkAuditCommand } from "./command";
import type { AuditProgress, AuditRun } from "./job";
import { FilePathStore } from "./path-file";
import { HardlinkAccumulator, type HardlinkReport } from "./report";
import { createAuditSink } from "./sink";
import { gatherAppsEvidence } from "@/lib/apps/server";
import type { Stack } from "@/lib/stack/types";
import {
  importPairs,
  judgePairs,
  pairStatCommand,
  parsePairErrors,
  parsePairStats,
  type ImportPair,
  type PairsEvidence,
  type PairsReport,
} from "./pairs";

/**
 * The hardlink audit's I/O: the fixed `find … -exec stat` command run through the pod exec API in
 * a pod that mounts the shared claim (lib/stack/pods.ts picks it), parsed as it streams
 * (lib/hardlinks pure modules), as a job of the one registry (lib/jobs): one audit at a time, a
 * second start joins the running one, progress pushed to followers, cancel through the job.
 */

/** Upper bound for one audit (override with ARR_AUDIT_TIMEOUT_MS). */
const DEFAULT_AUDIT_TIMEOUT_MS = 10 * 60_000;

export interface RunAuditOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (p: AuditProgress) => void;
  progressEveryMs?: number;
}

/** Runs the audit command in `target` and builds the report while the output streams in. */
export async function runHardlinkAudit(
  target: PodTarget,
  mountPath: string,
  options: RunAuditOptions = {},
): Promise<AuditRun> {
  const started = Date.now();
  // Torrent paths go to a temporary file: memory stays bounded at a million files.
  const paths = new FilePathStore();
  const acc = new HardlinkAccumulator(auditRoots(mountPath), { paths });
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
  let output = false;
  const r = await runExecCheck(target, "hardlink audit", hardlinkAuditCommand(mountPath), {
    onStdout: onChunk((c) => {
      output = true;
      sink.stdout(c);
    }),
    onStderr: onChunk((c) => {
      output = true;
      sink.stderr(c);
    }),
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    pid: () => acc.remotePid,
  });
  if (!r.admitted) {
    outcome = { complete: false, reason: r.reason };
  } else if (r.error !== undefined) {
    const error = r.error;
    const base =
      error instanceof ExecError
        ? error.message
        : `exec failed: ${error instanceof Error ? error.message : String(error)}`;
    const fate =
      r.remote === undefined
        ? ""
        : r.remote === "gone"
          ? `; the audit's process (pid ${r.pid}) was ended in the pod`
          : `; the audit's process${r.pid ? ` (pid ${r.pid})` : ""} could not be confirmed ended: no new exec check in this pod for a while`;
    outcome = { complete: false, reason: `${base}${fate}` };
    if (error instanceof ExecError && error.kind === "connect") output = false;
  } else {
    // F12: the exit status alone proves nothing; the trailer and the counts must agree.
    sink.end();
    const c = acc.completeness();
    const exitCode = r.outcome?.exitCode ?? null;
    outcome =
      exitCode === null
        ? { complete: false, reason: "the audit's exit code is unknown" }
        : exitCode !== 0
          ? {
              complete: false,
              reason: `the audit command exited with code ${exitCode}${r.outcome?.message ? `: ${r.outcome.message}` : ""}`,
            }
          : c.complete
            ? { complete: true, exitCode: c.exitStatus }
            : { complete: false, reason: `incomplete output: ${c.reason ?? "unknown"}` };
  }
  sink.end();
  progress();
  let report: HardlinkReport | null;
  try {
    report = output || outcome.complete ? acc.finish() : null;
  } finally {
    paths.dispose();
  }
  const finished = Date.now();
  return {
    target,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    outcome,
    report,
    stdoutBytes: sink.stdoutBytes,
  };
}

/**
 * Starts the audit as a job in the first pod `dataPodTargets` offers, or joins the running one.
 * Failures: `failed` (manifests did not load), `unreachable`, `not-found` (no Ready pod mounts
 * the claim).
 */
function startHardlinkAudit(): Result<{ id: string; pod: string }> {
  let stack;
  try {
    stack = getStack();
  } catch (error) {
    return fail(
      "failed",
      `the stack's manifests did not load: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  const view = getLiveModel().snapshot();
  if (!view.status.connected) return fail("unreachable", "the API server is unreachable");
  const [pick] = dataPodTargets(stack, view.pods);
  if (!pick) return fail("not-found", `no Ready pod mounts the claim ${stack.dataVolume.pvcName}`);
  const reg = jobRegistry();
  const started = reg.start(
    "hardlink-audit",
    pick.target.pod,
    { pod: pick.target.pod, progress: null, run: null },
    { join: true },
  );
  if (!started.ok) return fail(started.code, started.error);
  const { id } = started.job;
  if (started.joined) return ok({ id, pod: started.job.detail.pod });
  const timeoutMs = Number(process.env.ARR_AUDIT_TIMEOUT_MS) || DEFAULT_AUDIT_TIMEOUT_MS;
  void runHardlinkAudit(pick.target, stack.dataVolume.mountPath, {
    signal: reg.signal(id),
    timeoutMs,
    onProgress: (p) => reg.update<"hardlink-audit">(id, (j) => void (j.detail.progress = p)),
  }).then(async (run) => {
    // The apps' own evidence beside the tree: stat Sonarr's and Radarr's import pairs.
    const pairs = reg.signal(id).aborted ? null : await checkImportPairs(pick.target, stack);
    reg.update<"hardlink-audit">(id, (j) => void (j.detail.pairs = pairs));
    getMetrics().observeAudit(
      run.durationMs / 1000,
      run.outcome.complete ? "complete" : "incomplete",
      run.report ? run.report.media.files + run.report.torrents.files : 0,
    );
    const cancelled = reg.signal(id).aborted;
    reg.update<"hardlink-audit">(id, (j) => {
      j.detail.run = run;
      j.status = run.outcome.complete ? "succeeded" : cancelled ? "cancelled" : "failed";
      j.summary = run.outcome.complete
        ? `${run.report?.media.files ?? 0} media and ${run.report?.torrents.files ?? 0} torrent files read`
        : run.outcome.reason;
      if (!run.outcome.complete && !cancelled)
        j.failure = {
          code: /timed out|timeout/i.test(run.outcome.reason)
            ? "timeout"
            : /still running in|stuck in/.test(run.outcome.reason)
              ? "busy"
              : "failed",
          error: run.outcome.reason,
        };
    });
  });
  return ok({ id, pod: pick.target.pod });
}

/** Cancels a running audit (the exec is closed; see lib/k8s/exec.ts). */
function cancelHardlinkAudit(id: string): Result<{ pod: string }> {
  const job = jobRegistry().get(id);
  if (!job || job.kind !== "hardlink-audit") return fail("not-found", "no such audit");
  return jobRegistry().cancel(id)
    ? ok({ pod: job.detail.pod })
    : fail("conflict", "that audit is not running");
}

/** The action-log record (and Event on the audited pod) of starting or cancelling an audit. */
function auditRecord(
  pod: string | undefined,
  result: Result,
  what: "started" | "cancelled",
): ActionRecord {
  const namespace = getStack().namespace;
  return pod
    ? {
        target: `${namespace}/pod/${pod}`,
        detail: result.ok ? `hardlink audit ${what}` : result.error,
        event: {
          on: { apiVersion: "v1", kind: "Pod", name: pod, namespace },
          reason: what === "started" ? "HardlinkAuditStarted" : "HardlinkAuditCancelled",
        },
      }
    : { target: "-", detail: result.ok ? `hardlink audit ${what}` : result.error };
}

const MAX_PAIR_OUTPUT = 1024 * 1024;

/**
 * Stats the import-history pairs (./pairs.ts) in `target`: one fixed argv, paths as argv
 * elements after validation, no shell. stat exits 1 when a file is missing; the records of the
 * others are still read. Never throws.
 */
async function statImportPairs(
  target: PodTarget,
  pairs: readonly ImportPair[],
  rejected: PairsReport["rejected"],
  timeoutMs = 20_000,
): Promise<Result<{ report: PairsReport }>> {
  if (pairs.length === 0) return ok({ report: judgePairs([], new Map(), rejected) });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const keep = (into: Buffer[]) => (c: Buffer) => {
    if (size + c.length > MAX_PAIR_OUTPUT) {
      overflow = true;
      return;
    }
    size += c.length;
    into.push(Buffer.from(c));
  };
  // Through the one exec guard (lib/nfs/server.ts): one check per pod, back off while stuck.
  const r = await runExecCheck(target, "import-pair stat", pairStatCommand(pairs), {
    onStdout: keep(out),
    onStderr: keep(err),
    timeoutMs,
    pid: () => null,
  });
  if (!r.admitted) return fail(r.stuck === undefined ? "busy" : "failed", r.reason);
  if (r.error !== undefined)
    return fail("failed", r.error instanceof Error ? r.error.message : String(r.error));
  // F12: without stat's exit status (0 all read, 1 some failed) the output may be partial.
  const exitCode = r.outcome?.exitCode ?? null;
  if (exitCode !== 0 && exitCode !== 1)
    return fail(
      "failed",
      exitCode === null
        ? "stat's exit code is unknown: the output may be incomplete"
        : `stat exited with code ${exitCode}`,
    );
  if (overflow) return fail("failed", "stat's output exceeded 1 MiB");
  const stats = parsePairStats(Buffer.concat(out).toString("utf8"));
  const errors = parsePairErrors(Buffer.concat(err).toString("utf8"));
  return ok({ report: judgePairs(pairs, stats, rejected, errors) });
}

/** Reads Sonarr's and Radarr's import history (cached answers) and stats the pairs in `target`. */
async function checkImportPairs(target: PodTarget, stack: Stack): Promise<PairsEvidence> {
  const ev = await gatherAppsEvidence(stack);
  const unavailable: string[] = [];
  const pairs: ImportPair[] = [];
  const rejected: PairsReport["rejected"] = [];
  for (const app of ["sonarr", "radarr"] as const) {
    const h = ev.history?.[app];
    if (!h?.ok) {
      unavailable.push(h ? h.error : `${app}: history not read`);
      continue;
    }
    const got = importPairs(app, h.data, stack.dataVolume.mountPath);
    pairs.push(...got.pairs);
    rejected.push(...got.rejected);
  }
  const result = await statImportPairs(target, pairs, rejected);
  return { finishedAt: new Date().toISOString(), pod: target.pod, unavailable, result };
}

/** The import pairs of the last finished audit, for the hardlinks page. */
export function latestPairs(): PairsEvidence | null {
  return jobRegistry().latest("hardlink-audit", { finished: true })?.detail.pairs ?? null;
}

/** The latest audit job (running or finished), for the hardlinks page. */
export function latestAudit(): JobView<"hardlink-audit"> | undefined {
  return jobRegistry().latest("hardlink-audit");
}

/** The last finished run, as checklist evidence. */
export function auditEvidence(): HardlinkEvidence | undefined {
  const run = jobRegistry().latest("hardlink-audit", { finished: true })?.detail.run;
  if (!run) return undefined;
  return {
    finishedAt: run.finishedAt,
    pod: run.target.pod,
    outcome: run.outcome.complete ? { complete: true } : run.outcome,
    report: run.report,
  };
}

/** The specs of starting and cancelling the audit (both audited, with an Event on the pod). */
export const hardlinkActions = {
  startHardlinkAudit: actionSpec({
    name: "hardlink-audit.start",
    input: NoOptionsSchema,
    run: async () => startHardlinkAudit(),
    record: (_i, r) => auditRecord(r.ok ? r.pod : undefined, r, "started"),
  }),
  cancelHardlinkAudit: actionSpec({
    name: "hardlink-audit.cancel",
    input: CancelJobInputSchema,
    run: async (_ctx, { id }) => cancelHardlinkAudit(id),
    record: (_i, r) => auditRecord(r.ok ? r.pod : undefined, r, "cancelled"),
  }),
};
