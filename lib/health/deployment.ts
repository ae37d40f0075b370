import type { DeploymentView } from "@/lib/cluster/types";
import { health, type Health } from "./types";

/**
 * Rollout state of a Deployment, following `kubectl rollout status` rule for rule
 * (kubectl/pkg/polymorphichelpers/rollout_status.go) plus the two failure signals the
 * Deployment controller writes into conditions:
 *  - Progressing=False with reason ProgressDeadlineExceeded → Degraded.
 *  - ReplicaFailure=True (e.g. a pod rejected by Pod Security admission or a quota) → Degraded.
 * A Deployment scaled to 0 is Stopped, not Healthy: nothing serves the app.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment
 */
export function rolloutHealth(d: DeploymentView): Health {
  // Until the controller has observed the newest spec, status describes an older one and every
  // count below would be stale.
  if (d.generation > d.observedGeneration) {
    return health("Progressing", "Waiting for the deployment controller to observe the new spec", [
      `generation ${d.generation}, observed ${d.observedGeneration}`,
    ]);
  }

  const progressing = d.conditions.find((c) => c.type === "Progressing");
  if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") {
    return health(
      "Degraded",
      `Rollout exceeded its progress deadline (${d.progressDeadlineSeconds}s)`,
      [...(progressing.message ? [progressing.message] : []), counts(d)],
    );
  }

  const failure = d.conditions.find((c) => c.type === "ReplicaFailure" && c.status === "True");
  if (failure) {
    return health("Degraded", `Pods cannot be created: ${failure.reason ?? "ReplicaFailure"}`, [
      ...(failure.message ? [failure.message] : []),
      counts(d),
    ]);
  }

  if (d.specReplicas === 0) {
    return d.replicas > 0
      ? health(
          "Stopped",
          `Scaled to 0; ${d.replicas} pod${d.replicas === 1 ? "" : "s"} still terminating`,
        )
      : health("Stopped", "Scaled to 0");
  }

  if (d.paused) {
    // A paused rollout does not progress by design; say so rather than "Progressing" forever.
    return health(
      d.availableReplicas >= d.specReplicas ? "Healthy" : "Progressing",
      "Rollout is paused",
      [counts(d)],
    );
  }

  if (d.updatedReplicas < d.specReplicas) {
    return health("Progressing", `${d.updatedReplicas} of ${d.specReplicas} new replicas updated`, [
      counts(d),
    ]);
  }
  if (d.replicas > d.updatedReplicas) {
    const old = d.replicas - d.updatedReplicas;
    return health("Progressing", `${old} old replica${old === 1 ? "" : "s"} pending termination`, [
      counts(d),
    ]);
  }
  if (d.availableReplicas < d.updatedReplicas) {
    return health(
      "Progressing",
      `${d.availableReplicas} of ${d.updatedReplicas} updated replicas available`,
      [counts(d)],
    );
  }
  return health("Healthy", `Rolled out: ${d.availableReplicas} of ${d.specReplicas} available`);
}

function counts(d: DeploymentView): string {
  return `desired ${d.specReplicas}, current ${d.replicas}, updated ${d.updatedReplicas}, ready ${d.readyReplicas}, available ${d.availableReplicas}`;
}
