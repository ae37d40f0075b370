import { z } from "zod";
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { auditJobs, type AuditJobView } from "@/lib/checks/hardlink-jobs";
import { instrumented } from "@/lib/metrics";
import { eventStream } from "@/lib/sse";

export const dynamic = "force-dynamic";

const IdSchema = z.uuid();

/**
 * Server-Sent Events for one hardlink audit: an `audit` event with the job's view on every
 * progress tick and once more when it is done (then the stream closes).
 */
export const GET = instrumented(
  "/api/checks/hardlinks/[id]/events",
  async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
    const gate = await gateRequest(req, "hardlinks.watch");
    if (!gate.ok) return gateResponse(gate);
    const parsed = IdSchema.safeParse((await ctx.params).id);
    if (!parsed.success)
      return Response.json({ ok: false, error: "invalid audit id" }, { status: 400 });
    const jobs = auditJobs();
    if (!jobs.get(parsed.data))
      return Response.json(
        { ok: false, error: "no such audit (it may have expired)" },
        { status: 404 },
      );

    return eventStream(req, (sink) =>
      jobs.subscribe(parsed.data, (v: AuditJobView) => {
        sink.send("audit", v);
        if (v.state === "done") sink.close();
      }),
    );
  },
);
