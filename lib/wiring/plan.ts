import type { AppCheckId } from "@/lib/apps/checks";
import { effectiveCategoryPath } from "@/lib/apps/checks/qbittorrent";
import { isProwlarrIndexer } from "@/lib/apps/checks/arr";
import {
  fieldText,
  hostIsService,
  isUnder,
  normalizePath,
  serviceUrl,
  urlIsService,
} from "@/lib/apps/checks/common";
import type {
  ArrIndexer,
  Health,
  ItemCounts,
  ProwlarrIndexer,
  QbitCategories,
  RootFolder,
  VirtualFolder,
} from "@/lib/apps/schemas";
import type { ApiApp, Fetched, InClusterService } from "@/lib/apps/types";
import type { MediaManagementFull, Provider, QbitWiringPrefs } from "./schemas";

/**
 * The wiring planner (pure): from what each app holds now to a list of steps, each with the
 * exact requests it would send (secrets only as `"<secret:NAME>"` placeholders, filled in by
 * lib/apps/server.ts `callApp` at send time, so a plan is safe to show, log and keep), what the
 * app holds now, a status and its dependencies:
 *  - `ok`: already right, nothing to send;
 *  - `fix`: the requests put it right;
 *  - `blocked`: a foreign object is in the way (reported, never replaced or deleted) or the app
 *    could not be read.
 * Targets (issue 16, the seed's layout): qBittorrent save path /data/torrents/, categories
 * /data/torrents/tv and /data/torrents/movies; root folders /data/media/tv and /data/media/movies;
 * a qBittorrent download client at the in-cluster Service; copyUsingHardlinks on; Prowlarr
 * Sonarr/Radarr applications (full sync) then ApplicationIndexerSync; Jellyfin Movies and Shows
 * libraries then a scan. The NFS tuning step (disk_io_type 2, async_io_threads 64) is offered
 * (`optional`), never part of Wire all.
 * @see /work/shared/reference/app-apis.md §1.3, §1.5, §2.3, §3
 */

const TORRENTS = "/data/torrents";
const SAVE_PATH = "/data/torrents/";
/** qBittorrent NFS tuning (seed step 4.25.4.7): "simple pread/pwrite" and 64 async I/O threads. */
export const NFS_TUNING = { disk_io_type: 2, async_io_threads: 64 } as const;

export const WIRING_STEP_IDS = [
  "qbittorrent-save-path",
  "qbittorrent-categories",
  "sonarr-root-folder",
  "sonarr-download-client",
  "sonarr-hardlinks",
  "radarr-root-folder",
  "radarr-download-client",
  "radarr-hardlinks",
  "sonarr-recheck",
  "radarr-recheck",
  "prowlarr-applications",
  "prowlarr-sync",
  "jellyfin-movies",
  "jellyfin-shows",
  "jellyfin-scan",
  "qbittorrent-nfs-tuning",
] as const;
export type WiringStepId = (typeof WIRING_STEP_IDS)[number];

export type StepStatus = "ok" | "fix" | "blocked";

