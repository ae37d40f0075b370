// The contracts the local app stand-ins answer by. Sonarr, Radarr and Prowlarr: the types that
// tsarr 2.16.0 generates from the apps' own OpenAPI specs (src/Sonarr.Api.V3/openapi.json,
// src/Radarr.Api.V3/openapi.json, src/Prowlarr.Api.V1/openapi.json). Jellyfin: the models of
// @jellyfin/sdk 1.0.0, generated from Jellyfin's published OpenAPI document. Homepage and Uptime
// Kuma publish no spec: their shapes are typed here from their source (paths cited beside each).
// Every stand-in response is one of these types; e2e/integration/standins-contract.int.test.ts
// type-checks the recorded JSON of every endpoint against them with the TypeScript compiler.
// Known spec drift (shared/reference/app-apis.md §1.4, §7): Sonarr's v3 spec types
// HealthResource.wikiUrl as an HttpUri object, but STJHttpUriConverter writes a string on the
// wire; the stand-in answers what the app answers (a string) and SonarrHealth says so.
import type * as sonarr from "tsarr/sonarr/types";
import type * as radarr from "tsarr/radarr/types";
import type * as prowlarr from "tsarr/prowlarr/types";
import type * as qbt from "tsarr/qbittorrent/types";
import type {
  ItemCounts,
  PublicSystemInfo,
  TaskInfo,
  VirtualFolderInfo,
} from "@jellyfin/sdk/lib/generated-client/models";

export type { sonarr, radarr, prowlarr, ItemCounts, PublicSystemInfo, TaskInfo, VirtualFolderInfo };

/** Sonarr's health entry as sent on the wire: `wikiUrl` is a string (spec drift, see above). */
export type SonarrHealth = Omit<sonarr.HealthResource, "wikiUrl"> & { wikiUrl?: string | null };

/** State of the Sonarr stand-in: what its /api/v3 endpoints list. */
export type SonarrState = {
  status: sonarr.SystemResource;
  rootFolders: sonarr.RootFolderResource[];
  downloadClients: sonarr.DownloadClientResource[];
  indexers: sonarr.IndexerResource[];
  health: SonarrHealth[];
  remotePathMappings: sonarr.RemotePathMappingResource[];
  mediaManagement: sonarr.MediaManagementConfigResource;
  queue: sonarr.QueueResource[];
  history: sonarr.HistoryResource[];
};

/** State of the Radarr stand-in (Radarr v6 still serves /api/v3). */
export type RadarrState = {
  status: radarr.SystemResource;
  rootFolders: radarr.RootFolderResource[];
  downloadClients: radarr.DownloadClientResource[];
  indexers: radarr.IndexerResource[];
  health: radarr.HealthResource[];
  remotePathMappings: radarr.RemotePathMappingResource[];
  mediaManagement: radarr.MediaManagementConfigResource;
  queue: radarr.QueueResource[];
  history: radarr.HistoryResource[];
};

/** State of the Prowlarr stand-in (/api/v1). */
export type ProwlarrState = {
  status: prowlarr.SystemResource;
  indexers: prowlarr.IndexerResource[];
  applications: prowlarr.ApplicationResource[];
  health: prowlarr.HealthResource[];
  indexerStats: prowlarr.IndexerStatsResource;
};

/**
 * State of the Jellyfin stand-in. `legacyAuthorization` is the server option
 * `EnableLegacyAuthorization`: true by default in 10.11, false in 12.0 (app-apis.md §3), where
 * only `Authorization: MediaBrowser Token="…"` and `?ApiKey=` authenticate.
 */
export type JellyfinState = {
  legacyAuthorization: boolean;
  publicInfo: PublicSystemInfo;
  virtualFolders: VirtualFolderInfo[];
  counts: ItemCounts;
  scheduledTasks: TaskInfo[];
};

/**
 * One widget of a Homepage service as `/api/services` sends it: the whitelist built by
 * `cleanServiceGroups` in gethomepage/homepage src/utils/config/service-helpers.js (v1.12):
 * keys and passwords never leave the server, `type` does.
 */
export type HomepageWidget = {
  type: string;
  fields: string[] | null;
  hide_errors: boolean;
  service_name: string;
  service_group: string;
  index: number;
};
/** A service of `/api/services` (service-helpers.js: the service entry with `widgets[]`). */
export type HomepageService = {
  name: string;
  href?: string;
  description?: string;
  icon?: string;
  weight: number;
  widgets: HomepageWidget[];
};
/** `/api/services` answer (src/pages/api/services/index.js: merged groups). */
export type HomepageServiceGroup = { name: string; services: HomepageService[] };
/**
 * A widget's server-side configuration (services.yaml / discovery annotations): what Homepage
 * uses to call the app from `/api/services/proxy`; never served by `/api/services`.
 */
