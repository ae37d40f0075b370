import "server-only";
import { actionSpec } from "@/lib/actions/gate";
import { NoOptionsSchema } from "@/lib/actions/schemas";
import type { PodTarget } from "@/lib/cluster/types";
import type { NfsSnapshot } from "@/lib/checks/checklist";
import { execStream } from "@/lib/k8s/exec";
import { getLiveModel } from "@/lib/k8s/live";
import { dataPodTargets } from "@/lib/stack/pods";
import { fail, ok, type Result } from "@/lib/result";
import { getStack } from "@/lib/stack/server";
import {
  judgeNfsProbe,
  nfsProbeCommand,
  parseNfsProbe,
  WRITABLE_SUBDIRS,
  type NfsHealth,
} from "./probe";

/**
 * NFS health from inside every pod that mounts the shared claim: the fixed probe script
 * (lib/nfs/probe.ts) run through the pod exec API. Never on a page load or an API GET: probes run
 * on a schedule (every `ARR_NFS_PROBE_INTERVAL_SECONDS`, default 60), when the set of pods that
 * mount the claim changes, and on an explicit, audited "probe now". Pages show the last result
 * with its age. A process singleton on globalThis; started by instrumentation.ts.
 */

const MAX_OUTPUT = 64 * 1024;
const PROBE_TIMEOUT_MS = 20_000;
/** A new or replaced data pod is probed this long after it shows up (its mount settles). */
const POD_CHANGE_DELAY_MS = 2_000;

/** Runs the NFS probe in one pod and judges it. Never throws: an exec failure is returned as such. */
async function probeNfs(
  target: PodTarget,
  app: string,
  mountPath: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<{ ok: true; health: NfsHealth } | { ok: false; error: string }> {
  const writable = (WRITABLE_SUBDIRS[app] ?? []).map((d) => `${mountPath}/${d}`);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  const keep = (into: Buffer[]) => (c: Buffer) => {
    if (size + c.length > MAX_OUTPUT) return;
    size += c.length;
    into.push(Buffer.from(c));
  };
  try {
    await execStream(target, nfsProbeCommand(mountPath, writable), {
      onStdout: keep(out),
      onStderr: keep(err),
      timeoutMs,
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const probe = parseNfsProbe(
    mountPath,
    Buffer.concat(out).toString("utf8"),
    Buffer.concat(err).toString("utf8"),
  );
  return { ok: true, health: judgeNfsProbe(mountPath, probe, writable) };
}

function intervalMs(): number {
  const s = Number(process.env.ARR_NFS_PROBE_INTERVAL_SECONDS ?? 60);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 60_000;
}

class NfsProber {
  last: NfsSnapshot | null = null;
  private running: Promise<NfsSnapshot | null> | null = null;
  private listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private podTimer: NodeJS.Timeout | undefined;
  private podKey = "";
  private started = false;

  /** Starts the schedule and the pod-change trigger (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const live = getLiveModel();
    live.subscribe(() => this.podsChanged());
    this.podsChanged();
    this.timer = setInterval(() => void this.probe(), intervalMs());
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.podTimer);
  }

  private podsChanged(): void {
    let key: string;
    try {
      const stack = getStack();
      key = dataPodTargets(stack, getLiveModel().snapshot().pods)
        .map((t) => t.target.pod)
        .join(",");
    } catch {
      return;
    }
    if (key === this.podKey) return;
    this.podKey = key;
    if (!key) return;
    clearTimeout(this.podTimer);
    this.podTimer = setTimeout(() => void this.probe(), POD_CHANGE_DELAY_MS);
    this.podTimer.unref();
  }

  /**
   * Probes every Ready pod that mounts the claim, in parallel; a round already running is
   * joined, never doubled. Resolves to the new snapshot (null when the API server is unreachable
   * or the manifests did not load). Nothing waits on it in a request handler.
   */
  probe(): Promise<NfsSnapshot | null> {
    this.running ??= (async () => {
      try {
        const live = getLiveModel();
        const view = live.snapshot();
        if (!view.status.connected) return null;
        const stack = getStack();
        const results = await Promise.all(
          dataPodTargets(stack, view.pods).map(async ({ target, app }) => ({
            app: app.name,
            pod: target.pod,
            result: await probeNfs(target, app.name, stack.dataVolume.mountPath),
          })),
        );
        this.last = { at: new Date().toISOString(), results };
        for (const l of this.listeners) l();
        return this.last;
      } catch {
        return null;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** True while a round of probes runs. */
  get busy(): boolean {
    return this.running !== null;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

const KEY = Symbol.for("arr-dashboard.nfs-prober");

/** The process-wide prober. */
export function nfsProber(): NfsProber {
  const g = globalThis as { [KEY]?: NfsProber };
  g[KEY] ??= new NfsProber();
  return g[KEY];
}

/** The spec of "probe now": starts a round (or joins the running one) and answers at once. */
export const nfsActions = {
  probeNfsNow: actionSpec({
    name: "nfs-probe.start",
    input: NoOptionsSchema,
    run: async (): Promise<Result<{ pods: string[] }>> => {
      const live = getLiveModel();
      if (!live.status.connected) return fail("unreachable", "the API server is unreachable");
      const pods = dataPodTargets(getStack(), live.snapshot().pods).map((t) => t.target.pod);
      if (pods.length === 0) return fail("not-found", "no Ready pod mounts the shared claim");
      void nfsProber().probe();
      return ok({ pods });
    },
    record: (_i, r) => {
      const namespace = getStack().namespace;
      return r.ok
        ? r.pods.map((pod) => ({
            target: `${namespace}/pod/${pod}`,
            detail: "NFS probe started",
            event: {
              on: { apiVersion: "v1", kind: "Pod", name: pod, namespace },
              reason: "NfsProbeStarted",
            },
          }))
        : { target: "-" };
    },
  }),
};