/** One request of a step, exactly as it will be sent (placeholders for secrets). */
export interface WiringRequest {
  app: ApiApp;
  method: "POST" | "PUT";
  /** Path with query. */
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

export interface WiringStep {
  id: WiringStepId;
  app: ApiApp;
  title: string;
  status: StepStatus;
  /** What the app holds now, one fact a line. */
  now: string[];
  /** Why it is blocked, or what the fix does. */
  reason?: string;
  requests: WiringRequest[];
  /** Steps that must have succeeded (or been ok) before this one runs. */
  dependsOn: WiringStepId[];
  /** The checklist item this step serves. */
  checkId: AppCheckId;
  /** Offered only (the NFS tuning): not part of Wire all. */
  optional?: boolean;
}

type ArrApp = "sonarr" | "radarr";

interface ArrInputs {
  rootFolders: Fetched<RootFolder[]>;
  downloadClients: Fetched<Provider[]>;
  clientTemplates: Fetched<Provider[]>;
  mediaManagement: Fetched<MediaManagementFull>;
  health: Fetched<Health[]>;
  indexers: Fetched<ArrIndexer[]>;
  /** Imports recorded (history eventType=3 totalRecords). */
  imports: Fetched<number>;
}

/** What the planner reads: each app's answers, and where each app lives in the cluster. */
export interface WiringInputs {
  services: Partial<Record<ApiApp, InClusterService>>;
  qbittorrent: { preferences: Fetched<QbitWiringPrefs>; categories: Fetched<QbitCategories> };
  sonarr: ArrInputs;
  radarr: ArrInputs;
  prowlarr: {
    applications: Fetched<Provider[]>;
    templates: Fetched<Provider[]>;
    indexers: Fetched<ProwlarrIndexer[]>;
  };
  jellyfin: { folders: Fetched<VirtualFolder[]>; counts: Fetched<ItemCounts> };
}

const ARR = {
  sonarr: {
    name: "Sonarr",
    root: "/data/media/tv",
    categoryField: "tvCategory",
    defaultCategory: "tv-sonarr",
    categoryPath: "/data/torrents/tv",
  },
  radarr: {
    name: "Radarr",
    root: "/data/media/movies",
    categoryField: "movieCategory",
    defaultCategory: "radarr",
    categoryPath: "/data/torrents/movies",
  },
} as const;

/** The download-client name the wiring creates (and recognises as its own). */
const CLIENT_NAME = "qBittorrent";

/** Health sources a re-check can clear once root folder and client are in place. */
const RECHECK_SOURCES = new Set([
  "RootFolderCheck",
  "RemotePathMappingCheck",
  "DownloadClientCheck",
  "DownloadClientRootFolderCheck",
]);

const secret = (name: string) => `<secret:${name}>`;
const unread = (app: string, what: string, r: { ok: false; error: string }) =>
  `could not read ${app}'s ${what}: ${r.error}`;

function blocked(
  base: Omit<WiringStep, "status" | "requests" | "reason">,
  reason: string,
): WiringStep {
  return { ...base, status: "blocked", reason, requests: [] };
}

type Fields = NonNullable<Provider["fields"]>;
function withField(fields: Fields, name: string, value: unknown): Fields {
  const list = [...fields];
  const i = list.findIndex((f) => f.name === name);
  if (i >= 0) list[i] = { ...list[i], name, value };
  else list.push({ name, value });
  return list;
}

function qbitHostOf(svc: InClusterService): string {
  return `${svc.name}.${svc.namespace}.svc.cluster.local`;
}

/** The *arr's qBittorrent clients: which point at the in-cluster qBittorrent. */
function arrClients(clients: Provider[], qbit: InClusterService | undefined) {
  const q = clients.filter((c) => c.implementation === "QBittorrent");
  const points = (c: Provider) =>
    !!qbit &&
    hostIsService(fieldText(c.fields ?? [], "host") ?? "", qbit) &&
    Number(fieldText(c.fields ?? [], "port")) === qbit.port;
  return { ours: q.filter(points), foreign: q.filter((c) => !points(c)) };
}

/**
 * The category name an *arr uses: its in-cluster qBittorrent client's `tvCategory` /
 * `movieCategory` when it has one, else the app's default (`tv-sonarr`, `radarr`).
 */
function categoryOf(app: ArrApp, inputs: WiringInputs): string {
  const c = inputs[app].downloadClients;
  if (c.ok) {
    const [first] = arrClients(c.data, inputs.services.qbittorrent).ours;
    const cat = first ? fieldText(first.fields ?? [], ARR[app].categoryField) : undefined;
    if (cat) return cat;
  }
  return ARR[app].defaultCategory;
}

function qbitSteps(inputs: WiringInputs): WiringStep[] {
  const { preferences: prefs, categories: cats } = inputs.qbittorrent;
  const savePath: WiringStep = (() => {
    const base = {
      id: "qbittorrent-save-path" as const,
      app: "qbittorrent" as const,
      title: `qBittorrent default save path ${SAVE_PATH}`,
      dependsOn: [],
      checkId: "qbittorrent-paths" as const,
      now: [] as string[],
    };
    if (!prefs.ok) return blocked(base, unread("qBittorrent", "preferences", prefs));
    const save = normalizePath(prefs.data.save_path ?? "");
    const json: Record<string, unknown> = {};
    const now = [`Default save path ${save || "(empty)"}`];
    if (save !== TORRENTS) json.save_path = SAVE_PATH;
    if (prefs.data.temp_path_enabled) {
      const temp = normalizePath(prefs.data.temp_path ?? "");
      now.push(`Incomplete downloads in ${temp}`);
      if (!isUnder(temp, "/data")) json.temp_path = `${SAVE_PATH}incomplete/`;
    }
    if (Object.keys(json).length === 0) return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: `Set ${Object.keys(json).join(" and ")} under ${SAVE_PATH}`,
      requests: [
        {
          app: "qbittorrent",
          method: "POST",
          path: "/api/v2/app/setPreferences",
          form: { json: JSON.stringify(json) },
        },
      ],
    };
  })();

