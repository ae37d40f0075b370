import { gateRequest, gateResponse } from "@/lib/auth/server";
import { getLiveModel } from "@/lib/k8s/live";
import { eventStream } from "@/lib/sse";

export const dynamic = "force-dynamic";

/**
 * GET /api/events — Server-Sent Events telling the browser "changed" with the snapshot version.
 * The browser then refetches /api/view. Every tab subscribes to the same in-process live model,
 * so the API server's load does not grow with tabs.
 */
export async function GET(request: Request): Promise<Response> {
  const g = await gateRequest(request, "events");
  if (!g.ok) return gateResponse(g);
  const live = getLiveModel();
  return eventStream(
    request,
    (sink) => {
      const changed = (version: number) =>
        sink.send("changed", { version, connected: live.status.connected });
      changed(live.snapshot().version);
      return live.subscribe(changed);
    },
    { retryMs: 1000 },
  );
}
