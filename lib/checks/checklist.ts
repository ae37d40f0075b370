import type { ClusterView } from "@/lib/cluster/types";
import { routeVerdict } from "@/lib/health/route";
import { podHealth } from "@/lib/health/pod";
import type { HardlinkReport } from "@/lib/hardlinks/report";
import { formatBytes } from "@/lib/format";
import type { NfsHealth } from "@/lib/nfs/probe";
import type { Result } from "@/lib/result";
import { appPods } from "@/lib/stack/pods";
import type { StackApp } from "@/lib/stack/types";
import type { CheckItem, CheckVerdict, ChecklistReport } from "./types";

/**
 * The seed's Verification Checklist evaluated on evidence: a pure function, so every rule is
 * tested on fixtures. The server module (lib/k8s/checks.ts) gathers the evidence.
 */

type ChecklistApp = Pick<StackApp, "name" | "displayName" | "mountsData" | "host" | "selector">;

export interface NfsEvidence {
  pod: string;
  app: string;
  /** The probe's judgement, or why the probe could not run. */
  result: Result<{ health: NfsHealth }>;
}

/** The last round of NFS probes: when it ran and one result per pod that mounts the claim. */
export interface NfsSnapshot {
  at: string;
  results: NfsEvidence[];
}

/** What the checks page shows: the report, the last NFS probes (null before the first round). */
export interface ChecklistPage {
  report: ChecklistReport;
  nfs: NfsSnapshot | null;
  /** Why there is no report (the manifests did not load). */
  error?: string;
}

export interface HardlinkEvidence {
  finishedAt: string;
  pod: string;
  /** complete: the command ran to its end; otherwise why not (cancelled, timeout, exec error). */
  outcome: { complete: true } | { complete: false; reason: string };
  report: HardlinkReport | null;
}

export interface BudgetEvidence {
  fits: boolean;
  detail: string;
  evidence: string[];
}

export interface ChecklistEvidence {
  now: Date;
  namespace: string;
  apps: readonly ChecklistApp[];
  dataClaim: { pvcName: string; pvName: string };
  view: Pick<
    ClusterView,
    "status" | "namespace" | "pods" | "pvcs" | "pvs" | "httpRoutes" | "events" | "watches"
  >;
  /** True once the live model has listed the cluster (otherwise nothing can be said). */
  known: boolean;
  /** Per pod that mounts the data claim; undefined when no probe has been run. */
  nfs?: readonly NfsEvidence[];
  hardlinks?: HardlinkEvidence;
  /** The budget placed on the nodes, or why it could not be (undefined = not computed yet). */
  budget?: Result<BudgetEvidence>;
  /**
   * The seven items the apps' own APIs answer (lib/apps), by item id, or why they could not be
   * asked at all; undefined = not asked.
   */
  appChecks?: Result<{ items: Readonly<Partial<Record<string, CheckItem>>> }>;
}

const item = (
  id: string,
  title: string,
  verdict: CheckVerdict,
  summary: string,
  evidence: string[] = [],
  extra: Partial<CheckItem> = {},
): CheckItem => ({
  id,
  title,
  verdict,
  summary,
  evidence,
  ...extra,
});

function unknownItem(id: string, title: string, ev: ChecklistEvidence): CheckItem | null {
  if (!ev.known)
    return item(
      id,
      title,
      "could-not-check",
      "No data from the API server yet",
      ev.view.status.error ? [ev.view.status.error] : [],
    );
  return null;
}

