// Test helpers for the local apps that e2e/cluster/up.sh starts: drive the stand-ins' control API
// ($ARR_STANDINS_URL) and the real qBittorrent ($ARR_APP_URL_QBITTORRENT), and read the
// cluster's keys. Every helper throws with the answer's text when the control API refuses.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SECRET_KEYS } from "@/e2e/apps/contract";
import { generateKeys } from "@/e2e/apps/keys";
import { startStandins } from "@/e2e/apps/server";
import type { AppKeys, HostileMode, StandinApp, StandinStates } from "@/e2e/apps/contract";
import {
  qbtCategories,
  qbtLogin,
  qbtRemoveCategories,
  type QbtSession,
} from "@/e2e/apps/qbittorrent";

export type { AppKeys, HostileMode, StandinApp, StandinStates } from "@/e2e/apps/contract";
export {
  qbtCategories,
  qbtCreateCategory,
  qbtLogin,
  qbtPreferences,
  qbtRemoveCategories,
  qbtRestore,
  qbtSetCategory,
  qbtSetPreferences,
  type QbtSession,
} from "@/e2e/apps/qbittorrent";
export { QBT_DEFAULT_CATEGORIES, QBT_DEFAULT_SAVE_PATH } from "@/e2e/apps/keys";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: export the lines e2e/cluster/up.sh prints`);
  return v;
}

/** The stand-ins' control endpoint (`ARR_STANDINS_URL`), or the one given. */
export const standinsUrl = (base?: string) => base ?? env("ARR_STANDINS_URL");

async function control<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
  base?: string,
): Promise<T> {
  const res = await fetch(`${standinsUrl(base)}/control/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? {} : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(40_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`stand-ins control ${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Reads a stand-in's current state (a deep copy: change it and pass it to setStandinState). */
export const getStandinState = <A extends StandinApp>(app: A, base?: string) =>
  control<StandinStates[A]>(`${app}/state`, {}, base);

/** Replaces a stand-in's state (the control API checks the document's shape: 400 otherwise). */
export const setStandinState = <A extends StandinApp>(
  app: A,
  state: StandinStates[A],
  base?: string,
) => control<{ replaced: true }>(`${app}/state`, { body: state }, base);

/** Reads, changes with `edit` (in place or by returning a new state) and writes back a stand-in's state. */
export async function editStandinState<A extends StandinApp>(
  app: A,
  edit: (state: StandinStates[A]) => StandinStates[A] | void,
  base?: string,
): Promise<StandinStates[A]> {
  const state = await getStandinState(app, base);
  const next = edit(state) ?? state;
  await setStandinState(app, next, base);
  return next;
}

/** Stops a stand-in's listener (connections refused), or the real qBittorrent with "qbittorrent". */
export const standinDown = (app: StandinApp | "qbittorrent", base?: string) =>
  control<unknown>(`${app}/down`, { method: "POST" }, base);
/** Starts it again on the same port. */
export const standinUp = (app: StandinApp | "qbittorrent", base?: string) =>
  control<unknown>(`${app}/up`, { method: "POST" }, base);

/** Makes every answer of a stand-in hostile (`null` back to normal). */
export const standinHostile = (app: StandinApp, mode: HostileMode | null, base?: string) =>
  control<unknown>(`${app}/hostile`, { body: { mode } }, base);

/** Request counts per stand-in, then per "METHOD /path" (query left out). */
export const standinRequests = (base?: string) =>
  control<Partial<Record<StandinApp, Record<string, number>>>>("requests", {}, base);
/** Clears the request counts. */
export const clearStandinRequests = (base?: string) =>
  control<void>("requests", { method: "DELETE" }, base);

/**
 * Back to the "half wired" default: every stand-in up, not hostile, default state, counts cleared,
 * the Secret managed again, and the real qBittorrent started and restored to /downloads/ with the
 * default categories.
 */
export const resetStandins = (base?: string) =>
  control<{ reset: true; qbittorrent: string }>("reset", { method: "POST" }, base);

/**
 * Whether sim-infra keeps the Secret media/arr-api-keys (re-creates it when deleted). Tests of
 * "Secret missing" set false, then delete the Secret.
 */
export const setSecretManaged = (managed: boolean, base?: string) =>
  control<{ managed: boolean }>("secret", { body: { managed } }, base);

/** Base URLs of the stand-ins (and the real qBittorrent under "qbittorrent"). */
export const standinUrls = (base?: string) =>
  control<Record<StandinApp | "qbittorrent", string>>("urls", {}, base);

/** The cluster's keys: `.local/$ARR_CLUSTER/app-keys.json` (secrets: keep them out of logs). */
export function appKeys(cluster = env("ARR_CLUSTER")): AppKeys {
  return JSON.parse(
    readFileSync(join(process.cwd(), ".local", cluster, "app-keys.json"), "utf8"),
  ) as AppKeys;
}

/** Logs in to the real local qBittorrent (4.5.2) with the preset credentials. */
export function qbittorrentSession(keys = appKeys()): Promise<QbtSession> {
  return qbtLogin(
    env("ARR_APP_URL_QBITTORRENT"),
    keys.QBITTORRENT_USERNAME,
    keys.QBITTORRENT_PASSWORD,
  );
}

/** Jellyfin 12 (RC) behaviour: version 12.0.0 and legacy authorization off (only `MediaBrowser Token=` and `?ApiKey=`). */
export function jellyfin12(state: StandinStates["jellyfin"]): StandinStates["jellyfin"] {
  return {
    ...state,
    legacyAuthorization: false,
    publicInfo: { ...state.publicInfo, Version: "12.0.0" },
  };
}

/**
 * The stand-ins started in this process on loopback (no cluster: hostile-app tests, the
 * benchmark), with fresh keys, the dashboard's env pointing at them (qBittorrent: the recorded
 * 5.2 stand-in) and the Secret's keys as `readArrKeys` would return them (`over`: replace or, with
 * undefined, remove keys).
 */
export async function inProcessStandins(options: { stallMs?: number; nfsRoot?: string } = {}) {
  const keys = generateKeys();
  const standins = await startStandins({
    repo: resolve(import.meta.dirname, "../.."),
    keys,
    // Homepage's qbittorrent widget points here; nothing listens.
    qbittorrentUrl: "http://127.0.0.1:9",
    stallMs: options.stallMs,
    nfsRoot: options.nfsRoot,
  });
  const env: Record<string, string> = {
    ARR_APP_URL_SONARR: standins.urls.sonarr,
    ARR_APP_URL_RADARR: standins.urls.radarr,
    ARR_APP_URL_PROWLARR: standins.urls.prowlarr,
    ARR_APP_URL_JELLYFIN: standins.urls.jellyfin,
    ARR_APP_URL_QBITTORRENT: standins.urls.qbittorrent52,
    ARR_HOMEPAGE_URL: standins.urls.homepage,
    ARR_UPTIME_KUMA_URL: standins.urls["uptime-kuma"],
    ARR_UPTIME_KUMA_API_KEY: keys.UPTIME_KUMA_API_KEY,
  };
  const secret = (over: Partial<Record<string, string>> = {}) => {
    const m = new Map<string, string>(SECRET_KEYS.map((k) => [k, keys[k]]));
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) m.delete(k);
      else m.set(k, v);
    }
    return { ok: true as const, keys: m };
  };
  return { standins, keys, env, secret };
}

/**
 * Nothing wired (issue 16's starting point): the real qBittorrent without categories (reset left
 * it on /downloads/), Sonarr and Radarr without root folders, download clients, indexers or
 * hardlinks, Prowlarr without applications, Jellyfin without libraries (counts 0).
 */
export async function unwireApps(keys: AppKeys = appKeys(), base?: string): Promise<void> {
  const s = await qbittorrentSession(keys);
  await qbtRemoveCategories(s, Object.keys(await qbtCategories(s)));
  for (const app of ["sonarr", "radarr"] as const)
    await editStandinState(
      app,
      (st) => {
        st.rootFolders = [];
        st.downloadClients = [];
        st.indexers = [];
        st.mediaManagement = { ...st.mediaManagement, copyUsingHardlinks: false };
      },
      base,
    );
  await editStandinState("prowlarr", (st) => void (st.applications = []), base);
  await editStandinState(
    "jellyfin",
    (st) => {
      st.virtualFolders = [];
      st.counts = { ...st.counts, MovieCount: 0, SeriesCount: 0, EpisodeCount: 0, ItemCount: 0 };
    },
    base,
  );
}
