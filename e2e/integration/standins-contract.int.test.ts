// Contract test of the local app stand-ins (e2e/apps): every response body of every endpoint is
// type-checked, as a literal, against the apps' published contract types (tsarr's types generated
// from the Sonarr/Radarr/Prowlarr OpenAPI specs, @jellyfin/sdk's generated models, and the
// Homepage/Uptime Kuma types of e2e/apps/contract.ts) with the TypeScript compiler: a wrong type
// or an invented field fails. Also the auth rules and the recorded qBittorrent 5.2 and Jellyfin 12
// cases. Runs the stand-ins in-process on ephemeral loopback ports; needs no cluster of its own.
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys } from "@/e2e/apps/keys";
import { startStandins, type Standins } from "@/e2e/apps/server";
import type { AppKeys } from "@/e2e/apps/contract";

const repo = process.cwd();
let s: Standins;
let keys: AppKeys;

beforeAll(async () => {
  keys = generateKeys();
  s = await startStandins({ repo, keys, qbittorrentUrl: "http://127.0.0.1:9", stallMs: 300 });
});
afterAll(async () => {
  await s?.close();
});

type Recorded = { label: string; type: string; status: number; body: string };

async function get(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** GET through node:http, which (unlike fetch) sends the Host header it is given. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Type-checks each case as `const x: <type> = <body>` in one compiler run; returns the complaints
 * per case label. Only the ES library and the contract packages are loaded (no DOM, no @types).
 */
function typeCheck(
  imports: string,
  cases: { label: string; type: string; body: string }[],
): Map<string, string[]> {
  const file = join(repo, "e2e", "apps", `.contract-check-${randomBytes(4).toString("hex")}.ts`);
  const lines = imports.split("\n");
  const labelAt: string[] = [];
  cases.forEach((c, i) => {
    labelAt[lines.length] = c.label;
    lines.push(`export const _${i}: ${c.type} = ${c.body};`);
  });
  writeFileSync(file, lines.join("\n"));
  try {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(repo, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    )!;
    const program = ts.createProgram([file], {
      ...config.options,
      lib: ["lib.es2023.d.ts"],
      types: [],
      noEmit: true,
      incremental: false,
    });
    const out = new Map<string, string[]>();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      if (d.file?.fileName !== file) continue;
      const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line;
      const label = labelAt[line] ?? `line ${line + 1}`;
      out.set(label, [
        ...(out.get(label) ?? []),
        ts.flattenDiagnosticMessageText(d.messageText, "\n").slice(0, 300),
      ]);
    }
    return out;
  } finally {
    rmSync(file, { force: true });
  }
}

/** Deliberately wrong bodies: the check must reject each (a test that cannot fail proves nothing). */
const WRONG = [
  {
    label: "wrong: a string for a boolean",
    type: "sonarr.MediaManagementConfigResource",
    body: '{"copyUsingHardlinks":"yes"}',
  },
  {
    label: "wrong: an invented field",
    type: "radarr.RootFolderResource",
    body: '{"path":"/data/media/movies","isMounted":true}',
  },
  {
    label: "wrong: Sonarr's spec types wikiUrl as an object",
    type: "sonarr.HealthResource",
    body: '{"wikiUrl":"https://wiki.servarr.com"}',
  },
];

const IMPORTS = `
import type * as sonarr from "tsarr/sonarr/types";
import type * as radarr from "tsarr/radarr/types";
import type * as prowlarr from "tsarr/prowlarr/types";
import type { ItemCounts, PublicSystemInfo, TaskInfo, VirtualFolderInfo } from "@jellyfin/sdk/lib/generated-client/models";
import type { HomepageError, HomepageServiceGroup, Qbt52Preferences, QbtCategory, SonarrHealth } from "@/e2e/apps/contract";
`;