function podsRunning(ev: ChecklistEvidence): CheckItem {
  const title = `All ${ev.apps.length} pods running in \`${ev.namespace}\` namespace`;
  const early = unknownItem("pods-running", title, ev);
  if (early) return early;
  if (!ev.view.namespace)
    return item("pods-running", title, "fail", `Namespace ${ev.namespace} does not exist`);
  const problems: string[] = [];
  const evidence: string[] = [];
  for (const app of ev.apps) {
    const live = appPods(app, ev.view.pods).filter((p) => !p.deletionTimestamp);
    const ready = live.filter((p) => p.phase === "Running" && p.ready);
    if (ready.length > 0) {
      evidence.push(`${app.displayName}: ${ready.map((p) => p.name).join(", ")} Running and Ready`);
      continue;
    }
    if (live.length === 0) problems.push(`${app.displayName}: no pod`);
    else
      for (const p of live)
        problems.push(`${app.displayName}: ${podHealth(p, ev.view.events).reason}`);
  }
  if (problems.length > 0) {
    return item(
      "pods-running",
      title,
      "fail",
      `${ev.apps.length - countApps(problems)} of ${ev.apps.length} apps have a Ready pod`,
      [...problems, ...evidence],
    );
  }
  return item(
    "pods-running",
    title,
    "pass",
    `${ev.apps.length} of ${ev.apps.length} apps Running and Ready`,
    evidence,
  );
}

function countApps(problems: string[]): number {
  return new Set(problems.map((p) => p.split(":")[0])).size;
}

const MOUNT_FAILURES = new Set(["FailedMount", "FailedAttachVolume", "FailedMapVolume"]);

function nfsBound(ev: ChecklistEvidence): CheckItem {
  const title = "NFS PV/PVC bound and accessible from all pods";
  const early = unknownItem("nfs-bound", title, ev);
  if (early) return early;
  const { pvcName, pvName } = ev.dataClaim;
  const fails: string[] = [];
  const unsure: string[] = [];
  const evidence: string[] = [];
  const pvc = ev.view.pvcs.find((c) => c.name === pvcName);
  const pv = ev.view.pvs.find((v) => v.name === pvName);
  if (!pvc) fails.push(`PVC ${pvcName} not found`);
  else if (pvc.phase !== "Bound")
    fails.push(
      `PVC ${pvcName} is ${pvc.phase}${pvc.volumeName ? ` (volume ${pvc.volumeName})` : ""}`,
    );
  else if (pvc.volumeName !== pvName)
    fails.push(`PVC ${pvcName} is bound to ${pvc.volumeName}, not ${pvName}`);
  else evidence.push(`PVC ${pvcName} Bound to ${pvName}`);
  if (!pv) fails.push(`PV ${pvName} not found`);
  else if (pv.phase !== "Bound") {
    const stale =
      pv.phase === "Released" && pv.claimRef
        ? ` (claimRef still points at ${pv.claimRef.namespace}/${pv.claimRef.name}; release it to rebind, data is kept)`
        : "";
    fails.push(`PV ${pvName} is ${pv.phase}${stale}`);
  } else
    evidence.push(`PV ${pvName} Bound${pv.nfs ? ` (nfs ${pv.nfs.server}:${pv.nfs.path})` : ""}`);

  const mounters = ev.apps.filter((a) => a.mountsData);
  for (const app of mounters) {
    for (const p of appPods(app, ev.view.pods).filter((x) => !x.deletionTimestamp)) {
      const failedMount = ev.view.events.find(
        (e) =>
          e.involved.kind === "Pod" &&
          e.involved.name === p.name &&
          e.type === "Warning" &&
          MOUNT_FAILURES.has(e.reason),
      );
      if (failedMount) fails.push(`${p.name}: ${failedMount.reason}: ${failedMount.message}`);
    }
  }

  if (!ev.nfs) unsure.push("NFS probe not run yet");
  else {
    for (const app of mounters) {
      const probes = ev.nfs.filter((n) => n.app === app.name);
      if (probes.length === 0) unsure.push(`${app.displayName}: no Ready pod to probe`);
      for (const n of probes) {
        if (!n.result.ok) {
          unsure.push(`${n.pod}: ${n.result.error}`);
          continue;
        }
        const h = n.result.health;
        const bad = h.findings.filter((f) => f.verdict === "fail");
        const cant = h.findings.filter((f) => f.verdict === "could-not-check");
        if (bad.length > 0) fails.push(...bad.map((f) => `${n.pod}: ${f.detail}`));
        else if (cant.length > 0) unsure.push(...cant.map((f) => `${n.pod}: ${f.detail}`));
        else
          evidence.push(
            `${n.pod}: mounted, one mount for torrents/ and media/, link test passed, writable where needed`,
          );
      }
    }
  }
  if (fails.length > 0)
    return item("nfs-bound", title, "fail", fails[0] ?? "", [...fails, ...unsure, ...evidence]);
  if (unsure.length > 0)
    return item("nfs-bound", title, "could-not-check", `Claim bound; ${unsure[0]}`, [
      ...unsure,
      ...evidence,
    ]);
  return item(
    "nfs-bound",
    title,
    "pass",
    `Claim bound and reachable from ${mounters.length} app${mounters.length === 1 ? "" : "s"}`,
    evidence,
  );
}

