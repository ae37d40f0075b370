// The local apps that e2e/cluster/up.sh starts answer as the real ones do: the real qBittorrent
// logs in with the preset password and reports LinuxServer's /downloads; each stand-in rejects a
// wrong key with 401 and accepts the right one; sim-infra keeps the Secret media/arr-api-keys
// (and leaves it deleted while the control API holds it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appKeys,
  qbtCategories,
  qbtPreferences,
  qbittorrentSession,
  resetStandins,
  setSecretManaged,
  type AppKeys,
} from "@/e2e/support/apps";
import { core, deleteNamespace, statusOf, waitFor } from "@/e2e/support/kube";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: export the lines e2e/cluster/up.sh prints`);
  return v;
}
const get = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });

let keys: AppKeys;
beforeAll(async () => {
  keys = appKeys();
  await resetStandins();
});
afterAll(async () => {
  await resetStandins();
});

describe("the real qBittorrent (Debian's qbittorrent-nox)", () => {
  it("logs in with the preset password and runs half wired: default save path /downloads", async () => {
    const s = await qbittorrentSession(keys);
    expect(s.cookie).toMatch(/^SID=/);
    const version = await get(`${s.baseUrl}/api/v2/app/version`, { headers: { cookie: s.cookie } });
    expect(await version.text()).toMatch(/^v\d+\.\d+/);
    const prefs = await qbtPreferences(s);
    expect(prefs.save_path).toBe("/downloads");
    expect({ dht: prefs.dht, lsd: prefs.lsd, pex: prefs.pex, upnp: prefs.upnp }).toEqual({
      dht: false,
      lsd: false,
      pex: false,
      upnp: false,
    });
    expect(prefs.web_ui_address).toBe("127.0.0.1");
    expect(await qbtCategories(s)).toEqual({
      "tv-sonarr": { name: "tv-sonarr", savePath: "/data/torrents/tv" },
      radarr: { name: "radarr", savePath: "" },
    });
  });

  it("answers a wrong password with 200 Fails. (4.5.2) and data calls without a session with 403", async () => {
    const base = env("ARR_APP_URL_QBITTORRENT");
    const res = await get(`${base}/api/v2/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: keys.QBITTORRENT_USERNAME, password: "wrong" }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("Fails.");
    expect((await get(`${base}/api/v2/app/preferences`)).status).toBe(403);
    await qbittorrentSession(keys); // a good login clears the failure count
  });
});

describe("the stand-ins reject a wrong key with 401 and accept the right one", () => {
  const wrong = "0123456789abcdef0123456789abcdef";
  const cases = (): [string, string, (key: string) => RequestInit, string][] => [
    [
      "sonarr",
      `${env("ARR_APP_URL_SONARR")}/api/v3/system/status`,
      (k) => ({ headers: { "X-Api-Key": k } }),
      keys.SONARR_API_KEY,
    ],
    [
      "radarr",
      `${env("ARR_APP_URL_RADARR")}/api/v3/system/status`,
      (k) => ({ headers: { "X-Api-Key": k } }),
      keys.RADARR_API_KEY,
    ],
    [
      "prowlarr",
      `${env("ARR_APP_URL_PROWLARR")}/api/v1/system/status`,
      (k) => ({ headers: { "X-Api-Key": k } }),
      keys.PROWLARR_API_KEY,
    ],
    [
      "jellyfin",
      `${env("ARR_APP_URL_JELLYFIN")}/Library/VirtualFolders`,
      (k) => ({ headers: { Authorization: `MediaBrowser Token="${k}"` } }),
      keys.JELLYFIN_API_KEY,
    ],
    [
      "uptime-kuma",
      `${env("ARR_UPTIME_KUMA_URL")}/metrics`,
      (k) => ({ headers: { Authorization: `Basic ${Buffer.from(`:${k}`).toString("base64")}` } }),
      env("ARR_UPTIME_KUMA_API_KEY"),
    ],
  ];
  it("each app", async () => {
    for (const [app, url, auth, key] of cases()) {
      expect((await get(url, auth(wrong))).status, app).toBe(401);
      expect((await get(url)).status, app).toBe(401);
      expect((await get(url, auth(key))).status, app).toBe(200);
    }
  });

  it("Homepage lists every app and the qbittorrent widget fails while the others answer", async () => {
    const base = env("ARR_HOMEPAGE_URL");
    const groups = (await (await get(`${base}/api/services`)).json()) as {
      name: string;
      services: { name: string; widgets: { type: string }[] }[];
    }[];
    const types = groups
      .flatMap((g) => g.services.flatMap((s) => s.widgets.map((w) => w.type)))
      .sort();
    expect(types).toEqual(["jellyfin", "prowlarr", "qbittorrent", "radarr", "sonarr"]);
    const proxy = (group: string, service: string, endpoint: string) =>
      get(`${base}/api/services/proxy?${new URLSearchParams({ group, service, endpoint })}`);
    expect((await proxy("Media", "Sonarr", "queue")).status).toBe(200);
    expect((await proxy("Downloads", "qBittorrent", "torrents")).status).not.toBe(200);
  });
});

describe("the Secret media/arr-api-keys", () => {
  let createdNamespace = false;
  beforeAll(async () => {
    try {
      await core.readNamespace({ name: "media" });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      await core.createNamespace({ body: { metadata: { name: "media" } } });
      createdNamespace = true;
    }
  });
  afterAll(async () => {
    await setSecretManaged(true);
    if (createdNamespace) await deleteNamespace("media");
  });

  const secret = () => core.readNamespacedSecret({ namespace: "media", name: "arr-api-keys" });

  it("holds the cluster's keys, is re-created when deleted, and stays deleted while held", async () => {
    const s = await waitFor("Secret arr-api-keys", secret, 30_000);
    const data = Object.fromEntries(
      Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
    );
    expect(Object.keys(data).sort()).toEqual([
      "JELLYFIN_API_KEY",
      "PROWLARR_API_KEY",
      "QBITTORRENT_PASSWORD",
      "QBITTORRENT_USERNAME",
      "RADARR_API_KEY",
      "SONARR_API_KEY",
    ]);
    expect(data.SONARR_API_KEY).toBe(keys.SONARR_API_KEY);
    expect(data.QBITTORRENT_PASSWORD).toBe(keys.QBITTORRENT_PASSWORD);

    await core.deleteNamespacedSecret({ namespace: "media", name: "arr-api-keys" });
    await waitFor("Secret re-created", secret, 30_000);

    await setSecretManaged(false);
    await core.deleteNamespacedSecret({ namespace: "media", name: "arr-api-keys" });
    await new Promise((r) => setTimeout(r, 3000));
    await expect(secret()).rejects.toSatisfy((err: unknown) => statusOf(err) === 404);

    await setSecretManaged(true);
    await waitFor("Secret re-created after the hold", secret, 30_000);
  });
});
