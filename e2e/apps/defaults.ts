// The "half wired" default state of the local app stand-ins: a homelab halfway through the seed's
// setup, so `npm start` shows real passes and real failures (README, "The local apps"):
//  - Sonarr fully wired: root /data/media/tv, the in-cluster qBittorrent, hardlinks on, a
//    Prowlarr-synced indexer, no health issues. Its history holds one old import that was copied.
//  - Radarr half wired: no root folder, a RemotePathMappingCheck error (its qBittorrent category
//    still lands under LinuxServer's /downloads), no indexers (Prowlarr has no Radarr app yet).
//  - Prowlarr: one enabled and one disabled indexer, a Sonarr application, no Radarr one.
//  - Jellyfin 10.11: a Movies library on /data/media/movies only, no TV library.
//  - Homepage: every app, but the qbittorrent widget fails (Homepage 1.12 wants "Ok." from
//    qBittorrent's login; 5.2 answers 204).
//  - Uptime Kuma: monitors every HTTPRoute hostname but Jellyfin's.
// In-cluster hosts and ports, and the hostnames, come from the manifests (k8s/media).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type {
  AppKeys,
  HomepageState,
  JellyfinState,
  ProwlarrState,
  Qbt52State,
  RadarrState,
  SonarrState,
  StandinStates,
  UptimeKumaState,
  prowlarr,
  radarr,
  sonarr,
} from "./contract";
import { QBT_DEFAULT_CATEGORIES, QBT_DEFAULT_SAVE_PATH } from "./keys";

/** What the manifests say about one app: its Service's DNS name and port, its route hostnames, Homepage annotations. */
export type ManifestApp = {
  name: string;
  serviceHost: string;
  servicePort: number;
  hostnames: string[];
  homepage: Record<string, string>;
};

type K8sDoc = {
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { ports?: { port?: number }[]; hostnames?: string[] };
};

