import { Registry, type Counter, type Gauge, type Histogram } from "./registry";

/**
 * The dashboard's metrics: one registry per process (kept on globalThis so dev reloads and
 * Next's separate module graphs share it), and a small API for the rest of the code:
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
  requests: Counter;
  requestSeconds: Histogram;
  actions: Counter;
  checks: Counter;
  auditSeconds: Histogram;
  auditFiles: Gauge;
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  countAction(name: string, outcome: "ok" | "error" | "denied" | string): void;
  countCheck(name: string, verdict: string): void;
  observeAudit(seconds: number, outcome: string, files: number): void;
}

function create(): DashboardMetrics {
  const registry = new Registry();
  const requests = registry.counter(
    "arr_dashboard_http_requests_total",
    "HTTP requests served by route handlers.",
    ["route", "method", "code"],
  );
  const requestSeconds = registry.histogram(
    "arr_dashboard_http_request_duration_seconds",
    "Route handler latency.",
    ["route", "method"],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const actions = registry.counter(
    "arr_dashboard_actions_total",
    "Mutating actions by name and outcome.",
    ["action", "outcome"],
  );
  const checks = registry.counter(
    "arr_dashboard_checks_total",
    "Check evaluations by check and verdict.",
    ["check", "verdict"],
  );
  const auditSeconds = registry.histogram(
    "arr_dashboard_hardlink_audit_duration_seconds",
    "Wall time of hardlink audits.",
    ["outcome"],
    [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  );
  const auditFiles = registry.gauge(
    "arr_dashboard_hardlink_audit_files",
    "Files seen by the last hardlink audit.",
  );
  return {
    registry,
    requests,
    requestSeconds,
    actions,
    checks,
    auditSeconds,
    auditFiles,
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
      auditFiles.set({}, files);
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
