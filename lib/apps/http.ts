import type { Fetched } from "./types";

/**
 * The bounded HTTP request every app client goes through. An app is a stranger to the dashboard:
 * a broken or hostile one must cost at most `timeoutMs` and `maxBytes`, and its answer never
 * reaches a message (bodies can echo the key, e.g. Homepage errors quote the upstream URL).
 *  - `redirect: "manual"`: a 3xx is reported, never followed (no loops, no credential replay);
 *  - no Origin/Referer (qBittorrent's CSRF check passes requests without them, app-apis.md §2.2);
 *  - the body is streamed and the request aborted past `maxBytes`;
 *  - one deadline covers connect, headers and body.
 * Errors name the app and the reason only: never the URL's query, a header or the body.
 */

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface BoundedRequest {
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** "json": require a JSON content type; "text": any. */
  expect: "json" | "text";
}

export interface BoundedResponse {
  status: number;
  headers: Headers;
  /** Set-Cookie headers (login). */
  setCookies: string[];
  text: string;
}

const NETWORK =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ECONNRESET|UND_ERR_SOCKET|other side closed|fetch failed/i;

function causeText(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e, d = 0; cur && d < 4; d++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === "string") parts.push(c.code);
    else if (typeof c.message === "string") parts.push(c.message);
    cur = c.cause;
  }
  return parts.join(" ");
}

async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false }> {
  if (!body) return { ok: true, text: "" };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

const human = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** One request with the bounds above; `app` names the app in messages. Never throws. */
export async function boundedFetch(
  app: string,
  url: string,
  req: BoundedRequest,
): Promise<Fetched<BoundedResponse>> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: req.method ?? "GET",
      headers: {
        accept: req.expect === "json" ? "application/json" : "text/plain, */*",
        ...req.headers,
      },
      body: req.body,
      redirect: "manual",
      referrerPolicy: "no-referrer",
      signal: controller.signal,
      cache: "no-store",
    });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        code: "failed",
        error: `${app} answered a redirect (HTTP ${res.status}); not followed (wrong URL or a login page?)`,
      };
    }
    const type = res.headers.get("content-type") ?? "";
    if (req.expect === "json" && res.ok && !/\bjson\b/i.test(type)) {
      await res.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        code: "invalid",
        error: /html/i.test(type)
          ? `${app} answered HTML, not JSON (wrong URL or a login page?)`
          : `${app} answered ${type.split(";")[0] || "no content type"}, not JSON`,
      };
    }
    const body = await readCapped(res.body, maxBytes);
    if (!body.ok)
      return {
        ok: false,
        code: "invalid",
        error: `${app} answered more than ${human(maxBytes)}; stopped reading`,
      };
    return {
      ok: true,
      data: {
        status: res.status,
        headers: res.headers,
        setCookies: res.headers.getSetCookie(),
        text: body.text,
      },
    };
  } catch (e) {
    if (controller.signal.aborted)
      return {
        ok: false,
        code: "timeout",
        error: `${app} did not answer within ${timeoutMs / 1000} s`,
      };
    const cause = causeText(e);
    return {
      ok: false,
      code: "unreachable",
      error: `${app} unreachable${NETWORK.test(cause) ? ` (${cause.match(/E[A-Z_]+|UND_ERR_[A-Z_]+/)?.[0] ?? "connection failed"})` : ""}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Maps a non-2xx status to a failure (401 → unauthenticated naming `keyName`, …). */
export function statusFailure(
  app: string,
  status: number,
  keyName: string,
): { ok: false; code: "unauthenticated" | "forbidden" | "not-found" | "failed"; error: string } {
  if (status === 401)
    return { ok: false, code: "unauthenticated", error: `${app} rejected ${keyName} (HTTP 401)` };
  if (status === 403)
    return { ok: false, code: "forbidden", error: `${app} refused the request (HTTP 403)` };
  if (status === 404)
    return {
      ok: false,
      code: "not-found",
      error: `${app} has no such endpoint (HTTP 404): wrong URL or version?`,
    };
  return { ok: false, code: "failed", error: `${app} answered HTTP ${status}` };
}

/** Parses a JSON body with a zod-like schema; invalid → a clear, body-free failure. */
export function parseJson<T>(
  app: string,
  what: string,
  text: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): Fetched<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: "invalid", error: `${app} answered invalid JSON for ${what}` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      code: "invalid",
      error: `${app}'s ${what} does not have the expected shape (unsupported version?)`,
    };
  return { ok: true, data: parsed.data };
}