/** Reads every app folder of k8s/media: Service host:port, HTTPRoute hostnames and annotations. */
export function readManifestApps(repo: string): Record<string, ManifestApp> {
  const media = join(repo, "k8s", "media");
  const apps: Record<string, ManifestApp> = {};
  for (const dir of readdirSync(media, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const app: ManifestApp = {
      name: dir.name,
      serviceHost: "",
      servicePort: 0,
      hostnames: [],
      homepage: {},
    };
    for (const file of readdirSync(join(media, dir.name))) {
      if (!/\.ya?ml$/.test(file)) continue;
      for (const doc of parseAllDocuments(readFileSync(join(media, dir.name, file), "utf8"))) {
        const obj = doc.toJS() as K8sDoc | null;
        if (obj?.kind === "Service") {
          app.serviceHost = `${obj.metadata?.name}.${obj.metadata?.namespace ?? "media"}.svc.cluster.local`;
          app.servicePort = obj.spec?.ports?.[0]?.port ?? 0;
        } else if (obj?.kind === "HTTPRoute") {
          app.hostnames.push(...(obj.spec?.hostnames ?? []));
          for (const [k, v] of Object.entries(obj.metadata?.annotations ?? {}))
            if (k.startsWith("gethomepage.dev/"))
              app.homepage[k.slice("gethomepage.dev/".length)] = v;
        }
      }
    }
    if (app.serviceHost) apps[dir.name] = app;
  }
  return apps;
}

/** Where the stand-ins and the real qBittorrent listen locally (Homepage's widgets call them). */
export type LocalUrls = {
  sonarr: string;
  radarr: string;
  prowlarr: string;
  jellyfin: string;
  qbittorrent: string;
  qbittorrent52: string;
};

export type DefaultsContext = {
  repo: string;
  keys: AppKeys;
  urls: LocalUrls;
  /** Fixed clock for reproducible fixtures; defaults to now. */
  now?: Date;
};

const MASKED = "********"; // SchemaBuilder.ToSchema masks ApiKey/Password fields (app-apis.md §1.3)
const iso = (d: Date, minusHours = 0) =>
  new Date(d.getTime() - minusHours * 3_600_000).toISOString();

function field(
  name: string,
  value: unknown,
  privacy: sonarr.Field["privacy"] = "normal",
): sonarr.Field {
  return { name, value, privacy };
}

// Sizes of the files e2e/cluster/sample-nfs.sh creates (sparse): 700M and 4G.
const SINTEL_BYTES = 700 * 1024 * 1024;
const BBB_BYTES = 4 * 1024 * 1024 * 1024;

function arrStatus(appName: string, version: string, now: Date): sonarr.SystemResource {
  return {
    appName,
    instanceName: appName,
    version,
    isDebug: false,
    isProduction: true,
    isAdmin: false,
    isUserInteractive: false,
    startupPath: "/app/bin",
    appData: "/config",
    osName: "ubuntu",
    osVersion: "24.04",
    isNetCore: true,
    isLinux: true,
    isOsx: false,
    isWindows: false,
    isDocker: true,
    mode: "console",
    branch: "main",
    authentication: "forms",
    urlBase: "",
    runtimeVersion: "8.0.12",
    runtimeName: ".NET",
    startTime: iso(now, 26),
    packageVersion: `${version}-ls1`,
    packageAuthor: "[linuxserver.io](https://linuxserver.io)",
    packageUpdateMechanism: "docker",
    databaseType: "sqLite",
  };
}

function qbitClient(
  id: number,
  host: string,
  port: number,
  categoryField: string,
  category: string,
): sonarr.DownloadClientResource {
  return {
    id,
    name: "qBittorrent",
    implementation: "QBittorrent",
    implementationName: "qBittorrent",
    configContract: "QBittorrentSettings",
    infoLink: "https://wiki.servarr.com/sonarr/supported#qbittorrent",
    enable: true,
    protocol: "torrent",
    priority: 1,
    removeCompletedDownloads: true,
    removeFailedDownloads: true,
    tags: [],
    fields: [
      field("host", host),
      field("port", port),
      field("useSsl", false),
      field("urlBase", ""),
      field("username", "admin", "userName"),
      field("password", MASKED, "password"),
      field(categoryField, category),
      field("initialState", 0),
      field("sequentialOrder", false),
      field("firstAndLast", false),
      field("contentLayout", 0),
    ],
  };
}

export function prowlarrIndexerIn(
  id: number,
  name: string,
  prowlarrUrl: string,
  prowlarrIndexerId: number,
  categories: number[],
): sonarr.IndexerResource {
  // What Prowlarr's application sync writes (Prowlarr Applications/Sonarr/Sonarr.cs).
  return {
    id,
    name: `${name} (Prowlarr)`,
    implementation: "Torznab",
    implementationName: "Torznab",
    configContract: "TorznabSettings",
    infoLink: "https://wiki.servarr.com/sonarr/supported#torznab",
    enableRss: true,
    enableAutomaticSearch: true,
    enableInteractiveSearch: true,
    supportsRss: true,
    supportsSearch: true,
    protocol: "torrent",
    priority: 25,
    downloadClientId: 0,
    tags: [],
    fields: [
      field("baseUrl", `${prowlarrUrl}/${prowlarrIndexerId}/`),
      field("apiPath", "/api"),
      field("apiKey", MASKED, "apiKey"),
      field("categories", categories),
      field("minimumSeeders", 1),
    ],
  };
}

// Media management settings both apps share (defaults of a fresh install, hardlinks on).
const MEDIA_MANAGEMENT_COMMON = {
  id: 1,
  recycleBin: "",
  recycleBinCleanupDays: 7,
  deleteEmptyFolders: false,
  fileDate: "none",
  rescanAfterRefresh: "always",
  setPermissionsLinux: false,
  chmodFolder: "755",
  chownGroup: "",
  skipFreeSpaceCheckWhenImporting: false,
  minimumFreeSpaceWhenImporting: 100,
  copyUsingHardlinks: true,
  useScriptImport: false,
  scriptImportPath: "",
  importExtraFiles: false,
  extraFileExtensions: "srt",
  enableMediaInfo: true,
} as const;

function sonarrMediaManagement(): sonarr.MediaManagementConfigResource {
  return {
    ...MEDIA_MANAGEMENT_COMMON,
    autoUnmonitorPreviouslyDownloadedEpisodes: false,
    createEmptySeriesFolders: false,
    downloadPropersAndRepacks: "preferAndUpgrade",
    episodeTitleRequired: "always",
  };
}

function radarrMediaManagement(): radarr.MediaManagementConfigResource {
  return {
    ...MEDIA_MANAGEMENT_COMMON,
    autoUnmonitorPreviouslyDownloadedMovies: false,
    createEmptyMovieFolders: false,
    downloadPropersAndRepacks: "preferAndUpgrade",
    autoRenameFolders: false,
    pathsDefaultStatic: false,
  };
}

/**
 * The `data` map of a downloadFolderImported history record (HistoryService.Handle(EpisodeImportedEvent),
 * the same keys in Radarr; values are strings on the wire).
 */
function importData(dropped: string, imported: string, size: number, releaseType: string) {
  return {
    fileId: "1",
    droppedPath: dropped,
    importedPath: imported,
    downloadClient: "QBittorrent",
    downloadClientName: "qBittorrent",
    releaseGroup: "",
    customFormatScore: "0",
    size: String(size),
    indexerFlags: "0",
    releaseType,
  };
}

export function sonarrDefault(
  ctx: DefaultsContext,
  apps: Record<string, ManifestApp>,
): SonarrState {
  const now = ctx.now ?? new Date();
  const qbt = apps.qbittorrent!;
  const prowlarrUrl = `http://${apps.prowlarr!.serviceHost}:${apps.prowlarr!.servicePort}`;
  const dropped = "/data/torrents/tv/Sintel.S01/Sintel.S01E01.mkv";
  const imported = "/data/media/tv/Sintel/Season 01/Sintel - S01E01.mkv";
  return {
    status: arrStatus("Sonarr", "4.0.19.2979", now),
    rootFolders: [
      {
        id: 1,
        path: "/data/media/tv",
        accessible: true,
        freeSpace: 1_900_000_000_000,
        unmappedFolders: [],
      },
    ],
    downloadClients: [qbitClient(1, qbt.serviceHost, qbt.servicePort, "tvCategory", "tv-sonarr")],
    indexers: [prowlarrIndexerIn(1, "1337x", prowlarrUrl, 1, [5000, 5030, 5040])],
    health: [],
    remotePathMappings: [],
    mediaManagement: sonarrMediaManagement(),
    queue: [],
    history: [
      {
        id: 2,
        episodeId: 1,
        seriesId: 1,
        sourceTitle: "Sintel.S01E01.1080p.WEB-DL",
        date: iso(now, 24 * 40),
        downloadId: "5F3A2C9D1B7E4A6F8C0D2E4B6A8C0E2F4A6B8C0D",
        eventType: "downloadFolderImported",
        data: importData(dropped, imported, SINTEL_BYTES, "singleEpisode"),
      },
      {
        id: 1,
        episodeId: 1,
        seriesId: 1,
        sourceTitle: "Sintel.S01E01.1080p.WEB-DL",
        date: iso(now, 24 * 40 + 1),
        downloadId: "5F3A2C9D1B7E4A6F8C0D2E4B6A8C0E2F4A6B8C0D",
        eventType: "grabbed",
        data: {
          indexer: "1337x (Prowlarr)",
          downloadClient: "qBittorrent",
          size: String(SINTEL_BYTES),
        },
      },
    ],
  };
}

export function radarrDefault(
  ctx: DefaultsContext,
  apps: Record<string, ManifestApp>,
): RadarrState {
  const now = ctx.now ?? new Date();
  const dropped = "/data/torrents/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv";
  const imported = "/data/media/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv";
  const qbt = apps.qbittorrent!;
  const radarrPath = `${QBT_DEFAULT_SAVE_PATH}radarr`;
  const status = { ...arrStatus("Radarr", "6.0.3.10193", now), branch: "master" };
  return {
    status,
    rootFolders: [],
    // Short Service name: Sonarr and Radarr are in the same namespace as qBittorrent.
    downloadClients: [qbitClient(1, qbt.name, qbt.servicePort, "movieCategory", "radarr")],
    indexers: [],
    health: [
      {
        source: "IndexerRssCheck",
        type: "warning",
        message:
          "No indexers available with RSS sync enabled, Radarr will not grab new releases automatically",
        wikiUrl:
          "https://wiki.servarr.com/radarr/system#no-indexers-available-with-rss-sync-enabled",
      },
      {
        source: "IndexerSearchCheck",
        type: "warning",
        message:
          "No indexers available with Automatic Search enabled, Radarr will not provide any automatic search results",
        wikiUrl:
          "https://wiki.servarr.com/radarr/system#no-indexers-available-with-automatic-search-enabled",
      },
      {
        source: "RemotePathMappingCheck",
        type: "error",
        message: `You are using docker; download client qBittorrent places downloads in ${radarrPath} but this directory does not appear to exist inside the container. Review your remote path mappings and container volume settings.`,
        wikiUrl: "https://wiki.servarr.com/radarr/system#docker-bad-remote-path-mapping",
      },
    ],
    remotePathMappings: [],
    mediaManagement: radarrMediaManagement(),
    queue: [
      {
        id: 1,
        movieId: 2,
        title: "Tears.of.Steel.2012.1080p.BluRay.x264",
        size: 2 * 1024 * 1024 * 1024,
        sizeleft: 0,
        status: "completed",
        trackedDownloadStatus: "warning",
        trackedDownloadState: "importBlocked",
        statusMessages: [
          {
            title: "Tears.of.Steel.2012.1080p.BluRay.x264",
            messages: [
              `No files found are eligible for import in ${radarrPath}/Tears of Steel (2012)`,
            ],
          },
        ],
        errorMessage: null,
        downloadId: "9B8C7D6E5F4A3B2C1D0E9F8A7B6C5D4E3F2A1B0C",
        protocol: "torrent",
        downloadClient: "qBittorrent",
        downloadClientHasPostImportCategory: false,
        indexer: "1337x (Prowlarr)",
        outputPath: `${radarrPath}/Tears of Steel (2012)`,
        added: iso(now, 30),
      },
    ],
    history: [
      {
        id: 2,
        movieId: 1,
        sourceTitle: "Big.Buck.Bunny.2008.1080p.BluRay.x264",
        date: iso(now, 24 * 60),
        downloadId: "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B",
        eventType: "downloadFolderImported",
        data: importData(dropped, imported, BBB_BYTES, "unknown"),
      },
      {
        id: 1,
        movieId: 1,
        sourceTitle: "Big.Buck.Bunny.2008.1080p.BluRay.x264",
        date: iso(now, 24 * 60 + 2),
        downloadId: "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B",
        eventType: "grabbed",
        data: {
          indexer: "1337x (Prowlarr)",
          downloadClient: "qBittorrent",
          size: String(BBB_BYTES),
        },
      },
    ],
  };
}

function prowlarrIndexer(
  id: number,
  name: string,
  enable: boolean,
  now: Date,
): prowlarr.IndexerResource {
  return {
    id,
    name,
    definitionName: name.toLowerCase(),
    implementation: "Cardigann",
    implementationName: "Cardigann",
    configContract: "CardigannSettings",
    enable,
    redirect: false,
    supportsRss: true,
    supportsSearch: true,
    supportsRedirect: false,
    supportsPagination: false,
    appProfileId: 1,
    protocol: "torrent",
    privacy: "public",
    priority: 25,
    downloadClientId: 0,
    added: iso(now, 24 * 90),
    tags: [],
    fields: [],
    capabilities: {
      id: 0,
      categories: [
        { id: 2000, name: "Movies", subCategories: [] },
        { id: 5000, name: "TV", subCategories: [] },
      ],
      supportsRawSearch: false,
    },
  };
}

export function prowlarrDefault(
  ctx: DefaultsContext,
  apps: Record<string, ManifestApp>,
): ProwlarrState {
  const now = ctx.now ?? new Date();
  const url = (a: ManifestApp) => `http://${a.serviceHost}:${a.servicePort}`;
  return {
    status: {
      ...arrStatus("Prowlarr", "2.3.6.5235", now),
      branch: "master",
    } as prowlarr.SystemResource,
    indexers: [prowlarrIndexer(1, "1337x", true, now), prowlarrIndexer(2, "EZTV", false, now)],
    applications: [
      {
        id: 1,
        name: "Sonarr",
        implementation: "Sonarr",
        implementationName: "Sonarr",
        configContract: "SonarrSettings",
        infoLink: "https://wiki.servarr.com/prowlarr/supported#sonarr",
        syncLevel: "fullSync",
        tags: [],
        fields: [
          field("prowlarrUrl", url(apps.prowlarr!)),
          field("baseUrl", url(apps.sonarr!)),
          field("apiKey", MASKED, "apiKey"),
          field("syncCategories", [5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090]),
          field("animeSyncCategories", [5070]),
          field("syncAnimeStandardFormatSearch", true),
          field("syncRejectBlocklistedTorrentHashesWhileGrabbing", false),
        ],
      },
    ],
    health: [],
    indexerStats: {
      id: 0,
      indexers: [
        {
          indexerId: 1,
          indexerName: "1337x",
          averageResponseTime: 812,
          averageGrabResponseTime: 640,
          numberOfQueries: 148,
          numberOfGrabs: 6,
          numberOfRssQueries: 96,
          numberOfAuthQueries: 0,
          numberOfFailedQueries: 3,
          numberOfFailedGrabs: 0,
          numberOfFailedRssQueries: 1,
          numberOfFailedAuthQueries: 0,
        },
      ],
      userAgents: [],
      hosts: [],
    },
  };
}

export function jellyfinDefault(ctx: DefaultsContext): JellyfinState {
  const now = ctx.now ?? new Date();
  return {
    legacyAuthorization: true,
    publicInfo: {
      LocalAddress: "http://10.42.1.17:8096",
      ServerName: "jellyfin",
      Version: "10.11.11",
      ProductName: "Jellyfin Server",
      OperatingSystem: "",
      Id: "4b1f2a7c9d3e4f5a8b6c0d1e2f3a4b5c",
      StartupWizardCompleted: true,
    },
    virtualFolders: [
      {
        Name: "Movies",
        Locations: ["/data/media/movies"],
        CollectionType: "movies",
        ItemId: "f137a2dd21bbc1b99aa5c0f6bf02a805",
        RefreshStatus: "Idle",
      },
    ],
    counts: {
      MovieCount: 1,
      SeriesCount: 0,
      EpisodeCount: 0,
      ArtistCount: 0,
      ProgramCount: 0,
      TrailerCount: 0,
      SongCount: 0,
      AlbumCount: 0,
      MusicVideoCount: 0,
      BoxSetCount: 0,
      BookCount: 0,
      ItemCount: 1,
    },
    scheduledTasks: [
      {
        Name: "Scan Media Library",
        State: "Idle",
        Id: "7738148ffcd07979c7ceb148e06b3aed",
        LastExecutionResult: {
          StartTimeUtc: iso(now, 12),
          EndTimeUtc: new Date(now.getTime() - 12 * 3_600_000 + 41_000).toISOString(),
          Status: "Completed",
          Name: "Scan Media Library",
          Key: "RefreshLibrary",
          Id: "7738148ffcd07979c7ceb148e06b3aed",
        },
        Triggers: [],
        Description: "Scans your media library for new files and refreshes metadata.",
        Category: "Library",
        IsHidden: false,
        Key: "RefreshLibrary",
      },
    ],
  };
}

export function homepageDefault(
  ctx: DefaultsContext,
  apps: Record<string, ManifestApp>,
): HomepageState {
  const { keys, urls } = ctx;
  const svc = (name: string) => {
    const a = apps[name]!;
    return {
      name: a.homepage.name ?? name,
      href: `https://${a.hostnames[0] ?? `${name}.local`}`,
      description: a.homepage.description ?? "",
      icon: a.homepage.icon ?? `${name}.png`,
      weight: 0,
    };
  };
  return {
    // HOMEPAGE_ALLOWED_HOSTS as the seed sets it: its own route hostname only, not the Service.
    allowedHosts: ["homepage.k8s.rommelporras.com"],
    groups: [
      {
        name: "Media",
        services: [
          {
            ...svc("sonarr"),
            widget: { type: "sonarr", url: urls.sonarr, key: keys.SONARR_API_KEY },
          },
          {
            ...svc("radarr"),
            widget: { type: "radarr", url: urls.radarr, key: keys.RADARR_API_KEY },
          },
          {
            ...svc("prowlarr"),
            widget: { type: "prowlarr", url: urls.prowlarr, key: keys.PROWLARR_API_KEY },
          },
          {
            ...svc("jellyfin"),
            widget: {
              type: "jellyfin",
              url: urls.jellyfin,
              key: keys.JELLYFIN_API_KEY,
              version: 2,
            },
          },
        ],
      },
      {
        name: "Downloads",
        services: [
          {
            ...svc("qbittorrent"),
            // The manifests run qBittorrent 5.2.3; Homepage 1.12's widget wants "200 Ok." from its
            // login and gets 204: the widget fails (app-apis.md §0.3). Locally the 5.2 stand-in plays it.
            widget: {
              type: "qbittorrent",
              url: urls.qbittorrent52,
              username: keys.QBITTORRENT_USERNAME,
              password: keys.QBITTORRENT_PASSWORD,
            },
          },
        ],
      },
    ],
  };
}

export function uptimeKumaDefault(apps: Record<string, ManifestApp>): UptimeKumaState {
  const monitored = ["sonarr", "radarr", "prowlarr", "qbittorrent"]; // not jellyfin: forgotten
  let id = 0;
  return {
    monitors: monitored.flatMap((name) =>
      (apps[name]?.hostnames ?? []).map((host) => ({
        id: ++id,
        name: apps[name]!.homepage.name ?? name,
        type: "http" as const,
        url: `https://${host}`,
        hostname: null,
        port: null,
        status: 1 as const,
        responseTimeMs: 40 + id * 7,
      })),
    ),
  };
}

export function qbittorrent52Default(ctx: DefaultsContext, port: number): Qbt52State {
  const save = QBT_DEFAULT_SAVE_PATH.replace(/\/$/, "");
  return {
    version: "v5.2.3",
    webapiVersion: "2.15.1",
    username: ctx.keys.QBITTORRENT_USERNAME,
    maxAuthFailCount: 5,
    preferences: {
      save_path: save,
      temp_path_enabled: false,
      temp_path: `${save}/incomplete`,
      auto_tmm_enabled: true,
      category_changed_tmm_enabled: false,
      save_path_changed_tmm_enabled: false,
      export_dir: "",
      export_dir_fin: "",
      web_ui_port: port,
      web_ui_username: ctx.keys.QBITTORRENT_USERNAME,
      bypass_local_auth: false,
      bypass_auth_subnet_whitelist_enabled: false,
      web_ui_csrf_protection_enabled: true,
      web_ui_host_header_validation_enabled: true,
      // Secrets qBittorrent returns in clear (app-apis.md §0.4): a client must drop them.
      mail_notification_password: "smtp-secret-do-not-leak",
      proxy_password: "proxy-secret-do-not-leak",
      dyndns_password: "dyndns-secret-do-not-leak",
      web_ui_api_key: ctx.keys.QBITTORRENT_API_KEY,
    },
    categories: Object.fromEntries(
      Object.entries(QBT_DEFAULT_CATEGORIES).map(([name, savePath]) => [
        name,
        { name, savePath, download_path: null },
      ]),
    ),
  };
}

/** Every stand-in's default state. */
export function halfWired(ctx: DefaultsContext, qbt52Port: number): StandinStates {
  const apps = readManifestApps(ctx.repo);
  for (const need of ["sonarr", "radarr", "prowlarr", "qbittorrent", "jellyfin"])
    if (!apps[need]) throw new Error(`k8s/media has no Service for ${need}`);
  return {
    sonarr: sonarrDefault(ctx, apps),
    radarr: radarrDefault(ctx, apps),
    prowlarr: prowlarrDefault(ctx, apps),
    jellyfin: jellyfinDefault(ctx),
    homepage: homepageDefault(ctx, apps),
    "uptime-kuma": uptimeKumaDefault(apps),
    qbittorrent52: qbittorrent52Default(ctx, qbt52Port),
  };
}

/**
 * `GET /api/v3/downloadclient/schema`, the QBittorrent entry: the provider template a client
 * fills in before `POST /api/v3/downloadclient` (Sonarr/Radarr ProviderControllerBase.GetTemplates;
 * field names of QBittorrentSettings.cs, app-apis.md §1.3; defaults: localhost:8080, category
 * `tv-sonarr` / `radarr`).
 */
export function qbitClientTemplate(app: "sonarr" | "radarr"): sonarr.DownloadClientResource {
  const c = qbitClient(
    0,
    "localhost",
    8080,
    app === "sonarr" ? "tvCategory" : "movieCategory",
    app === "sonarr" ? "tv-sonarr" : "radarr",
  );
  delete c.id;
  return {
    ...c,
    name: "",
    fields: (c.fields ?? []).map((f) =>
      f.name === "username" || f.name === "password" ? { ...f, value: "" } : f,
    ),
    presets: [],
  };
}

/**
 * `GET /api/v1/applications/schema`: Prowlarr's Sonarr and Radarr templates (Applications/Sonarr,
 * Applications/Radarr settings: prowlarrUrl, baseUrl, apiKey, syncCategories; Sonarr also the anime
 * fields; app-apis.md §1.5).
 */
export function prowlarrApplicationTemplates(): prowlarr.ApplicationResource[] {
  const common = (impl: "Sonarr" | "Radarr", base: string, cats: number[]) => ({
    name: "",
    implementation: impl,
    implementationName: impl,
    configContract: `${impl}Settings`,
    infoLink: `https://wiki.servarr.com/prowlarr/supported#${impl.toLowerCase()}`,
    syncLevel: "fullSync" as const,
    tags: [],
    presets: [],
    fields: [
      field("prowlarrUrl", "http://localhost:9696"),
      field("baseUrl", base),
      field("apiKey", "", "apiKey"),
      field("syncCategories", cats),
    ],
  });
  const sonarrT = common(
    "Sonarr",
    "http://localhost:8989",
    [5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090],
  );
  sonarrT.fields.push(
    field("animeSyncCategories", [5070]),
    field("syncAnimeStandardFormatSearch", true),
    field("syncRejectBlocklistedTorrentHashesWhileGrabbing", false),
  );
  const radarrT = common(
    "Radarr",
    "http://localhost:7878",
    [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080, 2090],
  );
  radarrT.fields.push(field("syncRejectBlocklistedTorrentHashesWhileGrabbing", false));
  return [sonarrT, radarrT];
}