/**
 * The hardlink item. Passes only on proof: media files that share an inode with a torrent file,
 * a complete audit (trailer and counts, F12), no copies, every entry readable, and no probe that
 * saw torrents/ and media/ on separate mounts or failed the real link test (F1). Otherwise it
 * says why nothing is proven.
 * @see ../shared/reference/field-failures.md F1, F2, F4, F12
 */
function hardlinksVerified(ev: ChecklistEvidence): CheckItem {
  const title = "Hardlinks verified (matching inodes between `/data/torrents/` and `/data/media/`)";
  const href = "/checks/hardlinks";
  const split = (ev.nfs ?? []).flatMap((n) =>
    n.result.ok
      ? n.result.health.findings
          .filter(
            (f) =>
              (f.name === "same-device" || f.name === "same-mount" || f.name === "link-test") &&
              f.verdict === "fail",
          )
          .map((f) => `${n.pod}: ${f.detail}`)
      : [],
  );
  if (split.length > 0)
    return item(
      "hardlinks",
      title,
      "fail",
      "A hardlink from torrents/ into media/ cannot be made: imports become copies",
      split,
      { href },
    );
  const h = ev.hardlinks;
  if (!h)
    return item(
      "hardlinks",
      title,
      "could-not-check",
      "The hardlink audit has not been run yet",
      ["Run it from the hardlinks page"],
      { href },
    );
  const when = `audit ${ageText(ev.now, h.finishedAt)} in ${h.pod}`;
  if (!h.outcome.complete || !h.report) {
    const reason = h.outcome.complete ? "no report" : h.outcome.reason;
    return item(
      "hardlinks",
      title,
      "could-not-check",
      `The last audit did not finish: ${reason}`,
      [when],
      { href },
    );
  }
  const r = h.report;
  const rootFailures = r.rootFailures ?? [];
  if (rootFailures.length > 0) {
    const [first] = rootFailures;
    return item(
      "hardlinks",
      title,
      "fail",
      `${first?.path} could not be read: ${first?.message}`,
      [when, ...rootFailures.map((f) => `${f.path}: ${f.message}. Remedy: ${f.remedy}`)],
      { href },
    );
  }
  const evidence = [
    when,
    `${r.media.files} media files (${formatBytes(r.media.bytes)} apparent): ${r.media.linkedToTorrent.files} linked to a torrent, ${r.media.linkedNotToTorrent?.files ?? 0} linked but not to a torrent, ${r.media.copies.files} copies, ${r.media.standalone.files} without a torrent`,
    `${r.torrents.files} torrent files (per inode; ${r.torrents.paths ?? r.torrents.files} paths), ${r.torrents.orphans.files} never imported (${formatBytes(r.torrents.orphans.bytes)} apparent)${r.torrents.unfinished?.files ? `, ${r.torrents.unfinished.files} unfinished (${formatBytes(r.torrents.unfinished.bytes)} apparent, ${formatBytes(r.torrents.unfinished.allocatedBytes)} allocated)` : ""}`,
  ];
  if (r.devices.same === false)
    return item(
      "hardlinks",
      title,
      "fail",
      `torrents/ (device ${r.devices.torrents.join(", ")}) and media/ (device ${r.devices.media.join(", ")}) are on different devices`,
      evidence,
      { href },
    );
  if (r.media.copies.files > 0) {
    return item(
      "hardlinks",
      title,
      "fail",
      `${r.media.copies.files} media file${r.media.copies.files === 1 ? " is a copy" : "s are copies"}: ${formatBytes(r.bytesWasted)} stored twice`,
      [
        ...evidence,
        ...r.largestCopies.slice(0, 5).map((f) => `copy: ${f.path} (${formatBytes(f.size)})`),
      ],
      { href },
    );
  }
  if (r.cannotCheck.count > 0) {
    const groups = r.cannotCheck.groups ?? [];
    return item(
      "hardlinks",
      title,
      "could-not-check",
      `${r.cannotCheck.count} entr${r.cannotCheck.count === 1 ? "y" : "ies"} could not be checked${groups.length ? `: ${groups.map((g) => `${g.count} ${g.label}`).join(", ")}` : ""}`,
      [
        ...evidence,
        ...groups.map(
          (g) =>
            `${g.count} × ${g.label} (${g.errno}), e.g. ${g.examples.join(", ")}. Remedy: ${g.remedy}`,
        ),
        ...r.cannotCheck.entries.slice(0, 5).map((e) => `${e.path ?? "?"}: ${e.reason}`),
      ],
      { href },
    );
  }
  if (r.media.files === 0)
    return item(
      "hardlinks",
      title,
      "could-not-check",
      "No media files yet: nothing to verify",
      evidence,
      { href },
    );
  if (r.media.linkedToTorrent.files === 0) {
    const why =
      r.torrents.files === 0
        ? "there are no torrent files to link to"
        : (r.media.linkedNotToTorrent?.files ?? 0) > 0
          ? `${r.media.linkedNotToTorrent?.files} media file${r.media.linkedNotToTorrent?.files === 1 ? " is" : "s are"} linked, but not to a torrent`
          : "no media file came from a torrent";
    return item(
      "hardlinks",
      title,
      "could-not-check",
      `No media file shares an inode with a torrent: nothing proven (${why})`,
      evidence,
      { href },
    );
  }
  return item(
    "hardlinks",
    title,
    "pass",
    `${r.media.linkedToTorrent.files} of ${r.media.files} media files share an inode with a torrent`,
    evidence,
    { href },
  );
}

