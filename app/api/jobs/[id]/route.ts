// GET /api/jobs/:id — a deploy/teardown job's current state (session required).
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { jobFor } from "@/lib/actions/deploy";

export const dynamic = "force-dynamic";

export async function GET(
  req: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const g = await gateRequest(req, "get-job");
  if (!g.ok) return gateResponse(g);
  const r = jobFor((await params).id);
  const status = r.ok ? 200 : r.error.startsWith("invalid input") ? 400 : 404;
  return Response.json(r, { status, headers: { "cache-control": "no-store" } });
}
