// The local app stand-ins: small stateful HTTP servers for Sonarr, Radarr, Prowlarr, Jellyfin,
// Homepage, Uptime Kuma and a qBittorrent 5.2, one loopback port each, plus a test-control
// endpoint. Auth rules, paths and answers follow shared/reference/app-apis.md; every body is a
// contract type of ./contract. Started by e2e/apps/standins.ts (up.sh) or in-process by tests.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import {
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import type {
  AppKeys,
  HomepageError,
  HomepageServiceGroup,
  HostileMode,
  JellyfinState,
  Qbt52State,
  RadarrState,
  SonarrState,
  StandinApp,
  StandinStates,
  prowlarr,
  sonarr,
} from "./contract";
import { HOSTILE_MODES, STANDIN_APPS } from "./contract";
import {
  halfWired,
  prowlarrApplicationTemplates,
  prowlarrIndexerIn,
  qbitClientTemplate,
  type LocalUrls,
} from "./defaults";
import { QBT_DEFAULT_CATEGORIES, QBT_DEFAULT_SAVE_PATH } from "./keys";
import { qbtLogin, qbtRestore } from "./qbittorrent";

export type StandinsOptions = {
  repo: string;
  keys: AppKeys;
  /** The real qBittorrent's WebUI base URL (Homepage can be pointed at it; reset restores it). */
  qbittorrentUrl: string;
  /** Host directory seen at /data (rootfolder POST stats paths there). */
  nfsRoot?: string;
  /** Cluster state dir: the Secret hold flag lives there (`app-keys.unmanaged`). */
  stateDir?: string;
  /** Ports to reuse (a restart keeps the URLs the dashboard was given); 0 or absent = any free. */
  ports?: Partial<Record<StandinApp | "control", number>>;
  /** up.sh's qBittorrent launcher and pid file: `/control/qbittorrent/down|up` stop and start it. */
  qbittorrentLauncher?: string;
  qbittorrentPidFile?: string;
  /** Stall length of the "stall" hostile mode (30 s; tests may shorten it). */
  stallMs?: number;
  log?: (msg: string) => void;
};

export type Standins = {
  urls: Record<StandinApp, string>;
  controlUrl: string;
  ports: Record<StandinApp | "control", number>;
  close(): Promise<void>;
};

type Runtime = {
  server: Server;
  port: number;
  up: boolean;
  hostile: HostileMode | null;
};

type Json = unknown;
type Ctx = { req: IncomingMessage; res: ServerResponse; url: URL; path: string; body: Buffer };

const MAX_BODY = 1024 * 1024;

function send(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = "text/plain; charset=UTF-8",
): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}
function empty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, "content-length": 0 });
  res.end();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8") || "null") };
  } catch {
    return { ok: false };
  }
}
const isLoopback = (addr: string | undefined) =>
  addr === "127.0.0.1" || addr === "::1" || addr === "::ffff:127.0.0.1";

/** Sonarr/Radarr/Prowlarr `ApiKeyAuthenticationHandler`: query apikey, then X-Api-Key, then Bearer. */
function arrKey(req: IncomingMessage, url: URL): string | undefined {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === "apikey") return v;
  const header = req.headers["x-api-key"];
  if (typeof header === "string") return header;
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length).trim();
  return undefined;
}

/** Parses `MediaBrowser Token="…", Client="…"` (Jellyfin AuthorizationContext). */
function mediaBrowserParams(
  header: string | undefined,
): { scheme: string; params: Record<string, string> } | null {
  if (!header) return null;
  const m = /^\s*(\S+)\s+(.*)$/.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/([A-Za-z]+)="?([^",]*)"?/g))
    params[p[1]!.toLowerCase()] = decodeURIComponent(p[2]!);
  return { scheme: m[1]!, params };
}

/** Which token a Jellyfin request carries, honouring EnableLegacyAuthorization (app-apis.md §3). */
function jellyfinToken(req: IncomingMessage, url: URL, legacy: boolean): string | undefined {
  const auth = mediaBrowserParams(req.headers.authorization);
  if (auth && auth.scheme === "MediaBrowser" && auth.params.token) return auth.params.token;
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === "apikey") return v;
  if (!legacy) return undefined;
  if (auth && auth.scheme === "Emby" && auth.params.token) return auth.params.token;
  const embyAuth = mediaBrowserParams(req.headers["x-emby-authorization"] as string | undefined);
  if (embyAuth?.params.token) return embyAuth.params.token;
  for (const h of ["x-emby-token", "x-mediabrowser-token"]) {
    const v = req.headers[h];
    if (typeof v === "string") return v;
  }
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === "api_key") return v;
  return undefined;
}

function paged<T>(records: T[], url: URL) {
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const pageSize = Math.max(1, Number(url.searchParams.get("pageSize") ?? 10) || 10);
  return {
    page,
    pageSize,
    sortKey: url.searchParams.get("sortKey") ?? "date",
    sortDirection:
      url.searchParams.get("sortDirection") === "ascending"
        ? ("ascending" as const)
        : ("descending" as const),
    totalRecords: records.length,
    records: records.slice((page - 1) * pageSize, page * pageSize),
  };
}

// History event types by number: Sonarr EpisodeHistoryEventType, Radarr MovieHistoryEventType.
const SONARR_EVENTS = [
  "unknown",
  "grabbed",
  "seriesFolderImported",
  "downloadFolderImported",
  "downloadFailed",
  "episodeFileDeleted",
  "episodeFileRenamed",
  "downloadIgnored",
];
const RADARR_EVENTS: Record<number, string> = {
  0: "unknown",
  1: "grabbed",
  3: "downloadFolderImported",
  4: "downloadFailed",
  6: "movieFileDeleted",
  7: "movieFolderImported",
  8: "movieFileRenamed",
  9: "downloadIgnored",
};

