import "server-only";
import { createHash } from "node:crypto";
import { readArrKeys, type ArrKeys } from "@/lib/k8s/secrets";
import type { Stack } from "@/lib/stack/types";
import { appsConfig, SECRET_NAME, type AppsConfig, type AppTarget } from "./config";
import { parseKumaMetrics } from "./checks/uptime-kuma";
import { homepageServices, WIDGET_ENDPOINT } from "./checks/homepage";
import { boundedFetch, parseJson, statusFailure, type BoundedRequest } from "./http";
import { interpretLogin, NOT_RETRYING, sessionCookie } from "./qbittorrent-auth";
import {
  ArrIndexersSchema,
  ArrStatusSchema,
  DownloadClientsSchema,
  HealthListSchema,
  HistoryPageSchema,
  HomepageServicesSchema,
  ItemCountsSchema,
  JellyfinPublicInfoSchema,
  MediaManagementSchema,
  ProwlarrApplicationsSchema,
  ProwlarrIndexersSchema,
  QbitCategoriesSchema,
  QbitPreferencesSchema,
  QueuePageSchema,
  RemotePathMappingsSchema,
  RootFoldersSchema,
  VirtualFoldersSchema,
} from "./schemas";
import { ok, type Failure, type Result } from "@/lib/result";
import type {
  AppFailureReason,
  ApiApp,
  AppsEvidence,
  ArrEvidence,
  Fetched,
  HomepageEvidence,
  JellyfinEvidence,
  ProwlarrEvidence,
  QbitEvidence,
  UptimeKumaEvidence,
} from "./types";

/**
 * The apps' I/O: credentials from Secret media/arr-api-keys, one bounded request per app and
 * endpoint at a time (single-flight), answers cached for CACHE_MS, all apps in parallel.
 * qBittorrent: Bearer when QBITTORRENT_API_KEY is set, else one login whose failure is
 * remembered (never retried: 5 failures ban the IP for an hour) until the credentials change.
 */

/** How long an app's answer is reused (every tab, the checklist and /api/homepage share it). */
const CACHE_MS = 30_000;

interface Entry {
  at: number;
  value?: Fetched<unknown>;
  inflight?: Promise<Fetched<unknown>>;
}

interface QbitSession {
  /** sha256 of URL + credentials: a change allows one new login. */
  fingerprint: string;
  cookie?: { name: string; value: string };
  failure?: Failure<{ reason?: AppFailureReason }>;
  inflight?: Promise<Fetched<{ name: string; value: string }>>;
}

interface AppsState {
  cache: Map<string, Entry>;
  qbit?: QbitSession;
  keys?: { at: number; value?: ArrKeys; inflight?: Promise<ArrKeys> };
  /** Requests actually sent, per "app endpoint" (for tests and the benchmark). */
  sent: Map<string, number>;
}

const KEY = Symbol.for("arr-dashboard.apps");
function state(): AppsState {
  const g = globalThis as { [KEY]?: AppsState };
  g[KEY] ??= { cache: new Map(), sent: new Map() };
  return g[KEY];
}

/** Forgets every cached answer, the qBittorrent session and the keys (tests). */
export function resetAppsState(): void {
  const g = globalThis as { [KEY]?: AppsState };
  g[KEY] = { cache: new Map(), sent: new Map() };
}

/** How many requests were sent per "app endpoint" since the last reset (tests, benchmark). */
export function sentRequests(): ReadonlyMap<string, number> {
  return state().sent;
}

async function cached<T>(
  key: string,
  maxAgeMs: number,
  run: () => Promise<Fetched<T>>,
): Promise<Fetched<T>> {
  const s = state();
  let e = s.cache.get(key);
  if (!e) {
    e = { at: 0 };
    s.cache.set(key, e);
  }
  if (e.value && Date.now() - e.at < maxAgeMs) return e.value as Fetched<T>;
  if (!e.inflight) {
    const entry = e;
    entry.inflight = run().then((v) => {
      entry.value = v;
      entry.at = Date.now();
      entry.inflight = undefined;
      return v;
    });
  }
  return e.inflight as Promise<Fetched<T>>;
}

function count(key: string): void {
  const s = state().sent;
  s.set(key, (s.get(key) ?? 0) + 1);
}

