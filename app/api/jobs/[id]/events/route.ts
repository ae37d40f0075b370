// GET /api/jobs/:id/events — Server-Sent Events: the job's state on every change, then `done`.
// A reload reconnects and gets the current state first, so nothing is lost.
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { JobIdSchema } from "@/lib/actions/schemas";
import { jobRegistry, type JobView } from "@/lib/deploy/jobs";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

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

  const enc = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (event: string, data: unknown) => {
        if (!closed)
          controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        controller.close();
      };
      const onJob = (job: JobView) => {
        send("job", job);
        if (job.status !== "running") close();
      };
      const unsubscribe = reg.subscribe(id.data, onJob);
      const beat = setInterval(
        () => !closed && controller.enqueue(enc.encode(": keep-alive\n\n")),
        HEARTBEAT_MS,
      );
      cleanup = () => {
        unsubscribe();
        clearInterval(beat);
      };
      req.signal.addEventListener("abort", close);
      // Current state first (after subscribing, so no change falls in between).
      onJob(reg.get(id.data) ?? first);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