export type HomepageWidgetConfig = {
  type: "sonarr" | "radarr" | "prowlarr" | "qbittorrent" | "jellyfin";
  url: string;
  key?: string;
  username?: string;
  password?: string;
  /** jellyfin widget: 1 (`emby/Items/Counts?api_key=`) or 2 (MediaBrowser header, Jellyfin ≥ 10.12). */
  version?: 1 | 2;
};
/** State of the Homepage stand-in. `allowedHosts` is HOMEPAGE_ALLOWED_HOSTS (src/middleware.js). */
export type HomepageState = {
  allowedHosts: string[];
  groups: {
    name: string;
    services: (Omit<HomepageService, "widgets"> & { widget?: HomepageWidgetConfig })[];
  }[];
};
/** Error bodies of Homepage's API routes (middleware.js, services/proxy.js). */
export type HomepageError = { error: string };

/**
 * One Uptime Kuma monitor as `/metrics` labels it (louislam/uptime-kuma server/prometheus.js:
 * monitor_id, monitor_name, monitor_type, monitor_url, monitor_hostname, monitor_port; status
 * 1 = up, 0 = down, 2 = pending, 3 = maintenance).
 */
export type KumaMonitor = {
  id: number;
  name: string;
  type: "http" | "keyword" | "port" | "ping";
  url: string | null;
  hostname: string | null;
  port: number | null;
  status: 0 | 1 | 2 | 3;
  responseTimeMs: number;
};
/** State of the Uptime Kuma stand-in. */
export type UptimeKumaState = { monitors: KumaMonitor[] };

/**
 * qBittorrent 5.2 preferences, the fields the checks read plus the secrets a client must never
 * pass through (app-apis.md §0.4). tsarr's qBittorrent types come from a hand-written spec (no
 * official one exists) and predate 5.2's `web_ui_api_key`; their `Category` also says
 * `category` where qBittorrent sends `name` (webui/api/torrentscontroller.cpp categoriesAction).
 */
export type Qbt52Preferences = Pick<
  qbt.Preferences,
  | "save_path"
  | "temp_path_enabled"
  | "temp_path"
  | "auto_tmm_enabled"
  | "category_changed_tmm_enabled"
  | "save_path_changed_tmm_enabled"
  | "export_dir"
  | "export_dir_fin"
  | "web_ui_port"
  | "web_ui_username"
  | "bypass_local_auth"
  | "bypass_auth_subnet_whitelist_enabled"
  | "web_ui_csrf_protection_enabled"
  | "web_ui_host_header_validation_enabled"
  | "mail_notification_password"
  | "proxy_password"
  | "dyndns_password"
> & { web_ui_api_key: string };
/** `torrents/categories` value on qBittorrent 5.x (name, savePath, download_path). */
export type QbtCategory = {
  name: string;
  savePath: string;
  download_path: string | boolean | null;
};
/**
 * State of the qBittorrent 5.2 stand-in (recorded behaviour of WebAPI 2.15: login 204 with
 * cookie `QBT_SID_<port>`, 401 on bad credentials, `Authorization: Bearer qbt_…` API keys).
 */
export type Qbt52State = {
  version: string;
  webapiVersion: string;
  username: string;
  preferences: Qbt52Preferences;
  categories: Record<string, QbtCategory>;
  maxAuthFailCount: number;
};

/** The stand-ins by control name, with their state types. */
export type StandinStates = {
  sonarr: SonarrState;
  radarr: RadarrState;
  prowlarr: ProwlarrState;
  jellyfin: JellyfinState;
  homepage: HomepageState;
  "uptime-kuma": UptimeKumaState;
  qbittorrent52: Qbt52State;
};
export type StandinApp = keyof StandinStates;
export const STANDIN_APPS = [
  "sonarr",
  "radarr",
  "prowlarr",
  "jellyfin",
  "homepage",
  "uptime-kuma",
  "qbittorrent52",
] as const satisfies readonly StandinApp[];

export const HOSTILE_MODES = [
  "invalid-json",
  "huge-body",
  "stall",
  "html-login",
  "redirect-loop",
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

/** The per-cluster keys (`.local/$ARR_CLUSTER/app-keys.json`); the Secret carries the first six. */
export type AppKeys = {
  SONARR_API_KEY: string;
  RADARR_API_KEY: string;
  PROWLARR_API_KEY: string;
  JELLYFIN_API_KEY: string;
  QBITTORRENT_USERNAME: string;
  QBITTORRENT_PASSWORD: string;
  QBITTORRENT_API_KEY: string;
  UPTIME_KUMA_API_KEY: string;
};
/** Keys of `arr-api-keys` in `media` (the seed's names plus the qBittorrent and Jellyfin ones). */
export const SECRET_KEYS = [
  "SONARR_API_KEY",
  "RADARR_API_KEY",
  "PROWLARR_API_KEY",
  "JELLYFIN_API_KEY",
  "QBITTORRENT_USERNAME",
  "QBITTORRENT_PASSWORD",
] as const satisfies readonly (keyof AppKeys)[];
