import { describe, expect, it } from "vitest";
import type { Fetched } from "../types";
import { evaluateAppChecks, type AppCheckId } from ".";
import { effectiveCategoryPath } from "./qbittorrent";
import { hostIsService, isUnder, normalizePath, urlIsService } from "./common";
import { parseKumaMetrics } from "./uptime-kuma";
import { ok, svc, WIDGETS, wiredEvidence } from "./fixtures";

const run = (ev = wiredEvidence()) => evaluateAppChecks(ev, WIDGETS);
const item = (id: AppCheckId, ev = wiredEvidence()) => run(ev)[id];
const missingKey = (name: string): Fetched<never> => ({
  ok: false,
  code: "not-found",
  reason: "missing-credential",
  error: `${name} is not set in Secret media/arr-api-keys`,
});
const down = (app: string): Fetched<never> => ({
  ok: false,
  code: "unreachable",
  error: `${app} unreachable (ECONNREFUSED)`,
});

describe("the seven app checks", () => {
  it("pass on a fully wired stack, each with evidence and no fix line", () => {
    for (const i of Object.values(run())) {
      expect(i.verdict, `${i.id}: ${i.summary}`).toBe("pass");
      expect(i.evidence.length).toBeGreaterThan(0);
      expect(i.fix).toBeUndefined();
    }
  });

  it("a missing key makes the item could-not-check naming the key", () => {
    const ev = wiredEvidence();
    ev.sonarr.rootFolders = missingKey("SONARR_API_KEY");
    const i = item("sonarr-config", ev);
    expect(i.verdict).toBe("could-not-check");
    expect(i.summary).toContain("SONARR_API_KEY");
    expect(i.fix).toContain("SONARR_API_KEY");
  });

  it("an app that is down is could-not-check, and a fail elsewhere still wins", () => {
    const ev = wiredEvidence();
    ev.radarr.health = down("Radarr");
    expect(item("radarr-config", ev).verdict).toBe("could-not-check");
    ev.radarr.rootFolders = ok([]);
    expect(item("radarr-config", ev).verdict).toBe("fail");
  });
});

describe("prowlarr-indexers", () => {
  it("fails with no enabled indexer", () => {
    const ev = wiredEvidence();
    ev.prowlarr.indexers = ok([{ name: "Nyaa", enable: false }]);
    expect(item("prowlarr-indexers", ev)).toMatchObject({
      verdict: "fail",
      summary: expect.stringContaining("enabled"),
    });
  });
  it("fails when the Radarr application is missing or has sync disabled", () => {
    const ev = wiredEvidence();
    const apps = ev.prowlarr.applications.ok ? ev.prowlarr.applications.data : [];
    ev.prowlarr.applications = ok(apps.filter((a) => a.implementation !== "Radarr"));
    expect(item("prowlarr-indexers", ev).summary).toBe("Prowlarr has no Radarr application");
    ev.prowlarr.applications = ok(apps.map((a) => ({ ...a, syncLevel: "disabled" as const })));
    expect(item("prowlarr-indexers", ev).summary).toContain("sync disabled");
  });
  it("fails when an application points outside the cluster Service", () => {
    const ev = wiredEvidence();
    const apps = ev.prowlarr.applications.ok ? ev.prowlarr.applications.data : [];
    ev.prowlarr.applications = ok(
      apps.map((a) =>
        a.implementation === "Sonarr"
          ? { ...a, fields: [{ name: "baseUrl", value: "http://localhost:8989" }] }
          : a,
      ),
    );
    expect(item("prowlarr-indexers", ev).summary).toContain("not http://sonarr.media.svc:8989");
  });
  it("fails when Sonarr has no Prowlarr-synced indexer, and on ApplicationStatusCheck", () => {
    const ev = wiredEvidence();
    ev.sonarr.indexers = ok([{ name: "Manual", fields: [{ name: "baseUrl", value: "http://x" }] }]);
    expect(item("prowlarr-indexers", ev).summary).toBe(
      "Sonarr has no indexer synced from Prowlarr",
    );
    const ev2 = wiredEvidence();
    ev2.prowlarr.health = ok([
      {
        source: "ApplicationStatusCheck",
        type: "error",
        message: "Applications unavailable due to failures: Sonarr",
        wikiUrl: "https://wiki.servarr.com/prowlarr/system#applications-are-unavailable",
      },
    ]);
    const i = item("prowlarr-indexers", ev2);
    expect(i.verdict).toBe("fail");
    expect(i.summary).toContain("Applications unavailable");
    expect(i.fix).toContain("wiki.servarr.com");
  });
});