/** The Secret's keys, cached like the answers (one read in flight). */
async function arrKeys(namespace: string, maxAgeMs: number): Promise<ArrKeys> {
  const s = state();
  s.keys ??= { at: 0 };
  const k = s.keys;
  if (k.value && Date.now() - k.at < maxAgeMs) return k.value;
  k.inflight ??= readArrKeys(namespace).then((v) => {
    k.value = v;
    k.at = Date.now();
    k.inflight = undefined;
    return v;
  });
  return k.inflight;
}

type Creds = Result<{ get(name: string): string | undefined }>;

function credsOf(keys: ArrKeys): Creds {
  if (!keys.ok) return keys;
  return ok({ get: (n: string) => keys.keys.get(n) });
}

function missing(name: string, creds: Creds): Failure<{ reason: "missing-credential" }> {
  return {
    ok: false,
    code: "not-found",
    reason: "missing-credential",
    error: creds.ok
      ? `${name} is not set in Secret media/${SECRET_NAME}`
      : `${name} unavailable: ${creds.error}`,
  };
}

function notConfigured(what: string): Failure<{ reason: "missing-credential" }> {
  return {
    ok: false,
    code: "not-found",
    reason: "missing-credential",
    error: `${what} is not set in the dashboard's configuration`,
  };
}

interface Ctx {
  maxAgeMs: number;
  creds: Creds;
}

// ---- Sonarr, Radarr, Prowlarr ----

async function arrGet<T>(
  t: AppTarget,
  ctx: Ctx,
  path: string,
  schema: Parameters<typeof parseJson<T>>[3],
): Promise<Fetched<T>> {
  const keyName = `${t.app.toUpperCase()}_API_KEY`;
  const key = ctx.creds.ok ? ctx.creds.get(keyName) : undefined;
  if (!key) return missing(keyName, ctx.creds);
  const fp = fingerprint(key);
  return cached(`${t.app} ${path} ${t.baseUrl} ${fp}`, ctx.maxAgeMs, async () => {
    count(`${t.app} ${path.split("?")[0]}`);
    const r = await boundedFetch(t.displayName, `${t.baseUrl}${path}`, {
      expect: "json",
      headers: { "x-api-key": key },
    });
    if (!r.ok) return r;
    if (r.data.status < 200 || r.data.status >= 300)
      return statusFailure(t.displayName, r.data.status, keyName);
    return parseJson(t.displayName, path.split("?")[0] ?? path, r.data.text, schema);
  });
}

function unreachableTarget(app: string): { ok: false; code: "not-found"; error: string } {
  return { ok: false, code: "not-found", error: `${app} is not in the stack's manifests` };
}

/** Awaits a record of promises in parallel, keeping the keys. */
async function allKeyed<T extends Record<string, Promise<unknown>>>(
  o: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(Object.entries(o).map(async ([k, p]) => [k, await p] as const));
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}

async function arrEvidence(t: AppTarget | undefined, ctx: Ctx): Promise<ArrEvidence> {
  const get = <T>(path: string, schema: Parameters<typeof parseJson<T>>[3]) =>
    t ? arrGet(t, ctx, `/api/v3${path}`, schema) : Promise.resolve(unreachableTarget("the app"));
  return allKeyed({
    status: get("/system/status", ArrStatusSchema),
    rootFolders: get("/rootfolder", RootFoldersSchema),
    downloadClients: get("/downloadclient", DownloadClientsSchema),
    indexers: get("/indexer", ArrIndexersSchema),
    health: get("/health", HealthListSchema),
    remotePathMappings: get("/remotepathmapping", RemotePathMappingsSchema),
    mediaManagement: get("/config/mediamanagement", MediaManagementSchema),
    queue: get("/queue?page=1&pageSize=20&sortKey=timeleft", QueuePageSchema),
  });
}

async function prowlarrEvidence(t: AppTarget | undefined, ctx: Ctx): Promise<ProwlarrEvidence> {
  if (!t) {
    const no = unreachableTarget("Prowlarr");
    return { status: no, indexers: no, applications: no, health: no };
  }
  const [status, indexers, applications, health] = await Promise.all([
    arrGet(t, ctx, "/api/v1/system/status", ArrStatusSchema),
    arrGet(t, ctx, "/api/v1/indexer", ProwlarrIndexersSchema),
    arrGet(t, ctx, "/api/v1/applications", ProwlarrApplicationsSchema),
    arrGet(t, ctx, "/api/v1/health", HealthListSchema),
  ]);
  return { status, indexers, applications, health };
}

