import { getLiveModel } from "@/lib/k8s/live";
import { getMetrics, instrumented } from "@/lib/metrics";

export const dynamic = "force-dynamic";

const WATCH_STATES = ["starting", "synced", "stale", "error", "unavailable"] as const;

/** Gauges read from the live model at scrape time (prom-client's `collect`; registered once). */
function registerLiveGauges(): void {
  const m = getMetrics();
  const live = () => getLiveModel().snapshot();
  m.scrapeGauge({
    name: "arr_dashboard_api_connected",
    help: "1 when the API server answers and no watch fails to connect.",
    collect() {
      this.set(live().status.connected ? 1 : 0);
    },
  });
  m.scrapeGauge({
    name: "arr_dashboard_last_sync_age_seconds",
    help: "Seconds since the live model last matched the API server (-1: never).",
    collect() {
      const at = live().status.lastSyncAt;
      this.set(at ? (Date.now() - Date.parse(at)) / 1000 : -1);
    },
  });
  m.scrapeGauge({
    name: "arr_dashboard_snapshot_version",
    help: "Version of the live snapshot (grows on every change).",
    collect() {
      this.set(live().version);
    },
  });
  m.scrapeGauge({
    name: "arr_dashboard_watch_state",
    help: "1 for the current state of each watch.",
    labelNames: ["kind", "state"],
    collect() {
      for (const [kind, w] of Object.entries(live().watches))
        for (const s of WATCH_STATES) this.set({ kind, state: s }, w.state === s ? 1 : 0);
    },
  });
}

/** Prometheus scrape endpoint (text format). Read-only, no secrets, no per-user labels. */
export const GET = instrumented("/api/metrics", async () => {
  registerLiveGauges();
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
});