function routesAccessible(ev: ChecklistEvidence): CheckItem {
  const title = "All HTTPRoutes accessible";
  const early = unknownItem("httproutes", title, ev);
  if (early) return early;
  if (ev.view.watches.httproutes.state === "unavailable") {
    return item(
      "httproutes",
      title,
      "fail",
      "The Gateway API (HTTPRoute) is not installed in the cluster",
      [ev.view.watches.httproutes.error ?? ""].filter(Boolean),
    );
  }
  const routed = ev.apps.filter((a) => a.host);
  const fails: string[] = [];
  const unsure: string[] = [];
  const evidence: string[] = [];
  for (const app of routed) {
    const route = ev.view.httpRoutes.find((r) => r.hostnames.includes(app.host ?? ""));
    if (!route) {
      fails.push(`${app.displayName}: no HTTPRoute for ${app.host}`);
      continue;
    }
    const h = routeVerdict(route, ev.now.getTime()).health;
    const line = `${route.name} (${app.host}): ${h.reason}`;
    if (h.status === "Degraded") fails.push(line);
    else if (h.status !== "Healthy") unsure.push(line);
    else evidence.push(line);
  }
  if (fails.length > 0)
    return item("httproutes", title, "fail", fails[0] ?? "", [...fails, ...unsure, ...evidence]);
  if (unsure.length > 0)
    return item(
      "httproutes",
      title,
      "could-not-check",
      `${unsure.length} route${unsure.length === 1 ? "" : "s"} not yet accepted by a Gateway`,
      [...unsure, ...evidence],
    );
  return item("httproutes", title, "pass", `${routed.length} routes accepted`, [
    ...evidence,
    "Accepted and ResolvedRefs reported by the Gateway; an HTTP request through it is not made",
  ]);
}

