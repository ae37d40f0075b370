/**
 * Rollout status of a Deployment, by kubectl's rules (`kubectl rollout status`).
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go
 */

export interface DeploymentRolloutView {
  name: string;
  generation: number;
  observedGeneration: number;
  /** spec.replicas (defaulted to 1 by the API server) */
  specReplicas: number;
  replicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  readyReplicas: number;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
}

export type RolloutState =
  | { state: "waiting"; message: string }
  | { state: "ready"; message: string }
  | { state: "stopped"; message: string }
  | { state: "failed"; message: string };

/** The rollout state of one Deployment; `failed` only for an exceeded progress deadline. */
export function rolloutState(d: DeploymentRolloutView): RolloutState {
  if (d.generation > d.observedGeneration)
    return { state: "waiting", message: "waiting for the controller to observe the new spec" };
  const progressing = d.conditions.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return {
      state: "failed",
      message: `exceeded its progress deadline${progressing.message ? `: ${progressing.message}` : ""}`,
    };
  }
  if (d.updatedReplicas < d.specReplicas)
    return {
      state: "waiting",
      message: `${d.updatedReplicas} of ${d.specReplicas} new replicas updated`,
    };
  if (d.replicas > d.updatedReplicas)
    return {
      state: "waiting",
      message: `${d.replicas - d.updatedReplicas} old replicas pending termination`,
    };
  if (d.availableReplicas < d.updatedReplicas)
    return {
      state: "waiting",
      message: `${d.availableReplicas} of ${d.updatedReplicas} updated replicas available`,
    };
  if (d.specReplicas === 0) return { state: "stopped", message: "scaled to 0 (stopped)" };
  return { state: "ready", message: `${d.availableReplicas}/${d.specReplicas} available` };
}

/** True once the rollout needs no more watching. */
export function rolloutSettled(s: RolloutState): boolean {
  return s.state !== "waiting";
}
