// GET /api/jobs/:id/events — Server-Sent Events of one job of any kind (deploy, teardown, hardlink
// audit): its state now and on every change (`job` events), then the stream closes.
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { findJob, jobEvents } from "@/lib/jobs/server";
import { instrumented } from "@/lib/metrics";
import { httpStatus } from "@/lib/result";

export const dynamic = "force-dynamic";

export const GET = instrumented(
  "/api/jobs/[id]/events",
  async (req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    const g = await gateRequest(req, "follow-job");
    if (!g.ok) return gateResponse(g);
    const r = findJob((await params).id);
    if (!r.ok) return Response.json(r, { status: httpStatus(r.code) });
    return jobEvents(req, r.job.id);
  },
);
