import type { ContainerView, EventView, PodView, TerminationView } from "@/lib/cluster/types";
import { pickMountFailure } from "./mount";
import { health, type Health } from "./types";

/**
 * Waiting reasons that will not clear on their own: the kubelet is backing off or cannot even
 * create the container. Anything else waiting (ContainerCreating, PodInitializing) is progress.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-state-waiting
 * @see https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff
 */
export const FAILING_WAITING_REASONS: ReadonlySet<string> = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "ErrImageNeverPull",
  "InvalidImageName",
  "RegistryUnavailable",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "PreStartHookError",
  "PostStartHookError",
]);

/** "exit 137 (OOMKilled)" */
export function describeTermination(t: TerminationView): string {
  const why = t.reason ? ` (${t.reason})` : "";
  const msg = t.message ? `: ${oneLine(t.message)}` : "";
  return `exit ${t.exitCode}${why}${msg}`;
}

function oneLine(s: string, max = 300): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function restarts(c: ContainerView): string | undefined {
  return c.restartCount > 0
    ? `${c.restartCount} restart${c.restartCount === 1 ? "" : "s"}`
    : undefined;
}

/** Facts about a container's history: restarts and how its previous instance ended. */
function containerHistory(c: ContainerView): string[] {
  const out: string[] = [];
  const r = restarts(c);
  if (r) out.push(`${c.name}: ${r}`);
  if (c.lastTermination)
    out.push(`${c.name} last terminated with ${describeTermination(c.lastTermination)}`);
  return out;
}

/** Events about this pod, newest first. */
export function eventsFor(kind: string, name: string, events: readonly EventView[]): EventView[] {
  return events
    .filter((e) => e.involved.kind === kind && e.involved.name === name)
    .sort((a, b) => (b.lastAt ?? "").localeCompare(a.lastAt ?? ""));
}

/**
 * Health of one pod, from readiness and container states rather than phase: a crash-looping
 * pod is phase Running, which is why tools that read phase show it green.
 *
 * Order of the checks, each explained where it happens: terminating → terminal phases →
 * scheduling → failing containers → volume mount failures → readiness.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
 */
