/** What a deploy job reports while it runs (pure types, safe to send to the browser). */

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

/** A deploy job's detail: each object's apply outcome, then each app's rollout. */
export interface DeployJobDetail {
  objects: ObjectProgress[];
  rollouts: RolloutProgress[];
}