  const categories: WiringStep = (() => {
    const base = {
      id: "qbittorrent-categories" as const,
      app: "qbittorrent" as const,
      title: "qBittorrent categories for Sonarr and Radarr under /data/torrents/",
      dependsOn: ["qbittorrent-save-path" as const],
      checkId: "qbittorrent-paths" as const,
      now: [] as string[],
    };
    if (!cats.ok) return blocked(base, unread("qBittorrent", "categories", cats));
    // Implicit category paths resolve against the save path as it will be after the step above.
    const save =
      savePath.status === "fix"
        ? TORRENTS
        : normalizePath(prefs.ok ? (prefs.data.save_path ?? "") : "");
    const now: string[] = [];
    const requests: WiringRequest[] = [];
    for (const app of ["sonarr", "radarr"] as const) {
      const name = categoryOf(app, inputs);
      const existing = cats.data[name];
      if (!existing) {
        now.push(`No category ${name} (${ARR[app].name})`);
        requests.push({
          app: "qbittorrent",
          method: "POST",
          path: "/api/v2/torrents/createCategory",
          form: { category: name, savePath: ARR[app].categoryPath },
        });
        continue;
      }
      const path = effectiveCategoryPath(save, name, existing.savePath);
      now.push(`Category ${name} (${ARR[app].name}) → ${path}`);
      if (!isUnder(path, TORRENTS))
        requests.push({
          app: "qbittorrent",
          method: "POST",
          path: "/api/v2/torrents/editCategory",
          form: { category: name, savePath: ARR[app].categoryPath },
        });
    }
    return requests.length
      ? { ...base, now, status: "fix", reason: "Create or move the categories", requests }
      : { ...base, now, status: "ok", requests };
  })();

  const tuning: WiringStep = (() => {
    const base = {
      id: "qbittorrent-nfs-tuning" as const,
      app: "qbittorrent" as const,
      title: 'qBittorrent NFS tuning: disk I/O "simple pread/pwrite", 64 asynchronous I/O threads',
      dependsOn: [],
      checkId: "qbittorrent-paths" as const,
      optional: true,
      now: [] as string[],
    };
    if (!prefs.ok) return blocked(base, unread("qBittorrent", "preferences", prefs));
    const { disk_io_type: io, async_io_threads: threads } = prefs.data;
    const now = [
      `disk_io_type ${io ?? "(not reported: this qBittorrent has no such setting)"}`,
      `async_io_threads ${threads ?? "(not reported)"}`,
    ];
    if (io === NFS_TUNING.disk_io_type && threads === NFS_TUNING.async_io_threads)
      return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: "Recommended for a download folder on NFS (seed step 4.25.4.7); optional",
      requests: [
        {
          app: "qbittorrent",
          method: "POST",
          path: "/api/v2/app/setPreferences",
          form: { json: JSON.stringify(NFS_TUNING) },
        },
      ],
    };
  })();
  return [savePath, categories, tuning];
}

