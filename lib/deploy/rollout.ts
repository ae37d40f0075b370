import type { DeploymentView } from "@/lib/cluster/types";
import { rolloutHealth } from "@/lib/health/deployment";

/**
 * Rollout progress of a Deployment for the deploy job. The rules are the health rules'
 * (`rolloutHealth`: kubectl's `rollout status` plus the controller's failure conditions), so the
 * deploy page and the overview never disagree; this only maps them onto the job's phases.
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go
 */
export type RolloutState =
  | { state: "waiting"; message: string }
  | { state: "ready"; message: string }
  | { state: "stopped"; message: string }
  | { state: "failed"; message: string };

const PHASE = {
  Healthy: "ready",
  Stopped: "stopped",
  Degraded: "failed",
  Progressing: "waiting",
  Missing: "waiting",
  Unknown: "waiting",
} as const;

/** The rollout state of one Deployment; `failed` when it can no longer progress on its own. */
export function rolloutState(d: DeploymentView): RolloutState {
  const h = rolloutHealth(d);
  const details = h.details.length ? ` (${h.details.join("; ")})` : "";
  return {
    state: PHASE[h.status],
    message: h.status === "Degraded" ? h.reason + details : h.reason,
  };
}

/** True once the rollout needs no more watching. */
export function rolloutSettled(s: RolloutState): boolean {
  return s.state !== "waiting";
}
