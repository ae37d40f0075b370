import type { AppFailureReason } from "./types";

/**
 * qBittorrent's login answers across generations (WebAPI 2.8 → 2.15, app-apis.md §2.1–2.2):
 * success is `200 "Ok."` (≤ 5.1) or `204` / any 2xx with an empty body (5.2+); bad credentials
 * are `200 "Fails."` (≤ 5.1) or `401` (5.2+); `403` is the IP ban (5 failures → 1 h).
 */
export type LoginOutcome =
  | { ok: true }
  | {
      ok: false;
      code: "unauthenticated" | "forbidden" | "failed";
      reason?: AppFailureReason;
      error: string;
    };

/** RFC 6265 cookie-name token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const NOT_RETRYING = "login failed; not retrying (qBittorrent bans after 5 failures)";

/** Judges a login response by status and body text (never echoed back). */
export function interpretLogin(status: number, body: string): LoginOutcome {
  const text = body.trim();
  if (status === 403)
    return {
      ok: false,
      code: "forbidden",
      reason: "banned",
      error:
        "qBittorrent has banned this client's IP after too many failed logins (it lifts after WebUI\\BanDuration, 1 h by default)",
    };
  if (status === 401 || (status === 200 && text === "Fails."))
    return {
      ok: false,
      code: "unauthenticated",
      error: `QBITTORRENT_USERNAME / QBITTORRENT_PASSWORD rejected; ${NOT_RETRYING}`,
    };
  if (status >= 200 && status < 300 && (text === "" || text === "Ok.")) return { ok: true };
  return { ok: false, code: "failed", error: `login answered HTTP ${status}; ${NOT_RETRYING}` };
}

/**
 * The session cookie from Set-Cookie headers, whatever its name: `SID` (≤ 5.1),
 * `QBT_SID_<port>` (5.2+) or a custom `WebAPI\SessionCookieName` (5.1+). Prefers those names,
 * else the first cookie with a value.
 */
export function sessionCookie(
  setCookies: readonly string[],
): { name: string; value: string } | null {
  const parsed = setCookies
    .map((h) => h.split(";")[0]?.trim() ?? "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq > 0 ? { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() } : null;
    })
    .filter(
      (c): c is { name: string; value: string } =>
        c !== null && c.value !== "" && TOKEN.test(c.name) && !/[\s;,"\\]/.test(c.value),
    );
  return parsed.find((c) => c.name === "SID" || c.name.startsWith("QBT_SID_")) ?? parsed[0] ?? null;
}