function eventFilter(app: "sonarr" | "radarr", url: URL): Set<string> | null {
  const wanted = url.searchParams.getAll("eventType").flatMap((v) => v.split(","));
  if (!wanted.length) return null;
  return new Set(
    wanted.map((v) =>
      /^\d+$/.test(v)
        ? ((app === "sonarr" ? SONARR_EVENTS[Number(v)] : RADARR_EVENTS[Number(v)]) ?? "?")
        : v,
    ),
  );
}

type WithId = { id?: number };
/** CRUD on one provider list: GET list, GET/PUT/DELETE by id, POST adds with the next id. */
function crud<T extends WithId>(
  ctx: Ctx,
  list: T[],
  rest: string[],
  make: (input: T) => T = (x) => x,
  validate: (input: T) => string | null = () => null,
): void {
  const { req, res } = ctx;
  const id = rest[0] !== undefined ? Number(rest[0]) : undefined;
  if (id === undefined) {
    if (req.method === "GET") return send(res, 200, list);
    if (req.method === "POST") {
      const parsed = parseJson(ctx.body);
      if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null)
        return send(res, 400, [{ propertyName: "", errorMessage: "Invalid JSON body" }]);
      const problem = validate(parsed.value as T);
      if (problem) return send(res, 400, [{ propertyName: "", errorMessage: problem }]);
      const item = make({
        ...(parsed.value as T),
        id: Math.max(0, ...list.map((x) => x.id ?? 0)) + 1,
      });
      list.push(item);
      return send(res, 201, item);
    }
    return empty(res, 405);
  }
  const index = list.findIndex((x) => x.id === id);
  if (index < 0) return send(res, 404, { message: "NotFound" });
  if (req.method === "GET") return send(res, 200, list[index]);
  if (req.method === "DELETE") {
    list.splice(index, 1);
    return send(res, 200, {});
  }
  if (req.method === "PUT") {
    const parsed = parseJson(ctx.body);
    if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null)
      return send(res, 400, [{ propertyName: "", errorMessage: "Invalid JSON body" }]);
    list[index] = { ...(parsed.value as T), id };
    return send(res, 202, list[index]);
  }
  return empty(res, 405);
}

let commandId = 0;
function command(ctx: Ctx): void {
  const parsed = parseJson(ctx.body);
  const name =
    parsed.ok && typeof parsed.value === "object" && parsed.value && "name" in parsed.value
      ? String((parsed.value as { name: unknown }).name)
      : "";
  if (!name)
    return send(ctx.res, 400, [
      { propertyName: "name", errorMessage: "'Name' must not be empty." },
    ]);
  const body: sonarr.CommandResource = {
    id: ++commandId,
    name,
    commandName: name.replace(/([a-z])([A-Z])/g, "$1 $2"),
    status: "queued",
    queued: new Date().toISOString(),
    trigger: "manual",
    priority: "normal",
  };
  send(ctx.res, 201, body);
}

/** Sonarr and Radarr: /api/v3 (Radarr v6 still serves v3) and /ping. */
function arrV3(
  app: "sonarr" | "radarr",
  state: SonarrState | RadarrState,
  key: string,
  ctx: Ctx,
  nfsRoot: string | undefined,
): void {
  const { req, res, url, path } = ctx;
  if (path === "/ping" && (req.method === "GET" || req.method === "HEAD"))
    return send(res, 200, { status: "OK" } satisfies sonarr.PingResource);
  if (arrKey(req, url) !== key) return empty(res, 401);
  const parts = path.split("/").filter(Boolean); // api, v3, ...
  if (parts[0] !== "api" || parts[1] !== "v3") return send(res, 404, { message: "NotFound" });
  const [what, ...rest] = parts.slice(2);
  const get = req.method === "GET";
  switch (what) {
    case "system":
      if (rest[0] === "status" && get) return send(res, 200, state.status);
      break;
    case "rootfolder":
      return crud(
        ctx,
        state.rootFolders as sonarr.RootFolderResource[],
        rest,
        (input) => {
          const p = String(input.path ?? "").replace(/\/+$/, "");
          const host =
            nfsRoot && (p === "/data" || p.startsWith("/data/"))
              ? join(nfsRoot, p.slice(5))
              : undefined;
          const accessible = host !== undefined && existsSync(host);
          return {
            id: input.id,
            path: p,
            accessible,
            freeSpace: accessible ? statfsSync(host!).bavail * statfsSync(host!).bsize : null,
            unmappedFolders: [],
          } satisfies sonarr.RootFolderResource;
        },
        (input) => {
          const p = String(input.path ?? "").replace(/\/+$/, "");
          if (
            (state.rootFolders as sonarr.RootFolderResource[]).some(
              (r) => r.path?.replace(/\/+$/, "") === p,
            )
          )
            return "Path is already configured as a root folder";
          // FolderExistsValidator: only judged where the stand-in sees the NFS tree.
          if (
            nfsRoot &&
            (p === "/data" || p.startsWith("/data/")) &&
            !existsSync(join(nfsRoot, p.slice(5)))
          )
            return "Path does not exist";
          return null;
        },
      );
    case "downloadclient":
      // Provider templates (ProviderControllerBase.GetTemplates); names are unique (400 otherwise).
      if (rest[0] === "schema" && get) return send(res, 200, [qbitClientTemplate(app)]);
      return crud(
        ctx,
        state.downloadClients as sonarr.DownloadClientResource[],
        rest,
        undefined,
        (input) =>
          (state.downloadClients as sonarr.DownloadClientResource[]).some(
            (c) => c.name === input.name,
          )
            ? "Should be unique"
            : null,
      );
    case "indexer":
      return crud(ctx, state.indexers as sonarr.IndexerResource[], rest);
    case "remotepathmapping":
      return crud(ctx, state.remotePathMappings as sonarr.RemotePathMappingResource[], rest);
    case "health":
      if (get && !rest.length) return send(res, 200, state.health);
      break;
    case "config":
      if (rest[0] === "mediamanagement") {
        if (get) return send(res, 200, state.mediaManagement);
        if (req.method === "PUT") {
          const parsed = parseJson(ctx.body);
          if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null)
            return send(res, 400, [{ propertyName: "", errorMessage: "Invalid JSON body" }]);
          state.mediaManagement = {
            ...(parsed.value as sonarr.MediaManagementConfigResource),
            id: 1,
          };
          return send(res, 202, state.mediaManagement);
        }
      }
      break;
    case "queue":
      if (!get) break;
      if (rest[0] === "status") {
        const q = state.queue as sonarr.QueueResource[];
        const body: sonarr.QueueStatusResource = {
          id: 0,
          totalCount: q.length,
          count: q.length,
          unknownCount: 0,
          errors: q.some((r) => r.trackedDownloadStatus === "error" || r.status === "failed"),
          warnings: q.some((r) => r.trackedDownloadStatus === "warning" || r.status === "warning"),
          unknownErrors: false,
          unknownWarnings: false,
        };
        return send(res, 200, body);
      }
      if (!rest.length) return send(res, 200, paged(state.queue as sonarr.QueueResource[], url));
      break;
    case "history": {
      if (!get) break;
      const filter = eventFilter(app, url);
      const records = (state.history as sonarr.HistoryResource[]).filter(
        (h) => !filter || filter.has(String(h.eventType)),
      );
      records.sort((a, b) => String(b.date).localeCompare(String(a.date)));
      if (!rest.length) return send(res, 200, paged(records, url));
      if (rest[0] === "since") {
        const since = Date.parse(url.searchParams.get("date") ?? "");
        return send(
          res,
          200,
          records.filter((h) => !Number.isFinite(since) || Date.parse(String(h.date)) >= since),
        );
      }
      break;
    }
    case "command":
      if (req.method === "POST" && !rest.length) {
        if (commandName(ctx) === "CheckHealth") recheckHealth(state);
        return command(ctx);
      }
      break;
  }
  send(res, 404, { message: "NotFound" });
}

