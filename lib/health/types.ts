/**
 * Health vocabulary shared by every rule in lib/health. Modelled on Argo CD's health statuses
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/) with two additions a
 * person operating this stack needs: Stopped (scaled to 0 on purpose) and Missing split from
 * Unknown (the object is known not to exist vs. we cannot tell).
 */
import type { HighlightId } from "@/lib/logs/highlights";

export type HealthStatus =
  "Healthy" | "Progressing" | "Degraded" | "Missing" | "Stopped" | "Unknown";

export interface Health {
  status: HealthStatus;
  /** One line a person can act on, e.g. "sonarr: CrashLoopBackOff — exit 1 (Error), 5 restarts". */
  reason: string;
  /** Supporting facts (last termination, scheduler message, rollout progress…), most useful first. */
  details: string[];
  /**
   * Set when the proof of `reason` is in a container's log: which container, and the highlights
   * (lib/logs/highlights.ts ids) whose lines show it. The app page reads those lines (F9).
   */
  logEvidence?: LogEvidence;
}

/** Where the log lines that prove a health reason are: pod, container, highlight ids. */
interface LogEvidence {
  pod: string;
  container: string;
  highlights: readonly HighlightId[];
}

export function health(status: HealthStatus, reason: string, details: string[] = []): Health {
  return { status, reason, details };
}

/** Worst first: used to pick which of several findings becomes the headline. */
const SEVERITY: Record<HealthStatus, number> = {
  Degraded: 5,
  Missing: 4,
  Progressing: 3,
  Unknown: 2,
  Stopped: 1,
  Healthy: 0,
};

/** The worst of several healths; the first one wins a tie (callers order by specificity). */
export function worst(items: readonly Health[]): Health | undefined {
  let out: Health | undefined;
  for (const h of items) if (!out || SEVERITY[h.status] > SEVERITY[out.status]) out = h;
  return out;
}