function arrSteps(app: ArrApp, inputs: WiringInputs): WiringStep[] {
  const a = inputs[app];
  const { name, root } = ARR[app];
  const qbit = inputs.services.qbittorrent;
  const checkId = `${app}-config` as const;

  const rootStep: WiringStep = (() => {
    const base = {
      id: `${app}-root-folder` as const,
      app,
      title: `${name} root folder ${root}/`,
      dependsOn: [],
      checkId,
      now: [] as string[],
    };
    if (!a.rootFolders.ok) return blocked(base, unread(name, "root folders", a.rootFolders));
    const roots = a.rootFolders.data;
    const now = [`Root folders: ${roots.map((r) => r.path).join(", ") || "none"}`];
    const match = roots.find((r) => normalizePath(r.path ?? "") === root);
    if (match && match.accessible === false)
      return blocked(
        { ...base, now },
        `${root} is configured but not accessible: check that ${name}'s pod mounts the data claim at /data`,
      );
    if (match) return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: `Add ${root}`,
      requests: [{ app, method: "POST", path: "/api/v3/rootfolder", json: { path: root } }],
    };
  })();

  const clientStep: WiringStep = (() => {
    const base = {
      id: `${app}-download-client` as const,
      app,
      title: `${name} download client: the in-cluster qBittorrent`,
      dependsOn: ["qbittorrent-categories" as const],
      checkId,
      now: [] as string[],
    };
    if (!qbit) return blocked(base, "qBittorrent is not in the stack's manifests");
    if (!a.downloadClients.ok)
      return blocked(base, unread(name, "download clients", a.downloadClients));
    const clients = a.downloadClients.data;
    const now = clients.length
      ? clients.map(
          (c) =>
            `"${c.name}" (${c.implementation}${c.enable === false ? ", disabled" : ""}) → ${fieldText(c.fields ?? [], "host") ?? "?"}:${fieldText(c.fields ?? [], "port") ?? "?"}`,
        )
      : ["No download clients"];
    const { ours, foreign } = arrClients(clients, qbit);
    const enabled = ours.find((c) => c.enable !== false);
    if (enabled) return { ...base, now, status: "ok", requests: [] };
    const disabled = ours[0];
    if (disabled && disabled.id !== undefined)
      return {
        ...base,
        now,
        status: "fix",
        reason: `Enable "${disabled.name}" (it already points at the in-cluster qBittorrent)`,
        requests: [
          {
            app,
            method: "PUT",
            path: `/api/v3/downloadclient/${disabled.id}`,
            json: { ...disabled, enable: true },
          },
        ],
      };
    const sameName = clients.find((c) => c.name === CLIENT_NAME);
    if (sameName)
      return blocked(
        { ...base, now },
        `A download client named "${CLIENT_NAME}" already exists and points elsewhere; left alone. Point it at ${qbitHostOf(qbit)}:${qbit.port} in ${name} (Settings → Download Clients) or rename it`,
      );
    if (foreign.length)
      return blocked(
        { ...base, now },
        `qBittorrent client${foreign.length > 1 ? "s" : ""} ${foreign.map((c) => `"${c.name}"`).join(", ")} point${foreign.length > 1 ? "" : "s"} elsewhere; left alone (never replaced). Point one at ${qbitHostOf(qbit)}:${qbit.port} or remove it in ${name}, then wire again`,
      );
    if (!a.clientTemplates.ok)
      return blocked(
        { ...base, now },
        unread(name, "download client templates", a.clientTemplates),
      );
    const template = a.clientTemplates.data.find((t) => t.implementation === "QBittorrent");
    if (!template)
      return blocked({ ...base, now }, `${name} offers no qBittorrent download client template`);
    let fields: Fields = template.fields ?? [];
    fields = withField(fields, "host", qbitHostOf(qbit));
    fields = withField(fields, "port", qbit.port);
    fields = withField(fields, "useSsl", false);
    fields = withField(fields, "username", secret("QBITTORRENT_USERNAME"));
    fields = withField(fields, "password", secret("QBITTORRENT_PASSWORD"));
    fields = withField(fields, ARR[app].categoryField, categoryOf(app, inputs));
    const {
      id: _templateId,
      presets: _presets,
      ...rest
    } = template as Provider & {
      presets?: unknown;
    };
    return {
      ...base,
      now,
      status: "fix",
      reason: `Add "${CLIENT_NAME}" → ${qbitHostOf(qbit)}:${qbit.port}, category ${categoryOf(app, inputs)}`,
      requests: [
        {
          app,
          method: "POST",
          path: "/api/v3/downloadclient",
          json: { ...rest, name: CLIENT_NAME, enable: true, fields },
        },
      ],
    };
  })();

  const hardlinks: WiringStep = (() => {
    const base = {
      id: `${app}-hardlinks` as const,
      app,
      title: `${name} imports with hardlinks (copyUsingHardlinks)`,
      dependsOn: [],
      checkId,
      now: [] as string[],
    };
    const mm = a.mediaManagement;
    if (!mm.ok) return blocked(base, unread(name, "media management settings", mm));
    const now = [`copyUsingHardlinks ${mm.data.copyUsingHardlinks === true ? "on" : "off"}`];
    if (mm.data.copyUsingHardlinks === true) return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: "Turn copyUsingHardlinks on (the rest of the settings unchanged)",
      requests: [
        {
          app,
          method: "PUT",
          path: `/api/v3/config/mediamanagement/${mm.data.id ?? 1}`,
          json: { ...mm.data, copyUsingHardlinks: true },
        },
      ],
    };
  })();

  const recheck: WiringStep = (() => {
    const base = {
      id: `${app}-recheck` as const,
      app,
      title: `${name} re-runs its health checks`,
      dependsOn: [rootStep.id, clientStep.id, hardlinks.id, "qbittorrent-categories" as const],
      checkId,
      now: [] as string[],
    };
    if (!a.health.ok) return blocked(base, unread(name, "health", a.health));
    const stale = a.health.data.filter((h) => RECHECK_SOURCES.has(h.source ?? ""));
    const now = stale.length
      ? stale.map((h) => `${h.source}: ${h.message ?? ""}`)
      : ["No path or client warnings"];
    const changed = [rootStep, clientStep, hardlinks].some((s) => s.status === "fix");
    if (!stale.length && !changed) return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: "CheckHealth, so warnings about the old paths clear",
      requests: [{ app, method: "POST", path: "/api/v3/command", json: { name: "CheckHealth" } }],
    };
  })();
  return [rootStep, clientStep, hardlinks, recheck];
}