export function podHealth(pod: PodView, events: readonly EventView[] = []): Health {
  const mine = eventsFor("Pod", pod.name, events);
  const history = pod.containers.flatMap(containerHistory);

  // A pod with a deletionTimestamp is going away (graceful termination); the replacement, if
  // any, is judged on its own.
  if (pod.deletionTimestamp)
    return health("Progressing", `Pod ${pod.name} is terminating`, history);

  // Failed/Succeeded are terminal: the pod will not run again (Evicted, node shutdown…). A
  // Deployment's pods restart Always, so even Succeeded means something stopped it.
  // @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase
  if (pod.phase === "Failed" || pod.phase === "Succeeded") {
    const why = pod.reason
      ? `${pod.reason}${pod.message ? `: ${oneLine(pod.message)}` : ""}`
      : `phase ${pod.phase}`;
    return health(
      "Degraded",
      `Pod ${pod.name} ${pod.phase === "Failed" ? "failed" : "exited"}: ${why}`,
      history,
    );
  }

  // Unknown phase: the node stopped reporting. Nothing can be said about the containers.
  if (pod.phase === "Unknown")
    return health("Unknown", `Pod ${pod.name}: its node stopped reporting status`, history);

  // PodScheduled=False: the scheduler's message says exactly which resource or rule is short
  // ("0/3 nodes are available: 3 Insufficient cpu."). A claim that is still binding also shows
  // up here and clears on its own, so that case is progress, not failure.
  // @see https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/
  const scheduled = pod.conditions.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") {
    const msg = scheduled.message ? oneLine(scheduled.message) : "no message from the scheduler";
    if (scheduled.reason === "SchedulingGated")
      return health("Progressing", `Pod ${pod.name} is waiting on scheduling gates`, [msg]);
    if (
      /unbound (immediate )?PersistentVolumeClaims|persistentvolumeclaim .* (not found|is being deleted)/i.test(
        msg,
      )
    ) {
      const notFound = /not found|being deleted/i.test(msg);
      return health(
        notFound ? "Degraded" : "Progressing",
        `Pod ${pod.name} cannot be scheduled: ${msg}`,
        history,
      );
    }
    return health("Degraded", `Unschedulable: ${msg}`, [`Pod ${pod.name}`, ...history]);
  }

  // Containers that are failing: waiting with a back-off reason, or terminated with an error
  // while the pod still wants them running. Init containers come first in `containers`, so a
  // failing init container is reported before the app container that waits behind it.
  for (const c of pod.containers) {
    if (
      c.state.kind === "waiting" &&
      c.state.reason &&
      FAILING_WAITING_REASONS.has(c.state.reason)
    ) {
      const parts = [c.state.reason];
      if (c.lastTermination) parts.push(`last exit ${describeTermination(c.lastTermination)}`);
      const r = restarts(c);
      if (r) parts.push(r);
      const details = [
        ...(c.state.message ? [`${c.name}: ${oneLine(c.state.message)}`] : []),
        ...history,
      ];
      return health("Degraded", `${c.name}: ${parts.join(" — ")}`, details);
    }
    // A terminated init container with exit 0 is done (that is its job); any other terminated
    // container in a non-terminal pod is about to be restarted after a failure.
    if (c.state.kind === "terminated" && !(c.init && c.state.exitCode === 0)) {
      const t: TerminationView = {
        exitCode: c.state.exitCode,
        ...(c.state.reason ? { reason: c.state.reason } : {}),
        ...(c.state.message ? { message: c.state.message } : {}),
      };
      return health("Degraded", `${c.name}: terminated with ${describeTermination(t)}`, history);
    }
  }

  // FailedMount & co.: the kubelet retries mounts forever and the pod sits in ContainerCreating,
  // so the event is the only place the cause (an NFS server that does not answer, a missing
  // export) shows. Only relevant while the pod is not ready.
  // @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
  // The kubelet writes the helper's output (`Output: mount.nfs: …`) as the last line of the
  // specific event and repeats a generic "timed out waiting for the condition" summary that is
  // usually newer: the specific one wins (see lib/health/mount.ts).
  if (!pod.ready) {
    const f = pickMountFailure(mine);
    if (f) {
      const times = f.event.count > 1 ? ` (×${f.event.count})` : "";
      const vol = f.volume && !f.generic ? ` (volume ${f.volume})` : "";
      const first = f.event.message.split("\n")[0] ?? "";
      return health("Degraded", `${f.event.reason}${times}${vol}: ${oneLine(f.cause)}`, [
        ...(f.hint ? [f.hint] : []),
        ...(f.generic ? ["No specific mount error reported yet"] : []),
        ...(first && first !== f.cause ? [oneLine(first)] : []),
        `Pod ${pod.name}`,
        ...history,
      ]);
    }
  }

  // Readiness decides: Ready=True means every container passed its readiness probe (and any
  // readiness gates). Restarts stay visible as details even when the pod is fine now.
  // @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
  if (pod.ready) return health("Healthy", `Pod ${pod.name} is ready`, history);

  const waiting = pod.containers.find((c) => c.state.kind === "waiting");
  if (waiting && waiting.state.kind === "waiting") {
    const why = waiting.state.reason ?? "waiting";
    return health("Progressing", `${waiting.name}: ${why}`, [`Pod ${pod.name}`, ...history]);
  }
  const notReady = pod.containers.filter((c) => !c.init && !c.ready).map((c) => c.name);
  if (notReady.length > 0) {
    // A running container that is not ready is failing its readiness probe (or still
    // starting); the kubelet's "Unhealthy" event carries the probe's output.
    const probe = mine.find((e) => e.reason === "Unhealthy");
    const details = [...(probe ? [oneLine(probe.message)] : []), `Pod ${pod.name}`, ...history];
    return health(
      "Progressing",
      `Not ready: ${notReady.join(", ")}${probe ? " (readiness probe failing)" : ""}`,
      details,
    );
  }
  const cond = pod.conditions.find((c) => c.type === "Ready");
  const why = cond?.reason ? ` (${cond.reason})` : "";
  return health(
    "Progressing",
    `Pod ${pod.name} is ${pod.phase.toLowerCase()}, not ready yet${why}`,
    history,
  );
}
