// GET /api/jobs/:id/events — Server-Sent Events: the job's state on every change, then `done`.
// A reload reconnects and gets the current state first, so nothing is lost.
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { JobIdSchema } from "@/lib/actions/schemas";
import { jobRegistry, type JobView } from "@/lib/deploy/jobs";
import { eventStream } from "@/lib/sse";

export const dynamic = "force-dynamic";

export async function GET(
  req: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const g = await gateRequest(req, "follow-job");
  if (!g.ok) return gateResponse(g);
  const id = JobIdSchema.safeParse((await params).id);
  if (!id.success) return Response.json({ ok: false, error: "malformed job id" }, { status: 400 });
  const reg = jobRegistry();
  const first = reg.get(id.data);
  if (!first) return Response.json({ ok: false, error: "no such job" }, { status: 404 });

  return eventStream(req, (sink) => {
    const onJob = (job: JobView) => {
      sink.send("job", job);
      if (job.status !== "running") sink.close();
    };
    const unsubscribe = reg.subscribe(id.data, onJob);
    // Current state first (after subscribing, so no change falls in between).
    onJob(reg.get(id.data) ?? first);
    return unsubscribe;
  });
}