describe("qbittorrent-paths", () => {
  it("names LinuxServer's /downloads default", () => {
    const ev = wiredEvidence();
    ev.qbittorrent.preferences = ok({ save_path: "/downloads" });
    const i = item("qbittorrent-paths", ev);
    expect(i.verdict).toBe("fail");
    expect(i.summary).toContain("/downloads");
    expect(i.summary).toContain("LinuxServer");
    expect(i.fix).toContain("/data/torrents");
  });
  it("resolves category paths as qBittorrent does", () => {
    expect(effectiveCategoryPath("/data/torrents", "radarr", "")).toBe("/data/torrents/radarr");
    expect(effectiveCategoryPath("/data/torrents", "tv", "tv-shows/")).toBe(
      "/data/torrents/tv-shows",
    );
    expect(effectiveCategoryPath("/data/torrents", "tv", "/data/media/tv")).toBe("/data/media/tv");
    expect(effectiveCategoryPath("/data/torrents", "x", "../../etc")).toBe("/etc");
  });
  it("fails on a category used by Sonarr outside /data/torrents", () => {
    const ev = wiredEvidence();
    ev.qbittorrent.categories = ok({
      "tv-sonarr": { name: "tv-sonarr", savePath: "/data/media/tv" },
    });
    const i = item("qbittorrent-paths", ev);
    expect(i.verdict).toBe("fail");
    expect(i.summary).toContain("tv-sonarr (Sonarr)");
  });
  it("checks the incomplete path only when enabled", () => {
    const ev = wiredEvidence();
    ev.qbittorrent.preferences = ok({
      save_path: "/data/torrents/",
      temp_path_enabled: true,
      temp_path: "/downloads/incomplete",
    });
    expect(item("qbittorrent-paths", ev).verdict).toBe("fail");
  });
  it("login failure is could-not-check with the not-retrying message", () => {
    const ev = wiredEvidence();
    const f: Fetched<never> = {
      ok: false,
      code: "unauthenticated",
      error:
        "QBITTORRENT_USERNAME / QBITTORRENT_PASSWORD rejected; login failed; not retrying (qBittorrent bans after 5 failures)",
    };
    ev.qbittorrent.preferences = f;
    ev.qbittorrent.categories = f;
    const i = item("qbittorrent-paths", ev);
    expect(i.verdict).toBe("fail");
    expect(i.summary).toContain("not retrying");
    expect(i.evidence.filter((e) => e.includes("rejected"))).toHaveLength(1);
  });
});