function prowlarrSteps(inputs: WiringInputs): WiringStep[] {
  const p = inputs.prowlarr;
  const psvc = inputs.services.prowlarr;
  const apps: WiringStep = (() => {
    const base = {
      id: "prowlarr-applications" as const,
      app: "prowlarr" as const,
      title: "Prowlarr applications Sonarr and Radarr (full sync, in-cluster URLs)",
      dependsOn: [],
      checkId: "prowlarr-indexers" as const,
      now: [] as string[],
    };
    if (!psvc) return blocked(base, "Prowlarr is not in the stack's manifests");
    if (!p.applications.ok)
      return blocked(base, unread("Prowlarr", "applications", p.applications));
    const list = p.applications.data;
    const now = list.length
      ? list.map(
          (a) =>
            `"${a.name}" (${a.implementation}, ${a.syncLevel ?? "?"}) → ${fieldText(a.fields ?? [], "baseUrl") ?? "?"}`,
        )
      : ["No applications"];
    const requests: WiringRequest[] = [];
    const problems: string[] = [];
    for (const app of ["sonarr", "radarr"] as const) {
      const impl = ARR[app].name;
      const svc = inputs.services[app];
      if (!svc) {
        problems.push(`${impl} is not in the stack's manifests`);
        continue;
      }
      const same = list.filter((a) => a.implementation === impl);
      const ours = same.find((a) => urlIsService(fieldText(a.fields ?? [], "baseUrl") ?? "", svc));
      if (ours) {
        if (ours.syncLevel === "disabled" && ours.id !== undefined)
          requests.push({
            app: "prowlarr",
            method: "PUT",
            path: `/api/v1/applications/${ours.id}`,
            json: { ...ours, syncLevel: "fullSync" },
          });
        continue;
      }
      if (same.length || list.some((a) => a.name === impl)) {
        problems.push(
          `${impl}: application${same.length > 1 ? "s" : ""} ${same.map((a) => `"${a.name}"`).join(", ") || `"${impl}"`} point${same.length > 1 ? "" : "s"} elsewhere; left alone. Set its Server to ${serviceUrl(svc)} in Prowlarr (Settings → Apps)`,
        );
        continue;
      }
      if (!p.templates.ok) {
        problems.push(unread("Prowlarr", "application templates", p.templates));
        continue;
      }
      const template = p.templates.data.find((t) => t.implementation === impl);
      if (!template) {
        problems.push(`Prowlarr offers no ${impl} application template`);
        continue;
      }
      let fields: Fields = template.fields ?? [];
      fields = withField(fields, "prowlarrUrl", serviceUrl(psvc));
      fields = withField(fields, "baseUrl", serviceUrl(svc));
      fields = withField(fields, "apiKey", secret(`${app.toUpperCase()}_API_KEY`));
      const { id: _id, presets: _presets, ...rest } = template as Provider & { presets?: unknown };
      requests.push({
        app: "prowlarr",
        method: "POST",
        path: "/api/v1/applications",
        json: { ...rest, name: impl, syncLevel: "fullSync", fields },
      });
    }
    if (problems.length && !requests.length) return blocked({ ...base, now }, problems.join("; "));
    if (!requests.length) return { ...base, now, status: "ok", requests };
    return {
      ...base,
      now,
      status: "fix",
      reason: ["Add or enable the applications", ...problems].join("; "),
      requests,
    };
  })();

  const sync: WiringStep = (() => {
    const base = {
      id: "prowlarr-sync" as const,
      app: "prowlarr" as const,
      title: "Prowlarr syncs its indexers to Sonarr and Radarr (ApplicationIndexerSync)",
      dependsOn: ["prowlarr-applications" as const],
      checkId: "prowlarr-indexers" as const,
      now: [] as string[],
    };
    if (!p.indexers.ok) return blocked(base, unread("Prowlarr", "indexers", p.indexers));
    const enabled = p.indexers.data.filter((i) => i.enable !== false).length;
    const now = [`${enabled} enabled indexer${enabled === 1 ? "" : "s"} in Prowlarr`];
    if (enabled === 0)
      return blocked(
        { ...base, now },
        "Prowlarr has no enabled indexer: add one in Prowlarr (Indexers), a manual step, then wire again",
      );
    const missing: string[] = [];
    for (const app of ["sonarr", "radarr"] as const) {
      const ix = inputs[app].indexers;
      const synced = ix.ok ? ix.data.filter((i) => isProwlarrIndexer(i, psvc)).length : 0;
      now.push(
        `${ARR[app].name}: ${ix.ok ? `${synced} indexer${synced === 1 ? "" : "s"} from Prowlarr` : "indexers not read"}`,
      );
      if (synced === 0) missing.push(ARR[app].name);
    }
    if (!missing.length && apps.status !== "fix")
      return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: missing.length
        ? `${missing.join(" and ")} ha${missing.length > 1 ? "ve" : "s"} no indexer from Prowlarr yet`
        : "Sync after changing the applications",
      requests: [
        {
          app: "prowlarr",
          method: "POST",
          path: "/api/v1/command",
          json: { name: "ApplicationIndexerSync", forceSync: true },
        },
      ],
    };
  })();
  return [apps, sync];
}