async function historyOf(t: AppTarget | undefined, ctx: Ctx) {
  if (!t) return unreachableTarget("the app");
  const r = await arrGet(t, ctx, "/api/v3/history?eventType=3&pageSize=50", HistoryPageSchema);
  return r.ok ? { ok: true as const, data: r.data.records } : r;
}

// ---- qBittorrent ----

const fingerprint = (...parts: string[]) =>
  createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 16);

type QbitAuth =
  { ok: true; headers: Record<string, string> } | Exclude<Fetched<never>, { ok: true }>;

async function qbitLogin(
  t: AppTarget,
  user: string,
  pass: string,
): Promise<Fetched<{ name: string; value: string }>> {
  count("qbittorrent /api/v2/auth/login");
  const r = await boundedFetch(t.displayName, `${t.baseUrl}/api/v2/auth/login`, {
    method: "POST",
    expect: "text",
    maxBytes: 4096,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: user, password: pass }).toString(),
  });
  if (!r.ok) return r;
  const outcome = interpretLogin(r.data.status, r.data.text);
  if (!outcome.ok) return outcome;
  const cookie = sessionCookie(r.data.setCookies);
  if (!cookie)
    return {
      ok: false,
      code: "failed",
      error: `qBittorrent login set no session cookie; ${NOT_RETRYING}`,
    };
  return { ok: true, data: cookie };
}

async function qbitAuth(t: AppTarget, ctx: Ctx, renew = false): Promise<QbitAuth> {
  const apiKey = ctx.creds.ok ? ctx.creds.get("QBITTORRENT_API_KEY") : undefined;
  if (apiKey) return { ok: true, headers: { authorization: `Bearer ${apiKey}` } };
  const user = ctx.creds.ok ? ctx.creds.get("QBITTORRENT_USERNAME") : undefined;
  const pass = ctx.creds.ok ? ctx.creds.get("QBITTORRENT_PASSWORD") : undefined;
  if (!user) return missing("QBITTORRENT_USERNAME (or QBITTORRENT_API_KEY)", ctx.creds);
  if (!pass) return missing("QBITTORRENT_PASSWORD", ctx.creds);
  const s = state();
  const fp = fingerprint(t.baseUrl, user, pass);
  if (s.qbit?.fingerprint !== fp) s.qbit = { fingerprint: fp };
  const q = s.qbit;
  if (q.failure) return q.failure;
  if (renew) q.cookie = undefined;
  if (!q.cookie) {
    q.inflight ??= qbitLogin(t, user, pass).then((r) => {
      q.inflight = undefined;
      if (r.ok) q.cookie = r.data;
      else if (r.code === "unauthenticated" || r.code === "forbidden" || r.code === "failed")
        q.failure = r;
      return r;
    });
    const r = await q.inflight;
    if (!r.ok) return r;
  }
  const c = q.cookie;
  if (!c) return { ok: false, code: "failed", error: "qBittorrent session lost" };
  return { ok: true, headers: { cookie: `${c.name}=${c.value}` } };
}

async function qbitGet<T>(
  t: AppTarget,
  ctx: Ctx,
  path: string,
  parse: (text: string) => Fetched<T>,
  expect: BoundedRequest["expect"],
): Promise<Fetched<T>> {
  return cached(`qbittorrent ${path} ${t.baseUrl}`, ctx.maxAgeMs, async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const auth = await qbitAuth(t, ctx, attempt > 0);
      if (!auth.ok) return auth;
      count(`qbittorrent ${path}`);
      const r = await boundedFetch(t.displayName, `${t.baseUrl}${path}`, {
        expect,
        headers: auth.headers,
      });
      if (!r.ok) return r;
      // A 403 on a data call is an expired session: log in again, once (app-apis.md §2.6).
      if (r.data.status === 403 && attempt === 0 && !auth.headers.authorization) continue;
      if (r.data.status < 200 || r.data.status >= 300)
        return statusFailure(
          t.displayName,
          r.data.status,
          auth.headers.authorization ? "QBITTORRENT_API_KEY" : "the qBittorrent session",
        );
      return parse(r.data.text);
    }
    return {
      ok: false,
      code: "forbidden",
      error: "qBittorrent refused the new session (HTTP 403)",
    };
  });
}

