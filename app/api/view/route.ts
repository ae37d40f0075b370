import { gateRequest, gateResponse } from "@/lib/auth/server";
import { drainHeaders } from "@/lib/metrics/lifecycle";
import { getDashboardView } from "@/lib/view/server";

// Always the live snapshot: never prerendered or cached.
export const dynamic = "force-dynamic";

/** GET /api/view — the dashboard view (small typed views only, never raw Kubernetes objects). */
export async function GET(req: Request): Promise<Response> {
  const g = await gateRequest(req, "view");
  if (!g.ok) return gateResponse(g);
  try {
    return Response.json(getDashboardView(), {
      headers: { "Cache-Control": "no-store", ...drainHeaders() },
    });
  } catch (err) {
    console.error("view: cannot build the dashboard view", err);
    return Response.json(
      { error: "The dashboard cannot build its view (see the server log)." },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