const LIBRARIES = [
  {
    id: "jellyfin-movies",
    name: "Movies",
    type: "movies",
    path: "/data/media/movies",
    arr: "radarr",
    count: "MovieCount",
  },
  {
    id: "jellyfin-shows",
    name: "Shows",
    type: "tvshows",
    path: "/data/media/tv",
    arr: "sonarr",
    count: "SeriesCount",
  },
] as const;

function jellyfinSteps(inputs: WiringInputs): WiringStep[] {
  const j = inputs.jellyfin;
  const libs = LIBRARIES.map((lib): WiringStep => {
    const base = {
      id: lib.id,
      app: "jellyfin" as const,
      title: `Jellyfin ${lib.name} library on ${lib.path}`,
      dependsOn: [],
      checkId: "jellyfin-library" as const,
      now: [] as string[],
    };
    if (!j.folders.ok) return blocked(base, unread("Jellyfin", "libraries", j.folders));
    const folders = j.folders.data;
    const now = folders.length
      ? folders.map(
          (v) =>
            `"${v.Name}" (${v.CollectionType ?? "mixed"}) on ${(v.Locations ?? []).join(", ") || "no folders"}`,
        )
      : ["No libraries"];
    const found = folders.find(
      (v) =>
        v.CollectionType === lib.type &&
        (v.Locations ?? []).some((l) => normalizePath(l) === lib.path),
    );
    if (found) return { ...base, now, status: "ok", requests: [] };
    const taken = folders.find((v) => (v.Name ?? "").toLowerCase() === lib.name.toLowerCase());
    if (taken)
      return blocked(
        { ...base, now },
        `A library named "${taken.Name}" already exists (${taken.CollectionType ?? "mixed"} on ${(taken.Locations ?? []).join(", ") || "no folders"}); left alone. Add ${lib.path} to it in Jellyfin (Dashboard → Libraries)`,
      );
    const q = new URLSearchParams({
      name: lib.name,
      collectionType: lib.type,
      paths: lib.path,
      refreshLibrary: "false",
    });
    return {
      ...base,
      now,
      status: "fix",
      reason: `Add the ${lib.name} library (${lib.type})`,
      requests: [
        {
          app: "jellyfin",
          method: "POST",
          path: `/Library/VirtualFolders?${q.toString()}`,
          json: { LibraryOptions: {} },
        },
      ],
    };
  });
  const scan: WiringStep = (() => {
    const base = {
      id: "jellyfin-scan" as const,
      app: "jellyfin" as const,
      title: "Jellyfin scans its libraries",
      dependsOn: ["jellyfin-movies" as const, "jellyfin-shows" as const],
      checkId: "jellyfin-library" as const,
      now: [] as string[],
    };
    if (!j.counts.ok) return blocked(base, unread("Jellyfin", "item counts", j.counts));
    const c = j.counts.data;
    const now = [
      `${c.MovieCount ?? 0} movies, ${c.SeriesCount ?? 0} series, ${c.EpisodeCount ?? 0} episodes`,
    ];
    // A scan is due when a library is added, or when a library counts nothing although its *arr imported files.
    const unseen = LIBRARIES.filter((lib) => {
      const imports = inputs[lib.arr].imports;
      return (c[lib.count] ?? 0) === 0 && imports.ok && imports.data > 0;
    });
    const added = libs.some((s) => s.status === "fix");
    if (!added && !unseen.length) return { ...base, now, status: "ok", requests: [] };
    return {
      ...base,
      now,
      status: "fix",
      reason: added
        ? "Scan the new libraries"
        : `${unseen.map((l) => l.name).join(" and ")} count nothing although imports exist`,
      requests: [{ app: "jellyfin", method: "POST", path: "/Library/Refresh" }],
    };
  })();
  return [...libs, scan];
}

