import type { AppsEvidence, Fetched } from "../types";

/**
 * A fully wired stack as the apps' APIs describe it (values as in app-apis.md §1–§6), for the
 * checks' unit tests: each test breaks one thing. Not used at run time.
 */

export const ok = <T>(data: T): Fetched<T> => ({ ok: true, data });

export const svc = (name: string, port: number) => ({ name, namespace: "media", port });

const arr = (app: "sonarr" | "radarr") => {
  const root = app === "sonarr" ? "/data/media/tv/" : "/data/media/movies/";
  const cat = app === "sonarr" ? "tvCategory" : "movieCategory";
  return {
    status: ok({ appName: app === "sonarr" ? "Sonarr" : "Radarr", version: "4.0.19.2979" }),
    rootFolders: ok([{ id: 1, path: root, accessible: true, freeSpace: 1e12 }]),
    downloadClients: ok([
      {
        id: 1,
        name: "qBittorrent",
        implementation: "QBittorrent",
        enable: true,
        protocol: "torrent" as const,
        fields: [
          { name: "host", value: "qbittorrent.media.svc.cluster.local" },
          { name: "port", value: 8080 },
          { name: "password", value: "********" },
          { name: cat, value: app === "sonarr" ? "tv-sonarr" : "radarr" },
        ],
      },
    ]),
    indexers: ok([
      {
        id: 1,
        name: "Nyaa (Prowlarr)",
        implementation: "Torznab",
        enableRss: true,
        fields: [
          { name: "baseUrl", value: "http://prowlarr.media.svc:9696/1/" },
          { name: "apiKey", value: "********" },
        ],
      },
    ]),
    health: ok([]),
    remotePathMappings: ok([]),
    mediaManagement: ok({ copyUsingHardlinks: true }),
    queue: ok({ totalRecords: 0, records: [] }),
  };
};

export function wiredEvidence(): AppsEvidence {
  return {
    services: {
      sonarr: svc("sonarr", 8989),
      radarr: svc("radarr", 7878),
      prowlarr: svc("prowlarr", 9696),
      qbittorrent: svc("qbittorrent", 8080),
      jellyfin: svc("jellyfin", 8096),
    },
    hostnames: ["sonarr.example.test", "radarr.example.test"],
    sonarr: arr("sonarr"),
    radarr: arr("radarr"),
    prowlarr: {
      status: ok({ appName: "Prowlarr", version: "2.3.6.5160" }),
      indexers: ok([{ id: 1, name: "Nyaa", enable: true, protocol: "torrent" }]),
      applications: ok([
        {
          id: 1,
          name: "Sonarr",
          implementation: "Sonarr",
          syncLevel: "fullSync",
          fields: [
            { name: "prowlarrUrl", value: "http://prowlarr.media.svc:9696" },
            { name: "baseUrl", value: "http://sonarr.media.svc:8989" },
          ],
        },
        {
          id: 2,
          name: "Radarr",
          implementation: "Radarr",
          syncLevel: "fullSync",
          fields: [
            { name: "prowlarrUrl", value: "http://prowlarr.media.svc:9696" },
            { name: "baseUrl", value: "http://radarr.media.svc.cluster.local:7878" },
          ],
        },
      ]),
      health: ok([]),
    },
    qbittorrent: {
      version: ok("v4.5.2"),
      preferences: ok({
        save_path: "/data/torrents",
        temp_path_enabled: false,
        temp_path: "/downloads/temp",
      }),
      categories: ok({
        "tv-sonarr": { name: "tv-sonarr", savePath: "/data/torrents/tv" },
        radarr: { name: "radarr", savePath: "" },
      }),
    },
    jellyfin: {
      info: ok({ ServerName: "jellyfin", Version: "10.11.11", ProductName: "Jellyfin Server" }),
      folders: ok([
        { Name: "Movies", CollectionType: "movies", Locations: ["/data/media/movies"] },
        { Name: "Shows", CollectionType: "tvshows", Locations: ["/data/media/tv/"] },
      ]),
      counts: ok({ MovieCount: 3, SeriesCount: 2, EpisodeCount: 20 }),
    },
    homepage: {
      services: ok([
        {
          name: "Media",
          services: [
            { name: "Sonarr", widgets: [{ type: "sonarr" }] },
            { name: "Radarr", widgets: [{ type: "radarr" }] },
          ],
          groups: [],
        },
      ]),
      widgets: [
        { group: "Media", service: "Sonarr", type: "sonarr", result: ok(true as const) },
        { group: "Media", service: "Radarr", type: "radarr", result: ok(true as const) },
      ],
    },
    uptimeKuma: {
      monitors: ok([
        { name: "Sonarr", url: "https://sonarr.example.test", hostname: "", status: 1 },
        { name: "Radarr", url: "https://radarr.example.test/", hostname: "", status: 1 },
      ]),
    },
    history: { sonarr: ok([]), radarr: ok([]) },
  };
}

export const WIDGETS = [
  { displayName: "Sonarr", widget: "sonarr" },
  { displayName: "Radarr", widget: "radarr" },
];