describe("sonarr-config / radarr-config", () => {
  it("fails without the root folder, or when it is not accessible", () => {
    const ev = wiredEvidence();
    ev.radarr.rootFolders = ok([]);
    expect(item("radarr-config", ev).summary).toContain("no root folder /data/media/movies");
    ev.radarr.rootFolders = ok([{ path: "/data/media/movies", accessible: false }]);
    expect(item("radarr-config", ev).summary).toContain("not accessible");
  });
  it("fails when the qBittorrent client points elsewhere or is disabled", () => {
    const ev = wiredEvidence();
    ev.sonarr.downloadClients = ok([
      {
        name: "q",
        implementation: "QBittorrent",
        enable: true,
        fields: [
          { name: "host", value: "10.0.0.5" },
          { name: "port", value: 8080 },
        ],
      },
    ]);
    expect(item("sonarr-config", ev).summary).toContain(
      "does not point at the in-cluster qBittorrent",
    );
    ev.sonarr.downloadClients = ok([
      {
        name: "q",
        implementation: "QBittorrent",
        enable: false,
        fields: [
          { name: "host", value: "qbittorrent" },
          { name: "port", value: 8080 },
        ],
      },
    ]);
    expect(item("sonarr-config", ev).summary).toContain("disabled");
  });
  it("fails with hardlinks off, a remote path mapping, or a RemotePathMappingCheck", () => {
    const a = wiredEvidence();
    a.sonarr.mediaManagement = ok({ copyUsingHardlinks: false });
    expect(item("sonarr-config", a).summary).toContain("copyUsingHardlinks");
    const b = wiredEvidence();
    b.sonarr.remotePathMappings = ok([
      { host: "qbittorrent", remotePath: "/downloads/", localPath: "/data/torrents/" },
    ]);
    expect(item("sonarr-config", b).summary).toContain("remote path mapping");
    const c = wiredEvidence();
    c.sonarr.health = ok([
      {
        source: "RemotePathMappingCheck",
        type: "error",
        message:
          "You are using docker; download client qBittorrent places downloads in /downloads/tv-sonarr but this directory does not appear to exist inside the container",
        wikiUrl: "https://wiki.servarr.com/sonarr/system#docker-bad-remote-path-mapping",
      },
      { source: "UpdateCheck", type: "warning", message: "New update is available" },
    ]);
    const i = item("sonarr-config", c);
    expect(i.verdict).toBe("fail");
    expect(i.summary).toContain("RemotePathMappingCheck");
    expect(i.summary).toContain("docker-bad-remote-path-mapping");
    expect(i.evidence.some((e) => e.includes("UpdateCheck"))).toBe(true);
  });
  it("a non-wiring health warning alone still passes", () => {
    const ev = wiredEvidence();
    ev.radarr.health = ok([{ source: "UpdateCheck", type: "warning", message: "update" }]);
    expect(item("radarr-config", ev).verdict).toBe("pass");
  });
});

describe("jellyfin-library", () => {
  it("fails when the movies library is on the wrong path", () => {
    const ev = wiredEvidence();
    ev.jellyfin.folders = ok([
      { Name: "Movies", CollectionType: "movies", Locations: ["/movies"] },
      { Name: "Shows", CollectionType: "tvshows", Locations: ["/data/media/tv"] },
    ]);
    const i = item("jellyfin-library", ev);
    expect(i.verdict).toBe("fail");
    expect(i.summary).toContain("/movies");
    expect(i.summary).toContain("/data/media/movies");
  });
  it("zero counts: fail after imports, could-not-check before any", () => {
    const ev = wiredEvidence();
    ev.jellyfin.counts = ok({ MovieCount: 0, SeriesCount: 2, EpisodeCount: 3 });
    expect(item("jellyfin-library", ev).verdict).toBe("could-not-check");
    ev.history = {
      sonarr: ok([]),
      radarr: ok([{ data: { droppedPath: "/a", importedPath: "/b" } }]),
    };
    expect(item("jellyfin-library", ev).verdict).toBe("fail");
  });
  it("a wrong key names JELLYFIN_API_KEY", () => {
    const ev = wiredEvidence();
    ev.jellyfin.folders = {
      ok: false,
      code: "unauthenticated",
      error: "Jellyfin rejected JELLYFIN_API_KEY (HTTP 401)",
    };
    expect(item("jellyfin-library", ev)).toMatchObject({
      verdict: "fail",
      summary: expect.stringContaining("JELLYFIN_API_KEY"),
    });
  });
});