/**
 * The whole plan in run order (the order of WIRING_STEP_IDS): qBittorrent → Sonarr/Radarr →
 * Prowlarr → Jellyfin, the optional NFS tuning last.
 */
export function planWiring(inputs: WiringInputs): WiringStep[] {
  const all = [
    ...qbitSteps(inputs),
    ...arrSteps("sonarr", inputs),
    ...arrSteps("radarr", inputs),
    ...prowlarrSteps(inputs),
    ...jellyfinSteps(inputs),
  ];
  const order = new Map<string, number>(WIRING_STEP_IDS.map((id, i) => [id, i]));
  return all.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** How a step ended in a run. */
export type StepOutcome = "unchanged" | "done" | "failed" | "skipped" | "blocked";

/**
 * Whether a step may run given how its dependencies ended: a dependency that failed or was
 * skipped stops it (its name is returned); ok, done and blocked ones do not (a blocked step
 * changed nothing and is reported on its own).
 */
export function stoppedBy(
  step: WiringStep,
  outcomes: ReadonlyMap<WiringStepId, StepOutcome>,
): WiringStepId | null {
  for (const d of step.dependsOn) {
    const o = outcomes.get(d);
    if (o === "failed" || o === "skipped") return d;
  }
  return null;
}

/** The checklist items the steps serve (what a run re-checks at its end). */
export function touchedChecks(steps: readonly WiringStep[]): AppCheckId[] {
  return [...new Set(steps.map((s) => s.checkId))];
}
