/**
 * Long-running deploy/teardown jobs: a process-wide registry (kept on globalThis) so a page
 * reload, a second tab or another browser can pick up a running job by id and follow it.
 * Jobs hold small domain views only, safe to send to the browser as they are.
 */
import { randomBytes } from "node:crypto";

export type ObjectOutcome =
  "pending" | "applying" | "created" | "configured" | "unchanged" | "failed" | "skipped";

export interface ObjectProgress {
  /** `Kind/namespace/name` or `Kind/name` */
  key: string;
  kind: string;
  name: string;
  namespace?: string;
  outcome: ObjectOutcome;
  message?: string;
}

export type RolloutPhase = "pending" | "waiting" | "ready" | "stopped" | "failed" | "timeout";

export interface RolloutProgress {
  app: string;
  phase: RolloutPhase;
  message: string;
}

export type JobKind = "deploy" | "teardown";
export type JobStatus = "running" | "succeeded" | "failed";

export interface JobView {
  id: string;
  kind: JobKind;
  /** "all" or an app name (deploy), "media" (teardown) */
  scope: string;
  status: JobStatus;
  startedAt: string;
  finishedAt?: string;
  objects: ObjectProgress[];
  rollouts: RolloutProgress[];
  log: { at: string; text: string }[];
  summary?: string;
  /** Bumped on every change; lets a client skip stale snapshots. */
  version: number;
}

type Listener = (job: JobView) => void;

export class JobRegistry {
  private jobs = new Map<string, JobView>();
  private listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly keepFinished = 20,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a job unless another one is running (deploys and teardowns exclude each other). */
  start(
    kind: JobKind,
    scope: string,
  ): { ok: true; job: JobView } | { ok: false; error: string; running: JobView } {
    const running = this.active();
    if (running)
      return {
        ok: false,
        error: `a ${running.kind} (${running.scope}) is already running`,
        running,
      };
    const job: JobView = {
      id: randomBytes(12).toString("base64url"),
      kind,
      scope,
      status: "running",
      startedAt: this.now().toISOString(),
      objects: [],
      rollouts: [],
      log: [],
      version: 0,
    };
    this.jobs.set(job.id, job);
    this.trim();
    return { ok: true, job: structuredClone(job) };
  }

  /** Applies a change to a job and notifies its followers. Finished jobs no longer change. */
  update(id: string, change: (job: JobView) => void): void {
    const job = this.jobs.get(id);
    if (!job || job.status !== "running") return;
    change(job);
    job.version += 1;
    if (job.log.length > 500) job.log.splice(0, job.log.length - 500);
    if (job.status !== "running") job.finishedAt = this.now().toISOString();
    const snapshot = structuredClone(job);
    for (const fn of this.listeners.get(id) ?? []) {
      try {
        fn(snapshot);
      } catch {
        // A broken follower must not break the job.
      }
    }
  }

  log(id: string, text: string): void {
    this.update(id, (j) => void j.log.push({ at: this.now().toISOString(), text }));
  }

  finish(id: string, status: Exclude<JobStatus, "running">, summary: string): void {
    this.update(id, (j) => {
      j.status = status;
      j.summary = summary;
    });
  }

  get(id: string): JobView | undefined {
    const j = this.jobs.get(id);
    return j && structuredClone(j);
  }

  active(): JobView | undefined {
    for (const j of this.jobs.values()) if (j.status === "running") return structuredClone(j);
    return undefined;
  }

  /** The most recently started job, running or not. */
  latest(kind?: JobKind): JobView | undefined {
    let last: JobView | undefined;
    for (const j of this.jobs.values()) if (!kind || j.kind === kind) last = j;
    return last && structuredClone(last);
  }

  subscribe(id: string, fn: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  private trim(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== "running");
    for (const j of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) {
      this.jobs.delete(j.id);
      this.listeners.delete(j.id);
    }
  }
}

/** The process-wide registry. */
export function jobRegistry(): JobRegistry {
  const g = globalThis as { __arrJobRegistry?: JobRegistry };
  return (g.__arrJobRegistry ??= new JobRegistry());
}