function commandName(ctx: Ctx): string {
  const parsed = parseJson(ctx.body);
  return parsed.ok && typeof parsed.value === "object" && parsed.value && "name" in parsed.value
    ? String((parsed.value as { name: unknown }).name)
    : "";
}

/**
 * `CheckHealth` re-runs the health checks (HealthCheckService): a simulation of the wiring sources
 * only. RootFolderCheck and RemotePathMappingCheck clear once an accessible root folder and an
 * enabled qBittorrent client exist (the stand-in cannot see qBittorrent's category paths; the
 * real qBittorrent's paths are judged by the dashboard's own qBittorrent item).
 */
function recheckHealth(state: SonarrState | RadarrState): void {
  const rooted = (state.rootFolders as sonarr.RootFolderResource[]).some((r) => r.accessible);
  const client = (state.downloadClients as sonarr.DownloadClientResource[]).some(
    (c) => c.implementation === "QBittorrent" && c.enable !== false,
  );
  if (!rooted || !client) return;
  const cleared = new Set(["RootFolderCheck", "RemotePathMappingCheck", "DownloadClientCheck"]);
  state.health = (state.health as sonarr.HealthResource[]).filter(
    (h) => !cleared.has(String(h.source)),
  ) as typeof state.health;
}

/**
 * Prowlarr's `ApplicationIndexerSync` (ApplicationService): every application whose sync is not
 * disabled gets each enabled indexer it lacks, as `<name> (Prowlarr)` with baseUrl
 * `{prowlarrUrl}/{id}/` (Applications/Sonarr/Sonarr.cs, app-apis.md §1.5). The target is the
 * stand-in of the application's implementation.
 */
function indexerSync(
  p: StandinStates["prowlarr"],
  targets: { Sonarr: SonarrState; Radarr: RadarrState },
): void {
  for (const app of p.applications) {
    if (app.syncLevel === "disabled") continue;
    const target = targets[app.implementation as "Sonarr" | "Radarr"];
    if (!target) continue;
    const prowlarrUrl = String(
      app.fields?.find((f) => f.name === "prowlarrUrl")?.value ?? "",
    ).replace(/\/+$/, "");
    const list = target.indexers as sonarr.IndexerResource[];
    for (const ix of p.indexers.filter((i) => i.enable)) {
      const name = `${ix.name} (Prowlarr)`;
      if (list.some((x) => x.name === name)) continue;
      const id = Math.max(0, ...list.map((x) => x.id ?? 0)) + 1;
      list.push(prowlarrIndexerIn(id, String(ix.name), prowlarrUrl, ix.id ?? 0, [2000, 5000]));
    }
    // The app re-runs its indexer checks when an indexer is added (HealthCheckService reacts to
    // ProviderAddedEvent): with an RSS- and search-enabled indexer they pass and drop out.
    if (list.some((x) => x.enableRss && x.enableAutomaticSearch))
      target.health = (target.health as sonarr.HealthResource[]).filter(
        (h) => h.source !== "IndexerRssCheck" && h.source !== "IndexerSearchCheck",
      ) as typeof target.health;
  }
}

