import { describe, expect, it } from "vitest";
import type { Fetched, InClusterService } from "@/lib/apps/types";
import type { Provider } from "./schemas";
import {
  NFS_TUNING,
  planWiring,
  stoppedBy,
  touchedChecks,
  type StepOutcome,
  type WiringInputs,
  type WiringStep,
  type WiringStepId,
} from "./plan";

const svc = (name: string, port: number): InClusterService => ({
  name,
  namespace: "media",
  port,
});
const services = {
  sonarr: svc("sonarr", 8989),
  radarr: svc("radarr", 7878),
  prowlarr: svc("prowlarr", 9696),
  qbittorrent: svc("qbittorrent", 8080),
  jellyfin: svc("jellyfin", 8096),
};
const ok = <T>(data: T): Fetched<T> => ({ ok: true, data });
const field = (name: string, value: unknown) => ({ name, value });

function clientTemplate(categoryField: string, category: string): Provider {
  return {
    name: "",
    implementation: "QBittorrent",
    configContract: "QBittorrentSettings",
    enable: true,
    protocol: "torrent",
    presets: [],
    fields: [
      field("host", "localhost"),
      field("port", 8080),
      field("username", ""),
      field("password", ""),
      field(categoryField, category),
    ],
  };
}
function appTemplate(impl: "Sonarr" | "Radarr"): Provider {
  return {
    name: "",
    implementation: impl,
    configContract: `${impl}Settings`,
    syncLevel: "fullSync",
    fields: [
      field("prowlarrUrl", "http://localhost:9696"),
      field("baseUrl", "http://localhost"),
      field("apiKey", ""),
      field("syncCategories", [5000]),
    ],
  };
}
const client = (
  id: number,
  name: string,
  host: string,
  catField: string,
  cat: string,
  enable = true,
): Provider => ({
  id,
  name,
  implementation: "QBittorrent",
  enable,
  fields: [
    field("host", host),
    field("port", 8080),
    field("password", "********"),
    field(catField, cat),
  ],
});

/** Nothing wired: LinuxServer's qBittorrent defaults, empty *arrs, no apps in Prowlarr, no libraries. */
function unwired(): WiringInputs {
  const arr = (catField: string, cat: string) => ({
    rootFolders: ok([]),
    downloadClients: ok([]),
    clientTemplates: ok([clientTemplate(catField, cat)]),
    mediaManagement: ok({ id: 1, copyUsingHardlinks: false, recycleBin: "" }),
    health: ok([
      { source: "RootFolderCheck", type: "error" as const, message: "Missing root folder" },
    ]),
    indexers: ok([]),
    imports: ok(0),
  });
  return {
    services,
    qbittorrent: {
      preferences: ok({ save_path: "/downloads", disk_io_type: 0, async_io_threads: 10 }),
      categories: ok({}),
    },
    sonarr: arr("tvCategory", "tv-sonarr"),
    radarr: arr("movieCategory", "radarr"),
    prowlarr: {
      applications: ok([]),
      templates: ok([appTemplate("Sonarr"), appTemplate("Radarr")]),
      indexers: ok([{ id: 1, name: "1337x", enable: true }]),
    },
    jellyfin: { folders: ok([]), counts: ok({ MovieCount: 0, SeriesCount: 0, EpisodeCount: 0 }) },
  };
}

