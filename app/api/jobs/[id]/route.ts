// GET /api/jobs/:id — a job's current state (session required), for clients that poll.
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { findJob } from "@/lib/jobs/server";
import { instrumented } from "@/lib/metrics";
import { httpStatus } from "@/lib/result";

export const dynamic = "force-dynamic";

export const GET = instrumented(
  "/api/jobs/[id]",
  async (req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    const g = await gateRequest(req, "get-job");
    if (!g.ok) return gateResponse(g);
    const r = findJob((await params).id);
    return Response.json(r, {
      status: r.ok ? 200 : httpStatus(r.code),
      headers: { "cache-control": "no-store" },
    });
  },
);
