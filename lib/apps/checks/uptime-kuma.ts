import type { CheckItem } from "@/lib/checks/types";
import type { AppsEvidence } from "../types";
import { fail, findings, got, verdictOf } from "./common";

export interface KumaMonitor {
  name: string;
  url: string;
  hostname: string;
  status: number;
}

const MAX_LINES = 20_000;

function unescapeLabel(v: string): string {
  return v.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
}

/**
 * Parses the `monitor_status` samples of Uptime Kuma's Prometheus text (`/metrics`):
 * `monitor_status{monitor_name="…",monitor_url="…",monitor_hostname="…",…} 1`.
 * 1 = up, 0 = down, 2 = pending, 3 = maintenance. Other metrics are skipped; at most 20 000 lines.
 * @see app-apis.md §5 (louislam/uptime-kuma server/prometheus.js)
 */
export function parseKumaMetrics(text: string): KumaMonitor[] {
  const out: KumaMonitor[] = [];
  const lines = text.split("\n", MAX_LINES);
  for (const line of lines) {
    if (!line.startsWith("monitor_status{")) continue;
    const close = line.lastIndexOf("}");
    if (close < 0) continue;
    const labels: Record<string, string> = {};
    for (const m of line
      .slice("monitor_status{".length, close)
      .matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[m[1] ?? ""] = unescapeLabel(m[2] ?? "");
    const value = Number(
      line
        .slice(close + 1)
        .trim()
        .split(/\s+/)[0],
    );
    if (!Number.isFinite(value)) continue;
    out.push({
      name: labels.monitor_name ?? "",
      url: labels.monitor_url ?? "",
      hostname: labels.monitor_hostname ?? "",
      status: value,
    });
  }
  return out;
}

const STATUS = ["down", "up", "pending", "maintenance"];

function monitors(m: KumaMonitor, host: string): boolean {
  if (m.hostname.toLowerCase() === host) return true;
  try {
    return new URL(m.url).hostname.toLowerCase() === host;
  } catch {
    return false;
  }
}

/**
 * "Uptime Kuma monitoring all endpoints" (§8): every HTTPRoute hostname appears in some
 * monitor's URL (or hostname), and one such monitor is up (status 1).
 */
export function uptimeKumaCheck(ev: AppsEvidence): CheckItem {
  const title = "Uptime Kuma monitoring all endpoints";
  const f = findings();
  const list = got(f, "Uptime Kuma", "metrics", ev.uptimeKuma.monitors);
  if (list) {
    for (const host of ev.hostnames.map((h) => h.toLowerCase())) {
      const mine = list.filter((m) => monitors(m, host));
      if (mine.length === 0)
        fail(
          f,
          `No Uptime Kuma monitor for ${host}`,
          `Add an HTTP monitor for https://${host} in Uptime Kuma (or a KumaEntity for AutoKuma)`,
        );
      else if (!mine.some((m) => m.status === 1))
        fail(
          f,
          `${host}: monitor "${mine[0]?.name}" is ${STATUS[mine[0]?.status ?? 0] ?? mine[0]?.status}`,
          `Open ${host} and fix what Uptime Kuma reports for it`,
        );
      else f.evidence.push(`${host}: monitor "${mine.find((m) => m.status === 1)?.name}" up`);
    }
  }
  return verdictOf("uptime-kuma", title, f, `${ev.hostnames.length} endpoints monitored and up`);
}