/** Everything wired as the plan would leave it. */
function wired(): WiringInputs {
  const i = unwired();
  const host = "qbittorrent.media.svc.cluster.local";
  const synced = (n: string) => ({
    id: 1,
    name: n,
    implementation: "Torznab",
    fields: [field("baseUrl", `http://prowlarr.media.svc.cluster.local:9696/1/`)],
  });
  i.qbittorrent = {
    preferences: ok({ save_path: "/data/torrents", ...NFS_TUNING }),
    categories: ok({
      "tv-sonarr": { name: "tv-sonarr", savePath: "/data/torrents/tv" },
      radarr: { name: "radarr", savePath: "/data/torrents/movies" },
    }),
  };
  for (const [app, root, f, c] of [
    ["sonarr", "/data/media/tv", "tvCategory", "tv-sonarr"],
    ["radarr", "/data/media/movies/", "movieCategory", "radarr"],
  ] as const) {
    i[app].rootFolders = ok([{ id: 1, path: root, accessible: true }]);
    i[app].downloadClients = ok([client(1, "qBittorrent", host, f, c)]);
    i[app].mediaManagement = ok({ id: 1, copyUsingHardlinks: true });
    i[app].health = ok([]);
    i[app].indexers = ok([synced("1337x (Prowlarr)")]);
    i[app].imports = ok(1);
  }
  i.prowlarr.applications = ok([
    {
      id: 1,
      name: "Sonarr",
      implementation: "Sonarr",
      syncLevel: "fullSync",
      fields: [field("baseUrl", "http://sonarr.media.svc.cluster.local:8989")],
    },
    {
      id: 2,
      name: "Radarr",
      implementation: "Radarr",
      syncLevel: "addOnly",
      fields: [field("baseUrl", "http://radarr.media.svc:7878")],
    },
  ]);
  i.jellyfin = {
    folders: ok([
      { Name: "Movies", CollectionType: "movies", Locations: ["/data/media/movies"] },
      { Name: "Shows", CollectionType: "tvshows", Locations: ["/data/media/tv/"] },
    ]),
    counts: ok({ MovieCount: 1, SeriesCount: 1, EpisodeCount: 1 }),
  };
  return i;
}