describe("stand-in responses match the apps' contracts", () => {
  const recorded: Recorded[] = [];
  async function record(label: string, type: string, url: string, init: RequestInit = {}) {
    const res = await get(url, init);
    recorded.push({ label, type, status: res.status, body: await res.text() });
  }
  async function recordRaw(
    label: string,
    type: string,
    url: string,
    headers: Record<string, string>,
  ) {
    const res = await rawGet(url, headers);
    recorded.push({ label, type, status: res.status, body: res.body });
  }

  beforeAll(async () => {
    const arr = (app: "sonarr" | "radarr", key: string) => {
      const u = s.urls[app];
      const h = { headers: { "X-Api-Key": key } };
      return [
        record(`${app} ping`, `${app}.PingResource`, `${u}/ping`),
        record(`${app} status`, `${app}.SystemResource`, `${u}/api/v3/system/status`, h),
        record(`${app} rootfolder`, `${app}.RootFolderResource[]`, `${u}/api/v3/rootfolder`, h),
        record(
          `${app} downloadclient`,
          `${app}.DownloadClientResource[]`,
          `${u}/api/v3/downloadclient`,
          h,
        ),
        record(`${app} indexer`, `${app}.IndexerResource[]`, `${u}/api/v3/indexer`, h),
        record(
          `${app} health`,
          app === "sonarr" ? "SonarrHealth[]" : "radarr.HealthResource[]",
          `${u}/api/v3/health`,
          h,
        ),
        record(
          `${app} remotepathmapping`,
          `${app}.RemotePathMappingResource[]`,
          `${u}/api/v3/remotepathmapping`,
          h,
        ),
        record(
          `${app} mediamanagement`,
          `${app}.MediaManagementConfigResource`,
          `${u}/api/v3/config/mediamanagement`,
          h,
        ),
        record(
          `${app} queue`,
          `${app}.QueueResourcePagingResource`,
          `${u}/api/v3/queue?page=1&pageSize=20`,
          h,
        ),
        record(`${app} queue/status`, `${app}.QueueStatusResource`, `${u}/api/v3/queue/status`, h),
        record(
          `${app} history`,
          `${app}.HistoryResourcePagingResource`,
          `${u}/api/v3/history?eventType=3&pageSize=50`,
          h,
        ),
        record(
          `${app} history/since`,
          `${app}.HistoryResource[]`,
          `${u}/api/v3/history/since?date=2000-01-01T00:00:00Z`,
          h,
        ),
        record(
          `${app} downloadclient/schema`,
          `${app}.DownloadClientResource[]`,
          `${u}/api/v3/downloadclient/schema`,
          h,
        ),
        record(`${app} command`, `${app}.CommandResource`, `${u}/api/v3/command`, {
          method: "POST",
          headers: { "X-Api-Key": key, "content-type": "application/json" },
          body: JSON.stringify({ name: "CheckHealth" }),
        }),
      ];
    };
    const p = s.urls.prowlarr;
    const ph = { headers: { "X-Api-Key": keys.PROWLARR_API_KEY } };
    const j = s.urls.jellyfin;
    const jh = { headers: { Authorization: `MediaBrowser Token="${keys.JELLYFIN_API_KEY}"` } };
    const hp = s.urls.homepage;
    const proxy = (group: string, service: string, endpoint: string) =>
      `${hp}/api/services/proxy?${new URLSearchParams({ group, service, endpoint, index: "0" })}`;
    const q = s.urls.qbittorrent52;
    const qh = { headers: { Authorization: `Bearer ${keys.QBITTORRENT_API_KEY}` } };
    await Promise.all([
      ...arr("sonarr", keys.SONARR_API_KEY),
      ...arr("radarr", keys.RADARR_API_KEY),
      record("prowlarr ping", "prowlarr.PingResource", `${p}/ping`),
      record("prowlarr status", "prowlarr.SystemResource", `${p}/api/v1/system/status`, ph),
      record("prowlarr indexer", "prowlarr.IndexerResource[]", `${p}/api/v1/indexer`, ph),
      record(
        "prowlarr applications",
        "prowlarr.ApplicationResource[]",
        `${p}/api/v1/applications`,
        ph,
      ),
      record("prowlarr health", "prowlarr.HealthResource[]", `${p}/api/v1/health`, ph),
      record(
        "prowlarr applications/schema",
        "prowlarr.ApplicationResource[]",
        `${p}/api/v1/applications/schema`,
        ph,
      ),
      record(
        "prowlarr indexerstats",
        "prowlarr.IndexerStatsResource",
        `${p}/api/v1/indexerstats`,
        ph,
      ),
      record("jellyfin public info", "PublicSystemInfo", `${j}/System/Info/Public`),
      record("jellyfin virtual folders", "VirtualFolderInfo[]", `${j}/Library/VirtualFolders`, jh),
      record("jellyfin counts", "ItemCounts", `${j}/Items/Counts`, jh),
      record("jellyfin scheduled tasks", "TaskInfo[]", `${j}/ScheduledTasks`, jh),
      record("homepage services", "HomepageServiceGroup[]", `${hp}/api/services`),
      recordRaw("homepage bad host", "HomepageError", `${hp}/api/services`, {
        Host: "homepage.homepage.svc:3000",
      }),
      record(
        "homepage sonarr widget",
        "sonarr.QueueResourcePagingResource",
        proxy("Media", "Sonarr", "queue"),
      ),
      record(
        "homepage radarr widget",
        "radarr.QueueStatusResource",
        proxy("Media", "Radarr", "queue/status"),
      ),
      record(
        "homepage prowlarr widget",
        "prowlarr.IndexerStatsResource",
        proxy("Media", "Prowlarr", "indexerstats"),
      ),
      record("homepage jellyfin widget", "ItemCounts", proxy("Media", "Jellyfin", "CountV2")),
      record("homepage unknown endpoint", "HomepageError", proxy("Media", "Sonarr", "nope")),
      record("qbittorrent 5.2 preferences", "Qbt52Preferences", `${q}/api/v2/app/preferences`, qh),
      record(
        "qbittorrent 5.2 categories",
        "Record<string, QbtCategory>",
        `${q}/api/v2/torrents/categories`,
        qh,
      ),
    ]);
  });

  it("every recorded body is JSON of its contract type (TypeScript, excess properties included)", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(45);
    for (const r of recorded) expect(() => JSON.parse(r.body), r.label).not.toThrow();
    const complaints = typeCheck(IMPORTS, [...recorded, ...WRONG]);
    for (const w of WRONG) expect(complaints.get(w.label), w.label).toHaveLength(1);
    const ours = [...complaints].filter(([label]) => !label.startsWith("wrong: "));
    expect(ours).toEqual([]);
  });

  it("answers with the statuses the apps use", () => {
    const status = Object.fromEntries(recorded.map((r) => [r.label, r.status]));
    expect(status["sonarr command"]).toBe(201);
    expect(status["homepage bad host"]).toBe(400);
    expect(status["homepage unknown endpoint"]).toBe(403);
    for (const r of recorded.filter((r) => !/command|bad host|unknown endpoint/.test(r.label)))
      expect(r.status, r.label).toBe(200);
  });

  it("Uptime Kuma /metrics labels every monitor_status like server/prometheus.js", async () => {
    const res = await get(`${s.urls["uptime-kuma"]}/metrics`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`:${keys.UPTIME_KUMA_API_KEY}`).toString("base64")}`,
      },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).split("\n").filter((l) => l.startsWith("monitor_status{"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const m = /^monitor_status\{(.*)\} ([0-3])$/.exec(line);
      expect(m, line).not.toBeNull();
      const labels = [...m![1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]);
      expect(labels).toEqual([
        "monitor_id",
        "monitor_name",
        "monitor_type",
        "monitor_url",
        "monitor_hostname",
        "monitor_port",
      ]);
    }
  });
});

describe("the write endpoints the wiring sends (stateful, typed like the reads)", () => {
  const send = async (url: string, method: string, key: Record<string, string>, body?: unknown) => {
    const res = await get(url, {
      method,
      headers: { ...key, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined; // Jellyfin's refusals are text
    }
    return { status: res.status, text, json };
  };
  afterAll(async () => {
    await get(`${s.controlUrl}/control/reset`, { method: "POST" });
  });

  it("*arr: POST rootfolder/downloadclient (201, names unique: 400), PUT mediamanagement (202), CheckHealth clears the path warnings", async () => {
    const u = s.urls.radarr;
    const k = { "X-Api-Key": keys.RADARR_API_KEY };
    const root = await send(`${u}/api/v3/rootfolder`, "POST", k, { path: "/data/media/movies/" });
    expect(root.status).toBe(201);
    const again = await send(`${u}/api/v3/rootfolder`, "POST", k, { path: "/data/media/movies" });
    expect(again.status).toBe(400);
    expect(again.text).toContain("already configured");
    const [template] = (await send(`${u}/api/v3/downloadclient/schema`, "GET", k)).json as {
      fields: { name: string; value: unknown }[];
    }[];
    const client = { ...template, name: "qb2", enable: true };
    const created = await send(`${u}/api/v3/downloadclient`, "POST", k, client);
    expect(created.status).toBe(201);
    expect((await send(`${u}/api/v3/downloadclient`, "POST", k, client)).status).toBe(400);
    const mm = (await send(`${u}/api/v3/config/mediamanagement`, "GET", k)).json as object;
    const put = await send(`${u}/api/v3/config/mediamanagement/1`, "PUT", k, {
      ...mm,
      copyUsingHardlinks: false,
    });
    expect(put.status).toBe(202);
    expect(put.json).toMatchObject({ copyUsingHardlinks: false });
    // The root folder is not accessible here (no NFS tree in-process), so the warnings stay.
    await send(`${u}/api/v3/command`, "POST", k, { name: "CheckHealth" });
    const health = (await send(`${u}/api/v3/health`, "GET", k)).json as { source: string }[];
    expect(health.map((h) => h.source)).toContain("RemotePathMappingCheck");
    const complaints = typeCheck(IMPORTS, [
      { label: "rootfolder POST", type: "radarr.RootFolderResource", body: root.text },
      { label: "downloadclient POST", type: "radarr.DownloadClientResource", body: created.text },
      {
        label: "mediamanagement PUT",
        type: "radarr.MediaManagementConfigResource",
        body: put.text,
      },
    ]);
    expect([...complaints]).toEqual([]);
  });

  it("Prowlarr: POST applications, then ApplicationIndexerSync puts its enabled indexers into the app and clears its indexer warnings", async () => {
    const p = s.urls.prowlarr;
    const pk = { "X-Api-Key": keys.PROWLARR_API_KEY };
    const templates = (await send(`${p}/api/v1/applications/schema`, "GET", pk)).json as {
      implementation: string;
      fields: { name: string; value: unknown }[];
    }[];
    const radarr = templates.find((t) => t.implementation === "Radarr")!;
    const app = await send(`${p}/api/v1/applications`, "POST", pk, {
      ...radarr,
      name: "Radarr",
      fields: radarr.fields.map((f) =>
        f.name === "prowlarrUrl" ? { ...f, value: "http://prowlarr.media.svc:9696" } : f,
      ),
    });
    expect(app.status).toBe(201);
    const complaints = typeCheck(IMPORTS, [
      { label: "applications POST", type: "prowlarr.ApplicationResource", body: app.text },
    ]);
    expect([...complaints]).toEqual([]);
    const rk = { "X-Api-Key": keys.RADARR_API_KEY };
    expect((await send(`${s.urls.radarr}/api/v3/indexer`, "GET", rk)).json).toEqual([]);
    const cmd = await send(`${p}/api/v1/command`, "POST", pk, {
      name: "ApplicationIndexerSync",
      forceSync: true,
    });
    expect(cmd.status).toBe(201);
    const indexers = (await send(`${s.urls.radarr}/api/v3/indexer`, "GET", rk)).json as {
      name: string;
      fields: { name: string; value: unknown }[];
    }[];
    expect(indexers.map((i) => i.name)).toEqual(["1337x (Prowlarr)"]);
    expect(indexers[0]?.fields.find((f) => f.name === "baseUrl")?.value).toBe(
      "http://prowlarr.media.svc:9696/1/",
    );
    const health = (await send(`${s.urls.radarr}/api/v3/health`, "GET", rk)).json as {
      source: string;
    }[];
    expect(health.map((h) => h.source)).not.toContain("IndexerRssCheck");
  });

  it("Jellyfin: POST /Library/VirtualFolders adds a library (204; a taken name is 400), /Library/Refresh answers 204", async () => {
    const j = s.urls.jellyfin;
    const jk = { Authorization: `MediaBrowser Token="${keys.JELLYFIN_API_KEY}"` };
    const q = (name: string) =>
      `${j}/Library/VirtualFolders?${new URLSearchParams({ name, collectionType: "tvshows", paths: "/data/media/tv", refreshLibrary: "false" })}`;
    expect((await send(q("Shows"), "POST", jk, { LibraryOptions: {} })).status).toBe(204);
    expect((await send(q("Shows"), "POST", jk, { LibraryOptions: {} })).status).toBe(400);
    expect((await send(q("Shows"), "POST", {}, {})).status).toBe(401);
    const folders = await send(`${j}/Library/VirtualFolders`, "GET", jk);
    expect(folders.json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Name: "Shows",
          CollectionType: "tvshows",
          Locations: ["/data/media/tv"],
        }),
      ]),
    );
    expect([
      ...typeCheck(IMPORTS, [
        { label: "virtual folders", type: "VirtualFolderInfo[]", body: folders.text },
      ]),
    ]).toEqual([]);
    expect((await send(`${j}/Library/Refresh`, "POST", jk)).status).toBe(204);
  });
});

describe("auth as the apps do it (shared/reference/app-apis.md)", () => {
  it("*arr: ?apikey=, X-Api-Key and Bearer are accepted; a wrong or missing key is 401; /ping is anonymous", async () => {
    for (const [app, key, base] of [
      ["sonarr", keys.SONARR_API_KEY, "/api/v3"],
      ["radarr", keys.RADARR_API_KEY, "/api/v3"],
      ["prowlarr", keys.PROWLARR_API_KEY, "/api/v1"],
    ] as const) {
      const u = `${s.urls[app]}${base}/system/status`;
      expect((await get(`${u}?apikey=${key}`)).status, app).toBe(200);
      expect((await get(u, { headers: { "X-Api-Key": key } })).status, app).toBe(200);
      expect((await get(u, { headers: { Authorization: `Bearer ${key}` } })).status, app).toBe(200);
      expect((await get(u)).status, app).toBe(401);
      expect((await get(u, { headers: { "X-Api-Key": "0".repeat(32) } })).status, app).toBe(401);
      expect((await get(`${s.urls[app]}/ping`)).status, app).toBe(200);
    }
  });

  it("Jellyfin 10.11 takes legacy tokens; Jellyfin 12 only MediaBrowser Token= and ?ApiKey=", async () => {
    const u = `${s.urls.jellyfin}/Items/Counts`;
    const k = keys.JELLYFIN_API_KEY;
    const legacy: RequestInit[] = [
      { headers: { "X-Emby-Token": k } },
      { headers: { "X-MediaBrowser-Token": k } },
      { headers: { Authorization: `Emby Token="${k}"` } },
    ];
    for (const init of legacy) expect((await get(u, init)).status).toBe(200);
    expect((await get(`${u}?api_key=${k}`)).status).toBe(200);
    expect((await get(u)).status).toBe(401);
    expect(
      (await get(u, { headers: { Authorization: 'MediaBrowser Token="wrong"' } })).status,
    ).toBe(401);

    const ctl = `${s.controlUrl}/control/jellyfin/state`;
    const state = await (await get(ctl)).json();
    const res = await get(ctl, {
      method: "POST",
      body: JSON.stringify({
        ...state,
        legacyAuthorization: false,
        publicInfo: { ...state.publicInfo, Version: "12.0.0" },
      }),
    });
    expect(res.status).toBe(200);
    for (const init of legacy) expect((await get(u, init)).status).toBe(401);
    expect((await get(`${u}?api_key=${k}`)).status).toBe(401);
    expect(
      (await get(u, { headers: { Authorization: `MediaBrowser Client="t", Token="${k}"` } }))
        .status,
    ).toBe(200);
    expect((await get(`${u}?ApiKey=${k}`)).status).toBe(200);
    expect((await (await get(`${s.urls.jellyfin}/System/Info/Public`)).json()).Version).toBe(
      "12.0.0",
    );
    // Homepage's jellyfin widget v1 (api_key query) now fails, v2 (MediaBrowser header) works.
    await get(`${s.controlUrl}/control/reset`, { method: "POST" });
  });

  it("Uptime Kuma /metrics: Basic auth with the API key as password, 401 otherwise", async () => {
    const u = `${s.urls["uptime-kuma"]}/metrics`;
    const basic = (user: string, pass: string) => ({
      headers: { Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` },
    });
    expect((await get(u, basic("anyone", keys.UPTIME_KUMA_API_KEY))).status).toBe(200);
    expect((await get(u, basic("", "uk1_wrong"))).status).toBe(401);
    expect((await get(u)).status).toBe(401);
  });
});

