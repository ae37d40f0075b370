import { z } from "zod";
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { auditJobs, type AuditJobView } from "@/lib/checks/hardlink-jobs";
import { instrumented } from "@/lib/metrics";

export const dynamic = "force-dynamic";

const IdSchema = z.uuid();
const HEARTBEAT_MS = 15_000;

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

    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        const send = (v: AuditJobView) => {
          if (closed) return;
          controller.enqueue(encoder.encode(`event: audit\ndata: ${JSON.stringify(v)}\n\n`));
          if (v.state === "done") queueMicrotask(close);
        };
        const heartbeat = setInterval(
          () => !closed && controller.enqueue(encoder.encode(": keep-alive\n\n")),
          HEARTBEAT_MS,
        );
        const unsubscribe = jobs.subscribe(parsed.data, send);
        const onAbort = () => close();
        req.signal.addEventListener("abort", onAbort, { once: true });
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
          req.signal.removeEventListener("abort", onAbort);
        };
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
  },
);