const byId = (plan: WiringStep[]) => new Map(plan.map((s) => [s.id, s]));
const step = (plan: WiringStep[], id: WiringStepId) => {
  const s = byId(plan).get(id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};

describe("planWiring", () => {
  it("fully unwired: every step of Wire all is a fix with the exact requests, in dependency order", () => {
    const plan = planWiring(unwired());
    const wireAll = plan.filter((s) => !s.optional);
    expect(wireAll.map((s) => [s.id, s.status])).toEqual(wireAll.map((s) => [s.id, "fix"]));
    // Every dependency comes earlier in the list.
    plan.forEach((s, i) =>
      s.dependsOn.forEach((d) =>
        expect(
          plan.findIndex((x) => x.id === d),
          `${s.id} ← ${d}`,
        ).toBeLessThan(i),
      ),
    );
    expect(step(plan, "qbittorrent-save-path").requests).toEqual([
      {
        app: "qbittorrent",
        method: "POST",
        path: "/api/v2/app/setPreferences",
        form: { json: '{"save_path":"/data/torrents/"}' },
      },
    ]);
    expect(step(plan, "qbittorrent-categories").requests.map((r) => r.form)).toEqual([
      { category: "tv-sonarr", savePath: "/data/torrents/tv" },
      { category: "radarr", savePath: "/data/torrents/movies" },
    ]);
    expect(step(plan, "radarr-root-folder").requests).toEqual([
      {
        app: "radarr",
        method: "POST",
        path: "/api/v3/rootfolder",
        json: { path: "/data/media/movies" },
      },
    ]);
    const [dc] = step(plan, "sonarr-download-client").requests;
    expect(dc).toMatchObject({ method: "POST", path: "/api/v3/downloadclient" });
    expect(dc?.json).toMatchObject({
      name: "qBittorrent",
      implementation: "QBittorrent",
      configContract: "QBittorrentSettings",
      enable: true,
      fields: expect.arrayContaining([
        { name: "host", value: "qbittorrent.media.svc.cluster.local" },
        { name: "port", value: 8080 },
        { name: "password", value: "<secret:QBITTORRENT_PASSWORD>" },
        { name: "tvCategory", value: "tv-sonarr" },
      ]),
    });
    expect(dc?.json).not.toHaveProperty("presets");
    expect(step(plan, "sonarr-hardlinks").requests[0]).toEqual({
      app: "sonarr",
      method: "PUT",
      path: "/api/v3/config/mediamanagement/1",
      json: { id: 1, copyUsingHardlinks: true, recycleBin: "" },
    });
    const apps = step(plan, "prowlarr-applications").requests;
    expect(apps.map((r) => (r.json as Provider).fields)).toEqual([
      expect.arrayContaining([
        { name: "prowlarrUrl", value: "http://prowlarr.media.svc:9696" },
        { name: "baseUrl", value: "http://sonarr.media.svc:8989" },
        { name: "apiKey", value: "<secret:SONARR_API_KEY>" },
      ]),
      expect.arrayContaining([{ name: "apiKey", value: "<secret:RADARR_API_KEY>" }]),
    ]);
    expect(step(plan, "prowlarr-sync").requests[0]?.json).toEqual({
      name: "ApplicationIndexerSync",
      forceSync: true,
    });
    expect(step(plan, "jellyfin-shows").requests[0]?.path).toBe(
      "/Library/VirtualFolders?name=Shows&collectionType=tvshows&paths=%2Fdata%2Fmedia%2Ftv&refreshLibrary=false",
    );
    expect(step(plan, "jellyfin-scan").requests[0]?.path).toBe("/Library/Refresh");
  });

  it("fully wired: every step is ok and sends nothing (a second Wire all is a no-op)", () => {
    const plan = planWiring(wired());
    for (const s of plan) expect([s.id, s.status, s.requests]).toEqual([s.id, "ok", []]);
  });

  it("partial: one item right, one wrong, one foreign object: only what is needed", () => {
    const i = wired();
    // wrong: Radarr lost its root folder
    i.radarr.rootFolders = ok([]);
    // foreign: Sonarr's only qBittorrent client is another one, elsewhere
    i.sonarr.downloadClients = ok([
      client(3, "seedbox", "seedbox.example.net", "tvCategory", "tv"),
    ]);
    const plan = planWiring(i);
    const changed = plan.filter((s) => s.status !== "ok").map((s) => [s.id, s.status]);
    expect(changed).toEqual([
      ["sonarr-download-client", "blocked"],
      ["radarr-root-folder", "fix"],
      ["radarr-recheck", "fix"],
    ]);
    expect(step(plan, "sonarr-download-client").reason).toMatch(/"seedbox".*left alone/);
    expect(step(plan, "sonarr-download-client").requests).toEqual([]);
  });

  it("a client named like ours pointing elsewhere is blocked; a disabled one at our qBittorrent is enabled in place", () => {
    const i = wired();
    i.sonarr.downloadClients = ok([client(4, "qBittorrent", "10.0.0.9", "tvCategory", "tv")]);
    i.radarr.downloadClients = ok([
      client(5, "qbit", "qbittorrent", "movieCategory", "films", false),
    ]);
    const plan = planWiring(i);
    expect(step(plan, "sonarr-download-client")).toMatchObject({ status: "blocked", requests: [] });
    expect(step(plan, "sonarr-download-client").reason).toContain('named "qBittorrent"');
    const put = step(plan, "radarr-download-client");
    expect(put.status).toBe("fix");
    expect(put.requests).toEqual([
      expect.objectContaining({
        method: "PUT",
        path: "/api/v3/downloadclient/5",
        json: expect.objectContaining({ id: 5, enable: true, name: "qbit" }),
      }),
    ]);
    // The category follows the app's configuration: "films" is created, not "radarr".
    expect(step(plan, "qbittorrent-categories").requests.map((r) => r.form?.category)).toEqual([
      "films",
    ]);
  });

  it("qBittorrent: an implicit category under the new save path still gets its own path; one under /data/torrents is left alone", () => {
    const i = unwired();
    i.qbittorrent.categories = ok({
      "tv-sonarr": { name: "tv-sonarr", savePath: "/data/torrents/series" },
      radarr: { name: "radarr", savePath: "" },
    });
    const plan = planWiring(i);
    // radarr "" resolves to <save_path>/radarr = /data/torrents/radarr once the save path is fixed.
    expect(step(plan, "qbittorrent-categories").status).toBe("ok");
    i.qbittorrent.preferences = ok({ save_path: "/data/torrents/" });
    i.qbittorrent.categories = ok({
      "tv-sonarr": { name: "tv-sonarr", savePath: "/downloads/tv" },
    });
    const again = planWiring(i);
    expect(step(again, "qbittorrent-save-path").status).toBe("ok");
    expect(
      step(again, "qbittorrent-categories").requests.map((r) => [r.path, r.form?.category]),
    ).toEqual([
      ["/api/v2/torrents/editCategory", "tv-sonarr"],
      ["/api/v2/torrents/createCategory", "radarr"],
    ]);
  });

  it("Jellyfin: a library of our name elsewhere is blocked, the other one is still added and scanned", () => {
    const i = unwired();
    i.jellyfin.folders = ok([{ Name: "Movies", CollectionType: "movies", Locations: ["/movies"] }]);
    const plan = planWiring(i);
    expect(step(plan, "jellyfin-movies")).toMatchObject({ status: "blocked", requests: [] });
    expect(step(plan, "jellyfin-movies").reason).toContain("/movies");
    expect(step(plan, "jellyfin-shows").status).toBe("fix");
    expect(step(plan, "jellyfin-scan").status).toBe("fix");
  });

  it("Prowlarr: an application pointing elsewhere is reported; no enabled indexer blocks the sync (a manual step)", () => {
    const i = unwired();
    i.prowlarr.applications = ok([
      {
        id: 1,
        name: "Sonarr",
        implementation: "Sonarr",
        syncLevel: "fullSync",
        fields: [field("baseUrl", "http://192.168.1.5:8989")],
      },
    ]);
    i.prowlarr.indexers = ok([{ id: 1, name: "x", enable: false }]);
    const plan = planWiring(i);
    const apps = step(plan, "prowlarr-applications");
    expect(apps.status).toBe("fix");
    expect(apps.requests).toHaveLength(1);
    expect((apps.requests[0]?.json as Provider).name).toBe("Radarr");
    expect(apps.reason).toContain("left alone");
    expect(step(plan, "prowlarr-sync")).toMatchObject({ status: "blocked" });
    expect(step(plan, "prowlarr-sync").reason).toContain("no enabled indexer");
  });

  it("an app that cannot be read blocks its steps with the reason; the others plan on", () => {
    const i = unwired();
    const down = {
      ok: false as const,
      code: "unreachable" as const,
      error: "Sonarr unreachable (ECONNREFUSED)",
    };
    i.sonarr = {
      ...i.sonarr,
      rootFolders: down,
      downloadClients: down,
      mediaManagement: down,
      health: down,
    };
    const plan = planWiring(i);
    for (const id of [
      "sonarr-root-folder",
      "sonarr-download-client",
      "sonarr-hardlinks",
      "sonarr-recheck",
    ] as const)
      expect(step(plan, id), id).toMatchObject({
        status: "blocked",
        reason: expect.stringContaining("ECONNREFUSED"),
      });
    expect(step(plan, "radarr-root-folder").status).toBe("fix");
  });

  it("the NFS tuning is offered only, showing the values in force", () => {
    const plan = planWiring(unwired());
    const t = step(plan, "qbittorrent-nfs-tuning");
    expect(t).toMatchObject({ optional: true, status: "fix" });
    expect(t.now).toEqual(["disk_io_type 0", "async_io_threads 10"]);
    expect(t.requests[0]?.form).toEqual({ json: '{"disk_io_type":2,"async_io_threads":64}' });
    expect(step(planWiring(wired()), "qbittorrent-nfs-tuning").status).toBe("ok");
  });

  it("a plan never holds a secret value, only placeholders", () => {
    const text = JSON.stringify(planWiring(unwired()));
    const placeholders = text.match(/<secret:[A-Z_]+>/g) ?? [];
    expect(new Set(placeholders)).toEqual(
      new Set([
        "<secret:QBITTORRENT_USERNAME>",
        "<secret:QBITTORRENT_PASSWORD>",
        "<secret:SONARR_API_KEY>",
        "<secret:RADARR_API_KEY>",
      ]),
    );
  });
});

describe("stoppedBy and touchedChecks", () => {
  it("a failed or skipped dependency stops a step; ok, done and blocked ones do not", () => {
    const plan = planWiring(unwired());
    const dc = step(plan, "sonarr-download-client");
    const outcomes = (o: StepOutcome) =>
      new Map<WiringStepId, StepOutcome>([["qbittorrent-categories", o]]);
    expect(stoppedBy(dc, outcomes("failed"))).toBe("qbittorrent-categories");
    expect(stoppedBy(dc, outcomes("skipped"))).toBe("qbittorrent-categories");
    expect(stoppedBy(dc, outcomes("done"))).toBeNull();
    expect(stoppedBy(dc, outcomes("unchanged"))).toBeNull();
    expect(stoppedBy(dc, outcomes("blocked"))).toBeNull();
  });

  it("names each checklist item the steps serve once", () => {
    expect(touchedChecks(planWiring(unwired())).sort()).toEqual([
      "jellyfin-library",
      "prowlarr-indexers",
      "qbittorrent-paths",
      "radarr-config",
      "sonarr-config",
    ]);
  });
});