async function qbitEvidence(t: AppTarget | undefined, ctx: Ctx): Promise<QbitEvidence> {
  if (!t) {
    const no = unreachableTarget("qBittorrent");
    return { version: no, preferences: no, categories: no };
  }
  const [version, preferences, categories] = await Promise.all([
    qbitGet(
      t,
      ctx,
      "/api/v2/app/version",
      (text): Fetched<string> => {
        const v = text.trim();
        return /^v?\d+(\.\d+)*[\w.-]*$/.test(v) && v.length < 40
          ? { ok: true, data: v }
          : {
              ok: false,
              code: "invalid",
              error: "qBittorrent answered an unexpected version string",
            };
      },
      "text",
    ),
    qbitGet(
      t,
      ctx,
      "/api/v2/app/preferences",
      (x) => parseJson("qBittorrent", "preferences", x, QbitPreferencesSchema),
      "json",
    ),
    qbitGet(
      t,
      ctx,
      "/api/v2/torrents/categories",
      (x) => parseJson("qBittorrent", "categories", x, QbitCategoriesSchema),
      "json",
    ),
  ]);
  return { version, preferences, categories };
}

// ---- Jellyfin ----

async function jellyfinGet<T>(
  t: AppTarget,
  ctx: Ctx,
  path: string,
  schema: Parameters<typeof parseJson<T>>[3],
  anonymous = false,
): Promise<Fetched<T>> {
  const key = ctx.creds.ok ? ctx.creds.get("JELLYFIN_API_KEY") : undefined;
  if (!anonymous && !key) return missing("JELLYFIN_API_KEY", ctx.creds);
  return cached(
    `jellyfin ${path} ${t.baseUrl} ${anonymous ? "" : fingerprint(key ?? "")}`,
    ctx.maxAgeMs,
    async () => {
      count(`jellyfin ${path}`);
      // Only `MediaBrowser Token=`: 12.0 turns the legacy headers and ?api_key= off (app-apis.md §3).
      const r = await boundedFetch(t.displayName, `${t.baseUrl}${path}`, {
        expect: "json",
        headers: anonymous || !key ? {} : { authorization: `MediaBrowser Token="${key}"` },
      });
      if (!r.ok) return r;
      if (r.data.status < 200 || r.data.status >= 300)
        return statusFailure(t.displayName, r.data.status, "JELLYFIN_API_KEY");
      return parseJson(t.displayName, path, r.data.text, schema);
    },
  );
}

async function jellyfinEvidence(t: AppTarget | undefined, ctx: Ctx): Promise<JellyfinEvidence> {
  if (!t) {
    const no = unreachableTarget("Jellyfin");
    return { info: no, folders: no, counts: no };
  }
  const [info, folders, counts] = await Promise.all([
    jellyfinGet(t, ctx, "/System/Info/Public", JellyfinPublicInfoSchema, true),
    jellyfinGet(t, ctx, "/Library/VirtualFolders", VirtualFoldersSchema),
    jellyfinGet(t, ctx, "/Items/Counts", ItemCountsSchema),
  ]);
  return { info, folders, counts };
}

// ---- Homepage and Uptime Kuma (the dashboard's own configuration) ----

