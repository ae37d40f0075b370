import { z } from "zod";
import type * as Jellyfin from "tsarr/jellyfin/types";
import type * as Prowlarr from "tsarr/prowlarr/types";
import type * as QBittorrent from "tsarr/qbittorrent/types";
import type * as Radarr from "tsarr/radarr/types";
import type * as Sonarr from "tsarr/sonarr/types";

/**
 * The apps' responses as the dashboard parses them: zod at the boundary, only the fields the
 * checks read (zod drops every other key, so nothing else — masked keys, qBittorrent's
 * clear-text passwords — survives the parse). Each schema is tied at compile time to the type
 * generated from the app's published OpenAPI contract (tsarr 2.16.0: Sonarr v3, Radarr v3,
 * Prowlarr v1, qBittorrent WebUI v2 and Jellyfin 10.11 specs): `conforms<T>()` rejects a schema
 * whose output is not assignable to T, so a renamed or retyped field fails the build.
 * @see /work/shared/reference/app-apis.md §1.3, §1.5, §2.3, §3
 */
const conforms =
  <Contract>() =>
  <S extends z.ZodType<Contract>>(schema: S): S =>
    schema;

const text = z.string().nullish();
const fields = z
  .array(z.object({ name: text, value: z.unknown().optional() }))
  .nullish()
  .transform((list) => list ?? []);

// ---- Sonarr / Radarr (API v3) and Prowlarr (API v1) ----

/** `GET /api/v3/system/status`, `/api/v1/system/status`. */
export const ArrStatusSchema = conforms<Sonarr.SystemResource & Radarr.SystemResource>()(
  z.object({ appName: text, instanceName: text, version: text }),
);
export type ArrStatus = z.infer<typeof ArrStatusSchema>;

/** `GET /api/v3/rootfolder`. */
const RootFolderSchema = conforms<Sonarr.RootFolderResource & Radarr.RootFolderResource>()(
  z.object({
    id: z.number().optional(),
    path: text,
    accessible: z.boolean().optional(),
    freeSpace: z.number().nullish(),
  }),
);
export const RootFoldersSchema = z.array(RootFolderSchema);
export type RootFolder = z.infer<typeof RootFolderSchema>;

/** `GET /api/v3/downloadclient`, `/api/v3/indexer`: the provider shape with its `fields[]`. */
const DownloadClientSchema = conforms<Sonarr.DownloadClientResource>()(
  z.object({
    id: z.number().optional(),
    name: text,
    implementation: text,
    enable: z.boolean().optional(),
    protocol: z.enum(["unknown", "usenet", "torrent"]).optional(),
    fields,
  }),
);
export const DownloadClientsSchema = z.array(DownloadClientSchema);
export type DownloadClient = z.infer<typeof DownloadClientSchema>;

const ArrIndexerSchema = conforms<Sonarr.IndexerResource & Radarr.IndexerResource>()(
  z.object({
    id: z.number().optional(),
    name: text,
    implementation: text,
    enableRss: z.boolean().optional(),
    enableAutomaticSearch: z.boolean().optional(),
    enableInteractiveSearch: z.boolean().optional(),
    fields,
  }),
);
export const ArrIndexersSchema = z.array(ArrIndexerSchema);
export type ArrIndexer = z.infer<typeof ArrIndexerSchema>;

/**
 * `GET /api/v3/health`, `/api/v1/health`: only failing checks are listed. `wikiUrl` is a string on
 * the wire although Sonarr's v3 spec types it as an object (spec drift, app-apis.md §1.4), so it
 * is checked against the contract without that field.
 */
const HealthSchema = conforms<Omit<Sonarr.HealthResource, "wikiUrl">>()(
  z.object({
    source: text,
    type: z.enum(["ok", "notice", "warning", "error"]).optional(),
    message: text,
    wikiUrl: z.string().nullish().catch(null),
  }),
);
export const HealthListSchema = z.array(HealthSchema);
export type Health = z.infer<typeof HealthSchema>;

/** `GET /api/v3/remotepathmapping`. */
const RemotePathMappingSchema = conforms<Sonarr.RemotePathMappingResource>()(
  z.object({ host: text, remotePath: text, localPath: text }),
);
export const RemotePathMappingsSchema = z.array(RemotePathMappingSchema);
export type RemotePathMapping = z.infer<typeof RemotePathMappingSchema>;

/** `GET /api/v3/config/mediamanagement` (only the import-mode fields). */
export const MediaManagementSchema = conforms<
  Sonarr.MediaManagementConfigResource & Radarr.MediaManagementConfigResource
>()(z.object({ copyUsingHardlinks: z.boolean().optional() }));
export type MediaManagement = z.infer<typeof MediaManagementSchema>;

/**
 * `GET /api/v3/queue?page=1&pageSize=20`: what is downloading and what is stuck (import errors).
 * Enum values the dashboard does not know (a newer app) are dropped, not fatal.
 */
const QueueRecordSchema = conforms<Sonarr.QueueResource & Radarr.QueueResource>()(
  z.object({
    title: text,
    status: z
      .enum([
        "unknown",
        "queued",
        "paused",
        "downloading",
        "completed",
        "failed",
        "warning",
        "delay",
        "downloadClientUnavailable",
        "fallback",
      ])
      .optional()
      .catch(undefined),
    trackedDownloadStatus: z.enum(["ok", "warning", "error"]).optional().catch(undefined),
    trackedDownloadState: z
      .enum([
        "downloading",
        "importBlocked",
        "importPending",
        "importing",
        "imported",
        "failedPending",
        "failed",
        "ignored",
      ])
      .optional()
      .catch(undefined),
    statusMessages: z
      .array(z.object({ title: text, messages: z.array(z.string()).nullish() }))
      .nullish(),
    errorMessage: text,
  }),
);
export const QueuePageSchema = z.object({
  totalRecords: z.number().optional(),
  records: z
    .array(QueueRecordSchema)
    .nullish()
    .transform((r) => r ?? []),
});
export type QueuePage = z.infer<typeof QueuePageSchema>;

