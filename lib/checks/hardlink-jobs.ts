import "server-only";
import { randomUUID } from "node:crypto";
import { getLiveModel } from "@/lib/k8s/live";
import {
  pickDataPods,
  runHardlinkAudit,
  type AuditProgress,
  type AuditRun,
} from "@/lib/k8s/hardlink-audit";
import { getMetrics } from "@/lib/metrics";
import { gatherAppsEvidence } from "@/lib/apps/server";
import { importPairs, type PairsReport } from "@/lib/hardlinks/pairs";
import { statImportPairs } from "@/lib/k8s/hardlink-audit";
import type { Stack } from "@/lib/stack/types";
import type { ExecTarget } from "@/lib/k8s/exec";
import { getStack } from "@/lib/stack/server";
import type { HardlinkEvidence } from "./checklist";

/**
 * The hardlink audit as a background job: one at a time per process (a second start returns the
 * running job), progress pushed to subscribers (the SSE route), the last finished run kept for the
 * checklist. A process singleton on globalThis.
 */

export interface AuditJobView {
  id: string;
  state: "running" | "done";
  pod: string;
  startedAt: string;
  progress: AuditProgress | null;
  run: AuditRun | null;
}

interface Job {
  view: AuditJobView;
  controller: AbortController;
  listeners: Set<(v: AuditJobView) => void>;
}

/** Upper bound for one audit (override with ARR_AUDIT_TIMEOUT_MS). */
export const DEFAULT_AUDIT_TIMEOUT_MS = 10 * 60_000;

class AuditJobs {
  private jobs = new Map<string, Job>();
  private running: Job | null = null;
  private lastRun: AuditRun | null = null;
  private lastPairs: PairsEvidence | null = null;

  start(): { ok: true; id: string } | { ok: false; error: string } {
    if (this.running) return { ok: true, id: this.running.view.id };
    let stack;
    try {
      stack = getStack();
    } catch (error) {
      return {
        ok: false,
        error: `the stack's manifests did not load: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      };
    }
    const view = getLiveModel().snapshot();
    if (!view.status.connected) return { ok: false, error: "the API server is unreachable" };
    const [pick] = pickDataPods(view, stack);
    if (!pick)
      return { ok: false, error: `no Ready pod mounts the claim ${stack.dataVolume.pvcName}` };
    const id = randomUUID();
    const job: Job = {
      view: {
        id,
        state: "running",
        pod: pick.target.pod,
        startedAt: new Date().toISOString(),
        progress: null,
        run: null,
      },
      controller: new AbortController(),
      listeners: new Set(),
    };
    this.jobs.set(id, job);
    this.running = job;
    const timeoutMs = Number(process.env.ARR_AUDIT_TIMEOUT_MS) || DEFAULT_AUDIT_TIMEOUT_MS;
    void runHardlinkAudit(pick.target, stack.dataVolume.mountPath, {
      signal: job.controller.signal,
      timeoutMs,
      onProgress: (p) => {
        job.view = { ...job.view, progress: p };
        this.emit(job);
      },
    }).then(async (run) => {
      // The apps' own evidence beside the tree audit: stat Sonarr's and Radarr's import pairs.
      if (!job.controller.signal.aborted)
        this.lastPairs = await checkImportPairs(pick.target, stack);
      job.view = { ...job.view, state: "done", run };
      this.lastRun = run;
      this.running = null;
      const m = getMetrics();
      m.observeAudit(
        run.durationMs / 1000,
        run.outcome.complete ? "complete" : "incomplete",
        run.report ? run.report.media.files + run.report.torrents.files : 0,
      );
      this.emit(job);
      job.listeners.clear();
      this.prune();
    });
    return { ok: true, id };
  }

  get(id: string): AuditJobView | undefined {
    return this.jobs.get(id)?.view;
  }

  current(): AuditJobView | undefined {
    return this.running?.view;
  }

  /** The running job, else the most recent one. */
  latest(): AuditJobView | undefined {
    if (this.running) return this.running.view;
    let last: AuditJobView | undefined;
    for (const j of this.jobs.values()) last = j.view;
    return last;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.view.state !== "running") return false;
    job.controller.abort();
    return true;
  }

  /** Calls `fn` now and on every change until the job is done; returns an unsubscribe. */
  subscribe(id: string, fn: (v: AuditJobView) => void): () => void {
    const job = this.jobs.get(id);
    if (!job) return () => undefined;
    fn(job.view);
    if (job.view.state === "done") return () => undefined;
    job.listeners.add(fn);
    return () => job.listeners.delete(fn);
  }

  /** The last finished run, as checklist evidence. */
  evidence(): HardlinkEvidence | undefined {
    const r = this.lastRun;
    if (!r) return undefined;
    return {
      finishedAt: r.finishedAt,
      pod: r.target.pod,
      outcome: r.outcome.complete ? { complete: true } : r.outcome,
      report: r.report,
    };
  }

  /** The last import-pair check (run with each audit), or null before the first. */
  pairs(): PairsEvidence | null {
    return this.lastPairs;
  }

  private emit(job: Job): void {
    for (const l of job.listeners) l(job.view);
  }

  /** Keep the last few jobs only (each holds a report). */
  private prune(): void {
    const done = [...this.jobs.values()].filter((j) => j.view.state === "done");
    for (const j of done.slice(0, Math.max(0, done.length - 5))) this.jobs.delete(j.view.id);
  }
}

/** Sonarr's and Radarr's import pairs, stat'ed in the audit's pod. */
export interface PairsEvidence {
  finishedAt: string;
  pod: string;
  /** Per app: why its history could not be read. */
  unavailable: string[];
  result: { ok: true; report: PairsReport } | { ok: false; error: string };
}

async function checkImportPairs(target: ExecTarget, stack: Stack): Promise<PairsEvidence> {
  const ev = await gatherAppsEvidence(stack);
  const unavailable: string[] = [];
  const pairs: ReturnType<typeof importPairs>["pairs"] = [];
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

const KEY = Symbol.for("arr-dashboard.audit-jobs");

export function auditJobs(): AuditJobs {
  const g = globalThis as { [KEY]?: AuditJobs };
  g[KEY] ??= new AuditJobs();
  return g[KEY];
}