async function homepageEvidence(
  cfg: AppsConfig,
  maxAgeMs: number,
  widgetTypes: readonly string[],
): Promise<HomepageEvidence> {
  const base = cfg.homepageUrl;
  if (!base) return { services: notConfigured("ARR_HOMEPAGE_URL"), widgets: [] };
  const services = await cached(`homepage /api/services ${base}`, maxAgeMs, async () => {
    count("homepage /api/services");
    const r = await boundedFetch("Homepage", `${base}/api/services`, { expect: "json" });
    if (!r.ok) return r;
    if (r.data.status === 400)
      return {
        ok: false as const,
        code: "forbidden" as const,
        error:
          "Homepage answered 400 (Host validation: add the dashboard's Host to HOMEPAGE_ALLOWED_HOSTS)",
      };
    if (r.data.status < 200 || r.data.status >= 300)
      return statusFailure("Homepage", r.data.status, "");
    return parseJson("Homepage", "/api/services", r.data.text, HomepageServicesSchema);
  });
  if (!services.ok) return { services, widgets: [] };
  const targets = homepageServices(services.data).flatMap((s) =>
    s.types
      .filter((type) => widgetTypes.includes(type) && WIDGET_ENDPOINT[type])
      .map((type) => ({ group: s.group, service: s.service, type })),
  );
  const widgets = await Promise.all(
    targets.map(async (w) => {
      const q = new URLSearchParams({
        group: w.group,
        service: w.service,
        index: "0",
        endpoint: WIDGET_ENDPOINT[w.type] ?? "",
      });
      const result = await cached(
        `homepage proxy ${q.toString()} ${base}`,
        maxAgeMs,
        async (): Promise<Fetched<true>> => {
          count("homepage /api/services/proxy");
          const r = await boundedFetch("Homepage", `${base}/api/services/proxy?${q.toString()}`, {
            expect: "json",
          });
          if (!r.ok) return r;
          if (r.data.status < 200 || r.data.status >= 300)
            return {
              ok: false,
              code: "failed",
              error: `the widget proxy answered HTTP ${r.data.status}`,
            };
          try {
            JSON.parse(r.data.text);
          } catch {
            return { ok: false, code: "invalid", error: "the widget proxy answered invalid JSON" };
          }
          return { ok: true, data: true };
        },
      );
      return { ...w, result };
    }),
  );
  return { services, widgets };
}

async function uptimeKumaEvidence(
  cfg: AppsConfig,
  maxAgeMs: number,
  key: string | undefined,
): Promise<UptimeKumaEvidence> {
  const base = cfg.uptimeKumaUrl;
  if (!base) return { monitors: notConfigured("ARR_UPTIME_KUMA_URL") };
  if (!key) return { monitors: notConfigured("ARR_UPTIME_KUMA_API_KEY") };
  const monitors = await cached(
    `uptime-kuma /metrics ${base} ${fingerprint(key)}`,
    maxAgeMs,
    async () => {
      count("uptime-kuma /metrics");
      // The API key is the Basic-auth password, any username (app-apis.md §5).
      const r = await boundedFetch("Uptime Kuma", `${base}/metrics`, {
        expect: "text",
        headers: { authorization: `Basic ${Buffer.from(`:${key}`).toString("base64")}` },
      });
      if (!r.ok) return r;
      if (r.data.status < 200 || r.data.status >= 300)
        return statusFailure("Uptime Kuma", r.data.status, "ARR_UPTIME_KUMA_API_KEY");
      if (/html/i.test(r.data.headers.get("content-type") ?? ""))
        return {
          ok: false as const,
          code: "invalid" as const,
          error: "Uptime Kuma answered HTML, not metrics (wrong URL or a login page?)",
        };
      return { ok: true as const, data: parseKumaMetrics(r.data.text) };
    },
  );
  return { monitors };
}

// ---- all together ----

export interface GatherOptions {
  /** Reuse answers younger than this (default CACHE_MS; 0 = ask again). */
  maxAgeMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** The Secret's keys as given (tests that run without the API server); default: read it. */
  keys?: ArrKeys;
}

