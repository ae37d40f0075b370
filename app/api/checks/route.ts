import { gateRequest, gateResponse } from "@/lib/auth/server";
import { gatherChecklist } from "@/lib/checks/server";
import { drainHeaders } from "@/lib/metrics/lifecycle";
import { instrumented } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/**
 * GET /api/checks — the checklist and the last NFS probes, from what the dashboard already knows
 * (no exec: probes run on their schedule). Refetched by the checks page on every push.
 */
export const GET = instrumented("/api/checks", async (req: Request) => {
  const g = await gateRequest(req, "checks");
  if (!g.ok) return gateResponse(g);
  return Response.json(await gatherChecklist(), {
    headers: { "cache-control": "no-store", ...drainHeaders() },
  });
});
