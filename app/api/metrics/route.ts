import { getLiveModel } from "@/lib/k8s/live";
import { getMetrics, instrumented } from "@/lib/metrics";
import { CONTENT_TYPE } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

const WATCH_STATES = ["starting", "synced", "stale", "error", "unavailable"] as const;
const KEY = Symbol.for("arr-dashboard.metrics-live-collector");

/** Gauges read from the live model at scrape time (registered once per process). */
function registerLiveCollector(): void {
  const g = globalThis as { [KEY]?: true };
  if (g[KEY]) return;
  g[KEY] = true;
  const { registry } = getMetrics();
  const connected = registry.gauge(
    "arr_dashboard_api_connected",
    "1 when the API server answers and no watch fails to connect.",
  );
  const syncAge = registry.gauge(
    "arr_dashboard_last_sync_age_seconds",
    "Seconds since the live model last matched the API server (-1: never).",
  );
  const watch = registry.gauge(
    "arr_dashboard_watch_state",
    "1 for the current state of each watch.",
    ["kind", "state"],
  );
  const snapshotVersion = registry.gauge(
    "arr_dashboard_snapshot_version",
    "Version of the live snapshot (grows on every change).",
  );
  // The process's own memory, under the names Prometheus client libraries use, so an operator can
  // watch it against the Deployment's limit (npm run bench:rss measures the same RSS).
  const rss = registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.");
  const startTime = registry.gauge(
    "process_start_time_seconds",
    "Start time of the process since unix epoch in seconds.",
  );
  const heapUsed = registry.gauge("nodejs_heap_size_used_bytes", "V8 heap in use, in bytes.");
  const heapTotal = registry.gauge("nodejs_heap_size_total_bytes", "V8 heap reserved, in bytes.");
  const external = registry.gauge(
    "nodejs_external_memory_bytes",
    "Memory of C++ objects bound to JavaScript objects (buffers), in bytes.",
  );
  const startedAt = Date.now() / 1000 - process.uptime();
  registry.collect(() => {
    const m = process.memoryUsage();
    rss.set({}, m.rss);
    heapUsed.set({}, m.heapUsed);
    heapTotal.set({}, m.heapTotal);
    external.set({}, m.external);
    startTime.set({}, Math.round(startedAt));
  });
  registry.collect(() => {
    const view = getLiveModel().snapshot();
    connected.set({}, view.status.connected ? 1 : 0);
    syncAge.set(
      {},
      view.status.lastSyncAt ? (Date.now() - Date.parse(view.status.lastSyncAt)) / 1000 : -1,
    );
    snapshotVersion.set({}, view.version);
    for (const [kind, w] of Object.entries(view.watches))
      for (const s of WATCH_STATES) watch.set({ kind, state: s }, w.state === s ? 1 : 0);
  });
}

/** Prometheus scrape endpoint (text format 0.0.4). Read-only, no secrets, no per-user labels. */
export const GET = instrumented("/api/metrics", async () => {
  registerLiveCollector();
  return new Response(getMetrics().registry.render(), {
    headers: { "content-type": CONTENT_TYPE, "cache-control": "no-store" },
  });
});