describe("recorded qBittorrent 5.2 behaviour (WebAPI 2.15)", () => {
  const form = (username: string, password: string) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password }).toString(),
  });

  it("login answers 204 with cookie QBT_SID_<port>; the cookie opens the API", async () => {
    const q = s.urls.qbittorrent52;
    const res = await get(
      `${q}/api/v2/auth/login`,
      form(keys.QBITTORRENT_USERNAME, keys.QBITTORRENT_PASSWORD),
    );
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const port = new URL(q).port;
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`QBT_SID_${port}=`));
    expect(cookie).toBeDefined();
    const prefs = await get(`${q}/api/v2/app/preferences`, {
      headers: { cookie: cookie!.split(";")[0]! },
    });
    expect(prefs.status).toBe(200);
    expect((await prefs.json()).save_path).toBe("/downloads");
    expect(
      (await get(`${q}/api/v2/app/version`, { headers: { cookie: cookie!.split(";")[0]! } }))
        .status,
    ).toBe(200);
    // The old cookie name means nothing to 5.2.
    expect(
      (
        await get(`${q}/api/v2/app/preferences`, {
          headers: { cookie: `SID=${cookie!.split("=")[1]}` },
        })
      ).status,
    ).toBe(403);
  });

  it("Bearer qbt_ API key works without a session; no credentials is 403; a foreign Origin is 401", async () => {
    const q = s.urls.qbittorrent52;
    expect(
      (
        await get(`${q}/api/v2/app/webapiVersion`, {
          headers: { Authorization: `Bearer ${keys.QBITTORRENT_API_KEY}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await get(`${q}/api/v2/app/webapiVersion`, {
          headers: { Authorization: "Bearer qbt_wrongwrongwrongwrongwrongwrong" },
        })
      ).status,
    ).toBe(403);
    expect((await get(`${q}/api/v2/app/webapiVersion`)).status).toBe(403);
    const login = await get(`${q}/api/v2/auth/login`, {
      ...form(keys.QBITTORRENT_USERNAME, keys.QBITTORRENT_PASSWORD),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        Origin: "http://evil.example:18080",
      },
    });
    expect(login.status).toBe(401);
  });

  it("bad credentials are 401, and the fifth failure bans the IP (403 even with the right password)", async () => {
    const q = s.urls.qbittorrent52;
    for (let i = 0; i < 5; i++)
      expect((await get(`${q}/api/v2/auth/login`, form("admin", "wrong"))).status).toBe(401);
    const banned = await get(
      `${q}/api/v2/auth/login`,
      form(keys.QBITTORRENT_USERNAME, keys.QBITTORRENT_PASSWORD),
    );
    expect(banned.status).toBe(403);
    expect(await banned.text()).toMatch(/banned/);
    await get(`${s.controlUrl}/control/reset`, { method: "POST" });
    expect(
      (
        await get(
          `${q}/api/v2/auth/login`,
          form(keys.QBITTORRENT_USERNAME, keys.QBITTORRENT_PASSWORD),
        )
      ).status,
    ).toBe(204);
  });

  it('Homepage 1.12\'s qbittorrent widget fails against it (204 login is not "Ok.")', async () => {
    const res = await get(
      `${s.urls.homepage}/api/services/proxy?${new URLSearchParams({ group: "Downloads", service: "qBittorrent", endpoint: "torrents" })}`,
    );
    expect(res.status).toBe(204);
  });
});

describe("test control", () => {
  const ctl = (path: string, init: RequestInit = {}) =>
    get(`${s.controlUrl}/control/${path}`, init);

  it("down refuses connections, up serves again on the same port", async () => {
    const u = `${s.urls.sonarr}/ping`;
    expect((await ctl("sonarr/down", { method: "POST" })).status).toBe(200);
    await expect(get(u)).rejects.toThrow();
    expect((await ctl("sonarr/up", { method: "POST" })).status).toBe(200);
    expect((await get(u)).status).toBe(200);
  });

  it("hostile modes: invalid JSON, a 50 MiB body, a stall, an HTML login page, a redirect loop", async () => {
    const u = `${s.urls.radarr}/api/v3/health?apikey=${keys.RADARR_API_KEY}`;
    const mode = (m: string | null) =>
      ctl("radarr/hostile", { method: "POST", body: JSON.stringify({ mode: m }) });
    await mode("invalid-json");
    await expect((await get(u)).json()).rejects.toThrow();
    await mode("huge-body");
    const big = await get(u, {}, 120_000);
    expect(big.headers.get("content-length")).toBeNull();
    let bytes = 0;
    for await (const chunk of big.body!) bytes += (chunk as Uint8Array).length;
    expect(bytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    await mode("stall");
    const t0 = Date.now();
    await get(u);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250); // stallMs is 300 in this file (30 s by default)
    await mode("html-login");
    const html = await get(u);
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    await mode("redirect-loop");
    const hop = await get(u, { redirect: "manual" });
    expect(hop.status).toBe(302);
    expect(hop.headers.get("location")).toBe(new URL(u).pathname + new URL(u).search);
    await expect(get(u)).rejects.toThrow(); // fetch gives up after 20 redirects
    await mode(null);
    expect((await get(u)).status).toBe(200);
    expect((await mode("nonsense")).status).toBe(400);
  });

  it("state: replace, shape-checked; requests are counted per app, method and path; reset restores", async () => {
    await ctl("requests", { method: "DELETE" });
    const state = await (await ctl("radarr/state")).json();
    expect(state.rootFolders).toEqual([]);
    const bad = await ctl("radarr/state", {
      method: "POST",
      body: JSON.stringify({ ...state, rootFolders: "nope", extra: 1 }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).problems).toEqual([
      "$.rootFolders: expected array, got string",
      "$.extra: unknown key",
    ]);
    const next = {
      ...state,
      rootFolders: [
        { id: 1, path: "/data/media/movies", accessible: true, freeSpace: 1, unmappedFolders: [] },
      ],
    };
    expect((await ctl("radarr/state", { method: "POST", body: JSON.stringify(next) })).status).toBe(
      200,
    );
    const rf = await get(`${s.urls.radarr}/api/v3/rootfolder`, {
      headers: { "X-Api-Key": keys.RADARR_API_KEY },
    });
    expect((await rf.json())[0].path).toBe("/data/media/movies");
    await get(`${s.urls.radarr}/api/v3/rootfolder?apikey=${keys.RADARR_API_KEY}`);
    const counts = await (await ctl("requests")).json();
    expect(counts.radarr["GET /api/v3/rootfolder"]).toBe(2);
    const reset = await ctl("reset", { method: "POST" });
    expect(reset.status).toBe(200);
    expect((await (await ctl("radarr/state")).json()).rootFolders).toEqual([]);
  });

  it("the half wired default: Sonarr's and Radarr's import history matches sample-nfs.sh's files", async () => {
    const pairs = async (app: "sonarr" | "radarr", key: string) =>
      (
        (await (await get(`${s.urls[app]}/api/v3/history?eventType=3&apikey=${key}`)).json())
          .records as { data: Record<string, string> }[]
      ).map((r) => [r.data.droppedPath, r.data.importedPath]);
    expect(await pairs("sonarr", keys.SONARR_API_KEY)).toEqual([
      [
        "/data/torrents/tv/Sintel.S01/Sintel.S01E01.mkv",
        "/data/media/tv/Sintel/Season 01/Sintel - S01E01.mkv",
      ],
    ]);
    expect(await pairs("radarr", keys.RADARR_API_KEY)).toEqual([
      [
        "/data/torrents/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv",
        "/data/media/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv",
      ],
    ]);
    const sample = (await import("node:fs")).readFileSync(
      join(repo, "e2e", "cluster", "sample-nfs.sh"),
      "utf8",
    );
    for (const p of [
      "torrents/tv/Sintel.S01/Sintel.S01E01.mkv",
      "media/tv/Sintel/Season 01/Sintel - S01E01.mkv",
      "media/movies/Big Buck Bunny (2008)",
    ])
      expect(sample).toContain(p);
  });
});
