import "server-only";
import { gatherAppsEvidence } from "@/lib/apps/server";
import { evaluateAppChecks } from "@/lib/apps/checks";
import type { AppsEvidence } from "@/lib/apps/types";
import type { AppsConfig } from "@/lib/apps/config";
import { getLiveModel } from "@/lib/k8s/live";
import { pickDataPods } from "@/lib/k8s/hardlink-audit";
import { probeNfs } from "@/lib/k8s/nfs-health";
import { getMetrics } from "@/lib/metrics";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";
import { budgetEvidence } from "./budget-evidence";
import { evaluateChecklist, type NfsEvidence } from "./checklist";
import { auditJobs } from "./hardlink-jobs";
import type { ChecklistReport } from "./types";

/**
 * Gathers the checklist's evidence: the live model's snapshot (no extra API calls), the NFS
 * probes (exec into each pod that mounts the claim; cached briefly and shared by all callers),
 * the last hardlink audit and the budget.
 */

export interface NfsSnapshot {
  at: string;
  results: NfsEvidence[];
}

interface NfsCache {
  at: number;
  value: NfsSnapshot | null;
  inflight: Promise<NfsSnapshot> | null;
}

const KEY = Symbol.for("arr-dashboard.nfs-cache");
const cache = (): NfsCache => {
  const g = globalThis as { [KEY]?: NfsCache };
  g[KEY] ??= { at: 0, value: null, inflight: null };
  return g[KEY];
};

/** How long an NFS probe result is reused (every tab and the Homepage summary share it). */
export const NFS_CACHE_MS = 30_000;

/** Probes every Ready pod that mounts the shared claim (in parallel); reuses a fresh result. */
export async function nfsHealth(stack: Stack, maxAgeMs = NFS_CACHE_MS): Promise<NfsSnapshot> {
  const c = cache();
  if (c.value && Date.now() - c.at < maxAgeMs) return c.value;
  c.inflight ??= (async () => {
    try {
      const view = getLiveModel().snapshot();
      const results = await Promise.all(
        pickDataPods(view, stack).map(async ({ target, app }) => ({
          app,
          pod: target.pod,
          result: await probeNfs(target, app, stack.dataVolume.mountPath),
        })),
      );
      const value = { at: new Date().toISOString(), results };
      c.value = value;
      c.at = Date.now();
      return value;
    } finally {
      c.inflight = null;
    }
  })();
  return c.inflight;
}

const FIRST_SYNC_WAIT_MS = 5_000;

export interface ChecklistPage {
  report: ChecklistReport;
  nfs: NfsSnapshot | null;
  /** The apps' own answers (server-side only: never serialise it whole to a client). */
  apps?: AppsEvidence & { config: AppsConfig };
  error?: string;
}

/** The whole checklist. `probe: false` skips the NFS exec (uses a cached result if any). */
export async function gatherChecklist(
  options: { probe?: boolean; nfsMaxAgeMs?: number; appsMaxAgeMs?: number } = {},
): Promise<ChecklistPage> {
  const live = getLiveModel();
  let stack: Stack;
  try {
    stack = getStack();
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    return {
      report: {
        generatedAt: new Date().toISOString(),
        items: [],
        counts: { pass: 0, fail: 0, "could-not-check": 0, "not-checked": 0 },
      },
      nfs: null,
      error: msg,
    };
  }
  // The first request after start may come before the watches listed once: wait briefly for
  // them rather than showing "no data" (bounded, so an unreachable API server still answers).
  await Promise.race([live.ready(), new Promise((r) => setTimeout(r, FIRST_SYNC_WAIT_MS))]);
  const view = live.snapshot();
  const known =
    Object.values(view.watches).some((w) => w.state === "synced") &&
    view.watches.pods.state === "synced";
  let nfs: NfsSnapshot | null = cache().value;
  const appsPromise = gatherAppsEvidence(stack, { maxAgeMs: options.appsMaxAgeMs });
  if (options.probe !== false && view.status.connected) {
    nfs = await nfsHealth(stack, options.nfsMaxAgeMs);
  }
  const apps = await appsPromise;
  const widgets = stack.apps.flatMap((a) =>
    a.homepageWidget ? [{ displayName: a.displayName, widget: a.homepageWidget }] : [],
  );
  const report = evaluateChecklist({
    now: new Date(),
    namespace: stack.namespace,
    apps: stack.apps,
    dataClaim: { pvcName: stack.dataVolume.pvcName, pvName: stack.dataVolume.pvName },
    view,
    known,
    nfs: nfs?.results,
    hardlinks: auditJobs().evidence(),
    budget: budgetEvidence(stack.apps, view.nodes),
    appChecks: evaluateAppChecks(apps, widgets),
  });
  const m = getMetrics();
  for (const i of report.items) m.countCheck(i.id, i.verdict);
  return { report, nfs, apps };
}
