import type { Result } from "@/lib/result";
import type {
  ArrIndexer,
  ArrStatus,
  DownloadClient,
  Health,
  HistoryRecord,
  HomepageGroup,
  ItemCounts,
  JellyfinPublicInfo,
  MediaManagement,
  ProwlarrApplication,
  ProwlarrIndexer,
  QbitCategories,
  QbitPreferences,
  QueuePage,
  RemotePathMapping,
  RootFolder,
  VirtualFolder,
} from "./schemas";

/** The stack's apps that have an HTTP API the checklist reads (manifest names). */
export const API_APPS = ["sonarr", "radarr", "prowlarr", "qbittorrent", "jellyfin"] as const;
export type ApiApp = (typeof API_APPS)[number];

/**
 * Why one request gave no usable answer beyond its FailureCode: `missing-credential` (code
 * `not-found`: the Secret or the configuration lacks the key it names), `banned` (code
 * `forbidden`: qBittorrent's IP ban).
 */
export type AppFailureReason = "missing-credential" | "banned";

/** One endpoint's answer: parsed data, or a coded, key-free failure (lib/result.ts). */
export type Fetched<T> = Result<{ data: T }, { reason?: AppFailureReason }>;

export interface ArrEvidence {
  status: Fetched<ArrStatus>;
  rootFolders: Fetched<RootFolder[]>;
  downloadClients: Fetched<DownloadClient[]>;
  indexers: Fetched<ArrIndexer[]>;
  health: Fetched<Health[]>;
  remotePathMappings: Fetched<RemotePathMapping[]>;
  mediaManagement: Fetched<MediaManagement>;
  queue: Fetched<QueuePage>;
}

export interface ProwlarrEvidence {
  status: Fetched<ArrStatus>;
  indexers: Fetched<ProwlarrIndexer[]>;
  applications: Fetched<ProwlarrApplication[]>;
  health: Fetched<Health[]>;
}

export interface QbitEvidence {
  /** `app/version`, e.g. "v4.5.2". */
  version: Fetched<string>;
  preferences: Fetched<QbitPreferences>;
  categories: Fetched<QbitCategories>;
}

export interface JellyfinEvidence {
  info: Fetched<JellyfinPublicInfo>;
  folders: Fetched<VirtualFolder[]>;
  counts: Fetched<ItemCounts>;
}

export interface HomepageEvidence {
  services: Fetched<HomepageGroup[]>;
  /** Per widget proxy call, keyed "group/service". */
  widgets: { group: string; service: string; type: string; result: Fetched<true> }[];
}

export interface UptimeKumaEvidence {
  /** Parsed `monitor_status` samples of `/metrics`. */
  monitors: Fetched<{ name: string; url: string; hostname: string; status: number }[]>;
}

/** Where an app's Service answers in the cluster, from the manifests. */
export interface InClusterService {
  name: string;
  namespace: string;
  port: number;
}

/** Everything the seven checks read: the apps' answers plus where each app lives. */
export interface AppsEvidence {
  services: Partial<Record<ApiApp, InClusterService>>;
  /** HTTPRoute hostnames of the stack (for Uptime Kuma). */
  hostnames: string[];
  sonarr: ArrEvidence;
  radarr: ArrEvidence;
  prowlarr: ProwlarrEvidence;
  qbittorrent: QbitEvidence;
  jellyfin: JellyfinEvidence;
  homepage: HomepageEvidence;
  uptimeKuma: UptimeKumaEvidence;
  /** Import history (droppedPath → importedPath) for the hardlink evidence. */
  history?: { sonarr: Fetched<HistoryRecord[]>; radarr: Fetched<HistoryRecord[]> };
}
