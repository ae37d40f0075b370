import type {
  DeploymentView,
  EventView,
  NamespaceView,
  NodeView,
  PodView,
  PvcView,
  PvView,
} from "@/lib/cluster/types";
import { rolloutHealth } from "./deployment";
import { podHealth } from "./pod";
import { pvcHealth } from "./storage";
import { attachmentHolder, stuckTerminating } from "./stuck";
import { health, worst, type Health } from "./types";

/** Everything the health of one app depends on. The caller selects the objects. */
export interface AppHealthInput {
  /** Deployment name (also the app's name). */
  name: string;
  namespaceName: string;
  /** False until the live model has listed the cluster once: then nothing can be said. */
  known: boolean;
  namespace: NamespaceView | null;
  deployment: DeploymentView | undefined;
  /** The app's pods (matched by the Deployment's selector). */
  pods: readonly PodView[];
  /** The app's claims in mount order (config claim first, then the shared data claim). */
  claims: readonly { name: string; pvc: PvcView | undefined; pv: PvView | undefined }[];
  events: readonly EventView[];
  /** Cluster nodes: a Terminating pod on a NotReady node is stuck (F8). */
  nodes?: readonly NodeView[];
  /** Every pod in the namespace (Multi-Attach: which other pod's node holds the volume). */
  namespacePods?: readonly PodView[];
}

/**
 * One verdict per app, with the reason a person needs. Precedence, most specific cause first:
 *  1. Unknown — no data yet.
 *  2. Missing — namespace or Deployment does not exist.
 *  3. Stopped — replicas 0 (deliberate; claims are still reported in details).
 *  4. Degraded — a claim that cannot bind (root cause of everything downstream), a failing pod
 *     (CrashLoopBackOff, image pull, unschedulable, FailedMount…), or a rollout past its
 *     deadline / with pod creation failures.
 *  5. Progressing — rollout, pod or claim on its way.
 *  6. Healthy — rolled out, every current pod Ready, claims bound.
 */
export function appHealth(input: AppHealthInput): Health {
  if (!input.known) return health("Unknown", "No data from the API server yet");
  if (!input.namespace) return health("Missing", `Namespace ${input.namespaceName} does not exist`);
  if (input.namespace.phase === "Terminating")
    return health("Degraded", `Namespace ${input.namespaceName} is being deleted`);
  if (!input.deployment) return health("Missing", `Deployment ${input.name} not found`);

  const rollout = rolloutHealth(input.deployment);
  const claimHealths = input.claims.map((c) =>
    c.pvc
      ? pvcHealth(c.pvc, {
          pv: c.pv,
          events: input.events,
          consumers: input.pods.filter((p) => p.claimNames.includes(c.name)).length,
        })
      : health("Missing", `Claim ${c.name} not found`),
  );
  if (rollout.status === "Stopped") {
    return health(
      "Stopped",
      rollout.reason,
      claimHealths.filter((h) => h.status !== "Healthy").map((h) => h.reason),
    );
  }

  // Pods that are going away do not decide health while a live one exists.
  const live = input.pods.filter((p) => !p.deletionTimestamp);
  const podHealths = (live.length > 0 ? live : input.pods).map((p) => {
    const h = podHealth(p, input.events);
    // Multi-Attach (a ReadWriteOnce volume still attached elsewhere): name the node.
    if (h.status === "Degraded" && /Multi-Attach/.test(h.reason)) {
      const holder = attachmentHolder(p, input.namespacePods ?? input.pods);
      if (holder)
        return health(
          "Degraded",
          `${h.reason.split(":")[0]}: the volume is still attached to node ${holder.node} (pod ${holder.pod})`,
          [h.reason, ...h.details],
        );
    }
    return h;
  });

  // A pod stuck Terminating on a dead node (F8): with Recreate nothing new starts until it is
  // gone, so the app is down for good, not "Progressing".
  const stuck = stuckTerminating(input.pods, input.nodes ?? []);
  const readyLive = live.filter((p) => p.ready).length;
  if (stuck.length > 0 && readyLive === 0) {
    const s = stuck[0]!;
    const recreate = input.deployment.strategy === "Recreate";
    return health(
      "Degraded",
      `Pod ${s.pod.name} is stuck Terminating: ${s.why}${recreate ? "; the Recreate rollout waits for it, so no new pod starts" : ""}`,
      [
        "Bring the node back, or force-delete the pod once you are sure the node is down (its containers may still run there)",
        ...stuck.slice(1).map((x) => `Pod ${x.pod.name} is stuck Terminating: ${x.why}`),
        ...podHealths.map((h) => h.reason),
        rollout.reason,
      ],
    );
  }

  const claimProblem = claimHealths.find((h) => h.status === "Degraded" || h.status === "Missing");
  if (claimProblem)
    return health("Degraded", claimProblem.reason, [...claimProblem.details, rollout.reason]);

  const podProblem = worst(podHealths);
  if (podProblem?.status === "Degraded")
    return health("Degraded", podProblem.reason, [...podProblem.details, rollout.reason]);
  if (rollout.status === "Degraded")
    return health("Degraded", rollout.reason, [
      ...rollout.details,
      ...(podProblem ? [podProblem.reason] : []),
    ]);

  if (live.length === 0 && input.deployment.specReplicas > 0 && rollout.status === "Healthy") {
    // Status says available but no pod is seen: the pod list lags or pods were deleted by hand.
    return health("Progressing", "Waiting for a pod to appear");
  }

  const pending = [podProblem, ...claimHealths, rollout].filter(
    (h): h is Health => !!h && h.status !== "Healthy",
  );
  const progressing = pending.find((h) => h.status === "Progressing" || h.status === "Unknown");
  if (progressing) {
    // Prefer the concrete pod or claim reason ("ContainerCreating") over rollout arithmetic.
    return health(progressing.status, progressing.reason, [
      ...progressing.details,
      ...(progressing === rollout ? [] : [rollout.reason]),
    ]);
  }

  const ready = live.filter((p) => p.ready).length;
  const restarts = live.flatMap((p) => p.containers).reduce((n, c) => n + c.restartCount, 0);
  const details = podHealths.flatMap((h) => h.details);
  return health(
    "Healthy",
    `${ready}/${input.deployment.specReplicas} ready${restarts > 0 ? `, ${restarts} restart${restarts === 1 ? "" : "s"}` : ""}`,
    details,
  );
}
