import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type GaugeConfiguration,
} from "prom-client";

/**
 * The dashboard's Prometheus metrics on prom-client (the maintained client the ecosystem uses;
 * it replaced our hand-written text writer): one registry per process (kept on globalThis so dev
 * reloads and Next's separate module graphs share it) with Node's default process metrics
 * (`process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`, event-loop lag, …), and a
 * small API for the rest of the code:
 *
 * ```ts
 * metrics.countAction("restart", "ok");
 * metrics.countCheck("hardlinks", "fail");
 * metrics.observeRequest("/api/homepage", "GET", 200, 0.004);
 * ```
 * Label values come from code (route names, action names, outcomes), never from requests.
 */
export interface DashboardMetrics {
  registry: Registry;
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  countAction(name: string, outcome: "ok" | "error" | "denied" | "invalid"): void;
  countCheck(name: string, verdict: string): void;
  observeAudit(seconds: number, outcome: string, files: number): void;
  /** A gauge computed at scrape time by `collect` (registered once per name). */
  scrapeGauge<L extends string>(config: Omit<GaugeConfiguration<L>, "registers">): Gauge<L>;
}

function create(): DashboardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "arr_dashboard_http_requests_total",
    help: "HTTP requests served by route handlers.",
    labelNames: ["route", "method", "code"] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: "arr_dashboard_http_request_duration_seconds",
    help: "Route handler latency.",
    labelNames: ["route", "method"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const actions = new Counter({
    name: "arr_dashboard_actions_total",
    help: "Server actions by name and outcome (ok, error, denied, invalid).",
    labelNames: ["action", "outcome"] as const,
    registers: [registry],
  });
  const checks = new Counter({
    name: "arr_dashboard_checks_total",
    help: "Check evaluations by check and verdict.",
    labelNames: ["check", "verdict"] as const,
    registers: [registry],
  });
  const auditSeconds = new Histogram({
    name: "arr_dashboard_hardlink_audit_duration_seconds",
    help: "Wall time of hardlink audits.",
    labelNames: ["outcome"] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const auditFiles = new Gauge({
    name: "arr_dashboard_hardlink_audit_files",
    help: "Files seen by the last hardlink audit.",
    registers: [registry],
  });
  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.inc({ route, method, code: String(status) });
      requestSeconds.observe({ route, method }, seconds);
    },
    countAction(name, outcome) {
      actions.inc({ action: name, outcome });
    },
    countCheck(name, verdict) {
      checks.inc({ check: name, verdict });
    },
    observeAudit(seconds, outcome, files) {
      auditSeconds.observe({ outcome }, seconds);
      auditFiles.set(files);
    },
    scrapeGauge<L extends string>(config: Omit<GaugeConfiguration<L>, "registers">) {
      const existing = registry.getSingleMetric(config.name);
      if (existing) return existing as Gauge<L>;
      return new Gauge<L>({ ...config, registers: [registry] });
    },
  };
}

const KEY = Symbol.for("arr-dashboard.metrics");

export function getMetrics(): DashboardMetrics {
  const g = globalThis as { [KEY]?: DashboardMetrics };
  g[KEY] ??= create();
  return g[KEY];
}

/** Shorthand: `metrics.countAction(...)`. */
export const metrics: DashboardMetrics = new Proxy({} as DashboardMetrics, {
  get: (_t, prop) => getMetrics()[prop as keyof DashboardMetrics],
});

/** Wraps a route handler so its requests are counted and timed under a fixed route name. */
export function instrumented<A extends unknown[]>(
  route: string,
  handler: (req: Request, ...rest: A) => Promise<Response>,
): (req: Request, ...rest: A) => Promise<Response> {
  return async (req, ...rest) => {
    const start = performance.now();
    let status = 500;
    try {
      const res = await handler(req, ...rest);
      status = res.status;
      return res;
    } finally {
      getMetrics().observeRequest(route, req.method, status, (performance.now() - start) / 1000);
    }
  };
}