/** Prowlarr: /api/v1 and /ping. */
function prowlarrV1(
  state: StandinStates["prowlarr"],
  key: string,
  ctx: Ctx,
  sync: () => void,
): void {
  const { req, res, url, path } = ctx;
  if (path === "/ping" && (req.method === "GET" || req.method === "HEAD"))
    return send(res, 200, { status: "OK" } satisfies prowlarr.PingResource);
  if (arrKey(req, url) !== key) return empty(res, 401);
  const parts = path.split("/").filter(Boolean);
  if (parts[0] !== "api" || parts[1] !== "v1") return send(res, 404, { message: "NotFound" });
  const [what, ...rest] = parts.slice(2);
  switch (what) {
    case "system":
      if (rest[0] === "status" && req.method === "GET") return send(res, 200, state.status);
      break;
    case "indexer":
      return crud(ctx, state.indexers, rest);
    case "applications":
      if (rest[0] === "schema" && req.method === "GET")
        return send(res, 200, prowlarrApplicationTemplates());
      return crud(ctx, state.applications, rest, undefined, (input) =>
        state.applications.some((a) => a.name === input.name) ? "Should be unique" : null,
      );
    case "health":
      if (req.method === "GET") return send(res, 200, state.health);
      break;
    case "indexerstats":
      if (req.method === "GET") return send(res, 200, state.indexerStats);
      break;
    case "command":
      if (req.method === "POST") {
        if (commandName(ctx) === "ApplicationIndexerSync") sync();
        return command(ctx);
      }
      break;
  }
  send(res, 404, { message: "NotFound" });
}

/** Top-level folders (items) and files below `dir` on the host, 0 when absent. */
function countMedia(dir: string | undefined): { items: number; files: number } {
  if (!dir || !existsSync(dir)) return { items: 0, files: 0 };
  const top = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  let files = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile()) files++;
  };
  walk(dir);
  return { items: top.length, files };
}

/**
 * `POST /Library/VirtualFolders?name=&collectionType=&paths=&refreshLibrary=` (LibraryStructureController
 * AddVirtualFolder; body AddVirtualFolderDto): 204, or 400 when the name is taken. `POST
 * /Library/Refresh` (204) recounts: movies = folders under the movies libraries' paths, series =
 * folders under the tvshows ones, episodes = their files (on the simulated NFS tree).
 */
function jellyfinWrite(
  state: JellyfinState,
  ctx: Ctx,
  path: string,
  nfsRoot: string | undefined,
): boolean {
  const { req, res, url } = ctx;
  if (req.method !== "POST") return false;
  if (path === "/library/virtualfolders") {
    const q = (n: string) =>
      [...url.searchParams].filter(([k]) => k.toLowerCase() === n.toLowerCase()).map(([, v]) => v);
    const name = q("name")[0] ?? "";
    const type = q("collectionType")[0];
    const paths = q("paths").flatMap((v) => v.split(","));
    const types = [
      "movies",
      "tvshows",
      "music",
      "musicvideos",
      "homevideos",
      "boxsets",
      "books",
      "mixed",
    ] as const;
    if (!name.trim()) {
      sendText(res, 400, "Name is required");
      return true;
    }
    if (state.virtualFolders.some((v) => v.Name?.toLowerCase() === name.toLowerCase())) {
      sendText(res, 400, "A media library with the name " + name + " already exists.");
      return true;
    }
    state.virtualFolders.push({
      Name: name,
      Locations: paths,
      CollectionType: types.find((t) => t === type),
      ItemId: randomBytes(16).toString("hex"),
      RefreshStatus: "Idle",
    });
    empty(res, 204);
    return true;
  }
  if (path === "/library/refresh") {
    const host = (p: string) =>
      nfsRoot && (p === "/data" || p.startsWith("/data/")) ? join(nfsRoot, p.slice(5)) : undefined;
    const sum = (type: string) =>
      state.virtualFolders
        .filter((v) => v.CollectionType === type)
        .flatMap((v) => v.Locations ?? [])
        .map((l) => countMedia(host(l.replace(/\/+$/, ""))))
        .reduce((a, b) => ({ items: a.items + b.items, files: a.files + b.files }), {
          items: 0,
          files: 0,
        });
    if (nfsRoot) {
      const movies = sum("movies");
      const tv = sum("tvshows");
      state.counts = {
        ...state.counts,
        MovieCount: movies.items,
        SeriesCount: tv.items,
        EpisodeCount: tv.files,
        ItemCount: movies.items + tv.items + tv.files,
      };
    }
    empty(res, 204);
    return true;
  }
  return false;
}

/** Jellyfin 10.11 / 12: PascalCase JSON, API key auth (routes are case-insensitive; /emby prefix accepted). */
function jellyfin(state: JellyfinState, key: string, ctx: Ctx, nfsRoot: string | undefined): void {
  const { req, res, url } = ctx;
  const path = ctx.path.replace(/^\/emby(?=\/)/, "");
  if (path === "/system/info/public" && req.method === "GET")
    return send(res, 200, state.publicInfo);
  if (path === "/health" && req.method === "GET") return sendText(res, 200, "Healthy");
  if (jellyfinToken(req, url, state.legacyAuthorization) !== key) return empty(res, 401);
  if (req.method === "GET") {
    if (path === "/library/virtualfolders") return send(res, 200, state.virtualFolders);
    if (path === "/items/counts") return send(res, 200, state.counts);
    if (path === "/scheduledtasks") return send(res, 200, state.scheduledTasks);
  }
  if (jellyfinWrite(state, ctx, path, nfsRoot)) return;
  empty(res, 404);
}

/** Uptime Kuma /metrics: Prometheus text (server/prometheus.js), Basic auth with the API key as password (server/auth.js). */
function uptimeKuma(state: StandinStates["uptime-kuma"], key: string, ctx: Ctx): void {
  const { req, res, path } = ctx;
  if (path !== "/metrics" || req.method !== "GET") return empty(res, 404);
  const auth = req.headers.authorization;
  const pass = auth?.startsWith("Basic ")
    ? Buffer.from(auth.slice(6), "base64").toString("utf8").split(":").slice(1).join(":")
    : undefined;
  if (pass !== key) {
    res.setHeader("www-authenticate", 'Basic realm="Uptime Kuma"');
    return sendText(res, 401, "Unauthorized");
  }
  const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  const labels = (m: (typeof state.monitors)[number]) =>
    `monitor_id="${m.id}",monitor_name="${esc(m.name)}",monitor_type="${m.type}",monitor_url="${esc(m.url ?? "null")}",monitor_hostname="${esc(m.hostname ?? "null")}",monitor_port="${m.port ?? "null"}"`;
  const lines = [
    "# HELP monitor_response_time Monitor Response Time (ms)",
    "# TYPE monitor_response_time gauge",
    ...state.monitors.map(
      (m) => `monitor_response_time{${labels(m)}} ${m.status === 1 ? m.responseTimeMs : -1}`,
    ),
    "# HELP monitor_status Monitor Status (1 = UP, 0= DOWN, 2= PENDING, 3= MAINTENANCE)",
    "# TYPE monitor_status gauge",
    ...state.monitors.map((m) => `monitor_status{${labels(m)}} ${m.status}`),
    "",
  ];
  sendText(res, 200, lines.join("\n"), "text/plain; version=0.0.4; charset=utf-8");
}

