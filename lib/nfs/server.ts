import "server-only";
import { actionSpec } from "@/lib/actions/gate";
import { NoOptionsSchema } from "@/lib/actions/schemas";
import type { PodTarget } from "@/lib/cluster/types";
import type { NfsSnapshot } from "@/lib/checks/checklist";
import { killCommand } from "@/lib/hardlinks/command";
import { execStream, ExecError, type ExecOutcome, type ExecStreamOptions } from "@/lib/k8s/exec";
import { getLiveModel } from "@/lib/k8s/live";
import { dataPodTargets } from "@/lib/stack/pods";
import { fail, ok, type Result } from "@/lib/result";
import { getStack } from "@/lib/stack/server";
import { appIdentity } from "./identity";
import { ExecGuard, type Stuck } from "./inflight";
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

const GUARD_KEY = Symbol.for("arr-dashboard.exec-guard");

/** The process-wide guard: one exec check per pod, backoff while one is stuck (F6). */
function execGuard(): ExecGuard {
  const g = globalThis as { [GUARD_KEY]?: ExecGuard };
  g[GUARD_KEY] ??= new ExecGuard();
  return g[GUARD_KEY];
}

/** What became of a check's remote process after a cancel or timeout. */
type RemoteFate = "gone" | "alive" | "unknown";

const KILL_TIMEOUT_MS = 15_000;

/**
 * Ends `pid` in the pod with the fixed kill exec (lib/hardlinks/command.ts killCommand) and says
 * whether it is gone. "unknown" when the kill exec itself failed or did not answer.
 */
async function endRemoteProcess(target: PodTarget, pid: number): Promise<RemoteFate> {
  let out = "";
  try {
    await execStream(target, killCommand(pid), {
      onStdout: (c) => {
        if (out.length < 256) out += c.toString("utf8");
      },
      onStderr: () => {},
      timeoutMs: KILL_TIMEOUT_MS,
    });
  } catch {
    return "unknown";
  }
  return /\bgone\b/.test(out) ? "gone" : /\balive\b/.test(out) ? "alive" : "unknown";
}

export type ExecCheckResult =
  | { admitted: false; reason: string; stuck?: Stuck }
  | {
      admitted: true;
      outcome?: ExecOutcome;
      error?: unknown;
      /** Set after a cancel, timeout or broken stream: was the remote process ended? */
      remote?: RemoteFate;
      pid: number | null;
    };

/**
 * Runs one exec check under the guard: refused while another runs in that pod or while the pod
 * backs off from a stuck one (a stuck pid is re-checked and ended first once the backoff is
 * over). On cancel, timeout or a broken stream the stream is hard-closed, the pid the command
 * printed first is killed with a second exec, and its absence confirmed; if it cannot be
 * confirmed the pod backs off (doubling, see inflight.ts).
 * @see ../shared/reference/field-failures.md F6
 */
export async function runExecCheck(
  target: PodTarget,
  what: string,
  command: readonly string[],
  options: ExecStreamOptions & { pid: () => number | null },
): Promise<ExecCheckResult> {
  const guard = execGuard();
  const pod = `${target.namespace}/${target.pod}`;
  const admission = guard.admit(pod, what, Date.now());
  if (!admission.ok) return { admitted: false, reason: admission.reason, stuck: admission.stuck };
  try {
    const stuck = guard.stuckOf(pod);
    if (stuck) {
      const fate = stuck.pid ? await endRemoteProcess(target, stuck.pid) : "unknown";
      if (fate !== "gone") {
        const s = guard.markStuck(pod, stuck.pid, stuck.what, Date.now());
        return {
          admitted: false,
          reason: `a ${s.what} is still stuck in ${target.pod}${s.pid ? ` (pid ${s.pid})` : ""}; backing off`,
          stuck: s,
        };
      }
      guard.clearStuck(pod);
    }
    try {
      const outcome = await execStream(target, command, options);
      return { admitted: true, outcome, pid: options.pid() };
    } catch (error) {
      const pid = options.pid();
      // Never connected: nothing runs in the pod on our account.
      const neverStarted =
        error instanceof ExecError &&
        (error.kind === "connect" || (!error.started && pid === null));
      if (neverStarted) return { admitted: true, error, pid };
      const remote = pid ? await endRemoteProcess(target, pid) : "unknown";
      if (remote !== "gone") guard.markStuck(pod, pid, what, Date.now());
      return { admitted: true, error, remote, pid };
    }
  } finally {
    admission.release();
  }
}

/**
 * Runs the NFS probe in one pod and judges it. Never throws: `busy` while another check runs in
 * that pod, `failed` for a pod whose last check is stuck (backing off) or an exec failure.
 */
async function probeNfs(
  target: PodTarget,
  app: string,
  mountPath: string,
  options: { timeoutMs?: number; identity?: { uid: number; gid: number } | null } = {},
): Promise<Result<{ health: NfsHealth }>> {
  const writable = (WRITABLE_SUBDIRS[app] ?? []).map((d) => `${mountPath}/${d}`);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  let pid: number | null = null;
  const keep = (into: Buffer[]) => (c: Buffer) => {
    if (size + c.length > MAX_OUTPUT) return;
    size += c.length;
    into.push(Buffer.from(c));
    if (pid === null && into === out) {
      const m = /^pid (\d+)\n/.exec(Buffer.concat(out).toString("utf8", 0, 64));
      if (m) pid = Number(m[1]);
    }
  };
  const r = await runExecCheck(target, "NFS probe", nfsProbeCommand(mountPath, writable), {
    onStdout: keep(out),
    onStderr: keep(err),
    timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS,
    pid: () => pid,
  });
  // Only "another check is running" keeps the pod's last result; a stuck pod is reported.
  if (!r.admitted) return fail(r.stuck === undefined ? "busy" : "failed", r.reason);
  if (r.error !== undefined) {
    const message = r.error instanceof Error ? r.error.message : String(r.error);
    const fate =
      r.remote === undefined
        ? ""
        : r.remote === "gone"
          ? `; the probe (pid ${r.pid}) was ended`
          : `; the probe${r.pid ? ` (pid ${r.pid})` : ""} could not be confirmed ended: backing off`;
    return fail("failed", `${message}${fate}`);
  }
  const probe = parseNfsProbe(
    mountPath,
    Buffer.concat(out).toString("utf8"),
    Buffer.concat(err).toString("utf8"),
  );
  if (r.outcome?.exitCode !== 0 && probe.complete) {
    probe.complete = false;
    probe.incompleteReason =
      r.outcome?.exitCode === null || r.outcome === undefined
        ? "the probe's exit code is unknown"
        : `the probe exited with code ${r.outcome.exitCode}`;
  }
  return ok({ health: judgeNfsProbe(mountPath, probe, writable, options.identity ?? undefined) });
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
        const previous = this.last;
        const results = await Promise.all(
          dataPodTargets(stack, view.pods).map(async ({ target, app }) => {
            const result = await probeNfs(target, app.name, stack.dataVolume.mountPath, {
              identity: appIdentity(
                stack.objects.find((o) => o.kind === "Deployment" && o.metadata?.name === app.name),
                app.containerName,
              ),
            });
            // Another check runs in that pod (or it backs off): keep its last result rather
            // than blanking it; a stuck pod's own failure stays visible once no result is left.
            const kept =
              !result.ok && result.code === "busy"
                ? previous?.results.find((r) => r.pod === target.pod && r.result.ok)
                : undefined;
            return kept ?? { app: app.name, pod: target.pod, result };
          }),
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
