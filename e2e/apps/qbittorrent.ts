// A minimal qBittorrent WebUI API v2 client for tests and the stand-ins' reset: log in and change
// preferences/categories of the real local qBittorrent (4.5.2) or the 5.2 stand-in. Accepts both
// generations: login 200 "Ok." or 204 (WebAPI 2.11.8+), bad credentials 200 "Fails." or 401
// (2.14.0+), cookie SID or QBT_SID_<port> (5.2) (shared/reference/app-apis.md §2.1, §2.6).
// Not the dashboard's client (that one lives in lib/apps); this one may throw.

export type QbtSession = { baseUrl: string; cookie: string };

/** Logs in; returns the session cookie (`name=value`). Throws on bad credentials or a ban. */
export async function qbtLogin(
  baseUrl: string,
  username: string,
  password: string,
): Promise<QbtSession> {
  const res = await fetch(`${baseUrl}/api/v2/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password }),
    signal: AbortSignal.timeout(5000),
  });
  const body = await res.text();
  const ok = (res.status === 200 && body === "Ok.") || res.status === 204;
  if (!ok) throw new Error(`qBittorrent login failed: HTTP ${res.status} ${body.slice(0, 80)}`);
  const cookie = (res.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(";")[0]!)
    .find((c) => /^(SID|QBT_SID_\d+)=/.test(c));
  if (!cookie) throw new Error("qBittorrent login answered success without a session cookie");
  return { baseUrl, cookie };
}

async function call(s: QbtSession, path: string, form?: Record<string, string>): Promise<Response> {
  const res = await fetch(`${s.baseUrl}/api/v2/${path}`, {
    method: form ? "POST" : "GET",
    headers: {
      cookie: s.cookie,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok)
    throw new Error(`qBittorrent ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 80)}`);
  return res;
}

/** `app/setPreferences` with `json=` (e.g. `{save_path: "/data/torrents/"}`). */
export async function qbtSetPreferences(
  s: QbtSession,
  prefs: Record<string, unknown>,
): Promise<void> {
  await call(s, "app/setPreferences", { json: JSON.stringify(prefs) });
}

/** `app/preferences` (the whole body: it holds secrets; tests only). */
export async function qbtPreferences(s: QbtSession): Promise<Record<string, unknown>> {
  return (await (await call(s, "app/preferences")).json()) as Record<string, unknown>;
}

/** `torrents/categories`: name → {name, savePath}. */
export async function qbtCategories(
  s: QbtSession,
): Promise<Record<string, { name: string; savePath: string }>> {
  return (await (await call(s, "torrents/categories")).json()) as Record<
    string,
    { name: string; savePath: string }
  >;
}

/** Creates a category, or changes its save path when it exists (`createCategory` / `editCategory`). */
export async function qbtSetCategory(
  s: QbtSession,
  category: string,
  savePath: string,
): Promise<void> {
  const existing = await qbtCategories(s);
  await call(s, existing[category] ? "torrents/editCategory" : "torrents/createCategory", {
    category,
    savePath,
  });
}

/** `torrents/createCategory` (fails with 409 when it exists). */
export async function qbtCreateCategory(
  s: QbtSession,
  category: string,
  savePath: string,
): Promise<void> {
  await call(s, "torrents/createCategory", { category, savePath });
}

/** Removes categories (`torrents/removeCategories`, names separated by newlines). */
export async function qbtRemoveCategories(s: QbtSession, names: string[]): Promise<void> {
  if (names.length) await call(s, "torrents/removeCategories", { categories: names.join("\n") });
}

/** Puts a qBittorrent back to the given default save path and exactly the given categories. */
export async function qbtRestore(
  s: QbtSession,
  savePath: string,
  categories: Record<string, string>,
): Promise<void> {
  await qbtSetPreferences(s, { save_path: savePath, temp_path_enabled: false });
  const existing = await qbtCategories(s);
  await qbtRemoveCategories(
    s,
    Object.keys(existing).filter((n) => !(n in categories)),
  );
  for (const [name, path] of Object.entries(categories)) {
    if (existing[name]?.savePath === path) continue;
    await call(s, existing[name] ? "torrents/editCategory" : "torrents/createCategory", {
      category: name,
      savePath: path,
    });
  }
}
