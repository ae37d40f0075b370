import { z } from "zod";
import type * as Prowlarr from "tsarr/prowlarr/types";
import type * as QBittorrent from "tsarr/qbittorrent/types";
import type * as Sonarr from "tsarr/sonarr/types";

/**
 * What the wiring reads beyond the checks' evidence. Provider objects (download clients,
 * Prowlarr applications, their templates from `…/schema`) and the media-management config are
 * kept whole (`looseObject`): a PUT replaces the object, so the body must be what the app sent,
 * changed in one field. They hold no secret: the apps mask key and password fields as
 * `********` (SchemaBuilder.ToSchema, app-apis.md §1.3). qBittorrent's preferences carry
 * clear-text passwords, so they stay a strict projection (app-apis.md §0.4).
 * @see tsarr 2.16.0 types (Sonarr v3, Prowlarr v1, qBittorrent WebUI v2 OpenAPI specs)
 */
const conforms =
  <Contract>() =>
  <S extends z.ZodType<Contract>>(schema: S): S =>
    schema;

const FieldSchema = z.looseObject({ name: z.string().nullish(), value: z.unknown().optional() });

/** `GET /api/v3/downloadclient`, `/api/v3/downloadclient/schema` (whole objects). */
const ProviderSchema = conforms<Sonarr.DownloadClientResource & Prowlarr.ApplicationResource>()(
  z.looseObject({
    id: z.number().optional(),
    name: z.string().nullish(),
    implementation: z.string().nullish(),
    enable: z.boolean().optional(),
    syncLevel: z.enum(["disabled", "addOnly", "fullSync"]).optional(),
    fields: z.array(FieldSchema).nullish(),
  }),
);
export const ProvidersSchema = z.array(ProviderSchema);
export type Provider = z.infer<typeof ProviderSchema>;

/** `GET /api/v3/config/mediamanagement` (the whole object: PUT sends it back). */
export const MediaManagementFullSchema = conforms<Sonarr.MediaManagementConfigResource>()(
  z.looseObject({ id: z.number().optional(), copyUsingHardlinks: z.boolean().optional() }),
);
export type MediaManagementFull = z.infer<typeof MediaManagementFullSchema>;

/**
 * `GET /api/v2/app/preferences`, only what the wiring reads: the save path and the NFS tuning
 * (`disk_io_type`: 0 default, 1 memory-mapped, 2 "simple pread/pwrite"; `async_io_threads`).
 */
export const QbitWiringPrefsSchema = conforms<QBittorrent.Preferences>()(
  z.object({
    save_path: z.string().optional(),
    temp_path_enabled: z.boolean().optional(),
    temp_path: z.string().optional(),
    async_io_threads: z.number().optional(),
  }),
).extend({ disk_io_type: z.number().optional() });
export type QbitWiringPrefs = z.infer<typeof QbitWiringPrefsSchema>;

/** `GET /api/v3/history?eventType=3&pageSize=1`: how many imports the app recorded. */
export const HistoryTotalSchema = z.object({ totalRecords: z.number().optional() });
