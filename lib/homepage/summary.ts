import { createHash, timingSafeEqual } from "node:crypto";
import type { ChecklistReport } from "@/lib/checks/types";
import type { DashboardView } from "@/lib/view/dashboard";

/**
 * The dashboard's own entry in Homepage's services.yaml (k8s/homepage/services.yaml must match):
 *
 * ```yaml
 * - Media:
 *     - arr-dashboard:
 *         href: https://dash.k8s.rommelporras.com
 *         icon: mdi-view-dashboard
 *         description: *arr stack control plane
 *         widget:
 *           type: customapi
 *           url: http://arr-dashboard.arr-dashboard.svc.cluster.local:3000/api/homepage
 *           refreshInterval: 15000
 *           headers:
 *             Authorization: Bearer {{HOMEPAGE_VAR_ARR_DASHBOARD_TOKEN}}
 *           mappings:
 *             - { field: apps.healthy, label: Healthy apps, format: number }
 *             - { field: pods.ready, label: Pods ready, format: number }
 *             - { field: checks.failed, label: Failed checks, format: number }
 *             - { field: hardlinks.bytesWasted, label: Wasted, format: bytes }
 * ```
 * Homepage's server fetches the URL, so the dashboard's network policy must admit Homepage's
 * namespace; the token is ARR_HOMEPAGE_TOKEN in the dashboard and HOMEPAGE_VAR_… in Homepage.
 */

/** Every field path the summary serves: mappings in services.yaml must use these. */
export const HOMEPAGE_FIELDS: readonly string[] = [
  "apps.healthy",
  "apps.total",
  "apps.degraded",
  "apps.progressing",
  "apps.stopped",
  "apps.missing",
  "pods.ready",
  "pods.total",
  "checks.passed",
  "checks.failed",
  "checks.couldNotCheck",
  "checks.notChecked",
  "checks.total",
  "hardlinks.linked",
  "hardlinks.copies",
  "hardlinks.bytesWasted",
  "hardlinks.orphans",
  "hardlinks.cannotCheck",
  "hardlinks.ageSeconds",
  "api.connected",
  "api.lastSyncAgeSeconds",
  "updatedAt",
];

/**
 * The JSON a Homepage `customapi` widget reads. Field names are a contract (k8s/homepage and the
 * docs map them): only add fields, never rename. Values are raw numbers (Homepage formats them);
 * `null` means "not known yet". No top-level `error` key: Homepage would show it as a failure.
 * @see https://gethomepage.dev/widgets/services/customapi/
 */
export interface HomepageSummary {
  apps: {
    healthy: number;
    total: number;
    degraded: number;
    progressing: number;
    stopped: number;
    missing: number;
  };
  pods: { ready: number; total: number };
  checks: {
    passed: number;
    failed: number;
    couldNotCheck: number;
    notChecked: number;
    total: number;
  };
  hardlinks: {
    linked: number | null;
    copies: number | null;
    bytesWasted: number | null;
    orphans: number | null;
    cannotCheck: number | null;
    ageSeconds: number | null;
  };
  api: { connected: boolean; lastSyncAgeSeconds: number | null };
  updatedAt: string;
}

export interface HardlinkSummaryInput {
  finishedAt: string;
  linked: number;
  copies: number;
  bytesWasted: number;
  orphans: number;
  cannotCheck: number;
}

export function buildHomepageSummary(
  view: DashboardView,
  checklist: ChecklistReport,
  hardlinks: HardlinkSummaryInput | null,
  now: Date,
): HomepageSummary {
  const count = (s: string) => view.apps.filter((a) => a.health.status === s).length;
  const age = (iso: string | null | undefined) =>
    iso ? Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000)) : null;
  return {
    apps: {
      healthy: count("Healthy"),
      total: view.apps.length,
      degraded: count("Degraded"),
      progressing: count("Progressing"),
      stopped: count("Stopped"),
      missing: count("Missing"),
    },
    pods: {
      ready: view.apps.reduce((n, a) => n + a.pods.ready, 0),
      total: view.apps.reduce((n, a) => n + a.pods.total, 0),
    },
    checks: {
      passed: checklist.counts.pass,
      failed: checklist.counts.fail,
      couldNotCheck: checklist.counts["could-not-check"],
      notChecked: checklist.counts["not-checked"],
      total: checklist.items.length,
    },
    hardlinks: hardlinks
      ? {
          linked: hardlinks.linked,
          copies: hardlinks.copies,
          bytesWasted: hardlinks.bytesWasted,
          orphans: hardlinks.orphans,
          cannotCheck: hardlinks.cannotCheck,
          ageSeconds: age(hardlinks.finishedAt),
        }
      : {
          linked: null,
          copies: null,
          bytesWasted: null,
          orphans: null,
          cannotCheck: null,
          ageSeconds: null,
        },
    api: { connected: view.status.connected, lastSyncAgeSeconds: age(view.status.lastSyncAt) },
    updatedAt: now.toISOString(),
  };
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are hashed first, so
 * neither the comparison nor an early length mismatch leaks how much of the token was right.
 */
export function bearerMatches(header: string | null, token: string): boolean {
  if (!token) return false;
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? "");
  const given = m?.[1] ?? "";
  const ok = timingSafeEqual(digest(given), digest(token));
  return ok && given.length > 0;
}
