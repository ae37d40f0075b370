/** What a hardlink audit job reports while it runs and when it ends (pure types). */
import type { PodTarget } from "@/lib/cluster/types";
import type { PairsEvidence } from "./pairs";
import type { HardlinkReport } from "./report";

export interface AuditProgress {
  files: number;
  bytes: number;
  cannotCheck: number;
  stdoutBytes: number;
  elapsedMs: number;
}

export interface AuditRun {
  target: PodTarget;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: { complete: true; exitCode: number | null } | { complete: false; reason: string };
  /** The report of what was read (partial when not complete); null if the exec never started. */
  report: HardlinkReport | null;
  stdoutBytes: number;
}

/** A hardlink audit job's detail: the pod it runs in, live progress, and the run once it ended. */
export interface AuditJobDetail {
  pod: string;
  progress: AuditProgress | null;
  run: AuditRun | null;
  /** The import-history pairs stat'ed after the tree (null until then, or when cancelled). */
  pairs?: PairsEvidence | null;
}