describe("homepage-entries", () => {
  it("fails when an app has no widget, or its proxy call fails", () => {
    const ev = wiredEvidence();
    ev.homepage.services = ok([
      { name: "Media", services: [{ name: "Sonarr", widgets: [{ type: "sonarr" }] }], groups: [] },
    ]);
    expect(item("homepage-entries", ev).summary).toContain("no service with a radarr widget");
    const ev2 = wiredEvidence();
    ev2.homepage.widgets = [
      ev2.homepage.widgets[0]!,
      {
        group: "Media",
        service: "Radarr",
        type: "radarr",
        result: { ok: false, code: "failed", error: "the widget proxy answered HTTP 500" },
      },
    ];
    expect(item("homepage-entries", ev2).summary).toContain("HTTP 500");
  });
  it("an unset URL is could-not-check naming ARR_HOMEPAGE_URL", () => {
    const ev = wiredEvidence();
    ev.homepage = {
      services: {
        ok: false,
        code: "not-found",
        reason: "missing-credential",
        error: "ARR_HOMEPAGE_URL is not set in the dashboard's configuration",
      },
      widgets: [],
    };
    expect(item("homepage-entries", ev)).toMatchObject({
      verdict: "could-not-check",
      summary: expect.stringContaining("ARR_HOMEPAGE_URL"),
    });
  });
});

describe("uptime-kuma", () => {
  it("fails on an unmonitored or down hostname", () => {
    const ev = wiredEvidence();
    ev.uptimeKuma.monitors = ok([
      { name: "Sonarr", url: "https://sonarr.example.test", hostname: "", status: 0 },
    ]);
    const i = item("uptime-kuma", ev);
    expect(i.verdict).toBe("fail");
    expect(i.evidence.join("\n")).toContain("is down");
    expect(i.evidence.join("\n")).toContain("No Uptime Kuma monitor for radarr.example.test");
  });
  it("parses monitor_status lines with escaped labels and skips other metrics", () => {
    const text = [
      "# HELP monitor_status Monitor Status (1 = UP, 0= DOWN, 2= PENDING, 3= MAINTENANCE)",
      "# TYPE monitor_status gauge",
      'monitor_status{monitor_id="1",monitor_name="Son\\"arr",monitor_type="http",monitor_url="https://sonarr.example.test",monitor_hostname="null",monitor_port="null"} 1',
      'monitor_response_time{monitor_name="Sonarr"} 12',
      'monitor_status{monitor_name="DNS",monitor_type="dns",monitor_url="",monitor_hostname="radarr.example.test"} 2',
    ].join("\n");
    expect(parseKumaMetrics(text)).toEqual([
      { name: 'Son"arr', url: "https://sonarr.example.test", hostname: "null", status: 1 },
      { name: "DNS", url: "", hostname: "radarr.example.test", status: 2 },
    ]);
  });
});

describe("path and URL rules", () => {
  it("normalises paths and tests containment by segment", () => {
    expect(normalizePath("/data/media/tv/")).toBe("/data/media/tv");
    expect(normalizePath("/data//torrents/./tv/../movies")).toBe("/data/torrents/movies");
    expect(isUnder("/data/torrents", "/data/torrents/")).toBe(true);
    expect(isUnder("/data/torrents-old", "/data/torrents")).toBe(false);
  });
  it("matches Service hosts in their DNS forms only", () => {
    const s = svc("sonarr", 8989);
    for (const h of [
      "sonarr",
      "sonarr.media",
      "sonarr.media.svc",
      "sonarr.media.svc.cluster.local",
    ])
      expect(hostIsService(h, s), h).toBe(true);
    for (const h of ["sonarr.evil", "sonarr.media.svc.evil.local", "radarr", "media.sonarr"])
      expect(hostIsService(h, s), h).toBe(false);
    expect(urlIsService("http://sonarr.media.svc:8989/", s)).toBe(true);
    expect(urlIsService("http://sonarr.media.svc:8990", s)).toBe(false);
    expect(urlIsService("not a url", s)).toBe(false);
  });
});