/** Every app's answers, in parallel; never throws (every failure is in the evidence). */
export async function gatherAppsEvidence(
  stack: Stack,
  options: GatherOptions = {},
): Promise<AppsEvidence & { config: AppsConfig }> {
  const maxAgeMs = options.maxAgeMs ?? CACHE_MS;
  const env = options.env ?? process.env;
  const cfg = appsConfig(stack, env);
  const creds = credsOf(options.keys ?? (await arrKeys(stack.namespace, maxAgeMs)));
  const ctx: Ctx = { maxAgeMs, creds };
  const tg = cfg.targets;
  const widgetTypes = stack.apps.flatMap((a) => (a.homepageWidget ? [a.homepageWidget] : []));
  const [sonarr, radarr, prowlarr, qbittorrent, jellyfin, homepage, uptimeKuma, hs, hr] =
    await Promise.all([
      arrEvidence(tg.sonarr, ctx),
      arrEvidence(tg.radarr, ctx),
      prowlarrEvidence(tg.prowlarr, ctx),
      qbitEvidence(tg.qbittorrent, ctx),
      jellyfinEvidence(tg.jellyfin, ctx),
      homepageEvidence(cfg, maxAgeMs, widgetTypes),
      uptimeKumaEvidence(cfg, maxAgeMs, env.ARR_UPTIME_KUMA_API_KEY),
      historyOf(tg.sonarr, ctx),
      historyOf(tg.radarr, ctx),
    ]);
  const services: AppsEvidence["services"] = {};
  for (const [app, t] of Object.entries(tg) as [ApiApp, AppTarget][]) services[app] = t.service;
  return {
    config: cfg,
    services,
    hostnames: stack.apps.flatMap((a) => (a.host ? [a.host] : [])),
    sonarr,
    radarr,
    prowlarr,
    qbittorrent,
    jellyfin,
    homepage,
    uptimeKuma,
    history: { sonarr: hs, radarr: hr },
  };
}

/**
 * The apps' answers if they arrive within `waitMs` (the cached ones at once), else null: pages
 * that only decorate (the overview's flags) must not wait out a stalled app. The gathering goes
 * on in the background and fills the cache for the next render.
 */