function budgetFits(ev: ChecklistEvidence): CheckItem {
  const title = "Resource budget fits the nodes";
  if (!ev.budget) return item("budget", title, "could-not-check", "Budget not computed yet");
  if (!ev.budget.ok) return item("budget", title, "could-not-check", ev.budget.error);
  return item(
    "budget",
    title,
    ev.budget.fits ? "pass" : "fail",
    ev.budget.detail,
    ev.budget.evidence,
  );
}

/** Items that need an app's own API: shown, never guessed. */
const NOT_CHECKED: readonly { id: string; title: string; needs: string }[] = [
  {
    id: "prowlarr-indexers",
    title: "Prowlarr indexers configured and synced to Sonarr/Radarr",
    needs: "Prowlarr's API key (X-Api-Key) to read /api/v1/indexer and /api/v1/applications",
  },
  {
    id: "qbittorrent-paths",
    title: "qBittorrent accessible and download paths set to `/data/torrents/`",
    needs:
      "qBittorrent WebUI credentials to read /api/v2/app/preferences (save_path) and /api/v2/torrents/categories",
  },
  {
    id: "sonarr-config",
    title: "Sonarr root folder set to `/data/media/tv/`, connected to Prowlarr + qBittorrent",
    needs:
      "Sonarr's API key to read /api/v3/rootfolder, /api/v3/downloadclient and /api/v3/indexer",
  },
  {
    id: "radarr-config",
    title: "Radarr root folder set to `/data/media/movies/`, connected to Prowlarr + qBittorrent",
    needs:
      "Radarr's API key to read /api/v3/rootfolder, /api/v3/downloadclient and /api/v3/indexer",
  },
  {
    id: "jellyfin-library",
    title: "Jellyfin library scan finds media",
    needs: "A Jellyfin API key to read /Library/VirtualFolders and /Items/Counts",
  },
  {
    id: "homepage-entries",
    title: "Homepage entries functional",
    needs:
      "Homepage's URL to read its /api/services and fetch each widget (Homepage has no auth of its own)",
  },
  {
    id: "uptime-kuma",
    title: "Uptime Kuma monitoring all endpoints",
    needs:
      "Uptime Kuma's /metrics with an API key, to match its monitors against the HTTPRoute hostnames",
  },
];

/** An item the apps' APIs answer; could-not-check (saying why) when they were not asked. */
function appItem(ev: ChecklistEvidence, id: string): CheckItem {
  const n = NOT_CHECKED.find((x) => x.id === id);
  if (!n) throw new Error(`unknown checklist item ${id}`);
  const answered = ev.appChecks?.ok ? ev.appChecks.items[id] : undefined;
  if (answered) return answered;
  const why =
    ev.appChecks && !ev.appChecks.ok ? ev.appChecks.error : "The apps have not been asked yet";
  return item(n.id, n.title, "could-not-check", why, [], { needs: n.needs });
}

/** The whole checklist, in the seed's order, plus the budget. */
export function evaluateChecklist(ev: ChecklistEvidence): ChecklistReport {
  const items = [
    podsRunning(ev),
    nfsBound(ev),
    appItem(ev, "prowlarr-indexers"),
    appItem(ev, "qbittorrent-paths"),
    appItem(ev, "sonarr-config"),
    appItem(ev, "radarr-config"),
    hardlinksVerified(ev),
    appItem(ev, "jellyfin-library"),
    routesAccessible(ev),
    appItem(ev, "homepage-entries"),
    appItem(ev, "uptime-kuma"),
    budgetFits(ev),
  ];
  const counts: Record<CheckVerdict, number> = {
    pass: 0,
    fail: 0,
    "could-not-check": 0,
    "not-checked": 0,
  };
  for (const i of items) counts[i.verdict] += 1;
  return { generatedAt: ev.now.toISOString(), items, counts };
}

/** "3 min ago" */
function ageText(now: Date, iso: string): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
