import { gatherChecklist } from "@/lib/checks/server";
import { auditEvidence } from "@/lib/hardlinks/server";
import { getLiveModel } from "@/lib/k8s/live";
import { bearerMatches, buildHomepageSummary } from "@/lib/homepage/summary";
import { instrumented } from "@/lib/metrics";
import { getStack } from "@/lib/stack/server";
import { buildDashboardView } from "@/lib/view/dashboard";

export const dynamic = "force-dynamic";

const headers = { "cache-control": "no-store" };

/**
 * Summary for Homepage's `customapi` widget. Auth: `Authorization: Bearer $ARR_HOMEPAGE_TOKEN`
 * (a read-only token of its own, never the admin session), compared in constant time. Served
 * from what the dashboard already knows: it never execs into a pod (probes run on a schedule).
 */
export const GET = instrumented("/api/homepage", async (req: Request) => {
  const token = process.env.ARR_HOMEPAGE_TOKEN ?? "";
  if (!token)
    return Response.json(
      { error: "The Homepage summary is disabled: ARR_HOMEPAGE_TOKEN is not set" },
      { status: 503, headers },
    );
  if (!bearerMatches(req.headers.get("authorization"), token)) {
    return Response.json(
      { error: "unauthorized" },
      { status: 401, headers: { ...headers, "www-authenticate": 'Bearer realm="arr-dashboard"' } },
    );
  }
  let stack;
  try {
    stack = getStack();
  } catch {
    return Response.json(
      { error: "The dashboard's manifests did not load" },
      { status: 500, headers },
    );
  }
  const { report } = await gatherChecklist();
  const view = buildDashboardView(stack, getLiveModel().snapshot());
  const audit = auditEvidence();
  const r = audit?.report;
  const hardlinks =
    audit && r
      ? {
          finishedAt: audit.finishedAt,
          linked: r.media.linked.files,
          copies: r.media.copies.files,
          bytesWasted: r.bytesWasted,
          orphans: r.torrents.orphans.files,
          cannotCheck: r.cannotCheck.count,
        }
      : null;
  return Response.json(buildHomepageSummary(view, report, hardlinks, new Date()), { headers });
});