export async function appsEvidenceWithin(
  stack: Stack,
  waitMs: number,
): Promise<(AppsEvidence & { config: AppsConfig }) | null> {
  const pending = gatherAppsEvidence(stack);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((r) => {
    timer = setTimeout(() => r(null), waitMs);
  });
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- calls for the wiring (lib/wiring/server.ts): reads it needs beyond the evidence, and writes ----

/** One call the wiring sends: JSON for the *arrs and Jellyfin, a form for qBittorrent. */
export interface AppCall {
  app: ApiApp;
  method: "GET" | "POST" | "PUT";
  /** Path with query, e.g. "/api/v3/rootfolder", "/Library/VirtualFolders?name=Shows". */
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

/** Every credential value the Secret holds (to scrub them from any text that reaches a person). */
async function secretValues(namespace: string, keys?: ArrKeys): Promise<string[]> {
  const k = keys ?? (await arrKeys(namespace, CACHE_MS));
  return k.ok ? [...k.keys.values()].filter((v) => v.length >= 4) : [];
}

/** Replaces every credential value in `text` with `[redacted]`. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const v of secrets) out = out.split(v).join("[redacted]");
  return out;
}

/**
 * An app's refusal as one line a person can act on: the *arr validation list
 * (`[{propertyName, errorMessage}]`) or the first line of a text body, credentials scrubbed,
 * at most 300 characters.
 */
function refusalText(text: string, secrets: readonly string[]): string {
  let msg: string;
  try {
    const v: unknown = JSON.parse(text);
    const list = Array.isArray(v) ? v : [v];
    msg = list
      .map((x) => {
        const o = (x ?? {}) as {
          propertyName?: unknown;
          errorMessage?: unknown;
          message?: unknown;
        };
        const m =
          typeof o.errorMessage === "string"
            ? o.errorMessage
            : typeof o.message === "string"
              ? o.message
              : "";
        return m && typeof o.propertyName === "string" && o.propertyName
          ? `${o.propertyName}: ${m}`
          : m;
      })
      .filter(Boolean)
      .join("; ");
  } catch {
    msg = text.split("\n")[0]?.trim() ?? "";
  }
  return scrub(msg, secrets)
    .replace(/\p{Cc}/gu, " ")
    .slice(0, 300);
}

/**
 * Sends one call to an app with the dashboard's credentials (X-Api-Key for the *arrs, the
 * MediaBrowser header for Jellyfin, the qBittorrent session or API key), bounded like the reads,
 * never cached. `resolveSecret(name)` fills `"<secret:NAME>"` placeholders in the JSON body or
 * form from the Secret (the plan itself never holds a value). qBittorrent: one login, remembered
 * when it fails (never retried: 5 failures ban the IP); a 403 on the call itself renews the
 * session once. Answers the status and body text; a non-2xx is a failure whose message is the
 * app's own validation text with every credential removed.
 * @see /work/shared/reference/app-apis.md §1.1, §2.2, §2.6, §3
 */
export async function callApp(
  stack: Stack,
  call: AppCall,
  options: GatherOptions = {},
): Promise<Fetched<{ status: number; text: string }>> {
  const env = options.env ?? process.env;
  const cfg = appsConfig(stack, env);
  const t = cfg.targets[call.app];
  if (!t) return unreachableTarget(call.app);
  const keys = options.keys ?? (await arrKeys(stack.namespace, CACHE_MS));
  const creds = credsOf(keys);
  const secrets = await secretValues(stack.namespace, keys);
  const ctx: Ctx = { maxAgeMs: 0, creds };
  const fill = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = /^<secret:([A-Z_]+)>$/.exec(v);
      return m && creds.ok ? (creds.get(m[1]!) ?? v) : v;
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const body =
    call.json !== undefined
      ? JSON.stringify(fill(call.json))
      : call.form
        ? new URLSearchParams(fill(call.form) as Record<string, string>).toString()
        : undefined;
  const contentType: Record<string, string> =
    call.json !== undefined
      ? { "content-type": "application/json" }
      : call.form
        ? { "content-type": "application/x-www-form-urlencoded" }
        : {};
  const what = call.path.split("?")[0] ?? call.path;
  const answer = (status: number, text: string): Fetched<{ status: number; text: string }> =>
    status >= 200 && status < 300
      ? { ok: true, data: { status, text } }
      : status === 400 || status === 409 || status === 422
        ? {
            ok: false,
            code: "invalid",
            error: `${t.displayName} refused ${call.method} ${what} (HTTP ${status})${refusalText(text, secrets) ? `: ${refusalText(text, secrets)}` : ""}`,
          }
        : statusFailure(
            t.displayName,
            status,
            call.app === "qbittorrent"
              ? "the qBittorrent session"
              : `${call.app.toUpperCase()}_API_KEY`,
          );

  if (call.app === "qbittorrent") {
    for (let attempt = 0; attempt < 2; attempt++) {
      const auth = await qbitAuth(t, ctx, attempt > 0);
      if (!auth.ok) return auth;
      count(`qbittorrent ${call.method} ${what}`);
      const r = await boundedFetch(t.displayName, `${t.baseUrl}${call.path}`, {
        method: call.method,
        expect: "text",
        headers: { ...auth.headers, ...contentType },
        body,
      });
      if (!r.ok) return r;
      if (r.data.status === 403 && attempt === 0 && !auth.headers.authorization) continue;
      return answer(r.data.status, r.data.text);
    }
    return {
      ok: false,
      code: "forbidden",
      error: "qBittorrent refused the new session (HTTP 403)",
    };
  }
  const keyName =
    call.app === "jellyfin" ? "JELLYFIN_API_KEY" : `${call.app.toUpperCase()}_API_KEY`;
  const key = creds.ok ? creds.get(keyName) : undefined;
  if (!key) return missing(keyName, creds);
  const auth: Record<string, string> =
    call.app === "jellyfin"
      ? { authorization: `MediaBrowser Token="${key}"` }
      : { "x-api-key": key };
  count(`${call.app} ${call.method} ${what}`);
  const r = await boundedFetch(t.displayName, `${t.baseUrl}${call.path}`, {
    method: call.method,
    expect: "text",
    headers: { accept: "application/json", ...auth, ...contentType },
    body,
  });
  if (!r.ok) return r;
  return answer(r.data.status, r.data.text);
}

/**
 * The Secret's keys read now (not the 30 s cache): the wiring reads them once per plan or run,
 * so a Secret created a moment ago (right after a deploy) is seen. Never throws.
 */
export function freshKeys(stack: Stack): Promise<ArrKeys> {
  return arrKeys(stack.namespace, 0);
}

/** `callApp` for a GET whose JSON answer is parsed with `schema`. */
export async function readApp<T>(
  stack: Stack,
  app: ApiApp,
  path: string,
  schema: Parameters<typeof parseJson<T>>[3],
  options: GatherOptions = {},
): Promise<Fetched<T>> {
  const r = await callApp(stack, { app, method: "GET", path }, options);
  if (!r.ok) return r;
  return parseJson(app, path.split("?")[0] ?? path, r.data.text, schema);
}
