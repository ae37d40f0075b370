import { gateRequest, gateResponse } from "@/lib/auth/server";
import { subscribeChecks } from "@/lib/checks/server";
import { getLiveModel } from "@/lib/k8s/live";
import { eventStream } from "@/lib/sse";

export const dynamic = "force-dynamic";

/**
 * GET /api/events — the one push channel. Server-Sent Events saying `changed` (with the live
 * snapshot's version) when the cluster changed, and `checks` when evidence beyond the snapshot
 * changed (an NFS probe round, a finished job). The browser then refetches what it shows. Every
 * tab subscribes to the same in-process model, so the API server's load does not grow with tabs.
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
      const offLive = live.subscribe(changed);
      let checks = 0;
      const offChecks = subscribeChecks(() => sink.send("checks", { n: ++checks }));
      return () => {
        offLive();
        offChecks();
      };
    },
    { retryMs: 1000 },
  );
}
