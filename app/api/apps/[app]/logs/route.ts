// GET /api/apps/:app/logs — one container log of the stack, as Server-Sent Events (`lines` with
// items and "dropped" markers, then `end`) or, with download=1, as a plain-text attachment.
// Only the app's own live pods and the containers its manifests name can be read (400 otherwise).
// Query: pod, container (defaults: newest pod, main container), previous, follow, timestamps,
// tail (≤ 5000), download. See lib/logs/target.ts.
import { gateRequest, gateResponse } from "@/lib/auth/server";
import { AppNameSchema } from "@/lib/actions/schemas";
import { downloadLog, followLog, resolveTarget } from "@/lib/logs/server";
import { DOWNLOAD_LIMIT_BYTES, DOWNLOAD_TAIL_LINES, parseLogQuery } from "@/lib/logs/target";
import { fail, httpStatus, type FailureCode } from "@/lib/result";
import { eventStream } from "@/lib/sse";

export const dynamic = "force-dynamic";

/** A coded failure (lib/result.ts) with its HTTP status: 400 for names that are not the stack's. */
const bad = (error: string, code: FailureCode = "invalid") =>
  Response.json(fail(code, error), {
    status: httpStatus(code),
    headers: { "cache-control": "no-store" },
  });

export async function GET(
  req: Request,
  { params }: { params: Promise<{ app: string }> },
): Promise<Response> {
  const g = await gateRequest(req, "read-logs");
  if (!g.ok) return gateResponse(g);
  const app = AppNameSchema.safeParse((await params).app);
  if (!app.success) return bad("malformed app name");
  const q = parseLogQuery(new URL(req.url).searchParams);
  if (!q.ok) return bad(q.error);
  const { query } = q;
  const resolved = resolveTarget(app.data, query);
  if (!resolved.ok) return bad(resolved.error, resolved.code);
  const { target } = resolved;

  if (query.download) {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const file = `${target.pod}_${target.container}${query.previous ? "_previous" : ""}_${stamp}.log`;
    return new Response(
      downloadLog(
        target,
        {
          previous: query.previous,
          timestamps: query.timestamps,
          tailLines: DOWNLOAD_TAIL_LINES,
          limitBytes: DOWNLOAD_LIMIT_BYTES,
        },
        req.signal,
      ),
      {
        headers: {
          "Content-Type": "text/plain; charset=utf-8",
          "Content-Disposition": `attachment; filename="${file}"`,
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
        },
      },
    );
  }

  return eventStream(
    req,
    (sink) => {
      const abort = new AbortController();
      sink.send("target", {
        namespace: target.namespace,
        pod: target.pod,
        container: target.container,
        previous: query.previous,
        restartCount: target.live.restartCount,
      });
      void followLog(
        target,
        {
          follow: query.follow && !query.previous,
          previous: query.previous,
          tailLines: query.tail,
          timestamps: query.timestamps,
        },
        sink,
        abort.signal,
      );
      return () => abort.abort();
    },
    // The page decides when to reconnect (a reconnect would repeat the tail): no auto-retry hint.
    {},
  );
}
