import type { ApiApp, AppsEvidence, Fetched } from "./types";

/**
 * What an app says about itself, for its detail page and the overview card: version from its
 * API, its own health messages (with wiki links), and its queue with import problems. Pure: the
 * evidence comes from lib/apps/server.ts. Nothing here carries a key.
 */

interface HealthMessage {
  source: string;
  type: "notice" | "warning" | "error" | "ok";
  message: string;
  wikiUrl?: string;
}

interface QueueProblem {
  title: string;
  state: string;
  messages: string[];
}

export interface AppSelfReport {
  app: ApiApp;
  /** Why the app could not be asked (unreachable, key missing, …), if it could not. */
  error?: string;
  version?: string;
  health: HealthMessage[];
  queue?: { total: number; problems: QueueProblem[] };
  /** One line when the app's own health reports errors (the overview card's flag), else null. */
  flag: string | null;
}

const firstError = (...results: Fetched<unknown>[]): string | undefined =>
  results.find((r): r is Extract<Fetched<unknown>, { ok: false }> => !r.ok)?.error;

function arrReport(
  app: "sonarr" | "radarr" | "prowlarr",
  ev: AppsEvidence,
  name: string,
): AppSelfReport {
  const a = ev[app];
  const health: HealthMessage[] = a.health.ok
    ? a.health.data.map((h) => ({
        source: h.source ?? "",
        type: h.type ?? "warning",
        message: h.message ?? "",
        ...(h.wikiUrl ? { wikiUrl: h.wikiUrl } : {}),
      }))
    : [];
  let queue: AppSelfReport["queue"];
  if ("queue" in a && a.queue.ok) {
    const problems = a.queue.data.records
      .filter(
        (r) =>
          r.trackedDownloadStatus === "error" ||
          r.trackedDownloadStatus === "warning" ||
          r.trackedDownloadState === "importBlocked" ||
          r.trackedDownloadState === "failedPending" ||
          Boolean(r.errorMessage),
      )
      .map((r) => ({
        title: r.title ?? "(untitled)",
        state: r.trackedDownloadState ?? r.status ?? "unknown",
        messages: [
          ...(r.errorMessage ? [r.errorMessage] : []),
          ...(r.statusMessages ?? []).flatMap((m) => m.messages ?? []),
        ],
      }));
    queue = { total: a.queue.data.totalRecords ?? a.queue.data.records.length, problems };
  }
  const errors = health.filter((h) => h.type === "error");
  return {
    app,
    error: a.status.ok ? undefined : a.status.error,
    version: a.status.ok ? (a.status.data.version ?? undefined) : undefined,
    health,
    queue,
    flag:
      errors.length > 0
        ? `${name} reports ${errors.length === 1 ? "a health error" : `${errors.length} health errors`}: ${errors[0]?.message}`
        : queue && queue.problems.length > 0
          ? `${name}: ${queue.problems.length} download${queue.problems.length === 1 ? "" : "s"} stuck (${queue.problems[0]?.state})`
          : null,
  };
}

/** The app's self-report from the evidence. */
export function appSelfReport(app: ApiApp, ev: AppsEvidence, displayName: string): AppSelfReport {
  if (app === "sonarr" || app === "radarr" || app === "prowlarr")
    return arrReport(app, ev, displayName);
  if (app === "qbittorrent") {
    const q = ev.qbittorrent;
    return {
      app,
      error: firstError(q.version, q.preferences),
      version: q.version.ok ? q.version.data : undefined,
      health: [],
      flag: null,
    };
  }
  const j = ev.jellyfin;
  const running = j.folders.ok
    ? j.folders.data.filter((f) => f.RefreshStatus && f.RefreshStatus !== "Idle")
    : [];
  return {
    app,
    error: firstError(j.info, j.folders),
    version: j.info.ok ? (j.info.data.Version ?? undefined) : undefined,
    health: running.map((f) => ({
      source: `Library ${f.Name ?? ""}`,
      type: "notice",
      message: `scan ${f.RefreshStatus}`,
    })),
    flag: null,
  };
}
