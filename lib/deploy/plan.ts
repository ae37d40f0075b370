/** Views of a deploy preview, safe to hand to the browser. */
import type { FieldChange } from "./diff";
import type { DriftField } from "./drift";

export type PlanAction = "create" | "update" | "unchanged" | "error";

export interface ObjectPlan {
  key: string;
  kind: string;
  name: string;
  namespace?: string;
  action: PlanAction;
  changes: FieldChange[];
  message?: string;
  /**
   * Fields live but not in the manifests, set by another manager (F10). A plain deploy keeps
   * them (server-side apply leaves other managers' fields); with take-over it removes them.
   */
  drift?: DriftField[];
}

/** A Retain PV left `Released` with a stale claimRef (e.g. after `delete namespace media`). */
export interface ReleasedVolume {
  name: string;
  /** The claim it was bound to, which no longer exists */
  claim: string;
  claimUid: string;
}
