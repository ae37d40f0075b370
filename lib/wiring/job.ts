/** What a `wire` job reports while it runs and when it ends (pure types, safe for the browser). */
import type { CheckVerdict } from "@/lib/checks/types";
import type { ApiApp } from "@/lib/apps/types";
import type { StepOutcome, StepStatus, WiringStepId } from "./plan";

/** One step of the run: its planned status, where it is now, what it sent. */
export interface WireStepProgress {
  id: WiringStepId;
  app: ApiApp;
  title: string;
  planned: StepStatus;
  state: "pending" | "running" | StepOutcome;
  /** Why it failed, was skipped or is blocked; what it did. */
  message?: string;
  /** Requests sent for this step (mutations). */
  sent: number;
}

/** A checklist item re-run at the end of the job. */
export interface WireCheckResult {
  id: string;
  title: string;
  verdict: CheckVerdict;
  summary: string;
}

/** The `wire` job's detail: the steps in run order and, once done, the items it re-checked. */
export interface WireJobDetail {
  steps: WireStepProgress[];
  checks: WireCheckResult[] | null;
  /** Mutating requests sent by the whole run. */
  sent: number;
}