/** Homepage's widget mappings (src/widgets/<type>/widget.js): endpoint name → app path. */
const HOMEPAGE_MAPPINGS: Record<string, Record<string, string>> = {
  sonarr: { queue: "api/v3/queue", "queue/status": "api/v3/queue/status", health: "api/v3/health" },
  radarr: { queue: "api/v3/queue", "queue/status": "api/v3/queue/status", health: "api/v3/health" },
  prowlarr: { indexerstats: "api/v1/indexerstats", indexer: "api/v1/indexer" },
  qbittorrent: { torrents: "torrents/info" },
  jellyfin: { Count: "emby/Items/Counts", CountV2: "Items/Counts" },
};

async function fetchText(
  url: string,
  init: RequestInit,
): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(10_000) });
  const body = await r.text();
  return { status: r.status, type: r.headers.get("content-type") ?? "", body };
}

/** Homepage: /api/services and /api/services/proxy, behind the Host check of src/middleware.js. */
async function homepage(state: StandinStates["homepage"], ctx: Ctx): Promise<void> {
  const { req, res, url, path } = ctx;
  if (!path.startsWith("/api/"))
    return sendText(
      res,
      200,
      "<!DOCTYPE html><html><head><title>Homepage</title></head><body></body></html>",
      "text/html; charset=utf-8",
    );
  const host = req.headers.host ?? "";
  const allowed = ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", ...state.allowedHosts];
  if (!state.allowedHosts.includes("*") && !allowed.includes(host))
    return send(res, 400, {
      error: "Host validation failed. See logs for more details.",
    } satisfies HomepageError);
  if (path === "/api/services" && req.method === "GET") {
    const body: HomepageServiceGroup[] = state.groups.map((g) => ({
      name: g.name,
      services: g.services.map(({ widget, ...s }) => ({
        ...s,
        widgets: widget
          ? [
              {
                type: widget.type,
                fields: null,
                hide_errors: false,
                service_name: s.name,
                service_group: g.name,
                index: 0,
              },
            ]
          : [],
      })),
    }));
    return send(res, 200, body);
  }
  if (path === "/api/services/proxy" && req.method === "GET") {
    const group = url.searchParams.get("group");
    const service = url.searchParams.get("service");
    const widget = state.groups
      .find((g) => g.name === group)
      ?.services.find((s) => s.name === service)?.widget;
    if (!group || !service || !widget)
      return send(res, 400, { error: "Invalid proxy service type" } satisfies HomepageError);
    const endpoint = HOMEPAGE_MAPPINGS[widget.type]?.[url.searchParams.get("endpoint") ?? ""];
    if (!endpoint)
      return send(res, 403, { error: "Unsupported service endpoint" } satisfies HomepageError);
    try {
      let r: { status: number; type: string; body: string };
      if (widget.type === "qbittorrent") {
        // src/widgets/qbittorrent/proxy.js: on 403 log in, and require 200 + "Ok.".
        const target = `${widget.url}/api/v2/${endpoint}`;
        r = await fetchText(target, {});
        if (r.status === 403) {
          const login = await fetch(`${widget.url}/api/v2/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: `username=${encodeURIComponent(widget.username ?? "")}&password=${encodeURIComponent(widget.password ?? "")}`,
            signal: AbortSignal.timeout(10_000),
          });
          const text = await login.text();
          if (login.status !== 200) return sendText(res, login.status, text); // 5.2: 204 → 204, no data
          if (text !== "Ok.") return sendText(res, 401, text);
          const cookie = (login.headers.getSetCookie?.() ?? [])
            .map((c) => c.split(";")[0])
            .join("; ");
          r = await fetchText(target, { headers: { cookie } });
        }
      } else if (widget.type === "jellyfin") {
        r =
          endpoint === "Items/Counts"
            ? await fetchText(`${widget.url}/${endpoint}`, {
                headers: {
                  authorization: `MediaBrowser Token="${widget.key}", Client="Homepage", Device="Homepage", DeviceId="homepage", Version="1.12.3"`,
                },
              })
            : await fetchText(`${widget.url}/${endpoint}?api_key=${widget.key}`, {});
      } else {
        r = await fetchText(`${widget.url}/${endpoint}?apikey=${widget.key}`, {});
      }
      if (r.status >= 400)
        return send(res, r.status, {
          error: { message: "HTTP Error", url: `${widget.url}/${endpoint}` },
        });
      res.writeHead(r.status, { "content-type": r.type || "application/json" });
      return void res.end(r.body);
    } catch (err) {
      return send(res, 500, { error: { message: (err as Error).message, url: widget.url } });
    }
  }
  send(res, 404, { error: "Not found" });
}

/** qBittorrent 5.2.x (WebAPI 2.15.1) as recorded in app-apis.md §2.1–2.2. */
function makeQbt52(
  getState: () => Qbt52State,
  port: () => number,
  password: string,
  apiKey: string,
) {
  const sessions = new Set<string>();
  const failures = new Map<string, { count: number; bannedUntil: number }>();
  const reset = () => {
    sessions.clear();
    failures.clear();
  };
  const handle = (ctx: Ctx): void => {
    const { req, res, url } = ctx;
    const state = getState();
    const p = url.pathname; // qBittorrent paths are case-sensitive
    const host = req.headers.host ?? "";
    const hostPort = /:(\d+)$/.exec(host)?.[1];
    if (hostPort && Number(hostPort) !== port()) return sendText(res, 401, "Unauthorized");
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
    if (!bearer) {
      const origin = (req.headers.origin ?? req.headers.referer) as string | undefined;
      if (origin) {
        let originHost = "";
        try {
          originHost = new URL(origin).host;
        } catch {
          /* unparsable: mismatch */
        }
        if (originHost !== host) return sendText(res, 401, "Unauthorized");
      }
    }
    const cookieName = `QBT_SID_${port()}`;
    const sid = (req.headers.cookie ?? "")
      .split(";")
      .map((c) => c.trim().split("="))
      .find(([k]) => k === cookieName)?.[1];
    const basic = auth?.startsWith("Basic ")
      ? Buffer.from(auth.slice(6), "base64").toString("utf8")
      : undefined;
    const authed =
      (bearer !== undefined && bearer === apiKey) ||
      (sid !== undefined && sessions.has(sid)) ||
      basic === `${state.username}:${password}`;
    const client = req.socket.remoteAddress ?? "";
    if (p === "/api/v2/auth/login" && req.method === "POST") {
      const f = failures.get(client);
      if (f && f.bannedUntil > Date.now())
        return sendText(
          res,
          403,
          "Your IP address has been banned after too many failed authentication attempts.",
        );
      const form = new URLSearchParams(ctx.body.toString("utf8"));
      if (form.get("username") === state.username && form.get("password") === password) {
        failures.delete(client);
        const id = randomBytes(16).toString("base64url");
        sessions.add(id);
        return empty(res, 204, {
          "set-cookie": `${cookieName}=${id}; HttpOnly; SameSite=Strict; path=/`,
        });
      }
      const next = { count: (f?.count ?? 0) + 1, bannedUntil: 0 };
      if (state.maxAuthFailCount > 0 && next.count >= state.maxAuthFailCount)
        next.bannedUntil = Date.now() + 3_600_000;
      failures.set(client, next);
      return empty(res, 401); // WebAPI 2.14.0: invalid credentials → 401
    }
    if (!authed) return sendText(res, 403, "Forbidden");
    if (req.method === "GET") {
      if (p === "/api/v2/app/version") return sendText(res, 200, state.version);
      if (p === "/api/v2/app/webapiVersion") return sendText(res, 200, state.webapiVersion);
      if (p === "/api/v2/app/preferences") return send(res, 200, state.preferences);
      if (p === "/api/v2/torrents/categories") return send(res, 200, state.categories);
      if (p === "/api/v2/torrents/info") return send(res, 200, []);
    }
    if (req.method === "POST") {
      const form = new URLSearchParams(ctx.body.toString("utf8"));
      if (p === "/api/v2/auth/logout") {
        if (sid) sessions.delete(sid);
        return empty(res, 204);
      }
      if (p === "/api/v2/app/setPreferences") {
        const parsed = parseJson(Buffer.from(form.get("json") ?? ""));
        if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null)
          return sendText(res, 400, "Bad Request");
        Object.assign(state.preferences, parsed.value);
        return empty(res, 204);
      }
      if (p === "/api/v2/torrents/createCategory" || p === "/api/v2/torrents/editCategory") {
        const name = form.get("category") ?? "";
        if (!name) return sendText(res, 400, "Bad Request");
        const exists = name in state.categories;
        if (p.endsWith("createCategory") && exists) return sendText(res, 409, "Conflict");
        if (p.endsWith("editCategory") && !exists) return sendText(res, 409, "Conflict");
        state.categories[name] = {
          name,
          savePath: form.get("savePath") ?? "",
          download_path: null,
        };
        return empty(res, 204);
      }
      if (p === "/api/v2/torrents/removeCategories") {
        for (const n of (form.get("categories") ?? "").split("\n")) delete state.categories[n];
        return empty(res, 204);
      }
    }
    sendText(res, 404, "Not Found");
  };
  return { handle, reset };
}

/** The hostile behaviours a broken or foreign upstream shows. */
function hostile(mode: HostileMode, ctx: Ctx, stallMs: number, stalled: Set<ServerResponse>): void {
  const { res, url } = ctx;
  switch (mode) {
    case "invalid-json":
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      return void res.end('{"appName":"Sonarr","version":"4.0.19.2979","records":[{"id":1,');
    case "huge-body": {
      // 50 MiB of valid JSON, streamed without Content-Length.
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      const item = JSON.stringify({ id: 1, path: `/data/media/${"x".repeat(1000)}` });
      const chunk = Buffer.from(Array.from({ length: 64 }, () => item).join(",") + ",");
      const total = 50 * 1024 * 1024;
      let sent = 0;
      res.write("[");
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end(`${item}]`);
      };
      res.on("error", () => undefined);
      return pump();
    }
    case "stall": {
      stalled.add(res);
      const t = setTimeout(() => {
        stalled.delete(res);
        if (!res.writableEnded) send(res, 200, []);
      }, stallMs);
      res.on("close", () => {
        clearTimeout(t);
        stalled.delete(res);
      });
      return;
    }
    case "html-login": {
      const html =
        '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>';
      return sendText(res, 200, html, "text/html; charset=utf-8");
    }
    case "redirect-loop":
      res.writeHead(302, { location: `${url.pathname}${url.search}`, "content-length": 0 });
      return void res.end();
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops (SIGTERM, then SIGKILL after 5 s) or starts the real qBittorrent through up.sh's launcher. */
async function realQbittorrent(action: "down" | "up", opts: StandinsOptions): Promise<string> {
  const { qbittorrentLauncher: launcher, qbittorrentPidFile: pidFile } = opts;
  if (!launcher || !pidFile)
    throw new Error("no qBittorrent launcher: the stand-ins were not started by up.sh");
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
  if (action === "down") {
    if (pid && alive(pid)) {
      process.kill(pid, "SIGTERM");
      for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
    return "stopped";
  }
  if (!(pid && alive(pid))) {
    const out = openSync(join(dirname(pidFile), "qbittorrent.log"), "a");
    const child = spawn(launcher, [], { detached: true, stdio: ["ignore", out, out] });
    child.unref();
    writeFileSync(pidFile, `${child.pid}\n`);
  }
  for (let i = 0; i < 150; i++) {
    try {
      await fetch(`${opts.qbittorrentUrl}/`, { signal: AbortSignal.timeout(1000) });
      return "running";
    } catch {
      await sleep(200);
    }
  }
  throw new Error("qBittorrent did not answer within 30 s");
}

/** Validates a state document against the shape of the default (same keys, same JSON kinds). */
function shapeProblems(expected: unknown, actual: unknown, at = "$"): string[] {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (kind(expected) !== "object") return [];
  if (kind(actual) !== "object") return [`${at}: expected an object, got ${kind(actual)}`];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(e)) {
    if (!(k in a)) problems.push(`${at}.${k}: missing`);
    else if (kind(e[k]) !== kind(a[k]) && kind(e[k]) !== "null" && kind(a[k]) !== "null")
      problems.push(`${at}.${k}: expected ${kind(e[k])}, got ${kind(a[k])}`);
  }
  for (const k of Object.keys(a)) if (!(k in e)) problems.push(`${at}.${k}: unknown key`);
  return problems;
}

/** Starts every stand-in and the control endpoint on 127.0.0.1; resolves once all listen. */
export async function startStandins(opts: StandinsOptions): Promise<Standins> {
  const log = opts.log ?? (() => undefined);
  const stallMs = opts.stallMs ?? 30_000;
  const runtimes = {} as Record<StandinApp, Runtime>;
  const stalled = new Set<ServerResponse>();
  const counts = new Map<string, number>();
  let states = {} as StandinStates;

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        if (port !== 0 && err.code === "EADDRINUSE") {
          server.removeListener("error", onError);
          server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
        } else reject(err);
      };
      server.once("error", onError);
      server.listen(port, "127.0.0.1", () => {
        server.removeListener("error", onError);
        resolve((server.address() as AddressInfo).port);
      });
    });

  const urlOf = (app: StandinApp) => `http://127.0.0.1:${runtimes[app].port}`;
  const localUrls = (): LocalUrls => ({
    sonarr: urlOf("sonarr"),
    radarr: urlOf("radarr"),
    prowlarr: urlOf("prowlarr"),
    jellyfin: urlOf("jellyfin"),
    qbittorrent: opts.qbittorrentUrl,
    qbittorrent52: urlOf("qbittorrent52"),
  });
  const defaults = (): StandinStates => {
    const s = halfWired(
      { repo: opts.repo, keys: opts.keys, urls: localUrls() },
      runtimes.qbittorrent52.port,
    );
    // The dashboard reaches the local Homepage at 127.0.0.1:<port>: allow that Host the way an
    // operator adds the dashboard's Service name to HOMEPAGE_ALLOWED_HOSTS.
    s.homepage.allowedHosts.push(`127.0.0.1:${runtimes.homepage.port}`);
    return s;
  };
  const qbt52 = makeQbt52(
    () => states.qbittorrent52,
    () => runtimes.qbittorrent52.port,
    opts.keys.QBITTORRENT_PASSWORD,
    opts.keys.QBITTORRENT_API_KEY,
  );

  const dispatch = async (app: StandinApp, ctx: Ctx): Promise<void> => {
    switch (app) {
      case "sonarr":
        return arrV3("sonarr", states.sonarr, opts.keys.SONARR_API_KEY, ctx, opts.nfsRoot);
      case "radarr":
        return arrV3("radarr", states.radarr, opts.keys.RADARR_API_KEY, ctx, opts.nfsRoot);
      case "prowlarr":
        return prowlarrV1(states.prowlarr, opts.keys.PROWLARR_API_KEY, ctx, () =>
          indexerSync(states.prowlarr, { Sonarr: states.sonarr, Radarr: states.radarr }),
        );
      case "jellyfin":
        return jellyfin(states.jellyfin, opts.keys.JELLYFIN_API_KEY, ctx, opts.nfsRoot);
      case "homepage":
        return homepage(states.homepage, ctx);
      case "uptime-kuma":
        return uptimeKuma(states["uptime-kuma"], opts.keys.UPTIME_KUMA_API_KEY, ctx);
      case "qbittorrent52":
        return qbt52.handle(ctx);
    }
  };

  const appServer = (app: StandinApp) =>
    createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const key = `${req.method} ${url.pathname}`;
      const countKey = `${app}\u0000${key}`;
      counts.set(countKey, (counts.get(countKey) ?? 0) + 1);
      try {
        const body = await readBody(req);
        const ctx: Ctx = {
          req,
          res,
          url,
          path: url.pathname.toLowerCase().replace(/\/+$/, "") || "/",
          body,
        };
        const mode = runtimes[app].hostile;
        if (mode) return hostile(mode, ctx, stallMs, stalled);
        await dispatch(app, ctx);
      } catch (err) {
        log(`${app} ${key}: ${(err as Error).message}`);
        if (!res.headersSent) send(res, 500, { message: "stand-in error" });
        else res.destroy();
      }
    });

  for (const app of STANDIN_APPS) {
    const server = appServer(app);
    runtimes[app] = { server, port: 0, up: true, hostile: null };
    runtimes[app].port = await listen(server, opts.ports?.[app] ?? 0);
  }
  states = defaults();

  const setDown = async (app: StandinApp) => {
    const rt = runtimes[app];
    if (!rt.up) return;
    rt.up = false;
    await new Promise<void>((resolve) => {
      rt.server.close(() => resolve());
      rt.server.closeAllConnections();
    });
  };
  const setUp = async (app: StandinApp) => {
    const rt = runtimes[app];
    if (rt.up) return;
    await listen(rt.server, rt.port).then((p) => {
      if (p !== rt.port) log(`${app}: port ${rt.port} was taken; now on ${p}`);
      rt.port = p;
    });
    rt.up = true;
  };
  const holdFile = opts.stateDir ? join(opts.stateDir, "app-keys.unmanaged") : undefined;
  const releaseStalled = () => {
    for (const res of stalled) res.destroy();
    stalled.clear();
  };

  const control = createServer(async (req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) return empty(res, 403);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    try {
      const body = await readBody(req);
      const parts = url.pathname.split("/").filter(Boolean);
      if (parts[0] !== "control") return send(res, 404, { error: "not found" });
      const [, first, action] = parts;
      if (first === "urls" && req.method === "GET")
        return send(res, 200, {
          ...Object.fromEntries(STANDIN_APPS.map((a) => [a, urlOf(a)])),
          qbittorrent: opts.qbittorrentUrl,
        });
      if (first === "requests") {
        if (req.method === "DELETE") {
          counts.clear();
          return empty(res, 204);
        }
        const out: Record<string, Record<string, number>> = {};
        for (const [k, n] of counts) {
          const [app, what] = k.split("\u0000") as [string, string];
          (out[app] ??= {})[what] = n;
        }
        return send(res, 200, out);
      }
      if (first === "reset" && req.method === "POST") {
        releaseStalled();
        for (const app of STANDIN_APPS) {
          runtimes[app].hostile = null;
          await setUp(app);
        }
        qbt52.reset();
        states = defaults();
        counts.clear();
        if (holdFile) rmSync(holdFile, { force: true });
        let qbittorrent = "restored";
        try {
          if (opts.qbittorrentLauncher) await realQbittorrent("up", opts);
          const s = await qbtLogin(
            opts.qbittorrentUrl,
            opts.keys.QBITTORRENT_USERNAME,
            opts.keys.QBITTORRENT_PASSWORD,
          );
          await qbtRestore(s, QBT_DEFAULT_SAVE_PATH, QBT_DEFAULT_CATEGORIES);
        } catch (err) {
          qbittorrent = `not restored: ${(err as Error).message}`;
        }
        return send(res, 200, { reset: true, qbittorrent });
      }
      if (first === "secret" && req.method === "POST") {
        const parsed = parseJson(body);
        const managed = parsed.ok && (parsed.value as { managed?: unknown } | null)?.managed;
        if (!parsed.ok || typeof managed !== "boolean")
          return send(res, 400, { error: 'body must be {"managed": true|false}' });
        if (!holdFile)
          return send(res, 409, { error: "no cluster state dir: the Secret is not managed here" });
        if (managed) rmSync(holdFile, { force: true });
        else
          writeFileSync(
            holdFile,
            "sim-infra leaves Secret media/arr-api-keys alone while this file exists\n",
          );
        return send(res, 200, { managed });
      }
      if (
        first === "qbittorrent" &&
        req.method === "POST" &&
        (action === "down" || action === "up")
      )
        return send(res, 200, { app: "qbittorrent", state: await realQbittorrent(action, opts) });
      const app = first as StandinApp;
      if (!STANDIN_APPS.includes(app))
        return send(res, 404, { error: `unknown stand-in ${first}` });
      if (action === "state") {
        if (req.method === "GET") return send(res, 200, states[app]);
        if (req.method !== "POST") return empty(res, 405);
        const parsed = parseJson(body);
        if (!parsed.ok) return send(res, 400, { error: "invalid JSON" });
        const problems = shapeProblems(defaults()[app], parsed.value);
        if (problems.length)
          return send(res, 400, {
            error: "state does not match the stand-in's state type",
            problems,
          });
        (states as Record<StandinApp, unknown>)[app] = parsed.value;
        return send(res, 200, { app, replaced: true });
      }
      if (req.method !== "POST") return empty(res, 405);
      if (action === "down") {
        await setDown(app);
        return send(res, 200, { app, up: false });
      }
      if (action === "up") {
        await setUp(app);
        return send(res, 200, { app, up: true, url: urlOf(app) });
      }
      if (action === "hostile") {
        const parsed = parseJson(body);
        const mode = parsed.ok ? (parsed.value as { mode?: unknown } | null)?.mode : undefined;
        if (mode !== null && !HOSTILE_MODES.includes(mode as HostileMode))
          return send(res, 400, {
            error: `mode must be one of ${HOSTILE_MODES.join(", ")} or null`,
          });
        runtimes[app].hostile = (mode as HostileMode | null) ?? null;
        if (!mode) releaseStalled();
        return send(res, 200, { app, hostile: mode });
      }
      return send(res, 404, { error: `unknown action ${action}` });
    } catch (err) {
      return send(res, 500, { error: (err as Error).message });
    }
  });
  const controlPort = await listen(control, opts.ports?.control ?? 0);
  log(
    `stand-ins listening: ${STANDIN_APPS.map((a) => `${a} ${runtimes[a].port}`).join(", ")}; control ${controlPort}`,
  );

  return {
    urls: Object.fromEntries(STANDIN_APPS.map((a) => [a, urlOf(a)])) as Record<StandinApp, string>,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    ports: {
      ...(Object.fromEntries(STANDIN_APPS.map((a) => [a, runtimes[a].port])) as Record<
        StandinApp,
        number
      >),
      control: controlPort,
    },
    async close() {
      releaseStalled();
      const all = [
        ...STANDIN_APPS.filter((a) => runtimes[a].up).map((a) => runtimes[a].server),
        control,
      ];
      await Promise.all(
        all.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
