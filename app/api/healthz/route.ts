import { instrumented } from "@/lib/metrics";
import { lifecycle } from "@/lib/metrics/lifecycle";

export const dynamic = "force-dynamic";

/** Liveness: the process is alive and its event loop answers. Nothing else is checked. */
export const GET = instrumented("/api/healthz", async () =>
  Response.json(
    { status: "ok", uptimeSeconds: Math.round((Date.now() - lifecycle().startedAt) / 1000) },
    { headers: { "cache-control": "no-store" } },
  ),
);
