/**
 * The one registry of long-running work (deploy, teardown, hardlink audit; later wiring): a
 * job has an id, a kind, a scope, a status, a log, a summary, a coded failure and a typed
 * `detail`. A page reload, a second tab or another browser picks a running job up by id and
 * follows it (`GET /api/jobs/[id]/events`, lib/jobs/server.ts). Pure and in memory: the
 * process-wide instance lives in lib/jobs/server.ts. Jobs hold small views only, safe to send
 * to the browser as they are (every read returns a copy).
 */
import { randomBytes } from "node:crypto";
import type { DeployJobDetail } from "@/lib/deploy/job";
import type { AuditJobDetail } from "@/lib/hardlinks/job";
import type { FailureCode } from "@/lib/result";
import type { WireJobDetail } from "@/lib/wiring/job";

/** Each kind of job and the detail it carries. */
export interface JobDetails {
  deploy: DeployJobDetail;
  teardown: Record<string, never>;
  "hardlink-audit": AuditJobDetail;
  wire: WireJobDetail;
}

export type JobKind = keyof JobDetails;
export type JobStatus = "running" | "succeeded" | "failed" | "cancelled";

interface JobOf<K extends JobKind> {
  /** 16 url-safe characters (see JobIdSchema). */
  id: string;
  kind: K;
  /** "all" or an app name (deploy), the namespace (teardown), the pod (hardlink audit). */
  scope: string;
  status: JobStatus;
  startedAt: string;
  finishedAt?: string;
  log: { at: string; text: string }[];
  /** One line when the job ended. */
  summary?: string;
  /** Why the job failed, as a code (lib/result.ts). */
  failure?: { code: FailureCode; error: string };
  detail: JobDetails[K];
  /** Bumped on every change; lets a client skip stale snapshots. */
  version: number;
}

/** A job of any kind (a union discriminated by `kind`), or of kind `K`. */
export type JobView<K extends JobKind = JobKind> = K extends JobKind ? JobOf<K> : never;

/**
 * Jobs of one group exclude each other: deploy and teardown both change the stack; one hardlink
 * audit at a time (a second start joins the running one).
 */
const GROUP: Record<JobKind, string> = {
  deploy: "stack",
  teardown: "stack",
  "hardlink-audit": "hardlink-audit",
  wire: "wire",
};

/** Finished jobs kept per kind (an audit holds a report, so fewer of those). */
const KEEP_FINISHED: Partial<Record<JobKind, number>> = { "hardlink-audit": 5 };

/** Log lines kept per job (the oldest go first). */
const MAX_LOG = 500;

type Listener = (job: JobView) => void;

export type StartResult<K extends JobKind> =
  | { ok: true; job: JobView<K>; joined: boolean }
  | { ok: false; code: "conflict"; error: string; running: JobView };

export class JobRegistry {
  private jobs = new Map<string, JobView>();
  private listeners = new Map<string, Set<Listener>>();
  private controllers = new Map<string, AbortController>();
  private finishListeners = new Set<Listener>();

