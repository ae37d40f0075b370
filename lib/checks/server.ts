import "server-only";
import { evaluateAppChecks } from "@/lib/apps/checks";
import { gatherAppsEvidence } from "@/lib/apps/server";
import { auditEvidence } from "@/lib/hardlinks/server";
import { jobRegistry } from "@/lib/jobs/server";
import { getLiveModel } from "@/lib/k8s/live";
import { getMetrics } from "@/lib/metrics";
import { nfsProber } from "@/lib/nfs/server";
import { fail, ok } from "@/lib/result";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";
import { budgetEvidence } from "./budget-evidence";
import { evaluateChecklist, type ChecklistPage } from "./checklist";

/**
 * Gathers the checklist's evidence without side effects: the live model's snapshot (no extra API
 * calls), the last NFS probes (lib/nfs/server.ts runs them on its own schedule), the last
 * hardlink audit, the budget, and the apps' own read-only API answers (lib/apps: cached 30 s,
 * every request bounded by 5 s). Safe on every GET: it never execs into a pod.
 */

const FIRST_SYNC_WAIT_MS = 5_000;

/** The whole checklist from what the dashboard already knows. */
export async function gatherChecklist(): Promise<ChecklistPage> {
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
  const nfs = nfsProber().last;
  const widgets = stack.apps.flatMap((a) =>
    a.homepageWidget ? [{ displayName: a.displayName, widget: a.homepageWidget }] : [],
  );
  // gatherAppsEvidence puts every app's failure into its evidence; a throw here is a bug of ours,
  // shown on the seven items instead of failing the whole page.
  const appChecks = await gatherAppsEvidence(stack).then(
    (apps) => ok({ items: evaluateAppChecks(apps, widgets) }),
    (error: unknown) =>
      fail(
        "failed",
        `The apps could not be asked: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
  const report = evaluateChecklist({
    now: new Date(),
    namespace: stack.namespace,
    apps: stack.apps,
    dataClaim: { pvcName: stack.dataVolume.pvcName, pvName: stack.dataVolume.pvName },
    view,
    known,
    nfs: nfs?.results,
    hardlinks: auditEvidence(),
    budget: budgetEvidence(stack.apps, view.nodes),
    appChecks,
  });
  const m = getMetrics();
  for (const i of report.items) m.countCheck(i.id, i.verdict);
  return { report, nfs };
}

/**
 * Calls `fn` when evidence beyond the live snapshot changes: an NFS probe round landed or a job
 * (a hardlink audit) ended. The event stream turns it into a push to open checks pages.
 */
export function subscribeChecks(fn: () => void): () => void {
  const offNfs = nfsProber().subscribe(fn);
  const offJobs = jobRegistry().onFinish(fn);
  return () => {
    offNfs();
    offJobs();
  };
}