/** `GET /api/v3/history?eventType=3`: import records; `data` carries droppedPath/importedPath. */
const HistoryRecordSchema = conforms<Sonarr.HistoryResource>()(
  z.object({
    date: z.string().optional(),
    data: z.record(z.string(), z.string().nullable()).nullish(),
  }),
);
export const HistoryPageSchema = z.object({
  totalRecords: z.number().optional(),
  records: z
    .array(HistoryRecordSchema)
    .nullish()
    .transform((r) => r ?? []),
});
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;

/** Prowlarr `GET /api/v1/indexer`. */
const ProwlarrIndexerSchema = conforms<Prowlarr.IndexerResource>()(
  z.object({
    id: z.number().optional(),
    name: text,
    enable: z.boolean().optional(),
    protocol: z.enum(["unknown", "usenet", "torrent"]).optional(),
  }),
);
export const ProwlarrIndexersSchema = z.array(ProwlarrIndexerSchema);
export type ProwlarrIndexer = z.infer<typeof ProwlarrIndexerSchema>;

/** Prowlarr `GET /api/v1/applications`. */
const ProwlarrApplicationSchema = conforms<Prowlarr.ApplicationResource>()(
  z.object({
    id: z.number().optional(),
    name: text,
    implementation: text,
    syncLevel: z.enum(["disabled", "addOnly", "fullSync"]).optional(),
    fields,
  }),
);
export const ProwlarrApplicationsSchema = z.array(ProwlarrApplicationSchema);
export type ProwlarrApplication = z.infer<typeof ProwlarrApplicationSchema>;

// ---- qBittorrent WebUI API v2 ----

/**
 * `GET /api/v2/app/preferences`, projected to named fields. The body also carries
 * `mail_notification_password`, `proxy_password`, `dyndns_password` and (5.2+) `web_ui_api_key`
 * in clear text: zod's object parse drops them here, at the boundary (app-apis.md §0.4).
 */
export const QbitPreferencesSchema = conforms<QBittorrent.Preferences>()(
  z.object({
    save_path: z.string().optional(),
    temp_path_enabled: z.boolean().optional(),
    temp_path: z.string().optional(),
    auto_tmm_enabled: z.boolean().optional(),
  }),
);
export type QbitPreferences = z.infer<typeof QbitPreferencesSchema>;

/**
 * `GET /api/v2/torrents/categories`: `{name: {name, savePath}}`. (tsarr's `Category` is the
 * createCategory form, `{category, savePath}`; the answer's shape is from qBittorrent's
 * torrentscontroller.cpp `categoriesAction`, app-apis.md §2.3.)
 */
export const QbitCategoriesSchema = z.record(
  z.string(),
  z.object({ name: z.string().optional(), savePath: z.string().optional().catch(undefined) }),
);
export type QbitCategories = z.infer<typeof QbitCategoriesSchema>;

// ---- Jellyfin (PascalCase JSON) ----

/** `GET /System/Info/Public` (anonymous). */
export const JellyfinPublicInfoSchema = conforms<Jellyfin.PublicSystemInfo>()(
  z.object({ ServerName: text, Version: text, ProductName: text }),
);
export type JellyfinPublicInfo = z.infer<typeof JellyfinPublicInfoSchema>;

/** `GET /Library/VirtualFolders`. */
const VirtualFolderSchema = conforms<Jellyfin.VirtualFolderInfo>()(
  z.object({
    Name: text,
    Locations: z.array(z.string()).nullish(),
    CollectionType: z
      .enum([
        "movies",
        "tvshows",
        "music",
        "musicvideos",
        "homevideos",
        "boxsets",
        "books",
        "mixed",
      ])
      .optional(),
    RefreshStatus: text,
  }),
);
export const VirtualFoldersSchema = z.array(VirtualFolderSchema);
export type VirtualFolder = z.infer<typeof VirtualFolderSchema>;

/** `GET /Items/Counts`. */
export const ItemCountsSchema = conforms<Jellyfin.ItemCounts>()(
  z.object({
    MovieCount: z.number().optional(),
    SeriesCount: z.number().optional(),
    EpisodeCount: z.number().optional(),
  }),
);
export type ItemCounts = z.infer<typeof ItemCountsSchema>;

// ---- Homepage (no OpenAPI spec) ----

/**
 * Homepage `GET /api/services`: groups → services, after `cleanServiceGroups` (its whitelist, so no
 * keys). Typed from gethomepage/homepage src/pages/api/services/index.js and
 * src/utils/config/service-helpers.js (v1.12.3); groups nest (`groups[]`) in newer layouts.
 */
export interface HomepageGroup {
  name: string;
  services: { name: string; widgets: { type: string }[] }[];
  groups: HomepageGroup[];
}
const HomepageGroupSchema: z.ZodType<HomepageGroup> = z.lazy(() =>
  z.object({
    name: z.string(),
    services: z
      .array(
        z.object({
          name: z.string(),
          widget: z.object({ type: z.string() }).optional(),
          widgets: z.array(z.object({ type: z.string() })).optional(),
        }),
      )
      .optional()
      .transform((list) =>
        (list ?? []).map((s) => ({
          name: s.name,
          widgets: s.widgets ?? (s.widget ? [s.widget] : []),
        })),
      ),
    groups: z
      .array(HomepageGroupSchema)
      .optional()
      .transform((g) => g ?? []),
  }),
);
export const HomepageServicesSchema = z.array(HomepageGroupSchema);