  constructor(
    readonly keepFinished = 20,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Starts a job unless one of its group runs. With `join`, a running job of the same kind is
   * returned instead of a conflict (`joined: true`).
   */
  start<K extends JobKind>(
    kind: K,
    scope: string,
    detail: JobDetails[K],
    opts: { join?: boolean } = {},
  ): StartResult<K> {
    const running = this.active(GROUP[kind]);
    if (running) {
      if (opts.join && running.kind === kind)
        return { ok: true, job: running as JobView<K>, joined: true };
      return {
        ok: false,
        code: "conflict",
        error: `a ${running.kind} (${running.scope}) is already running`,
        running,
      };
    }
    const job = {
      id: randomBytes(12).toString("base64url"),
      kind,
      scope,
      status: "running",
      startedAt: this.now().toISOString(),
      log: [],
      detail,
      version: 0,
    } as JobOf<K> as JobView<K>;
    this.jobs.set(job.id, job);
    this.controllers.set(job.id, new AbortController());
    this.trim();
    return { ok: true, job: structuredClone(job), joined: false };
  }

  /** Applies a change to a running job and notifies its followers. Finished jobs no longer change. */
  update<K extends JobKind>(id: string, change: (job: JobView<K>) => void): void {
    const job = this.jobs.get(id);
    if (!job || job.status !== "running") return;
    change(job as JobView<K>);
    job.version += 1;
    if (job.log.length > MAX_LOG) job.log.splice(0, job.log.length - MAX_LOG);
    if (job.status !== "running") {
      job.finishedAt = this.now().toISOString();
      this.controllers.delete(id);
    }
    const snapshot = structuredClone(job);
    for (const fn of this.listeners.get(id) ?? []) {
      try {
        fn(snapshot);
      } catch {
        // A broken follower must not break the job.
      }
    }
    if (job.status !== "running") {
      this.listeners.delete(id);
      for (const fn of this.finishListeners) {
        try {
          fn(snapshot);
        } catch {
          // as above
        }
      }
      this.trim();
    }
  }

  /** Calls `fn` with a copy of every job that ends (any kind); returns an unsubscribe. */
  onFinish(fn: Listener): () => void {
    this.finishListeners.add(fn);
    return () => this.finishListeners.delete(fn);
  }

  log(id: string, text: string): void {
    this.update(id, (j) => void j.log.push({ at: this.now().toISOString(), text }));
  }

  /** Ends a job; a failed one carries its code (default `failed`). */
  finish(
    id: string,
    status: Exclude<JobStatus, "running">,
    summary: string,
    code: FailureCode = "failed",
  ): void {
    this.update(id, (j) => {
      j.status = status;
      j.summary = summary;
      if (status === "failed") j.failure = { code, error: summary };
    });
  }

  /** Asks a running job to stop (its runner watches `signal(id)`); false when it is not running. */
  cancel(id: string): boolean {
    const c = this.controllers.get(id);
    if (!c || this.jobs.get(id)?.status !== "running") return false;
    c.abort();
    return true;
  }

  /** Aborted when the job is cancelled. */
  signal(id: string): AbortSignal {
    return this.controllers.get(id)?.signal ?? AbortSignal.abort();
  }

  get(id: string): JobView | undefined {
    const j = this.jobs.get(id);
    return j && structuredClone(j);
  }

  /** The running job of a group ("stack", "hardlink-audit"), or of any group. */
  active(group?: string): JobView | undefined {
    for (const j of this.jobs.values())
      if (j.status === "running" && (!group || GROUP[j.kind] === group)) return structuredClone(j);
    return undefined;
  }

  /** The most recently started job (of these kinds), running or not; `finished` skips running ones. */
  latest<K extends JobKind = JobKind>(
    kinds?: K | readonly K[],
    opts: { finished?: boolean } = {},
  ): JobView<K> | undefined {
    const want = kinds === undefined ? undefined : ([] as JobKind[]).concat(kinds);
    let last: JobView | undefined;
    for (const j of this.jobs.values())
      if ((!want || want.includes(j.kind)) && !(opts.finished && j.status === "running")) last = j;
    return last && (structuredClone(last) as JobView<K>);
  }

  /** Calls `fn` with a copy on every change; returns an unsubscribe. */
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
    const byKind = new Map<JobKind, JobView[]>();
    for (const j of this.jobs.values())
      if (j.status !== "running") byKind.set(j.kind, [...(byKind.get(j.kind) ?? []), j]);
    for (const [kind, finished] of byKind) {
      const keep = KEEP_FINISHED[kind] ?? this.keepFinished;
      for (const j of finished.slice(0, Math.max(0, finished.length - keep))) {
        this.jobs.delete(j.id);
        this.listeners.delete(j.id);
      }
    }
  }
}
