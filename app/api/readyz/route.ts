import { getLiveModel } from "@/lib/k8s/live";
import { instrumented } from "@/lib/metrics";
import { lifecycle } from "@/lib/metrics/lifecycle";
import { getStack } from "@/lib/stack/server";

export const dynamic = "force-dynamic";

/**
 * Readiness: the server can serve pages. It does NOT fail because the API server is down: with
 * one replica that would swap the dashboard's "API server unreachable" banner for the Gateway's
 * bare 503. It fails only while draining on shutdown or when the manifests cannot be loaded.
 */
export const GET = instrumented("/api/readyz", async () => {
  const headers = { "cache-control": "no-store" };
  if (lifecycle().draining) return Response.json({ status: "draining" }, { status: 503, headers });
  let manifests: { ok: true } | { ok: false; error: string };
  try {
    getStack();
    manifests = { ok: true };
  } catch (error) {
    manifests = {
      ok: false,
      error:
        error instanceof Error ? (error.message.split("\n")[0] ?? "") : "manifests failed to load",
    };
  }
  if (!manifests.ok)
    return Response.json({ status: "not ready", manifests }, { status: 503, headers });
  const s = getLiveModel().status;
  return Response.json(
    { status: "ready", apiServer: { connected: s.connected, lastSyncAt: s.lastSyncAt } },
    { headers },
  );
});
